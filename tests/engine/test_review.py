"""Looking back on a week: planned against done, real prospecting, goals, who went cold."""

from datetime import date, timedelta

from planner.domain import (
    BlockKind,
    Channel,
    Goal,
    GoalMetric,
    Purpose,
    Relationship,
    Settings,
    Tier,
    TouchStatus,
    Weekday,
)
from planner.engine import review_week
from tests.engine.build import MONDAY, TODAY, WEEK, block, contact, touch, touched

DONE, PLANNED = TouchStatus.DONE, TouchStatus.PLANNED
BLOCKS = [
    block(1, BlockKind.PROSPECTING, Weekday.MON, "09:00", "11:00"),
    block(2, BlockKind.NETWORKING, Weekday.TUE, "12:00", "13:00"),
]


def review(touches, contacts, history=None, goals=(), today=TODAY + timedelta(7)):
    return review_week(
        WEEK,
        touches=touches,
        contacts=contacts,
        history=history or {},
        blocks=BLOCKS,
        goals=goals,
        settings=Settings(),
        today=today,
    )


def test_planned_against_done_per_tier_and_purpose_and_real_prospecting_share():
    people = [contact(1, tier=Tier.A), contact(2, tier=Tier.B), contact(3, tier=Tier.B)]
    touches = [
        touch(1, 1, MONDAY, "09:00", "09:30", purpose=Purpose.PROSPECTING, status=DONE),
        touch(2, 2, MONDAY, "09:30", "09:45", purpose=Purpose.REFERRAL_ASK, status=DONE),
        touch(3, 3, MONDAY, "09:45", "10:00", purpose=Purpose.PROSPECTING, status=PLANNED),
        touch(4, 3, MONDAY, "10:00", "10:10", purpose=Purpose.VALUE, status=DONE),
        touch(5, 2, MONDAY + timedelta(1), "12:00", "12:15", status=TouchStatus.SKIPPED),
        touch(6, 1, MONDAY + timedelta(7), "09:00", "09:30", status=DONE),  # next week
    ]
    result = review(touches, people).to_json()
    assert result["by_tier"] == {
        "A": {"planned": 1, "done": 1},
        "B": {"planned": 4, "done": 2},
        "C": {"planned": 0, "done": 0},
    }
    assert result["by_purpose"]["prospecting"] == {"planned": 2, "done": 1}
    assert result["by_purpose"]["value"] == {"planned": 1, "done": 1}
    # 30 + 15 done prospecting-purpose minutes of 180 blocked; value and planned ones do not count.
    assert result["prospecting_minutes"] == 45
    assert result["prospecting_share"] == 25.0
    assert [item["id"] for item in result["unfinished"]] == [3]


def test_goals_count_done_touches_only():
    people = [contact(1, tier=Tier.A), contact(2)]
    touches = [
        touch(1, 1, MONDAY, "09:00", "10:00", channel=Channel.COFFEE, status=DONE),
        touch(2, 2, MONDAY, "10:00", "10:45", channel=Channel.MEETING, status=PLANNED),
    ]
    goals = [Goal(1, GoalMetric.MEETINGS_BOOKED, 2), Goal(2, GoalMetric.TOUCHES_DONE, 1, Tier.A)]
    result = review(touches, people, goals=goals).to_json()
    assert [(goal["id"], goal["value"], goal["met"]) for goal in result["goals"]] == [
        (1, 1, False),
        (2, 1, True),
    ]


def test_contacts_gone_cold_by_tier_coldest_first_leaving_out_archived_and_never_touched():
    today = date(2026, 12, 1)
    people = [
        contact(1, tier=Tier.B, name="Cold B"),
        contact(2, tier=Tier.A, name="Cool A"),
        contact(3, tier=Tier.A, name="Coldest A"),
        contact(4, tier=Tier.A, name="Warm A"),
        contact(5, tier=Tier.A, name="Archived", archived=True),
        contact(6, tier=Tier.A, name="Never"),
        contact(7, Relationship.FRIEND, tier=Tier.C, name="Cold friend"),
    ]
    history = {
        1: touched(today - timedelta(70)),  # B cadence 30: 0.5 ** (70/30) = 0.20
        2: touched(today - timedelta(30)),  # A cadence 14: 0.23
        3: touched(today - timedelta(90)),  # 0.01
        4: touched(today - timedelta(20)),  # 0.37, warm enough
        5: touched(today - timedelta(200)),
        7: touched(today - timedelta(400)),
    }
    cold = review([], people, history, today=today).cold
    assert [(item.name, item.tier) for item in cold] == [
        ("Coldest A", Tier.A),
        ("Cool A", Tier.A),
        ("Cold B", Tier.B),
        ("Cold friend", Tier.C),
    ]
    assert all(item.warmth < 0.25 for item in cold)
