"""The heat map: who was touched in which week, read at one moment and worked out apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING

from planner.domain.model import Contact, Settings
from planner.domain.weeks import Week
from planner.store import Store

if TYPE_CHECKING:
    from planner.engine import HeatMap

# The engine is imported where it is used: the app's start-up does not need it.

#: How a heat map shades a week by its number of done touches: none, 1, 2, 3 or more. The app
#: and the command line both draw these, with this legend.
HEAT_SHADES = ("·", "▒", "▓", "█")
HEAT_LEGEND = tuple(zip(HEAT_SHADES, ("none", "1", "2", "3+"), strict=True))


def heat_shade(count: int) -> str:
    return HEAT_SHADES[max(0, min(count, len(HEAT_SHADES) - 1))]


@dataclass(frozen=True, slots=True)
class HeatInputs:
    """What the heat map is computed from, read from the store at one moment. `compute` touches
    no store, so the app can run it in a worker thread while the store stays free to change.

    `mark`: where the store's changes stood when it was read. `changed`: when not None, the
    inputs hold only these contacts, the ones changed since the inputs of the map `compute` is
    given (`heat_inputs(..., since=...)`)."""

    contacts: tuple[Contact, ...]
    done_dates_by_contact: dict[int, list[date]]
    last_done: dict[int, date | None]
    today: date
    weeks: int
    settings: Settings
    mark: tuple[object, int] | None = None
    changed: frozenset[int] | None = None

    def compute(self, before: tuple[HeatInputs, HeatMap] | None = None) -> HeatMap:
        """The heat map. `before`: the inputs and map of an earlier call; the rows of contacts
        whose inputs did not change since are kept from it instead of worked out again."""
        from planner.engine import heatmap, heatmap_update

        if self.changed is not None:
            if before is None:
                raise ValueError("inputs of the changes alone need the map they change")
            return heatmap_update(
                before[1],
                self.changed,
                contacts={contact.id: contact for contact in self.contacts},
                done_dates_by_contact=self.done_dates_by_contact,
                last_done=self.last_done,
                today=self.today,
                settings=self.settings,
            )
        previous = None
        unchanged: set[int] = set()
        if before is not None:
            old, previous = before
            same = (old.today, old.weeks, old.settings) == (self.today, self.weeks, self.settings)
            if same and old.changed is None:
                unchanged = self.unchanged_since(old)
        return heatmap(
            contacts=self.contacts,
            done_dates_by_contact=self.done_dates_by_contact,
            last_done=self.last_done,
            today=self.today,
            weeks=self.weeks,
            settings=self.settings,
            previous=previous if unchanged else None,
            unchanged=unchanged,
        )

    def unchanged_since(self, old: HeatInputs) -> set[int]:
        """The contacts whose heat-map rows cannot differ from those worked out from `old`:
        the same contact object (the store replaces a contact it changes) with the same done
        days and last touch. Found as all but those that changed (after a check-off, a
        handful of 30,000), in plain loops over what each contact has."""
        kept = set(map(id, old.contacts))
        changed = {contact.id for contact in self.contacts if id(contact) not in kept}
        old_last, new_last = old.last_done, self.last_done
        changed.update(old_last.keys() - new_last.keys())
        for ident, last in new_last.items():
            if old_last.get(ident, _UNKNOWN) != last:
                changed.add(ident)
        old_done, new_done = old.done_dates_by_contact, self.done_dates_by_contact
        changed.update(old_done.keys() - new_done.keys())
        for ident, days in new_done.items():
            known = old_done.get(ident)
            if known is not days and known != days:
                changed.add(ident)
        return set(map(_contact_id, self.contacts)) - changed


_UNKNOWN = object()
_contact_id = attrgetter("id")


def heat_inputs(
    store: Store, today: date, weeks: int, since: HeatInputs | None = None
) -> HeatInputs:
    """Everything `heat` needs for the last `weeks` weeks, copied out of the store. `since`:
    the inputs of a map worked out earlier; when the store can tell which contacts changed
    since (and the day, weeks and settings are the same), only theirs are copied, for
    `compute` to update that map with."""
    first = Week.of(today).shift(-(weeks - 1)).monday
    mark = store.change_mark()
    changed = None
    if (
        since is not None
        and since.mark is not None
        and (since.today, since.weeks, since.settings) == (today, weeks, store.settings)
    ):
        changed = store.contacts_changed_since(since.mark)
    last = Week.of(today).sunday
    if changed is not None:
        contacts = store.contacts
        done = store.done_days_between(first, last, changed)
        histories = store.histories(changed)
        if store.change_mark()[0] is not mark[0]:
            return heat_inputs(store, today, weeks)  # read again meanwhile: read it all
        return HeatInputs(
            contacts=tuple(contacts[ident] for ident in sorted(changed) if ident in contacts),
            done_dates_by_contact=done,
            last_done={ident: histories[ident].last_done for ident in changed},
            today=today,
            weeks=weeks,
            settings=store.settings,
            mark=mark,
            changed=frozenset(changed),
        )
    done = store.done_days_between(first, last)
    histories = store.histories()
    return HeatInputs(
        contacts=tuple(store.contacts.values()),
        done_dates_by_contact=done,
        last_done={contact_id: h.last_done for contact_id, h in histories.items()},
        today=today,
        weeks=weeks,
        settings=store.settings,
        mark=mark,
    )


def heat(store: Store, today: date, weeks: int) -> HeatMap:
    """The heat map of the last `weeks` weeks (the same data for the app and the command line)."""
    return heat_inputs(store, today, weeks).compute()
