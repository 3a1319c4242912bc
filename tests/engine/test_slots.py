"""Placing touches by hand: `check_move` refuses in words, `free_slot` finds the next free time."""

from datetime import date, datetime, time

import pytest

from planner.domain import BlockKind, Channel, Purpose, Settings, Tier, TouchStatus, ValidationError
from planner.domain import Weekday as Day
from planner.engine import check_move, free_slot
from tests.engine.build import MONDAY, NOW, WEEK, block, contact, touch

TUESDAY = date(2026, 11, 24)
BLOCKS = [
    block(1, BlockKind.PROSPECTING, Day.MON, "09:00", "11:00"),
    block(2, BlockKind.PROSPECTING, Day.TUE, "09:00", "10:00"),
    block(3, BlockKind.NETWORKING, Day.TUE, "12:00", "13:00"),
]
CALL = touch(10, 1, MONDAY, "09:00", "09:15", purpose=Purpose.PROSPECTING, block_id=1)
ANA_CALL = touch(11, 2, TUESDAY, "09:15", "09:30", purpose=Purpose.VALUE, block_id=2)
NAMES = {1: "Bo Berg", 2: "Ana Müller"}


def move(day: date, start: str, *, moving=CALL, others=(CALL, ANA_CALL), now=NOW):
    return check_move(
        moving,
        day,
        time.fromisoformat(start),
        blocks=BLOCKS,
        week_touches=others,
        settings=Settings(),
        now=now,
        names=NAMES,
    )


def refusal(*args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        move(*args, **kwargs)
    return caught.value.message


def test_a_move_into_free_time_of_a_matching_block_is_placed_by_hand():
    moved = move(TUESDAY, "09:30")
    assert (moved.date, moved.start, moved.end) == (TUESDAY, time(9, 30), time(9, 45))
    assert moved.block_id == 2 and moved.manual
    assert (moved.id, moved.contact_id, moved.purpose) == (CALL.id, 1, Purpose.PROSPECTING)


def test_a_touch_may_move_within_its_own_time():
    assert move(MONDAY, "09:05").start == time(9, 5)


def test_overlapping_another_touch_names_it():
    assert refusal(TUESDAY, "09:05") == (
        "Tue 24 Nov 09:05 overlaps Call with Ana Müller at 09:15; pick a free time."
    )


def test_skipped_touches_do_not_hold_their_time():
    skipped = ANA_CALL.but(status=TouchStatus.SKIPPED)
    assert move(TUESDAY, "09:15", others=(CALL, skipped)).start == time(9, 15)


def test_outside_any_matching_block_is_refused_with_the_blocks_of_that_day():
    assert refusal(TUESDAY, "11:00") == (
        "11:00 is outside the prospecting blocks on Tue 24 Nov (09:00–10:00)."
    )
    assert refusal(TUESDAY, "12:00") == (
        "12:00 is outside the prospecting blocks on Tue 24 Nov (09:00–10:00)."
    )
    assert refusal(date(2026, 11, 25), "09:00") == (
        "There is no prospecting block on Wed 25 Nov; prospecting touches go in prospecting blocks."
    )


def test_running_past_the_end_of_the_block_is_refused():
    assert refusal(TUESDAY, "09:50") == (
        "A 15-minute call from 09:50 runs past the end of the prospecting block at 10:00."
    )


def test_the_past_is_refused():
    later = datetime(2026, 11, 24, 9, 40)
    assert refusal(TUESDAY, "09:30", now=later) == (
        "Tue 24 Nov 09:30 has already passed; pick a time from now on."
    )


def test_only_planned_touches_move():
    done = CALL.but(status=TouchStatus.DONE)
    assert refusal(TUESDAY, "09:30", moving=done) == (
        "Only planned touches can be moved; this one is done."
    )


def slot(person, purpose, *, touches=(), now=NOW, channel=None):
    return free_slot(
        person,
        purpose,
        week=WEEK,
        blocks=BLOCKS,
        week_touches=touches,
        settings=Settings(),
        now=now,
        channel=channel,
    )


def test_free_slot_is_the_earliest_free_time_from_now_on():
    found = slot(contact(3), Purpose.PROSPECTING, touches=[CALL])
    assert (found.date, found.start, found.end, found.block.id, found.channel) == (
        MONDAY,
        time(9, 15),
        time(9, 30),
        1,
        Channel.CALL,
    )
    later = datetime(2026, 11, 23, 10, 52)
    found = slot(contact(3), Purpose.PROSPECTING, now=later)
    assert (found.date, found.start) == (TUESDAY, time(9))


def test_free_slot_falls_back_to_a_shorter_channel_or_gives_none():
    ana = contact(3, tier=Tier.A)
    busy = [touch(20, 9, TUESDAY, "12:00", "12:30")]
    found = slot(ana, Purpose.NETWORKING, touches=busy)
    assert (found.channel, found.start) == (Channel.CALL, time(12, 30))
    assert slot(ana, Purpose.NETWORKING, touches=busy, channel=Channel.COFFEE) is None
    assert slot(ana, Purpose.FOLLOW_UP) is None
