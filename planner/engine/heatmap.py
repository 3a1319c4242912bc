"""`heatmap`: done touches per contact per week, by tier and coldest first.

One function serves the command-line grid and the heat-map screen.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.domain import Contact, Relationship, Settings, Tier, ValidationError, Week
from planner.domain.rules import warmth

#: Most weeks a heat map shows (ten years).
WEEKS_LIMIT = 520


@dataclass(frozen=True, slots=True)
class HeatRow:
    """One contact: done touches in each week of the map (oldest first) and warmth today."""

    contact_id: int
    name: str
    tier: Tier
    relationship: Relationship
    warmth: float
    counts: tuple[int, ...]
    last_done: date | None

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


def heatmap(
    *,
    contacts: Iterable[Contact],
    done_dates_by_contact: Mapping[int, Sequence[date]],
    last_done: Mapping[int, date | None],
    today: date,
    weeks: int,
    settings: Settings,
) -> HeatMap:
    """The heat map of the `weeks` weeks ending with today's week, archived contacts left out.

    `done_dates_by_contact`: dates of done touches per contact, in any order (it may hold only
    the map's weeks, or all of them). `last_done`: the last done date per contact (falls back to
    the last of its done dates). Costs a sort (linear on sorted input) and one bisection per
    contact plus one step per done touch inside the map: 30,000 contacts over 52 weeks take a
    fraction of a second.
    """
    if not 1 <= weeks <= WEEKS_LIMIT:
        raise ValidationError(
            "weeks", f"Weeks must be a whole number from 1 to {WEEKS_LIMIT}, not {weeks}."
        )
    current = Week.of(today)
    first = current.shift(-(weeks - 1))
    week_list = tuple(first.shift(offset) for offset in range(weeks))
    start = first.monday
    start_ordinal = start.toordinal()
    end = current.sunday
    tier_touches = {tier: [0] * weeks for tier in Tier}
    tier_contacts = dict.fromkeys(Tier, 0)
    tier_in_cadence = dict.fromkeys(Tier, 0)
    rows: list[HeatRow] = []
    no_dates: Sequence[date] = ()
    for contact in contacts:
        if contact.archived:
            continue
        tier = contact.tier
        dates = done_dates_by_contact.get(contact.id, no_dates)
        counts = [0] * weeks
        if dates:
            dates = sorted(dates)  # linear when already sorted, as the store usually gives them
            totals = tier_touches[tier]
            for index in range(bisect_left(dates, start), len(dates)):
                day = dates[index]
                if day > end:
                    break
                slot = (day.toordinal() - start_ordinal) // 7
                counts[slot] += 1
                totals[slot] += 1
        last = last_done.get(contact.id)
        if last is None and dates:
            last = dates[-1]
        cadence = contact.cadence(settings)
        tier_contacts[tier] += 1
        if last is not None and (today - last).days <= cadence:
            tier_in_cadence[tier] += 1
        rows.append(
            HeatRow(
                contact.id,
                contact.name,
                tier,
                contact.relationship,
                warmth(last, today, cadence),
                tuple(counts),
                last,
            )
        )
    rows.sort(key=lambda row: (row.tier.rank, row.warmth, row.name, row.contact_id))
    tiers = tuple(
        TierHeat(tier, tier_contacts[tier], tuple(tier_touches[tier]), tier_in_cadence[tier])
        for tier in Tier
    )
    return HeatMap(weeks=week_list, rows=tuple(rows), tiers=tiers)
