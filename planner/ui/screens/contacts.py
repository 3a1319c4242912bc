"""Contacts (`c`): the whole network in a table that stays quick at 30,000 rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from planner import service
from planner.domain.enums import Tier
from planner.domain.model import Contact
from planner.domain.rules import due_date, warmth
from planner.domain.text import count
from planner.ui.render import (
    Palette,
    contact_kind,
    contact_tier,
    day_label,
    warmth_bar,
)
from planner.ui.screens.base import sort_new_binding
from planner.ui.screens.people import PEOPLE_BINDINGS, PeopleScreen
from planner.ui.widgets.table import Column, VirtualTable


@dataclass(frozen=True, slots=True)
class Row:
    """What the table shows of one contact beyond the contact itself."""

    contact: Contact
    last: date | None
    due: date
    warmth: float


def _by_name(contact: Contact) -> str:
    return contact.name.casefold()


#: (table column, words for the status line, sort key). Keys on the contact alone sort the
#: contacts; keys on a `Row` (last touch, due date, warmth) need each contact's history. Ties
#: go by name: the sorts are stable and start from the order by name.
SORTS: list[tuple[str, str, Callable[[Contact], Any] | None, Callable[[Row], Any] | None]] = [
    ("name", "name", None, None),
    ("company", "company", lambda contact: contact.company.casefold(), None),
    ("tier", "tier", lambda contact: (contact.to_sort, contact.tier.rank), None),
    ("relationship", "relationship", lambda contact: contact.relationship.value, None),
    ("last", "last touch", None, lambda row: row.last or date.min),
    ("due", "due", None, lambda row: row.due),
    ("warmth", "warmth", None, lambda row: row.warmth),
]


#: On a narrow terminal the last touch goes first (due date and warmth follow from it), then
#: the company, so that names stay readable.
COLUMNS = [
    Column("name", "Name", min_width=16),
    Column("company", "Company", min_width=12, drop=2),
    Column("tier", "Tier", 4, align="center"),
    Column("relationship", "Relationship", 12),
    Column("last", "Last touch", 11, drop=1),
    Column("due", "Due", 11),
    Column("warmth", "Warmth", 11),
]


TIER_KEYS = Binding.Group("Tier", compact=True)

EMPTY_TEXT = (
    "No contacts yet: press i to import your LinkedIn connections, Google contacts or phone "
    "contacts (vCard), or a to add one."
)


class ContactsScreen(PeopleScreen):
    SCREEN_NAME = "Contacts"
    MODE = "contacts"
    FILTER_ID = "contact-filter"

    BINDINGS = [
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            id="contacts.filter",
            tooltip="Filter by name, company or tag as you type",
        ),
        Binding("a", "add", "Add", id="contacts.add", tooltip="Add a contact"),
        Binding("e", "edit", "Edit", id="contacts.edit", tooltip="Edit the selected contact"),
        Binding(
            "enter",
            "open",
            "Open",
            id="contacts.open",
            tooltip="Details, touch history and referrals",
        ),
        Binding(
            "l",
            "log",
            "Log touch",
            id="contacts.log",
            tooltip="Record a touch with the selected contact",
        ),
        Binding(
            "1",
            "tier('A')",
            "Tier A",
            id="contacts.tier_a",
            group=TIER_KEYS,
            tooltip="Make the selected contact tier A",
        ),
        Binding(
            "2",
            "tier('B')",
            "Tier B",
            id="contacts.tier_b",
            group=TIER_KEYS,
            tooltip="Make the selected contact tier B",
        ),
        Binding(
            "3",
            "tier('C')",
            "Tier C",
            id="contacts.tier_c",
            group=TIER_KEYS,
            tooltip="Make the selected contact tier C",
        ),
        Binding(
            "x",
            "archive",
            "Archive",
            id="contacts.archive",
            tooltip="Archive the selected contact (or bring it back)",
        ),
        Binding(
            "d",
            "delete",
            "Delete",
            id="contacts.delete",
            tooltip="Delete the selected contact and its touches",
        ),
        Binding(
            "i",
            "import",
            "Import",
            id="contacts.import",
            tooltip="Import contacts from vCard, LinkedIn or Google Contacts",
        ),
        *PEOPLE_BINDINGS,
        sort_new_binding("contacts"),
        Binding(
            "s", "sort", "Sort", id="contacts.sort", tooltip="Sort by the next column", show=False
        ),
        Binding(
            "S",
            "reverse",
            "Reverse",
            id="contacts.reverse",
            show=False,
            tooltip="Reverse the sort order",
        ),
        Binding(
            "v",
            "show_archived",
            "Archived",
            id="contacts.archived",
            show=False,
            tooltip="Show or hide archived contacts",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort_index = 0
        self.reverse = False
        self.show_archived = False
        self.palette: Palette | None = None
        # The network as last drawn, and what was worked out from it: kept while the
        # contacts stay the same objects, so that a switch back or a keystroke costs little.
        self._contacts: list[Contact] = []
        self._orders: dict[tuple[int, bool], list[Contact]] = {}
        self._status = ""
        self._shown: list[Contact] = []
        #: What `_shown` was filtered for: sort, reverse, archived shown, search text.
        self._shown_for: tuple[int, bool, bool, str] | None = None
        self._rows: dict[int, Contact] = {}

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Input(placeholder="Filter: name, company or tag (esc clears)", id="contact-filter")
        yield VirtualTable(
            COLUMNS,
            self.render_row,
            id="contacts-table",
            empty_text=EMPTY_TEXT,
        )
        yield Static(id="contacts-status", markup=False)
        yield from self.compose_footer()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#contacts-table", VirtualTable)

    def on_mount(self) -> None:
        self.table.focus()

    # ---------------------------------------------------------------- data

    def redraw(self) -> None:
        planner = self.planner
        self.palette = Palette.of(planner)
        contacts = list(planner.store.contacts.values())
        previous = self._contacts
        same = len(contacts) == len(previous) and all(
            new is old for new, old in zip(contacts, previous, strict=True)
        )
        if not same:
            self._contacts = contacts
            self._rows = {contact.id: contact for contact in contacts}
            self._orders.clear()
            self._shown_for = None
            tiers = dict.fromkeys(Tier, 0)
            total = waiting = 0
            for contact in contacts:
                if not contact.archived:
                    total += 1
                    if contact.to_sort:
                        waiting += 1
                    else:
                        tiers[contact.tier] += 1
            self._status = (
                f"{total:,} contacts · A {tiers[Tier.A]:,} · B {tiers[Tier.B]:,} · "
                f"C {tiers[Tier.C]:,}"
            )
            if waiting:
                self._status += f" · {waiting:,} to sort (T)"
        # Sorting by last touch, due date or warmth depends on the history, which any saved
        # change may have moved: that order is worked out again.
        for key in [key for key in self._orders if SORTS[key[0]][3] is not None]:
            del self._orders[key]
            self._shown_for = None
        self.apply_filter()

    def row(self, contact: Contact) -> Row:
        """The contact with its last touch, due date and warmth as of today."""
        planner = self.planner
        settings = planner.store.settings
        last = planner.store.history(contact.id).last_done
        return Row(
            contact=contact,
            last=last,
            due=due_date(contact, last, settings),
            warmth=warmth(last, planner.today, contact.cadence(settings)),
        )

    def _ordered(self) -> list[Contact]:
        """The network in the chosen order (archived contacts included), worked out once."""
        key = (self.sort_index, self.reverse)
        order = self._orders.get(key)
        if order is not None:
            return order
        by_name = self._orders.get((0, False))
        if by_name is None:
            # People with the same name stay in the order they were added.
            by_id = sorted(self._contacts, key=attrgetter("id"))
            by_name = sorted(by_id, key=_by_name)
            self._orders[(0, False)] = by_name
        _, _, on_contact, on_row = SORTS[self.sort_index]
        if on_contact is not None:
            order = sorted(by_name, key=on_contact, reverse=self.reverse)
        elif on_row is not None:
            rows = [self.row(contact) for contact in by_name]
            rows.sort(key=on_row, reverse=self.reverse)
            order = [row.contact for row in rows]
        else:
            order = by_name[::-1] if self.reverse else by_name
        self._orders[key] = order
        return order

    def apply_filter(self) -> None:
        """The contacts whose name, company or tags hold every typed word, without case or
        accents; a word that is in nobody's is read as a typo of the nearest ones."""
        needle = " ".join(self.filter_input.value.split())
        words = needle.split()
        wanted = (self.sort_index, self.reverse, self.show_archived, needle)
        if wanted != self._shown_for:
            pool = self._ordered()
            if words:
                found = self.planner.finders.get().matching(needle) or set()
                pool = [contact for contact in pool if contact.id in found]
            if not self.show_archived:
                pool = [contact for contact in pool if not contact.archived]
            self._shown = pool
            self._shown_for = wanted
        chosen = self._shown
        key, label, _, _ = SORTS[self.sort_index]
        table = self.table
        table.sort_key = key
        table.sort_reverse = self.reverse
        table.set_rows([contact.id for contact in chosen])
        status = f"{self._status} · sorted by {label}"
        if words:
            status += f" · {len(chosen):,} match “{needle}”"
        if self.show_archived:
            status += " · archived shown"
        self.query_one("#contacts-status", Static).update(status)
        self.set_title(f"{len(chosen):,} shown")

    def render_row(self, key: object) -> list[Text | str]:
        row = self.row(self._rows[key])  # type: ignore[index]
        palette = self.palette or Palette.of(self.planner)
        contact = row.contact
        name = Text(contact.name, style="dim" if contact.archived else "")
        return [
            name,
            Text(contact.company),
            contact_tier(contact, palette),
            contact_kind(contact, palette),
            day_label(row.last) if row.last else Text("never", style="dim"),
            self._due(row),
            warmth_bar(row.warmth, palette, cells=5),
        ]

    def _due(self, row: Row) -> Text:
        """The due date, in the warning colour once it has passed."""
        palette = self.palette or Palette.of(self.planner)
        today = self.planner.today
        if row.contact.archived:
            return Text(day_label(row.due), style="dim")
        if row.due < today:
            return Text(day_label(row.due), style=palette.warning)
        if row.due == today:
            return Text(day_label(row.due), style=f"bold {palette.accent}")
        return Text(day_label(row.due))

    # ---------------------------------------------------------------- actions

    def selected(self) -> Contact | None:
        key = self.table.cursor_key
        if key is None:
            self.notify("No contact selected.", severity="warning")
            return None
        return self._rows[key]  # type: ignore[index]

    @on(VirtualTable.Selected, "#contacts-table")
    def _row_chosen(self) -> None:
        self.action_open()

    def action_add(self) -> None:
        from planner.ui.modals.contact import ContactForm

        form = ContactForm()

        def added(contact: Contact | None) -> None:
            if contact is not None and contact is form.namesake_taken:
                self.table.move_cursor_to(contact.id)
                self.notify(f"{contact.name} is already a contact: nobody added.", markup=False)
            else:
                self._saved(contact)

        self.app.push_screen(form, added)

    def action_edit(self) -> None:
        from planner.ui.modals.contact import ContactForm

        contact = self.selected()
        if contact is not None:
            self.app.push_screen(ContactForm(contact), self._saved)

    def _saved(self, contact: Contact | None) -> None:
        if contact is not None:
            self.planner.changed()
            self.table.move_cursor_to(contact.id)
            self.notify(f"Saved {contact.name}.", markup=False)

    def action_open(self) -> None:
        from planner.ui.modals.contact import ContactCard, ContactForm
        from planner.ui.modals.log import LogTouchForm

        contact = self.selected()
        if contact is None:
            return

        def after(choice: str | None) -> None:
            if choice == "log":
                self.app.push_screen(LogTouchForm(contact=contact), self._logged)
            elif choice == "edit":
                self.app.push_screen(ContactForm(contact), self._saved)

        self.app.push_screen(ContactCard(contact.id), after)

    def action_log(self) -> None:
        from planner.ui.modals.log import LogTouchForm

        contact = self.selected()
        if contact is not None:
            self.app.push_screen(LogTouchForm(contact=contact), self._logged)

    def _logged(self, result: object) -> None:
        if result is not None:
            self.planner.changed()
            self.notify("Touch logged.")

    def action_tier(self, tier: str) -> None:
        contact = self.selected()
        if contact is None:
            return
        store = self.planner.store
        self.planner.save(
            lambda: service.set_tier(store, contact.id, tier),
            done=f"{contact.name} is tier {tier} now.",
        )

    def action_archive(self) -> None:
        contact = self.selected()
        if contact is None:
            return
        store = self.planner.store
        archived = not contact.archived
        word = "archived" if archived else "back in the network"
        self.planner.save(
            lambda: service.archive_contact(store, contact.id, archived),
            done=f"{contact.name} is {word}.",
        )

    def action_delete(self) -> None:
        from planner.ui.modals.form import ConfirmScreen

        contact = self.selected()
        if contact is None:
            return
        store = self.planner.store
        touches = len(store.touches_of(contact.id))

        def answer(yes: bool | None) -> None:
            if yes:
                self.planner.save(
                    lambda: service.remove_contact(store, contact.id),
                    done=f"Deleted {contact.name}.",
                )

        self.app.push_screen(
            ConfirmScreen(
                f"Delete {contact.name}?",
                f"This removes the contact and {count(touches, 'touch')} for good. "
                "Archiving (x) keeps the history instead.",
                yes="Delete",
            ),
            answer,
        )

    def action_import(self) -> None:
        from planner.ui.modals.transfer import ImportForm

        self.app.push_screen(ImportForm())

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.apply_filter()

    def action_reverse(self) -> None:
        self.reverse = not self.reverse
        self.apply_filter()

    def action_show_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.apply_filter()
