"""Busy time from the user's calendars: never planned over, moves refuse it by name, the heat
map's slot avoids it, and the summary says how much blocked time it took."""

from datetime import date, datetime, time, timedelta

import pytest

from planner.domain import (
    BlockKind,
    Busy,
    Channel,
    Purpose,
    Relationship,
    Settings,
    Tier,
    TouchStatus,
    ValidationError,
    Weekday,
)
from planner.engine import check_move, free_slot, summarize_week
from tests.engine.build import (
    LAST_WEEK,
    MONDAY,
    NOW,
    TODAY,
    WEEK,
    block,
    busy,
    by_contact,
    contact,
    plan,
    touch,
    touched,
)

TUESDAY = MONDAY + timedelta(1)
PROSPECTING_MON = block(1, BlockKind.PROSPECTING, Weekday.MON, "09:00", "10:00")
NETWORKING_TUE = block(2, BlockKind.NETWORKING, Weekday.TUE, "12:00", "13:00")
FOLLOW_UP_MON = block(3, BlockKind.FOLLOW_UP, Weekday.MON, "16:00", "17:00")
BLOCKS = [PROSPECTING_MON, NETWORKING_TUE, FOLLOW_UP_MON]
PROSPECT = Relationship.PROSPECT


def prospects(count: int) -> list:
    """Prospects touched once long ago: each gets a 15-minute prospecting call."""
    return [contact(ident, PROSPECT, Tier.B) for ident in range(1, count + 1)]


def long_ago(people) -> dict:
    return {person.id: touched(TODAY - timedelta(200)) for person in people}


def starts(result) -> list[str]:
    return sorted(f"{item.start:%H:%M}" for item in result.add)


# Planning -------------------------------------------------------------------------------------


def test_the_plan_leaves_a_meeting_inside_a_block_free():
    people = prospects(4)
    meeting = busy(MONDAY, "09:15", "09:45")
    result = plan(people, blocks=[PROSPECTING_MON], history=long_ago(people), busy=[meeting])
    assert starts(result) == ["09:00", "09:45"]
    full = "no free time left in a prospecting block"
    assert [item.reason for item in result.unplaced] == [full, full]


def test_without_busy_time_the_same_block_holds_four_calls():
    people = prospects(4)
    result = plan(people, blocks=[PROSPECTING_MON], history=long_ago(people))
    assert starts(result) == ["09:00", "09:15", "09:30", "09:45"]


def test_a_buffer_keeps_time_free_before_and_after_the_meeting():
    people = prospects(4)
    meeting = busy(MONDAY, "09:30", "09:45", buffer=15)
    result = plan(people, blocks=[PROSPECTING_MON], history=long_ago(people), busy=[meeting])
    assert starts(result) == ["09:00"]  # 09:15 to 10:00 is the meeting and its buffers


def test_busy_time_on_another_day_or_outside_the_blocks_changes_nothing():
    people = prospects(4)
    elsewhere = [
        busy(TUESDAY, "09:00", "10:00"),
        busy(MONDAY, "10:00", "11:00"),
        busy(MONDAY - timedelta(7), "09:00", "10:00"),
    ]
    result = plan(people, blocks=[PROSPECTING_MON], history=long_ago(people), busy=elsewhere)
    assert starts(result) == ["09:00", "09:15", "09:30", "09:45"]


def test_a_block_taken_whole_by_an_all_day_event_gets_nothing():
    people = prospects(2)
    all_day = Busy(MONDAY, time(0), time(0), "holidays", "Company offsite")
    result = plan(people, blocks=[PROSPECTING_MON], history=long_ago(people), busy=[all_day])
    assert result.add == ()
    assert {item.contact_id for item in result.unplaced} == {1, 2}


def test_a_carried_over_touch_and_a_follow_up_avoid_busy_time_too():
    carried = contact(1, PROSPECT, Tier.B)
    followed = contact(2, Relationship.CUSTOMER, Tier.B)
    source = touch(50, 1, LAST_WEEK.monday, "09:00", "09:15", purpose=Purpose.PROSPECTING)
    done = touch(
        60,
        2,
        LAST_WEEK.monday,
        "16:00",
        "16:15",
        status=TouchStatus.DONE,
        follow_up=True,
        note="Send the proposal",
    )
    meetings = [busy(MONDAY, "09:00", "09:30"), busy(MONDAY, "16:00", "16:40", "Board call")]
    result = plan(
        [carried, followed],
        blocks=BLOCKS,
        history={1: touched(TODAY), 2: touched(LAST_WEEK.monday)},
        carry=[source],
        follow_ups=[done],
        busy=meetings,
    )
    added = by_contact(result)
    assert added[1].carried_over and f"{added[1].start:%H:%M}" == "09:30"
    assert added[2].purpose is Purpose.FOLLOW_UP and f"{added[2].start:%H:%M}" == "16:40"


def test_busy_time_in_any_order_gives_the_same_plan():
    people = prospects(6)
    meetings = [busy(MONDAY, "09:10", "09:20"), busy(MONDAY, "09:40", "09:50", "Stand-up")]
    first = plan(people, blocks=[PROSPECTING_MON], history=long_ago(people), busy=meetings)
    again = plan(people, blocks=[PROSPECTING_MON], history=long_ago(people), busy=meetings[::-1])
    assert first.to_json() == again.to_json()


# Moving by hand --------------------------------------------------------------------------------

CALL = touch(10, 1, MONDAY, "09:00", "09:15", purpose=Purpose.PROSPECTING, block_id=1)


def move(start: str, events, day: date = MONDAY):
    return check_move(
        CALL,
        day,
        time.fromisoformat(start),
        blocks=BLOCKS,
        week_touches=[CALL],
        settings=Settings(),
        now=NOW,
        names={1: "Ana Müller"},
        busy=events,
    )


def refusal(start: str, events) -> str:
    with pytest.raises(ValidationError) as caught:
        move(start, events)
    return caught.value.message


def test_a_move_onto_a_meeting_is_refused_naming_it():
    demo = busy(MONDAY, "09:30", "10:00")
    assert refusal("09:20", [demo]) == (
        "Mon 23 Nov 09:20 clashes with 'Customer demo' 09:30–10:00, work calendar; "
        "pick a free time."
    )


def test_a_move_into_a_buffer_says_so():
    demo = busy(MONDAY, "09:45", "10:30", calendar="Work calendar", buffer=10)
    assert refusal("09:25", [demo]) == (
        "Mon 23 Nov 09:25 clashes with 'Customer demo' 09:45–10:30, Work calendar "
        "(with 10 minutes kept free around it); pick a free time."
    )


def test_a_move_right_up_to_a_meeting_is_allowed():
    demo = busy(MONDAY, "09:30", "10:00")
    moved = move("09:15", [demo])
    assert (moved.start, moved.end) == (time(9, 15), time(9, 30))


def test_an_event_without_a_title_is_still_named_by_its_time_and_calendar():
    untitled = busy(MONDAY, "09:00", "09:20", summary="", calendar="home")
    assert refusal("09:05", [untitled]) == (
        "Mon 23 Nov 09:05 clashes with an event without a title 09:00–09:20, home calendar; "
        "pick a free time."
    )


# The next free slot -----------------------------------------------------------------------------


def test_the_next_free_slot_skips_busy_time():
    found = free_slot(
        contact(3, PROSPECT),
        Purpose.PROSPECTING,
        week=WEEK,
        blocks=BLOCKS,
        week_touches=[],
        settings=Settings(),
        now=NOW,
        busy=[busy(MONDAY, "09:00", "09:40", buffer=5)],
    )
    assert (found.date, found.start, found.end, found.channel) == (
        MONDAY,
        time(9, 45),
        time(10, 0),
        Channel.CALL,
    )


def test_no_free_slot_when_meetings_fill_every_matching_block():
    found = free_slot(
        contact(3, PROSPECT),
        Purpose.PROSPECTING,
        week=WEEK,
        blocks=BLOCKS,
        week_touches=[],
        settings=Settings(),
        now=NOW,
        busy=[busy(MONDAY, "08:00", "12:00")],
    )
    assert found is None


# The summary ------------------------------------------------------------------------------------


def test_the_summary_counts_blocked_time_that_meetings_took_once_per_minute():
    events = [
        busy(MONDAY, "08:30", "09:20"),  # 20 minutes inside the prospecting block
        busy(MONDAY, "09:10", "09:30", "Overlapping call"),  # adds 09:20-09:30 only
        busy(TUESDAY, "12:45", "13:15", buffer=5),  # 12:40 to 13:00 of the networking block
        busy(TUESDAY, "09:00", "10:00"),  # outside any block
        busy(MONDAY + timedelta(7), "09:00", "10:00"),  # next week
    ]
    summary = summarize_week(
        WEEK,
        touches=[],
        contacts=[],
        blocks=BLOCKS,
        goals=[],
        settings=Settings(),
        busy=events,
    )
    assert summary.to_json()["busy_minutes"] == {
        "prospecting": 30,
        "networking": 20,
        "follow_up": 0,
        "admin": 0,
    }
    assert summary.to_json()["blocked_minutes"]["prospecting"] == 60


def test_the_plan_summary_carries_the_busy_minutes():
    meeting = busy(MONDAY, "09:15", "09:45")
    result = plan([], blocks=[PROSPECTING_MON], busy=[meeting])
    assert result.summary.busy_minutes[BlockKind.PROSPECTING] == 30


# The value itself ---------------------------------------------------------------------------------


def test_busy_time_to_midnight_ends_at_24_00():
    late = Busy(MONDAY, time(23), time(0), "work", "Release")
    assert (late.minutes, late.label_end) == (60, "24:00")
    assert late.to_json() == {
        "date": "2026-11-23",
        "start": "23:00",
        "end": "24:00",
        "calendar": "work",
        "summary": "Release",
    }


def test_busy_time_that_ends_before_it_starts_or_has_a_wild_buffer_is_refused():
    with pytest.raises(ValidationError, match="must end after it starts"):
        Busy(MONDAY, time(10), time(9), "work")
    with pytest.raises(ValidationError, match="0 to 240 minutes"):
        Busy(MONDAY, time(9), time(10), "work", buffer=-5)


def test_a_buffer_never_reaches_past_the_day():
    early = Busy(MONDAY, time(0, 5), time(23, 50), "work", buffer=30)
    assert early.blocked == (0, 24 * 60)


def test_now_is_still_respected_with_busy_time():
    people = prospects(2)
    later = datetime.combine(MONDAY, time(9, 20))
    result = plan(
        people,
        blocks=[PROSPECTING_MON],
        history=long_ago(people),
        now=later,
        busy=[busy(MONDAY, "09:30", "09:45")],
    )
    assert starts(result) == ["09:45"]
