"""The contacts screen's keys about who is who: merge one person's two contacts (`M`), the
contacts that look like one person (`D`), and where contacts come from (`o`)."""

from __future__ import annotations

from textual.binding import Binding

from planner import service
from planner.domain.model import Contact
from planner.domain.text import count
from planner.ui.screens.base import FilteredScreen
from planner.ui.widgets.table import VirtualTable

PEOPLE_BINDINGS = [
    Binding(
        "M",
        "merge",
        "Merge",
        id="contacts.merge",
        show=False,
        tooltip="Merge another contact (picked by name) into the selected one",
    ),
    Binding(
        "D",
        "duplicates",
        "Duplicates",
        id="contacts.duplicates",
        show=False,
        tooltip="Contacts that look like one person, to merge",
    ),
    Binding(
        "o",
        "sources",
        "Sources",
        id="contacts.sources",
        show=False,
        tooltip="Where contacts were met, and which places bring customers",
    ),
]


class PeopleScreen(FilteredScreen):
    """What the contacts screen does about one person, one contact, and where people come
    from; the contacts screen adds the list and `selected`."""

    @property
    def table(self) -> VirtualTable:
        raise NotImplementedError

    def selected(self) -> Contact | None:
        raise NotImplementedError

    def action_merge(self) -> None:
        from planner.ui.modals.merge import MergeForm

        contact = self.selected()
        if contact is not None:
            self.app.push_screen(MergeForm(contact), self._merged)

    def _merged(self, plan: service.MergePlan | None) -> None:
        if plan is None:
            return
        self.planner.changed()
        self.table.move_cursor_to(plan.keep.id)
        self.notify(
            f"Merged {plan.other.name} into {plan.keep.name}: {count(plan.touches, 'touch')} and "
            f"{count(len(plan.referrals), 'referral')} moved.",
            markup=False,
        )

    def action_duplicates(self) -> None:
        from planner.ui.modals.merge import DuplicatesScreen, MergeForm

        def chosen(pair: tuple[int, int] | None) -> None:
            if pair is None:
                return
            store = self.planner.store
            keep, other = store.find_contact(pair[0]), store.find_contact(pair[1])
            if keep is not None and other is not None:
                self.app.push_screen(MergeForm(keep, other), self._merged)

        self.app.push_screen(DuplicatesScreen(), chosen)

    def action_sources(self) -> None:
        from planner.ui.modals.sources import SourcesScreen

        self.app.push_screen(SourcesScreen())
