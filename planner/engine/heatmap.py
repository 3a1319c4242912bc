"""`heatmap`: done touches per contact per week, by tier and coldest first.

One function serves the command-line grid and the heat-map screen.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from planner.domain import Contact, Relationship, Settings, Tier, ValidationError, Week
from planner.domain.rules import warmth

#: Most weeks a heat map shows (ten years).
WEEKS_LIMIT = 520


class HeatRow(NamedTuple):
    """One contact: done touches in each week of the map (oldest first) and warmth today.
    (A named tuple: a map of 30,000 contacts builds 30,000 of them.)"""

    contact_id: int
    name: str
    tier: Tier
    relationship: Relationship
    warmth: float
    counts: tuple[int, ...]
    last_done: date | None
    in_cadence: bool
    """Touched within its cadence."""

    def to_json(self) -> dict[str, Any]:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "tier": self.tier.value,
            "relationship": self.relationship.value,
            "warmth": round(self.warmth, 3),
            "counts": list(self.counts),
        }


@dataclass(frozen=True, slots=True)
class TierHeat:
    """One tier at a glance: done touches per week and how many contacts are within cadence."""

    tier: Tier
    contacts: int
    touches: tuple[int, ...]
    in_cadence: int

    @property
    def in_cadence_share(self) -> float:
        """Percent of the tier's contacts touched within their cadence (0 for an empty tier)."""
        return round(100.0 * self.in_cadence / self.contacts, 1) if self.contacts else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "tier": self.tier.value,
            "contacts": self.contacts,
            "touches": list(self.touches),
            "in_cadence": self.in_cadence,
            "in_cadence_share": self.in_cadence_share,
        }


@dataclass(frozen=True)
class HeatMap:
    """`weeks` oldest first, ending with the current week; `rows` grouped by tier A, B, C and
    coldest first within a tier; `tiers` one summary per tier, A to C."""

    weeks: tuple[Week, ...]
    rows: tuple[HeatRow, ...]
    tiers: tuple[TierHeat, ...]

    def to_json(self) -> dict[str, Any]:
        """`{"weeks": ["2026-W37", ...], "rows": [{"contact_id", ..., "counts": [...]}]}`."""
        return {
            "weeks": [str(week) for week in self.weeks],
            "rows": [row.to_json() for row in self.rows],
        }

    def tiers_json(self) -> list[dict[str, Any]]:
        return [tier.to_json() for tier in self.tiers]

    def groups(self) -> dict[Tier, list[HeatRow]]:
        """The rows of each tier, coldest first: new lists, cut from `rows` by the tiers'
        counts."""
        groups: dict[Tier, list[HeatRow]] = {}
        first = 0
        for summary in self.tiers:
            groups[summary.tier] = list(self.rows[first : first + summary.contacts])
            first += summary.contacts
        return groups

    @cached_property
    def by_contact(self) -> dict[int, HeatRow]:
        """Each row by its contact's id (worked out once per map; do not change it)."""
        return dict(zip(map(itemgetter(0), self.rows), self.rows, strict=True))


def heatmap(
    *,
    contacts: Iterable[Contact],
    done_dates_by_contact: Mapping[int, Sequence[date]],
    last_done: Mapping[int, date | None],
    today: date,
    weeks: int,
    settings: Settings,
    previous: HeatMap | None = None,
    unchanged: Collection[int] = (),
) -> HeatMap:
    """The heat map of the `weeks` weeks ending with today's week, archived contacts left out.

    `done_dates_by_contact`: dates of done touches per contact, in any order (it may hold only
    the map's weeks, or all of them). `last_done`: the last done date per contact (falls back to
    the last of its done dates). Costs a sort (linear on sorted input) and one bisection per
    contact plus one step per done touch inside the map: 30,000 contacts over 52 weeks take a
    fraction of a second.

    `previous` and `unchanged`: a map worked out earlier on the same day with the same weeks and
    settings, and the contacts whose rows in it are still right (the same contact, the same
    done dates, the same last touch): their rows are kept as they are and only the others are
    worked out, so that a map after one check-off costs a few milliseconds.
    """
    week_list = _weeks(today, weeks)
    start = week_list[0].monday
    tier_touches = {tier: [0] * weeks for tier in Tier}
    tier_contacts = dict.fromkeys(Tier, 0)
    tier_in_cadence = dict.fromkeys(Tier, 0)
    rows: dict[Tier, list[HeatRow]] = {tier: [] for tier in Tier}
    kept: set[int] = set()
    if previous is not None and previous.weeks == week_list and unchanged:
        # Start from the earlier map, and take out the rows that are worked out again.
        for summary in previous.tiers:
            tier_touches[summary.tier] = list(summary.touches)
            tier_contacts[summary.tier] = summary.contacts
            tier_in_cadence[summary.tier] = summary.in_cadence
        for row in previous.rows:
            if row.contact_id in unchanged:
                rows[row.tier].append(row)  # still coldest first
                kept.add(row.contact_id)
            else:
                _count(row, -1, tier_touches, tier_contacts, tier_in_cadence)
    fresh: list[HeatRow] = []
    no_dates: Sequence[date] = ()
    untouched = (0,) * weeks  # shared by everyone without a done touch in the map
    for contact in contacts:
        if contact.archived or contact.id in kept:
            continue
        row = _row(
            contact,
            done_dates_by_contact.get(contact.id, no_dates),
            last_done.get(contact.id),
            start,
            today,
            settings,
            untouched,
        )
        _count(row, 1, tier_touches, tier_contacts, tier_in_cadence)
        fresh.append(row)
    if kept:
        for row in fresh:
            insort(rows[row.tier], row, key=_coldest_first)
    else:
        for row in fresh:
            rows[row.tier].append(row)
        for group in rows.values():
            group.sort(key=_coldest_first)
    tiers = tuple(
        TierHeat(tier, tier_contacts[tier], tuple(tier_touches[tier]), tier_in_cadence[tier])
        for tier in Tier
    )
    return HeatMap(weeks=week_list, rows=(*rows[Tier.A], *rows[Tier.B], *rows[Tier.C]), tiers=tiers)


def _count(
    row: HeatRow,
    sign: int,
    touches: dict[Tier, list[int]],
    contacts: dict[Tier, int],
    in_cadence: dict[Tier, int],
) -> None:
    """Add a row to its tier's summary (sign 1) or take it out (sign -1)."""
    contacts[row.tier] += sign
    if row.in_cadence:
        in_cadence[row.tier] += sign
    if any(row.counts):
        totals = touches[row.tier]
        for slot, count in enumerate(row.counts):
            if count:
                totals[slot] += sign * count


def heatmap_update(
    previous: HeatMap,
    changed: Collection[int],
    *,
    contacts: Mapping[int, Contact],
    done_dates_by_contact: Mapping[int, Sequence[date]],
    last_done: Mapping[int, date | None],
    today: date,
    settings: Settings,
) -> HeatMap:
    """`previous` after the contacts `changed` changed: what `heatmap` gives for the data as
    it is now, with only their rows worked out again and put in their places.

    `previous`: a map worked out for the same day, weeks and settings. `contacts`, the done
    dates and `last_done` as `heatmap` takes them, for the changed contacts at least (one
    missing from `contacts` was removed). Costs a bisection and a list insertion per changed
    contact, and copying the rows once: a few milliseconds for 30,000 contacts."""
    weeks = len(previous.weeks)
    week_list = _weeks(today, weeks)
    if week_list != previous.weeks:
        raise ValueError(f"the earlier map shows other weeks than {week_list[-1]}'s")
    start = week_list[0].monday
    tier_touches = {summary.tier: list(summary.touches) for summary in previous.tiers}
    tier_contacts = {summary.tier: summary.contacts for summary in previous.tiers}
    tier_in_cadence = {summary.tier: summary.in_cadence for summary in previous.tiers}
    groups = previous.groups()
    by_contact = dict(previous.by_contact)
    no_dates: Sequence[date] = ()
    untouched = (0,) * weeks
    for contact_id in sorted(set(changed)):
        old = by_contact.pop(contact_id, None)
        if old is not None:
            group = groups[old.tier]
            at = bisect_left(group, _coldest_first(old), key=_coldest_first)
            if at < len(group) and group[at] is old:
                del group[at]
            else:
                group.remove(old)  # not where its order puts it: looked for row by row
            _count(old, -1, tier_touches, tier_contacts, tier_in_cadence)
        contact = contacts.get(contact_id)
        if contact is None or contact.archived:
            continue
        row = _row(
            contact,
            done_dates_by_contact.get(contact_id, no_dates),
            last_done.get(contact_id),
            start,
            today,
            settings,
            untouched,
        )
        insort(groups[row.tier], row, key=_coldest_first)
        _count(row, 1, tier_touches, tier_contacts, tier_in_cadence)
        by_contact[contact_id] = row
    tiers = tuple(
        TierHeat(tier, tier_contacts[tier], tuple(tier_touches[tier]), tier_in_cadence[tier])
        for tier in Tier
    )
    heat = HeatMap(
        weeks=week_list, rows=(*groups[Tier.A], *groups[Tier.B], *groups[Tier.C]), tiers=tiers
    )
    heat.__dict__["by_contact"] = by_contact  # known already: not worked out again
    return heat


def _weeks(today: date, weeks: int) -> tuple[Week, ...]:
    """The `weeks` weeks ending with today's, oldest first."""
    if not 1 <= weeks <= WEEKS_LIMIT:
        raise ValidationError(
            "weeks", f"Weeks must be a whole number from 1 to {WEEKS_LIMIT}, not {weeks}."
        )
    first = Week.of(today).shift(-(weeks - 1))
    return tuple(first.shift(offset) for offset in range(weeks))


_coldest_first = attrgetter("warmth", "name", "contact_id")


def _row(
    contact: Contact,
    dates: Sequence[date],
    last: date | None,
    start: date,
    today: date,
    settings: Settings,
    untouched: tuple[int, ...],
) -> HeatRow:
    """One contact's row of a map whose weeks start on `start` and end with today's week;
    `untouched`: the counts of a contact without a done touch in them (shared)."""
    weeks = len(untouched)
    end = start + timedelta(days=7 * weeks - 1)
    counts = untouched
    if dates:
        dates = sorted(dates)  # linear when already sorted, as the store usually gives them
        first_inside = bisect_left(dates, start)
        if first_inside < len(dates) and dates[first_inside] <= end:
            start_ordinal = start.toordinal()
            slots = [0] * weeks
            for index in range(first_inside, len(dates)):
                day = dates[index]
                if day > end:
                    break
                slots[(day.toordinal() - start_ordinal) // 7] += 1
            counts = tuple(slots)
    if last is None and dates:
        last = dates[-1]
    cadence = contact.cadence(settings)
    return HeatRow(
        contact.id,
        contact.name,
        contact.tier,
        contact.relationship,
        warmth(last, today, cadence),
        counts,
        last,
        last is not None and (today - last).days <= cadence,
    )
