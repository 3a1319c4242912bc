"""Pick a contact by typing a few letters of the name, company or a tag, or create one on the
spot."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Key
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from planner import service
from planner.domain.model import Contact
from planner.ui.render import contact_line

NEW = "new"
SHOWN = 6


def _active(contact: Contact) -> bool:
    return not contact.archived


class ContactPicker(Vertical):
    """An input with the matching contacts under it (name, company or tag, without case or
    accents, typos forgiven). Up and down choose, enter takes one; the last line offers to
    create a new contact with the typed name, and says so when someone has that name already."""

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
        finder: Callable[[], service.Finder[Contact]],
        *,
        offered: Callable[[Contact], bool] = _active,
        allow_new: bool = True,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self.finder = finder
        #: Who may be picked (archived contacts are not, unless told); and whether the last
        #: line offers a new contact.
        self.offered = offered
        self.allow_new = allow_new
        self.matches: list[Contact] = []
        self.chosen: Contact | None = None
        self.new_name = ""
        #: Contacts who already have the name typed (shown on the new-contact line).
        self.namesakes: list[Contact] = []

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
        self.finder()

    @on(Input.Changed, "#picker-input")
    def _typed(self, event: Input.Changed) -> None:
        if self.chosen is not None and event.value != contact_line(self.chosen):
            self.chosen = None
        if self.new_name and event.value != self.new_name:
            self.new_name = ""
        self.show_matches(event.value)

    def show_matches(self, query: str) -> None:
        options = self.options
        if not query.strip() or self.chosen is not None:
            options.clear_options()
            options.display = False
            return
        finder = self.finder()
        self.matches = finder.ranked(query, SHOWN, keep=self.offered)
        self.namesakes = finder.same_name(query, _name, keep=self.offered)
        for contact in self.namesakes:
            if contact not in self.matches:
                self.matches.insert(0, contact)
        if not self.matches and not self.allow_new:
            options.clear_options()
            options.display = False
            return
        lines = []
        for contact in self.matches:
            line = Text(contact.name, style="bold")
            if contact.company:
                line.append(f"  {contact.company}", style="dim")
            line.append(f"  {contact.tier.value} {contact.relationship.label}", style="dim")
            lines.append(Option(line, id=str(contact.id)))
        if self.allow_new:
            new = Text(f"+ New contact “{query.strip()}”", style="italic")
            if self.namesakes:
                new.append(f"  ({namesakes_words(self.namesakes)}: pick above)", style="bold")
            lines.append(Option(new, id=NEW))
        options.set_options(lines)  # one change of the list, not one per line
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


def _name(contact: Contact) -> str:
    return contact.name


def namesakes_words(namesakes: list[Contact]) -> str:
    """`Ana Müller is already a contact`, `2 contacts have this name already`."""
    if len(namesakes) == 1:
        return f"{namesakes[0].name} is already a contact"
    return f"{len(namesakes)} contacts have this name already"
