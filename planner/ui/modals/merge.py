"""One person, one contact: merge someone into the selected contact after seeing what moves,
and the list of contacts that look like one person."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from planner import service
from planner.domain.errors import PlannerError, ValidationError
from planner.domain.model import Contact
from planner.ui.modals.form import FormScreen
from planner.ui.render import contact_line
from planner.ui.widgets.picker import ContactPicker

if TYPE_CHECKING:
    from planner.ui.app import PlannerApp


class MergeForm(FormScreen[service.MergePlan]):
    """Merge another contact into `keep`: pick them by name (or come with `other` chosen, from
    the list of duplicates), read what will move, then ctrl+s merges."""

    FIELD_ALIASES = {"other": "other"}
    SAVE_LABEL = "Merge"

    def __init__(self, keep: Contact, other: Contact | None = None) -> None:
        super().__init__()
        self.keep = keep
        self.other = other

    def form_title(self) -> str:
        return f"Merge a contact into {self.keep.name}"

    def compose_fields(self) -> Iterable[Widget]:
        yield Static(f"Keep: {contact_line(self.keep)}", classes="field-fixed", markup=False)
        if self.other is None:
            keep_id = self.keep.id
            picker = ContactPicker(
                self.planner.finders.get,
                offered=lambda contact: contact.id != keep_id,
                allow_new=False,
            )
            yield from self.field(
                "other", "Merge", picker, "Type their name; they go, their touches stay."
            )
        else:
            yield Static(f"Merge: {contact_line(self.other)}", classes="field-fixed", markup=False)
        yield Static(id="merge-preview", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self._preview()

    @on(ContactPicker.Picked)
    def _picked(self, event: ContactPicker.Picked) -> None:
        self.other = event.contact
        self._preview()

    @on(Input.Changed)
    def _typed(self) -> None:
        """Typing again in the picker lets go of whoever was picked."""
        pickers = self.query(ContactPicker)
        if pickers and pickers.first().chosen is None and self.other is not None:
            self.other = None
            self._preview()

    def _preview(self) -> None:
        preview = self.query_one("#merge-preview", Static)
        if self.other is None:
            preview.update(f"Pick who to merge into {self.keep.name}.")
            return
        try:
            plan = service.merge_plan(self.planner.store, self.keep.id, self.other.id)
        except PlannerError as error:
            preview.update(error.message)
            return
        preview.update(f"{plan.describe()} Ctrl+s merges.")

    def submit(self) -> service.MergePlan:
        if self.other is None:
            raise ValidationError("other", f"Pick who to merge into {self.keep.name}.")
        return service.merge_contacts(self.planner.store, self.keep.id, self.other.id)


class DuplicatesScreen(ModalScreen[tuple[int, int]]):
    """Pairs of contacts that look like one person (the import's rules): enter opens the merge
    of the chosen pair, escape closes. Dismisses with (keep id, other id) or None."""

    BINDINGS = [Binding("escape", "dismiss", "Close", id="duplicates.close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="form card"):
            yield Static("Contacts that look like one person", classes="form-title")
            yield OptionList(id="duplicates")
            yield Static(
                "enter merge the pair (the second into the first) · esc close",
                classes="field-hint",
            )

    def on_mount(self) -> None:
        store = cast("PlannerApp", self.app).store
        self.pairs = service.duplicates(store)
        options = self.query_one("#duplicates", OptionList)
        if not self.pairs:
            options.add_option(Option("No two contacts look like one person.", disabled=True))
        for index, pair in enumerate(self.pairs):
            line = Text(f"#{pair.keep.id} {pair.keep.name}", style="bold")
            line.append(f"  ←  #{pair.other.id} {pair.other.name}")
            line.append(f"   {pair.why}", style="dim")
            options.add_option(Option(line, id=str(index)))
        if self.pairs:
            options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#duplicates")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            pair = self.pairs[int(event.option.id)]
            self.dismiss((pair.keep.id, pair.other.id))
