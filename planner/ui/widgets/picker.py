"""Pick a contact by typing a few letters of the name or company, or create one on the spot."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Key
from textual.fuzzy import Matcher
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from planner.domain.model import Contact
from planner.ui.render import contact_line

NEW = "new"
#: Above this many contacts, matching is by words in the name or company (fast at any size);
#: below it, letters in order anywhere also match ("amr" finds "Ana Müller").
FUZZY_LIMIT = 3000
SHOWN = 6


def find_contacts(contacts: Iterable[Contact], query: str, limit: int = SHOWN) -> list[Contact]:
    """The best matches for `query`: names starting with it first, then containing it, then
    (for small networks) fuzzy matches."""
    words = query.casefold().split()
    pool = [contact for contact in contacts if not contact.archived]
    if not words:
        return []
    starts: list[Contact] = []
    contains: list[Contact] = []
    for contact in pool:
        name = contact.name.casefold()
        haystack = f"{name} {contact.company.casefold()}"
        if all(word in haystack for word in words):
            (starts if name.startswith(words[0]) else contains).append(contact)
    found = sorted(starts, key=_by_name) + sorted(contains, key=_by_name)
    if len(found) < limit and len(pool) <= FUZZY_LIMIT:
        matcher = Matcher(query)
        seen = {contact.id for contact in found}
        scored = [
            (matcher.match(contact.name), contact) for contact in pool if contact.id not in seen
        ]
        found += [
            contact for score, contact in sorted(scored, key=lambda pair: -pair[0]) if score > 0
        ]
    return found[:limit]


def _by_name(contact: Contact) -> tuple[str, int]:
    return (contact.name.casefold(), contact.id)


class ContactPicker(Vertical):
    """An input with the matching contacts under it. Up and down choose, enter takes one;
    the last line offers to create a new contact with the typed name."""

    DEFAULT_CSS = """
    ContactPicker { height: auto; }
    ContactPicker OptionList { height: auto; max-height: 8; }
    """

    class Picked(Message):
        """A contact was chosen (`contact`), or a new one asked for (`new_name`)."""

        def __init__(self, contact: Contact | None, new_name: str) -> None:
            super().__init__()
            self.contact = contact
            self.new_name = new_name

    def __init__(
        self,
        contacts: Callable[[], Iterable[Contact]],
        *,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self.contacts = contacts
        self.matches: list[Contact] = []
        self.chosen: Contact | None = None
        self.new_name = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Type a name or company…", id="picker-input")
        yield OptionList(id="picker-options")

    @property
    def input(self) -> Input:
        return self.query_one("#picker-input", Input)

    @property
    def options(self) -> OptionList:
        return self.query_one("#picker-options", OptionList)

    def on_mount(self) -> None:
        self.options.display = False

    @on(Input.Changed, "#picker-input")
    def _typed(self, event: Input.Changed) -> None:
        if self.chosen is not None and event.value != contact_line(self.chosen):
            self.chosen = None
        if self.new_name and event.value != self.new_name:
            self.new_name = ""
        self.show_matches(event.value)

    def show_matches(self, query: str) -> None:
        options = self.options
        options.clear_options()
        if not query.strip() or self.chosen is not None:
            options.display = False
            return
        self.matches = find_contacts(self.contacts(), query)
        for contact in self.matches:
            line = Text(contact.name, style="bold")
            if contact.company:
                line.append(f"  {contact.company}", style="dim")
            line.append(f"  {contact.tier.value} {contact.relationship.label}", style="dim")
            options.add_option(Option(line, id=str(contact.id)))
        options.add_option(Option(Text(f"+ New contact “{query.strip()}”", style="italic"), id=NEW))
        options.highlighted = 0
        options.display = True

    def on_key(self, event: Key) -> None:
        options = self.options
        if not options.display or not self.input.has_focus:
            return
        if event.key in ("down", "up"):
            count = options.option_count
            current = options.highlighted or 0
            options.highlighted = (current + (1 if event.key == "down" else -1)) % count
            event.stop()
            event.prevent_default()
        elif event.key == "enter":
            self._take(options.highlighted or 0)
            event.stop()
            event.prevent_default()

    @on(OptionList.OptionSelected, "#picker-options")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self._take(event.option_index)

    def _take(self, index: int) -> None:
        option = self.options.get_option_at_index(index)
        if option.id == NEW:
            self.chosen = None
            self.new_name = self.input.value.strip()
        else:
            self.chosen = next(c for c in self.matches if str(c.id) == option.id)
            self.new_name = ""
            self.input.value = contact_line(self.chosen)
        self.options.display = False
        self.post_message(self.Picked(self.chosen, self.new_name))
