from datetime import date, time

import pytest

from planner.domain import (
    BlockKind,
    Channel,
    Contact,
    Goal,
    GoalMetric,
    Purpose,
    Settings,
    Tier,
    TimeBlock,
    Touch,
    TouchStatus,
    Week,
    Weekday,
)
from planner.domain.rules import blocked_minutes, due_date, measure_goal, warmth

TODAY = date(2026, 11, 23)


def test_default_cadences_are_14_30_and_90_days():
    settings = Settings()
    ana = Contact(id=1, name="Ana", added=TODAY)
    assert [ana.but(tier=tier).cadence(settings) for tier in Tier] == [14, 30, 90]
    assert ana.but(cadence_days=7).cadence(settings) == 7


def test_channel_durations_default_as_documented():
    settings = Settings()
    assert {channel.value: settings.minutes_for(channel) for channel in Channel} == {
        "call": 15,
        "email": 10,
        "message": 5,
        "social": 5,
        "note": 10,
        "meeting": 45,
        "coffee": 60,
        "event": 120,
    }


def test_warmth_halves_every_cadence_and_is_zero_when_never_touched():
    assert warmth(TODAY, TODAY, 14) == 1.0
    assert warmth(date(2026, 11, 9), TODAY, 14) == pytest.approx(0.5)
    assert warmth(date(2026, 10, 26), TODAY, 14) == pytest.approx(0.25)
    assert warmth(None, TODAY, 14) == 0.0


def test_due_is_last_done_plus_cadence_or_the_day_added():
    ana = Contact(id=1, name="Ana", added=date(2026, 9, 1), tier=Tier.B)
    assert due_date(ana, None, Settings()) == date(2026, 9, 1)
    assert due_date(ana, date(2026, 11, 1), Settings()) == date(2026, 12, 1)


def test_week_parse_print_and_span():
    week = Week.parse("2026-w48")
    assert str(week) == "2026-W48"
    assert week.monday == TODAY and week.sunday == date(2026, 11, 29)
    assert week.span == "23–29 Nov 2026"
    assert Week.parse("2026-W49").span == "30 Nov – 6 Dec 2026"
    assert Week.parse("2026-W53").span == "28 Dec 2026 – 3 Jan 2027"
    assert str(Week.of(date(2027, 1, 1))) == "2026-W53"
    assert week.shift(-1) == Week.parse("2026-W47")


def test_blocked_minutes_count_weekly_and_one_off_blocks_of_the_week():
    blocks = [
        TimeBlock(1, BlockKind.PROSPECTING, time(9), time(11), day=Weekday.MON),
        TimeBlock(2, BlockKind.NETWORKING, time(12), time(13), date=date(2026, 11, 25)),
        TimeBlock(3, BlockKind.NETWORKING, time(12), time(13), date=date(2026, 12, 2)),
    ]
    totals = blocked_minutes(blocks, Week.of(TODAY))
    assert totals[BlockKind.PROSPECTING] == 120 and totals[BlockKind.NETWORKING] == 60
    assert totals[BlockKind.ADMIN] == 0


def test_goal_progress_counts_done_touches_and_projects_planned_ones():
    def touch(ident, purpose, status, minutes=30):
        return Touch(
            ident,
            contact_id=ident,
            purpose=purpose,
            channel=Channel.CALL,
            date=TODAY,
            status=status,
            start=time(9),
            end=time(9, minutes),
        )

    touches = [
        touch(1, Purpose.PROSPECTING, TouchStatus.DONE),
        touch(2, Purpose.REFERRAL_ASK, TouchStatus.PLANNED),
        touch(3, Purpose.NETWORKING, TouchStatus.DONE),
    ]
    blocked = {BlockKind.PROSPECTING: 120, BlockKind.NETWORKING: 30}
    share = Goal(1, GoalMetric.PROSPECTING_SHARE, 40)
    common = dict(
        touches=touches,
        blocked=blocked,
        tiers={1: Tier.A, 2: Tier.B, 3: Tier.A},
        new_contacts=0,
        settings=Settings(),
    )
    done = measure_goal(share, **common)
    assert done.value == 20.0 and not done.met and done.text == "20 % of 40 %"
    assert measure_goal(share, projected=True, **common).value == 40.0
    tier_a = Goal(2, GoalMetric.TOUCHES_DONE, 2, tier=Tier.A)
    assert measure_goal(tier_a, **common).met
