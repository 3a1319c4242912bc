"""The weekly session in the engine: contacts to sort are never planned, the review counts
channels, the weeks before it come in a few numbers, goal streaks and the week to review."""

from datetime import datetime, timedelta

import pytest

from planner.domain import (
    BlockKind,
    Channel,
    Goal,
    GoalMetric,
    Purpose,
    Settings,
    Tier,
    TouchStatus,
    Weekday,
)
from planner.domain.rules import measure_goal
from planner.engine import Streak, review_week, streak, summarize_week, week_numbers, week_to_review
from tests.engine.build import MONDAY, TODAY, WEEK, block, by_contact, contact, plan, touch

DONE, PLANNED = TouchStatus.DONE, TouchStatus.PLANNED
PROSPECTING_MON = block(1, BlockKind.PROSPECTING, Weekday.MON, "09:00", "12:00")
NETWORKING_TUE = block(2, BlockKind.NETWORKING, Weekday.TUE, "12:00", "14:00")
ROOMY = [PROSPECTING_MON, NETWORKING_TUE]


def test_contacts_still_to_sort_are_never_planned_and_the_summary_counts_them():
    people = [
        contact(1),
        contact(2, to_sort=True),
        contact(3, to_sort=True, tier=Tier.A),
        contact(4, to_sort=True, archived=True),  # archived: not waiting for anything
    ]
    result = plan(people, blocks=ROOMY)
    assert set(by_contact(result)) == {1}
    no_room = plan(people, blocks=[])
    assert [item.contact_id for item in no_room.unplaced] == [1], "nor listed as not fitting"
    assert result.summary.to_sort == 2
    assert result.summary.to_json()["to_sort"] == 2
    again = summarize_week(
        WEEK,
        touches=result.add,
        contacts=people,
        blocks=ROOMY,
        goals=[],
        settings=Settings(),
    )
    assert again.to_sort == 2


def test_the_review_counts_planned_against_done_per_channel_with_every_channel_present():
    people = [contact(1), contact(2)]
    touches = [
        touch(1, 1, MONDAY, "09:00", "09:15", channel=Channel.CALL, status=DONE),
        touch(2, 2, MONDAY, "09:15", "09:30", channel=Channel.CALL, status=PLANNED),
        touch(3, 2, MONDAY + timedelta(1), "12:00", "13:00", channel=Channel.COFFEE, status=DONE),
        touch(4, 1, MONDAY + timedelta(7), "09:00", "09:15", channel=Channel.EMAIL, status=DONE),
    ]
    result = review_week(
        WEEK,
        touches=touches,
        contacts=people,
        history={},
        blocks=ROOMY,
        goals=[],
        settings=Settings(),
        today=TODAY + timedelta(7),
    ).to_json()
    assert list(result["by_channel"]) == [channel.value for channel in Channel]
    assert result["by_channel"]["call"] == {"planned": 2, "done": 1}
    assert result["by_channel"]["coffee"] == {"planned": 1, "done": 1}
    assert result["by_channel"]["email"] == {"planned": 0, "done": 0}, "next week's is not in"


def test_week_numbers_are_the_reviews_numbers_done_per_tier_and_channel():
    people = [contact(1, tier=Tier.A), contact(2, tier=Tier.C)]
    touches = [
        touch(1, 1, MONDAY, "09:00", "09:30", purpose=Purpose.PROSPECTING, status=DONE),
        touch(2, 2, MONDAY, "09:30", "10:00", purpose=Purpose.REFERRAL_ASK, status=DONE),
        touch(3, 2, MONDAY, "10:00", "10:30", purpose=Purpose.PROSPECTING, status=PLANNED),
        touch(4, 1, MONDAY + timedelta(1), None, None, channel=Channel.COFFEE, status=DONE),
        touch(5, 9, MONDAY + timedelta(1), "12:00", "12:15", status=DONE),  # removed contact
    ]
    numbers = week_numbers(
        WEEK, touches=touches, tiers={1: Tier.A, 2: Tier.C}, blocks=ROOMY, settings=Settings()
    )
    review = review_week(
        WEEK,
        touches=touches,
        contacts=people,
        history={},
        blocks=ROOMY,
        goals=[],
        settings=Settings(),
        today=TODAY,
    )
    assert numbers.prospecting_minutes == review.prospecting_minutes == 60
    assert numbers.prospecting_share == review.prospecting_share == 20.0  # 60 of 300 blocked
    assert numbers.blocked_minutes == 300
    assert numbers.done_by_tier == {Tier.A: 2, Tier.B: 0, Tier.C: 1}
    assert numbers.done_by_channel[Channel.CALL] == 3
    assert numbers.done_by_channel[Channel.COFFEE] == 1
    assert numbers.done == 4


def test_a_goal_per_channel_counts_done_touches_by_that_channel_only():
    calls_with_a = Goal(1, GoalMetric.TOUCHES_DONE, 2, tier=Tier.A, channel=Channel.CALL)
    touches = [
        touch(1, 1, MONDAY, "09:00", "09:15", channel=Channel.CALL, status=DONE),
        touch(2, 2, MONDAY, "09:15", "09:30", channel=Channel.CALL, status=DONE),
        touch(3, 1, MONDAY, "09:30", "09:40", channel=Channel.EMAIL, status=DONE),
        touch(4, 1, MONDAY, "10:00", "10:15", channel=Channel.CALL, status=PLANNED),
    ]

    def measured(goal: Goal, projected: bool = False) -> float:
        return measure_goal(
            goal,
            touches=touches,
            blocked={},
            tiers={1: Tier.A, 2: Tier.B},
            new_contacts=0,
            settings=Settings(),
            projected=projected,
        ).value

    assert measured(calls_with_a) == 1 and measured(calls_with_a, projected=True) == 2
    assert measured(calls_with_a.but(tier=None)) == 2
    assert measured(calls_with_a.but(channel=Channel.EMAIL)) == 1
    assert calls_with_a.describe() == "Touches done (A, call) ≥ 2"
    assert calls_with_a.but(tier=None).describe() == "Touches done (call) ≥ 2"


@pytest.mark.parametrize(
    ("results", "complete", "expected", "text"),
    [
        ([False, True, True, True, True, True], True, Streak(True, 5), "met 5 weeks running"),
        ([True, False, False, False], True, Streak(False, 3), "missed 3 weeks running"),
        ([False, True], True, Streak(True, 1), "met"),
        ([True, True], True, Streak(True, 2), "met 2 weeks running"),
        ([True, True], False, Streak(True, 2, longer=True), "met 2+ weeks running"),
        ([False], True, Streak(False, 1), "missed"),
    ],
)
def test_a_streak_is_the_run_of_equal_weeks_up_to_the_last(results, complete, expected, text):
    found = streak(results, complete=complete)
    assert found == expected and found.text == text


def test_the_review_opens_on_the_last_week_that_ended_or_this_one_once_its_blocks_are_over():
    friday = block(3, BlockKind.ADMIN, Weekday.FRI, "16:00", "17:00")
    blocks = [*ROOMY, friday]
    this_friday = WEEK.monday + timedelta(4)
    assert week_to_review(blocks, datetime(2026, 11, 23, 8, 0)) == WEEK.shift(-1)
    assert week_to_review(blocks, datetime.combine(this_friday, friday.start)) == WEEK.shift(-1)
    assert week_to_review(blocks, datetime.combine(this_friday, friday.end)) == WEEK
    assert week_to_review([], datetime(2026, 11, 29, 23, 0)) == WEEK.shift(-1)
    one_off = block(4, BlockKind.ADMIN, WEEK.monday + timedelta(12), "09:00", "10:00")
    assert week_to_review([one_off], datetime(2026, 11, 29, 23, 0)) == WEEK.shift(-1)


def test_who_went_cold_reads_the_same_off_a_heat_map_of_the_same_day():
    from datetime import date

    from planner.engine import ContactHistory, cold_in_heatmap, gone_cold, heatmap

    today = date(2026, 12, 1)
    people = [
        contact(1, tier=Tier.A, name="Ana"),
        contact(2, tier=Tier.A, name="Bo"),
        contact(3, tier=Tier.C, name="Cem"),
        contact(4, tier=Tier.B, name="Dee", archived=True),
        contact(5, tier=Tier.B, name="Eve"),  # never touched: never warm, so never cold
        contact(6, tier=Tier.B, name="Fay"),
    ]
    last = {
        1: date(2026, 9, 1),
        2: date(2026, 11, 20),
        3: date(2025, 1, 1),
        4: date(2025, 1, 1),
        6: date(2026, 8, 1),
    }
    history = {ident: ContactHistory(last_done=day, done_count=1) for ident, day in last.items()}
    cold = gone_cold(people, history, Settings(), today)
    assert [each.name for each in cold] == ["Ana", "Fay", "Cem"]
    heat = heatmap(
        contacts=people,
        done_dates_by_contact={ident: [day] for ident, day in last.items()},
        last_done=last,
        today=today,
        weeks=12,
        settings=Settings(),
    )
    assert cold_in_heatmap(heat, Settings().cold_below) == cold
