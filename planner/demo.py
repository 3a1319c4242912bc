"""A realistic, seeded network for trying planner out and for benchmarks.

`build_demo` fills an empty store with contacts across every tier and relationship, customers
who introduced others, where-met notes, weekly blocks (half of the blocked time prospecting),
a handful of goals and weeks of touch history that leave some people warm and others cold.
The same seed and `today` always give the same database.
"""

from __future__ import annotations

import heapq
import random
from collections import deque
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import TypeVar

from planner.domain.enums import (
    BlockKind,
    Channel,
    GoalMetric,
    Purpose,
    Relationship,
    Tier,
    TouchStatus,
    Weekday,
)
from planner.domain.errors import PlannerError, ValidationError
from planner.domain.model import Contact, Goal, TimeBlock, Touch, minutes_of, time_of
from planner.domain.weeks import Week
from planner.store import Store

FIRST = (
    "Ana",
    "Ben",
    "Chloé",
    "Dmitri",
    "Elif",
    "Farah",
    "Gustavo",
    "Hannah",
    "Ibrahim",
    "Jonas",
    "Keiko",
    "Liam",
    "Mónica",
    "Nadia",
    "Oskar",
    "Priya",
    "Quentin",
    "Rosa",
    "Søren",
    "Tomás",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zofia",
    "Aisha",
    "Bruno",
    "Carmen",
    "Daniel",
    "Eva",
    "Finn",
    "Grace",
    "Hugo",
    "Inés",
    "Jamal",
    "Kofi",
    "Lena",
    "Marco",
    "Noor",
    "Olivia",
    "Pablo",
    "Rachel",
    "Sven",
    "Tara",
    "Ugo",
    "Valentina",
    "William",
    "Yara",
    "Zoe",
)
LAST = (
    "Müller",
    "Okafor",
    "Dubois",
    "Petrov",
    "Yılmaz",
    "Haddad",
    "Silva",
    "Schmidt",
    "Khan",
    "Berg",
    "Tanaka",
    "O'Brien",
    "Núñez",
    "Rahman",
    "Lindqvist",
    "Iyer",
    "Moreau",
    "García",
    "Jensen",
    "Álvarez",
    "Patel",
    "Novak",
    "Chen",
    "Ramírez",
    "Demir",
    "Kowalska",
    "Mensah",
    "Rossi",
    "Fischer",
    "Cohen",
    "Nakamura",
    "Walsh",
    "Costa",
    "Andersen",
    "Kim",
    "Ferreira",
    "Nowak",
    "Larsen",
    "Romano",
    "Suzuki",
)
COMPANIES = (
    "Northwind Logistics",
    "Brightline Dental",
    "Kestrel Analytics",
    "Harbor & Vine",
    "Atlas Roofing",
    "Bluefin Software",
    "Copperleaf Bakery",
    "Driftwood Studios",
    "Evergreen Property",
    "Foxglove Health",
    "Granite Legal",
    "Helios Solar",
    "Ironbridge CPA",
    "Juniper Events",
    "Keystone Builders",
    "Lumen Optics",
    "Maple Street Realty",
    "Nimbus Cloud",
    "Orchard Insurance",
    "Pinnacle Fitness",
    "Quarry Coffee",
    "Riverbend Clinic",
    "Summit Recruiting",
    "Tidewater Marine",
    "Union Paints",
    "Vantage Media",
    "Willow Schools",
)
TITLES = (
    "Founder",
    "CEO",
    "Head of Operations",
    "Office Manager",
    "CFO",
    "Owner",
    "Sales Director",
    "Marketing Lead",
    "General Contractor",
    "Partner",
    "Procurement Manager",
    "VP Engineering",
    "Practice Manager",
    "Account Executive",
)
MET_AT = (
    "Chamber of Commerce breakfast",
    "SaaStr Europa 2026",
    "Intro over email",
    "LinkedIn",
    "Kids' football club",
    "Trade fair, hall B",
    "BNI chapter",
    "Former colleague",
    "Conference panel",
    "Coworking space",
    "Customer event",
    "Podcast guest",
)
TAGS = ("golf", "decision maker", "podcast", "board", "alumni", "spanish", "events", "partner")
NOTES_DONE = (
    "Asked about their Q1 budget.",
    "Sent the case study afterwards.",
    "Wants a proposal in January.",
    "Busy until the trade fair.",
    "Introduced me to their CFO.",
    "Good chat, no need right now.",
    "Shared the article on pricing.",
    "Booked a demo for next month.",
)

_T = TypeVar("_T")

TIER_WEIGHTS = ((Tier.A, 15), (Tier.B, 35), (Tier.C, 50))
RELATIONSHIP_WEIGHTS = (
    (Relationship.CUSTOMER, 25),
    (Relationship.PROSPECT, 40),
    (Relationship.CONNECTOR, 12),
    (Relationship.FRIEND, 10),
    (Relationship.PEER, 13),
)

#: A week of blocks: half of the 10 blocked hours are prospecting.
WEEKLY_BLOCKS = (
    (BlockKind.PROSPECTING, Weekday.MON, "09:00", "11:00", "Calls before the week fills up"),
    (BlockKind.NETWORKING, Weekday.TUE, "12:00", "13:30", "Lunch and coffee"),
    (BlockKind.PROSPECTING, Weekday.WED, "09:00", "11:00", "Prospecting calls"),
    (BlockKind.NETWORKING, Weekday.THU, "15:00", "16:30", "Catch-ups"),
    (BlockKind.PROSPECTING, Weekday.THU, "09:00", "10:00", ""),
    (BlockKind.FOLLOW_UP, Weekday.FRI, "09:00", "10:00", "Follow-ups from the week"),
    (BlockKind.ADMIN, Weekday.FRI, "15:00", "16:00", "Pipeline and notes"),
)
GOALS = (
    (GoalMetric.PROSPECTING_SHARE, 40, None),
    (GoalMetric.TOUCHES_DONE, 15, None),
    (GoalMetric.TOUCHES_DONE, 4, Tier.A),
    (GoalMetric.REFERRAL_ASKS, 2, None),
    (GoalMetric.NEW_CONTACTS, 3, None),
    (GoalMetric.MEETINGS_BOOKED, 2, None),
)


@dataclass(frozen=True, slots=True)
class DemoSize:
    contacts: int = 80
    weeks: int = 10
    seed: int = 7


def check_size(contacts: object, weeks: object, seed: object) -> DemoSize:
    """Validated demo options (the numbers a user may type)."""

    def number(value: object, field: str, what: str, low: int, high: int) -> int:
        text = str(value).strip()
        digits = text.removeprefix("-")
        if not (digits.isascii() and digits.isdigit() and len(digits) <= 12) or not (
            low <= int(text) <= high
        ):
            raise ValidationError(
                field, f"{what} must be a whole number from {low:,} to {high:,}, not '{text}'."
            )
        return int(text)

    return DemoSize(
        contacts=number(contacts, "contacts", "--contacts", 1, 100_000),
        weeks=number(weeks, "weeks", "--weeks", 0, 520),
        seed=number(seed, "seed", "--seed", 0, 2**31),
    )


def build_demo(store: Store, today: date, size: DemoSize = DemoSize()) -> None:
    """Fill `store` (which must be empty) with a demo network; one write."""
    if not store.is_empty:
        raise PlannerError(
            f"{store.path} already holds data; the demo only fills an empty database. "
            "Use --db with a new file name."
        )
    rng = random.Random(size.seed)
    with store.transaction() as tx:
        for number, (kind, day, start, end, label) in enumerate(WEEKLY_BLOCKS, 1):
            tx.put_block(
                TimeBlock(
                    number,
                    kind,
                    time.fromisoformat(start),
                    time.fromisoformat(end),
                    day=day,
                    label=label,
                )
            )
            tx.new_block_id()
        for number, (metric, target, tier) in enumerate(GOALS, 1):
            tx.put_goal(Goal(number, metric, float(target), tier))
            tx.new_goal_id()
        contacts = _contacts(rng, today, size)
        for contact in contacts:
            tx.put_contact(contact)
            tx.new_contact_id()
        for touch in _history(rng, contacts, today, size):
            tx.put_touch(touch.but(id=tx.new_touch_id()))


def _pick(rng: random.Random, weighted: tuple[tuple[_T, int], ...]) -> _T:
    values = [value for value, _ in weighted]
    weights = [weight for _, weight in weighted]
    return rng.choices(values, weights)[0]


def _contacts(rng: random.Random, today: date, size: DemoSize) -> list[Contact]:
    history_start = today - timedelta(weeks=max(size.weeks, 1))
    span = (today - history_start).days
    contacts: list[Contact] = []
    used: set[str] = set()
    referrers: deque[int] = deque(maxlen=50)  # the latest customers and connectors
    for ident in range(1, size.contacts + 1):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name in used:
            name = f"{name} {ident}" if size.contacts > 1500 else f"{rng.choice(FIRST)}-{name}"
        used.add(name)
        relationship = _pick(rng, RELATIONSHIP_WEIGHTS)
        tier = _pick(rng, TIER_WEIGHTS)
        company = "" if relationship is Relationship.FRIEND else rng.choice(COMPANIES)
        first = name.split()[0].lower()
        domain = company.split()[0].lower().replace("&", "") if company else "mail"
        referred_by = rng.choice(referrers) if referrers and rng.random() < 0.2 else None
        # Most people were known shortly before the history starts; some joined during it and
        # a few are new this week.
        if ident % 25 == 0:
            added = today - timedelta(days=rng.randrange(0, max(1, today.weekday() + 1)))
        elif rng.random() < 0.2:
            added = history_start + timedelta(days=rng.randrange(0, max(1, span)))
        else:
            added = history_start - timedelta(days=rng.randrange(1, 60))
        contacts.append(
            Contact(
                id=ident,
                name=name,
                added=added,
                company=company,
                title=rng.choice(TITLES) if company else "",
                emails=(f"{first.replace('é', 'e')}.{ident}@{domain}.example",),
                phones=(f"+1 555 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}",)
                if rng.random() < 0.6
                else (),
                tier=tier,
                relationship=relationship,
                tags=tuple(rng.sample(TAGS, rng.choice((0, 0, 1, 2)))),
                met_at=rng.choice(MET_AT) if rng.random() < 0.7 else "",
                referred_by=referred_by,
                notes="Prefers mornings. Two kids, plays golf." if ident % 17 == 0 else "",
            )
        )
        if relationship in (Relationship.CUSTOMER, Relationship.CONNECTOR):
            referrers.append(ident)
    return contacts


_CADENCE = {Tier.A: 14, Tier.B: 30, Tier.C: 90}


def _history(
    rng: random.Random,
    contacts: list[Contact],
    today: date,
    size: DemoSize,
) -> list[Touch]:
    """Weeks of touches before this week: each week the most overdue people get a touch,
    as many as a busy person manages; whoever is never reached goes cold."""
    if size.weeks == 0:
        return []
    this_week = Week.of(today)
    per_week = max(18, len(contacts) // 40)
    due: list[tuple[date, int]] = []
    first_week = this_week.shift(-size.weeks)
    for contact in contacts:
        if contact.added >= this_week.monday:
            continue
        offset = rng.randrange(0, _CADENCE[contact.tier])
        heapq.heappush(
            due, (max(contact.added, first_week.monday) + timedelta(days=offset), contact.id)
        )
    by_id = {contact.id: contact for contact in contacts}
    done_count: dict[int, int] = {}
    touches: list[Touch] = []
    for back in range(size.weeks, 0, -1):
        week = this_week.shift(-back)
        budget = int(per_week * rng.uniform(0.6, 1.1))
        chosen: list[int] = []
        while due and due[0][0] <= week.sunday and len(chosen) < budget:
            _, contact_id = heapq.heappop(due)
            chosen.append(contact_id)
        for contact_id in chosen:
            contact = by_id[contact_id]
            touch = _one_touch(rng, contact, week, done_count.get(contact_id, 0), back)
            touches.append(touch)
            if touch.status is TouchStatus.DONE:
                done_count[contact_id] = done_count.get(contact_id, 0) + 1
            gap = _CADENCE[contact.tier] * rng.uniform(0.8, 2.5)
            if rng.random() < 0.12:
                gap *= 4  # someone who slips through the cracks
            heapq.heappush(due, (touch.date + timedelta(days=int(gap)), contact_id))
    return touches


_SLOTS = {
    Purpose.PROSPECTING: (0, 9 * 60),
    Purpose.VALUE: (0, 9 * 60),
    Purpose.REFERRAL_ASK: (2, 9 * 60),
    Purpose.NETWORKING: (1, 12 * 60),
    Purpose.FOLLOW_UP: (4, 9 * 60),
}


def _one_touch(rng: random.Random, contact: Contact, week: Week, done: int, back: int) -> Touch:
    relationship = contact.relationship
    if relationship is Relationship.PROSPECT:
        purpose = Purpose.PROSPECTING if done else Purpose.VALUE
    elif relationship is Relationship.CUSTOMER and rng.random() < 0.25:
        purpose = Purpose.REFERRAL_ASK
    else:
        purpose = Purpose.NETWORKING
    if purpose is Purpose.VALUE:
        channel = rng.choice((Channel.EMAIL, Channel.MESSAGE))
    elif purpose is Purpose.NETWORKING:
        channel = rng.choice((Channel.COFFEE, Channel.CALL, Channel.MESSAGE))
    else:
        channel = Channel.CALL
    weekday, base = _SLOTS[purpose]
    day = week.days[(weekday + rng.choice((0, 0, 2))) % 5]
    start = time_of(base + 15 * rng.randrange(0, 6))
    length = {Channel.COFFEE: 60, Channel.CALL: 15, Channel.EMAIL: 10}.get(channel, 5)
    end = time_of(minutes_of(start) + length)
    roll = rng.random()
    if back == 1:  # last week: a few are still open, to be carried over by the next plan
        status = (
            TouchStatus.DONE
            if roll < 0.75
            else TouchStatus.PLANNED
            if roll < 0.9
            else TouchStatus.SKIPPED
        )
    else:
        status = TouchStatus.DONE if roll < 0.88 else TouchStatus.SKIPPED
    note = rng.choice(NOTES_DONE) if status is TouchStatus.DONE and rng.random() < 0.3 else ""
    follow_up = status is TouchStatus.DONE and back == 1 and rng.random() < 0.3
    return Touch(
        id=0,
        contact_id=contact.id,
        purpose=purpose,
        channel=channel,
        date=day,
        status=status,
        start=start,
        end=end,
        reason="",
        note=note,
        follow_up=follow_up,
    )
