"""How fast the planner engine is on big networks: `python benchmarks/plan.py`.

Builds a seeded synthetic network (1,000 / 10,000 / 30,000 contacts, five years of done touches,
20 weekly blocks, a week's carry-over and follow-ups), then times the engine alone: `plan_week`
for one week, and `heatmap` over 12 and 52 weeks. Prints the median of several runs.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial

from planner.domain import (
    BlockKind,
    Channel,
    Contact,
    Goal,
    GoalMetric,
    Purpose,
    Relationship,
    Settings,
    Tier,
    TimeBlock,
    Touch,
    TouchStatus,
    Week,
    Weekday,
)
from planner.engine import ContactHistory, HeatMap, PlanRequest, heatmap, plan_week

WEEK = Week.parse("2026-W48")
NOW = datetime(2026, 11, 23, 8, 0)
TODAY = NOW.date()
YEARS = 5
SIZES = (1_000, 10_000, 30_000)
TARGET_SECONDS = 0.33

_TIERS = (Tier.A, Tier.B, Tier.C)
_TIER_WEIGHTS = (5, 20, 75)
_RELATIONSHIPS = tuple(Relationship)
_RELATIONSHIP_WEIGHTS = (25, 40, 10, 10, 15)


@dataclass
class Network:
    contacts: list[Contact]
    done_dates: dict[int, list[date]]
    history: dict[int, ContactHistory]
    carry: list[Touch]
    follow_ups: list[Touch]
    week_touches: list[Touch]


def build_network(size: int, seed: int = 48) -> Network:
    """`size` contacts with five years of done touches roughly at their tier's cadence."""
    rng = random.Random(seed)
    settings = Settings()
    start = TODAY - timedelta(days=365 * YEARS)
    contacts: list[Contact] = []
    done_dates: dict[int, list[date]] = {}
    history: dict[int, ContactHistory] = {}
    for ident in range(1, size + 1):
        tier = rng.choices(_TIERS, _TIER_WEIGHTS)[0]
        relationship = rng.choices(_RELATIONSHIPS, _RELATIONSHIP_WEIGHTS)[0]
        added = start + timedelta(days=rng.randrange(365 * YEARS))
        contact = Contact(
            id=ident,
            name=f"Contact {ident:05d}",
            added=added,
            tier=tier,
            relationship=relationship,
            archived=rng.random() < 0.08,
        )
        contacts.append(contact)
        if rng.random() < 0.2:
            continue  # never touched (an import nobody has called yet)
        cadence = contact.cadence(settings)
        dates: list[date] = []
        asks: list[date] = []
        day = added + timedelta(days=rng.randrange(cadence))
        while day < TODAY:
            dates.append(day)
            if relationship is Relationship.CUSTOMER and rng.random() < 0.2:
                asks.append(day)
            day += timedelta(days=max(1, int(rng.gauss(cadence * 1.3, cadence * 0.4))))
        if dates:
            done_dates[ident] = dates
            history[ident] = ContactHistory(dates[-1], asks[-1] if asks else None, len(dates))
    last_monday = WEEK.shift(-1).monday
    touched = [contact for contact in contacts if contact.id in history]
    carry = [
        _touch(
            100_000 + index,
            contact,
            last_monday + timedelta(days=index % 5),
            TouchStatus.PLANNED if index % 2 else TouchStatus.MISSED,
        )
        for index, contact in enumerate(rng.sample(touched, min(20, len(touched))))
    ]
    follow_ups = [
        _touch(
            200_000 + index, contact, last_monday + timedelta(days=index % 5), TouchStatus.DONE
        ).but(purpose=Purpose.FOLLOW_UP, follow_up=True, note="Send the proposal and pricing")
        for index, contact in enumerate(rng.sample(touched, min(15, len(touched))))
    ]
    week_touches = [
        _touch(300_000 + index, contact, WEEK.monday + timedelta(days=index % 5), status).but(
            pinned=index % 3 == 0
        )
        for index, (contact, status) in enumerate(
            zip(
                rng.sample(touched, min(10, len(touched))),
                [TouchStatus.DONE, TouchStatus.PLANNED] * 5,
                strict=True,
            )
        )
    ]
    return Network(contacts, done_dates, history, carry, follow_ups, week_touches)


def _touch(ident: int, contact: Contact, day: date, status: TouchStatus) -> Touch:
    start = time(9 + ident % 2, 30)
    return Touch(
        id=ident,
        contact_id=contact.id,
        purpose=Purpose.NETWORKING,
        channel=Channel.CALL,
        date=day,
        status=status,
        start=start,
        end=time(start.hour, 45),
    )


def twenty_blocks() -> list[TimeBlock]:
    """Every weekday: prospecting 09–11, networking 12–13:30, follow-up 16–17, admin 17–17:30."""
    blocks: list[TimeBlock] = []
    spans = (
        (BlockKind.PROSPECTING, time(9), time(11)),
        (BlockKind.NETWORKING, time(12), time(13, 30)),
        (BlockKind.FOLLOW_UP, time(16), time(17)),
        (BlockKind.ADMIN, time(17), time(17, 30)),
    )
    for day in list(Weekday)[:5]:
        for kind, start, end in spans:
            blocks.append(TimeBlock(len(blocks) + 1, kind, start, end, day=day))
    return blocks


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    run()  # warm up
    times = []
    for _ in range(repeat):
        began = clock.perf_counter()
        run()
        times.append(clock.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per figure (median)")
    args = parser.parse_args()
    settings = Settings()
    blocks = twenty_blocks()
    goals = [Goal(1, GoalMetric.PROSPECTING_SHARE, 40), Goal(2, GoalMetric.TOUCHES_DONE, 40)]
    print(f"plan_week for {WEEK}, {len(blocks)} blocks, {YEARS} years of history")
    print(f"median of {args.repeat} runs\n")
    header = f"{'contacts':>9} {'wanted':>7} {'placed':>7} {'unplaced':>9} {'engine ms':>10}"
    header += f" {'growth':>7} {'n log n':>8}"
    print(header)
    networks: dict[int, Network] = {}
    timings: dict[int, float] = {}
    for size in SIZES:
        network = networks[size] = build_network(size)
        request = PlanRequest(
            week=WEEK,
            now=NOW,
            contacts=network.contacts,
            history=network.history,
            week_touches=network.week_touches,
            carry_sources=network.carry,
            follow_up_sources=network.follow_ups,
            blocks=blocks,
            goals=goals,
            settings=settings,
        )
        seconds = timings[size] = median_seconds(partial(plan_week, request), args.repeat)
        plan = plan_week(request)
        first = SIZES[0]
        growth = seconds / timings[first]
        expected = (size * math.log(size)) / (first * math.log(first))
        wanted = len(plan.add) + len(plan.unplaced)
        print(
            f"{size:>9,} {wanted:>7,} {len(plan.add):>7,} {len(plan.unplaced):>9,}"
            f" {seconds * 1000:>10.1f} {growth:>6.1f}x {expected:>7.1f}x"
        )
    largest = SIZES[-1]
    verdict = "meets" if timings[largest] < TARGET_SECONDS else "MISSES"
    print(
        f"\n{largest:,} contacts: {timings[largest]:.3f} s, {verdict} the {TARGET_SECONDS} s target"
    )

    network = networks[largest]
    last_done = {ident: past.last_done for ident, past in network.history.items()}
    print(f"\nheatmap for {largest:,} contacts")
    print(f"{'weeks':>9} {'rows':>7} {'engine ms':>10}")
    for weeks in (12, 52):

        def build(weeks: int = weeks) -> HeatMap:
            return heatmap(
                contacts=network.contacts,
                done_dates_by_contact=network.done_dates,
                last_done=last_done,
                today=TODAY,
                weeks=weeks,
                settings=settings,
            )

        seconds = median_seconds(build, args.repeat)
        print(f"{weeks:>9} {len(build().rows):>7,} {seconds * 1000:>10.1f}")


if __name__ == "__main__":
    main()
