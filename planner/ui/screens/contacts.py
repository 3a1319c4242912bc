"""Contacts (`c`): the whole network in a table that stays quick at 30,000 rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
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
from planner.ui.render import Palette, day_label, tier_badge, warmth_bar
from planner.ui.screens.base import PlannerScreen
from planner.ui.widgets.table import Column, VirtualTable


@dataclass(frozen=True, slots=True)
class Row:
    """What the table shows of one contact, computed once per change of the data."""

    contact: Contact
    haystack: str
    last: date | None
    due: date
    warmth: float


SORTS: list[tuple[str, str, Callable[[Row], Any]]] = [
    ("name", "name", lambda row: (row.contact.name.casefold(), row.contact.id)),
    ("company", "company", lambda row: (row.contact.company.casefold(), row.contact.name)),
    ("tier", "tier", lambda row: (row.contact.tier.rank, row.contact.name.casefold())),
    (
        "relationship",
        "relationship",
        lambda row: (row.contact.relationship.value, row.contact.name.casefold()),
    ),
    ("last", "last touch", lambda row: (row.last or date.min, row.contact.name.casefold())),
    ("due", "due", lambda row: (row.due, row.contact.name.casefold())),
    ("warmth", "warmth", lambda row: (row.warmth, row.contact.name.casefold())),
]

COLUMNS = [
    Column("name", "Name"),
    Column("company", "Company"),
    Column("tier", "Tier", 4, align="center"),
    Column("relationship", "Relationship", 12),
    Column("last", "Last touch", 11),
    Column("due", "Due", 11),
    Column("warmth", "Warmth", 11),
]


TIER_KEYS = Binding.Group("Tier", compact=True)


class ContactsScreen(PlannerScreen):
    SCREEN_NAME = "Contacts"
    MODE = "contacts"

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
        self.rows: dict[int, Row] = {}
        self.sort_index = 0
        self.reverse = False
        self.show_archived = False
        self.palette: Palette | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Input(placeholder="Filter: name, company or tag (esc clears)", id="contact-filter")
        yield VirtualTable(
            COLUMNS,
            self.render_row,
            id="contacts-table",
            empty_text="No contacts yet: press a to add one.",
        )
        yield Static(id="contacts-status", markup=False)
        yield from self.compose_footer()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#contacts-table", VirtualTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#contact-filter", Input)

    def on_mount(self) -> None:
        self.table.focus()

    # ---------------------------------------------------------------- data

    def redraw(self) -> None:
        planner = self.planner
        store = planner.store
        today = planner.today
        self.palette = Palette.of(planner)
        settings = store.settings
        rows: dict[int, Row] = {}
        for contact in store.contacts.values():
            history = store.history(contact.id)
            cadence = contact.cadence(settings)
            last = history.last_done
            rows[contact.id] = Row(
                contact=contact,
                haystack=service.haystack(contact),
                last=last,
                due=due_date(contact, last, settings),
                warmth=warmth(last, today, cadence),
            )
        self.rows = rows
        self.apply_filter()

    def apply_filter(self) -> None:
        needle = self.filter_input.value.casefold().strip()
        words = needle.split()
        chosen = [
            row
            for row in self.rows.values()
            if (self.show_archived or not row.contact.archived)
            and all(word in row.haystack for word in words)
        ]
        key, label, sort = SORTS[self.sort_index]
        chosen.sort(key=sort, reverse=self.reverse)
        table = self.table
        table.sort_key = key
        table.sort_reverse = self.reverse
        table.set_rows([row.contact.id for row in chosen])
        total = sum(1 for row in self.rows.values() if not row.contact.archived)
        tiers = {tier: 0 for tier in Tier}
        for row in self.rows.values():
            if not row.contact.archived:
                tiers[row.contact.tier] += 1
        status = (
            f"{total:,} contacts · A {tiers[Tier.A]:,} · B {tiers[Tier.B]:,} · "
            f"C {tiers[Tier.C]:,} · sorted by {label}"
        )
        if words:
            status += f" · {len(chosen):,} match “{needle}”"
        if self.show_archived:
            status += " · archived shown"
        self.query_one("#contacts-status", Static).update(status)
        self.set_title(f"{len(chosen):,} shown")

    def render_row(self, key: object) -> list[Text | str]:
        row = self.rows[key]  # type: ignore[index]
        palette = self.palette or Palette.of(self.planner)
        contact = row.contact
        name = Text(contact.name, style="dim" if contact.archived else "")
        return [
            name,
            Text(contact.company),
            tier_badge(contact.tier, palette),
            contact.relationship.label,
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

    # ---------------------------------------------------------------- filter

    @on(Input.Changed, "#contact-filter")
    def _filter_changed(self) -> None:
        self.apply_filter()

    @on(Input.Submitted, "#contact-filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    def action_filter(self) -> None:
        self.filter_input.focus()

    def key_escape(self) -> None:
        if self.filter_input.value or self.filter_input.has_focus:
            self.filter_input.value = ""
            self.table.focus()

    # ---------------------------------------------------------------- actions

    def selected(self) -> Contact | None:
        key = self.table.cursor_key
        if key is None:
            self.notify("No contact selected.", severity="warning")
            return None
        return self.rows[key].contact  # type: ignore[index]

    @on(VirtualTable.Selected, "#contacts-table")
    def _row_chosen(self) -> None:
        self.action_open()

    def action_add(self) -> None:
        from planner.ui.modals.contact import ContactForm

        self.app.push_screen(ContactForm(), self._saved)

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
                f"This removes the contact and {touches} touch(es) for good. "
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
