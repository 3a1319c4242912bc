"""One test per planning rule of issue 3, on small hand-built networks with a fixed `now`."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta

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
from planner.engine import plan_week
from tests.engine.build import (
    LAST_WEEK,
    MONDAY,
    TODAY,
    WEEK,
    Ledger,
    block,
    by_contact,
    contact,
    plan,
    request,
    touch,
    touched,
)

CUSTOMER, PROSPECT, FRIEND = Relationship.CUSTOMER, Relationship.PROSPECT, Relationship.FRIEND
CONNECTOR, PEER = Relationship.CONNECTOR, Relationship.PEER
PROSPECTING_MON = block(1, BlockKind.PROSPECTING, Weekday.MON, "09:00", "12:00")
NETWORKING_TUE = block(2, BlockKind.NETWORKING, Weekday.TUE, "12:00", "14:00")
FOLLOW_UP_WED = block(3, BlockKind.FOLLOW_UP, Weekday.WED, "16:00", "17:00")
ROOMY = [PROSPECTING_MON, NETWORKING_TUE, FOLLOW_UP_WED]


def overdue_by(days: int, cadence: int = 30) -> date:
    """A last-done date that makes a contact with `cadence` exactly `days` overdue today."""
    return TODAY - timedelta(days=cadence + days)


# Who is due -------------------------------------------------------------------------------


def test_due_on_or_before_sunday_is_planned_and_later_is_not():
    sunday = contact(1)  # B: cadence 30
    monday_after = contact(2)
    history = {1: touched(WEEK.sunday - timedelta(30)), 2: touched(WEEK.sunday - timedelta(29))}
    result = plan([sunday, monday_after], blocks=ROOMY, history=history)
    assert set(by_contact(result)) == {1}
    assert by_contact(result)[1].reason == "B connector, due in 6 days — networking"


def test_archived_contacts_are_never_planned():
    result = plan([contact(1, archived=True), contact(2)], blocks=ROOMY)
    assert set(by_contact(result)) == {2}
    assert result.unplaced == ()


def test_contacts_with_a_touch_planned_in_another_week_are_not_offered_again():
    result = plan(
        [contact(1), contact(2)], blocks=ROOMY, planned_elsewhere={1: WEEK.monday + timedelta(9)}
    )
    assert set(by_contact(result)) == {2}
    assert result.unplaced == ()


def test_never_touched_contacts_are_due_from_the_day_they_were_added():
    added_monday = contact(1, PROSPECT, added=MONDAY)
    added_next_week = contact(2, PROSPECT, added=WEEK.sunday + timedelta(1))
    result = plan([added_monday, added_next_week], blocks=ROOMY)
    assert set(by_contact(result)) == {1}
    assert by_contact(result)[1].reason == "New B prospect, added today — value first, no ask"


# Priority -----------------------------------------------------------------------------------


def one_call_slot():
    """Room for exactly one 15-minute call."""
    return [block(1, BlockKind.PROSPECTING, Weekday.MON, "09:00", "09:15")]


def test_more_overdue_relative_to_cadence_goes_first():
    # 10 days over a 14-day cadence beats 20 days over a 90-day cadence.
    a_tier = contact(1, PROSPECT, Tier.A)
    c_tier = contact(2, PROSPECT, Tier.C)
    history = {1: touched(overdue_by(10, 14)), 2: touched(overdue_by(20, 90))}
    result = plan([c_tier, a_tier], blocks=one_call_slot(), history=history)
    assert [added.contact_id for added in result.add] == [1]
    assert [item.contact_id for item in result.unplaced] == [2]
    assert result.unplaced[0].reason == "no free time left in a prospecting block"
    assert result.unplaced[0].wanted == "C prospect, 20 days overdue — prospecting"


def test_tier_a_before_b_before_c_when_equally_overdue():
    people = [contact(ident, PROSPECT, tier) for ident, tier in ((1, Tier.C), (2, Tier.A))]
    people.append(contact(3, PROSPECT, Tier.B))
    cadences = {1: 90, 2: 14, 3: 30}
    history = {
        ident: touched(overdue_by(cadences[ident] // 2, cadences[ident])) for ident in (1, 3)
    }
    history[2] = touched(overdue_by(7, 14))  # 7/14 == 45/90 == 15/30
    result = plan(people, blocks=one_call_slot(), history=history)
    assert [added.contact_id for added in result.add] == [2]
    assert [item.contact_id for item in result.unplaced] == [3, 1]


def test_contact_id_breaks_remaining_ties():
    people = [contact(ident, PROSPECT) for ident in (7, 3, 5)]
    history = {ident: touched(overdue_by(4)) for ident in (7, 3, 5)}
    result = plan(people, blocks=one_call_slot(), history=history)
    assert [added.contact_id for added in result.add] == [3]
    assert [item.contact_id for item in result.unplaced] == [5, 7]


def test_carried_over_touches_go_before_the_most_overdue():
    overdue = contact(1, PROSPECT, Tier.A)
    carried = contact(2, PROSPECT, Tier.C)
    source = touch(50, 2, LAST_WEEK.monday, "09:00", "09:15", purpose=Purpose.PROSPECTING)
    result = plan(
        [overdue, carried],
        blocks=one_call_slot(),
        history={1: touched(overdue_by(300, 14)), 2: touched(TODAY)},
        carry=[source],
    )
    assert [(added.contact_id, added.carried_over) for added in result.add] == [(2, True)]
    assert [item.contact_id for item in result.unplaced] == [1]


# Purpose --------------------------------------------------------------------------------------


def purposes(people, history, settings=None):
    result = plan(people, blocks=ROOMY, history=history, settings=settings)
    return {ident: added.purpose for ident, added in by_contact(result).items()}


def test_friends_get_networking_only_even_when_they_are_overdue_for_years():
    friend = contact(1, FRIEND, Tier.A)
    assert purposes([friend], {1: touched(overdue_by(700, 14), 9)}) == {1: Purpose.NETWORKING}


def test_customers_get_a_referral_ask_only_when_none_was_done_in_90_days():
    people = [contact(ident, CUSTOMER) for ident in (1, 2, 3)]
    history = {
        1: touched(overdue_by(5), 4, last_ask=None),
        2: touched(overdue_by(5), 4, last_ask=TODAY - timedelta(89)),
        3: touched(overdue_by(5), 4, last_ask=TODAY - timedelta(90)),
    }
    result = plan(people, blocks=ROOMY, history=history)
    chosen = by_contact(result)
    assert {ident: item.purpose for ident, item in chosen.items()} == {
        1: Purpose.REFERRAL_ASK,
        2: Purpose.NETWORKING,
        3: Purpose.REFERRAL_ASK,
    }
    assert chosen[1].reason == "B customer, 5 days overdue — referral ask (none in 90 days)"
    assert chosen[2].reason == "B customer, 5 days overdue — networking (asked 89 days ago)"


def test_referral_interval_is_a_setting():
    customer = contact(1, CUSTOMER)
    history = {1: touched(overdue_by(5), 4, last_ask=TODAY - timedelta(40))}
    settings = Settings(referral_interval_days=30)
    assert purposes([customer], history, settings) == {1: Purpose.REFERRAL_ASK}


def test_prospects_get_value_first_and_prospecting_after_a_done_touch():
    new, known = contact(1, PROSPECT), contact(2, PROSPECT)
    history = {2: touched(overdue_by(3), done_count=1)}
    assert purposes([new, known], history) == {1: Purpose.VALUE, 2: Purpose.PROSPECTING}


def test_connectors_and_peers_get_networking():
    people = [contact(1, CONNECTOR), contact(2, PEER)]
    assert purposes(people, {}) == {1: Purpose.NETWORKING, 2: Purpose.NETWORKING}


# Where ----------------------------------------------------------------------------------------


def test_each_purpose_goes_in_its_kind_of_block_and_admin_blocks_stay_empty():
    blocks = [*ROOMY, block(4, BlockKind.ADMIN, Weekday.THU, "09:00", "17:00")]
    people = [
        contact(1, CUSTOMER),
        contact(2, PROSPECT),
        contact(3, PROSPECT),
        contact(4, FRIEND),
    ]
    history = {3: touched(overdue_by(2))}
    kinds = {item.id: item.kind for item in blocks}
    result = plan(people, blocks=blocks, history=history)
    assert {(added.purpose, kinds[added.block_id]) for added in result.add} == {
        (Purpose.REFERRAL_ASK, BlockKind.PROSPECTING),
        (Purpose.VALUE, BlockKind.PROSPECTING),
        (Purpose.PROSPECTING, BlockKind.PROSPECTING),
        (Purpose.NETWORKING, BlockKind.NETWORKING),
    }


def test_without_a_matching_block_the_contact_is_listed_with_the_reason():
    result = plan([contact(1, FRIEND, name="Ana Müller")], blocks=[PROSPECTING_MON])
    assert result.add == ()
    assert [(item.contact_id, item.name, item.reason) for item in result.unplaced] == [
        (1, "Ana Müller", "no networking block this week")
    ]


def test_one_off_blocks_count_only_in_their_own_week():
    elsewhere = block(9, BlockKind.NETWORKING, WEEK.monday + timedelta(7), "09:00", "17:00")
    this_week = block(8, BlockKind.NETWORKING, WEEK.monday + timedelta(3), "09:00", "09:30")
    assert plan([contact(1)], blocks=[elsewhere]).unplaced[0].reason == (
        "no networking block this week"
    )
    placed = plan([contact(1)], blocks=[elsewhere, this_week]).add
    assert [(item.date, item.block_id) for item in placed] == [(MONDAY + timedelta(3), 8)]


# Channel and time -----------------------------------------------------------------------------


def channel_for(person, networking_end: str, settings=None):
    blocks = [block(2, BlockKind.NETWORKING, Weekday.TUE, "12:00", networking_end)]
    result = plan([person], blocks=blocks, settings=settings)
    return [(added.channel, added.start, added.end) for added in result.add]


def test_a_tier_networking_gets_coffee_when_an_hour_is_free_else_a_meeting_else_a_call():
    ana = contact(1, CONNECTOR, Tier.A)
    assert channel_for(ana, "13:00") == [(Channel.COFFEE, time(12), time(13))]
    assert channel_for(ana, "12:50") == [(Channel.MEETING, time(12), time(12, 45))]
    assert channel_for(ana, "12:30") == [(Channel.CALL, time(12), time(12, 15))]


def test_durations_come_from_the_settings():
    settings = Settings(channel_minutes={Channel.CALL: 25})
    assert channel_for(contact(1, CONNECTOR, Tier.A), "12:30", settings) == [
        (Channel.CALL, time(12), time(12, 25))
    ]


def test_value_touches_are_an_email_or_a_message_and_prospecting_is_a_call():
    people = [
        contact(1, PROSPECT, Tier.A),
        contact(2, PROSPECT, Tier.C),
        contact(3, PROSPECT, Tier.C),
    ]
    result = plan(people, blocks=ROOMY, history={3: touched(overdue_by(1, 90))})
    channels = {ident: item.channel for ident, item in by_contact(result).items()}
    assert channels == {1: Channel.EMAIL, 2: Channel.MESSAGE, 3: Channel.CALL}


def test_touches_never_overlap_kept_touches_or_run_past_the_block_end():
    pinned = touch(
        7, 9, MONDAY, "09:15", "09:30", purpose=Purpose.PROSPECTING, pinned=True, block_id=1
    )
    blocks = [block(1, BlockKind.PROSPECTING, Weekday.MON, "09:00", "09:40")]
    people = [contact(ident, PROSPECT) for ident in (1, 2, 3, 9)]
    history = {ident: touched(overdue_by(ident)) for ident in (1, 2, 3)}
    result = plan(people, blocks=blocks, history=history, week_touches=[pinned])
    slots = sorted((added.start, added.end) for added in result.add)
    # 09:00-09:15 is free, 09:15-09:30 is pinned, 09:30-09:40 is too short for a call.
    assert slots == [(time(9), time(9, 15))]
    assert [item.contact_id for item in result.unplaced] == [2, 1]


def test_touches_are_spread_over_the_week_not_piled_into_the_first_block():
    blocks = [
        block(day.number + 1, BlockKind.PROSPECTING, day, "09:00", "10:00")
        for day in (Weekday.MON, Weekday.WED, Weekday.FRI)
    ]
    people = [contact(ident, PROSPECT) for ident in range(1, 7)]
    history = {ident: touched(overdue_by(10 - ident)) for ident in range(1, 7)}
    result = plan(people, blocks=blocks, history=history)
    per_day = {day: 0 for day in (0, 2, 4)}
    for added in result.add:
        per_day[added.date.weekday()] += 1
    assert per_day == {0: 2, 2: 2, 4: 2}
    # The most overdue contact gets the first slot of the week.
    assert by_contact(result)[1].starts_at == datetime(2026, 11, 23, 9, 0)


def test_longer_blocks_take_a_proportional_share():
    blocks = [
        block(1, BlockKind.PROSPECTING, Weekday.MON, "09:00", "12:00"),
        block(2, BlockKind.PROSPECTING, Weekday.TUE, "09:00", "10:00"),
    ]
    people = [contact(ident, PROSPECT) for ident in range(1, 9)]
    history = {ident: touched(overdue_by(20 - ident)) for ident in range(1, 9)}
    days = [added.date.weekday() for added in plan(people, blocks=blocks, history=history).add]
    assert days.count(0) == 6 and days.count(1) == 2


def test_nothing_is_placed_before_now_in_the_current_week():
    now = datetime(2026, 11, 25, 10, 7)  # Wednesday
    blocks = [
        block(day.number + 1, BlockKind.PROSPECTING, day, "09:00", "11:00")
        for day in (Weekday.MON, Weekday.WED)
    ]
    people = [contact(ident, PROSPECT) for ident in range(1, 4)]
    result = plan(people, blocks=blocks, now=now)
    starts = sorted(added.starts_at for added in result.add)
    assert starts == [
        datetime(2026, 11, 25, 10, 10),
        datetime(2026, 11, 25, 10, 20),
        datetime(2026, 11, 25, 10, 30),
    ]


def test_when_the_blocks_of_a_kind_are_over_the_reason_says_so():
    now = datetime(2026, 11, 26, 9, 0)  # Thursday
    result = plan([contact(1, PROSPECT)], blocks=[PROSPECTING_MON], now=now)
    assert [item.reason for item in result.unplaced] == ["no prospecting block left this week"]


def test_a_week_that_has_ended_plans_nothing_new_and_keeps_everything():
    old = touch(5, 1, MONDAY, "09:00", "09:15", purpose=Purpose.PROSPECTING)
    later = datetime(2026, 12, 1, 9, 0)
    result = plan([contact(1, PROSPECT), contact(2)], blocks=ROOMY, now=later, week_touches=[old])
    assert (result.add, result.remove, result.mark_missed, result.unplaced) == ((), (), (), ())
    assert result.keep == (old,)
    assert result.touches == [old]


def test_a_future_week_can_use_all_of_its_time():
    next_week = WEEK.shift(1)
    result = plan([contact(1, PROSPECT)], blocks=[PROSPECTING_MON], week=next_week)
    assert [added.starts_at for added in result.add] == [datetime(2026, 11, 30, 9, 0)]


# One touch per contact per week ---------------------------------------------------------------


def test_a_contact_with_any_touch_kept_this_week_gets_no_new_one():
    kept = [
        touch(1, 1, MONDAY, "10:00", "10:15", status=TouchStatus.DONE),
        touch(2, 2, MONDAY, "10:15", "10:30", pinned=True),
        touch(3, 3, MONDAY, None, None, manual=True),
        touch(4, 4, MONDAY, "10:30", "10:45", status=TouchStatus.SKIPPED),
    ]
    people = [contact(ident, PROSPECT) for ident in range(1, 6)]
    result = plan(people, blocks=ROOMY, week_touches=kept)
    assert set(by_contact(result)) == {5}
    assert len(result.add) == 1


# Carry-over -----------------------------------------------------------------------------------


def test_planned_touches_of_earlier_weeks_are_marked_missed_and_carried_over():
    source = touch(
        40,
        1,
        LAST_WEEK.monday + timedelta(2),
        "09:00",
        "09:45",
        purpose=Purpose.NETWORKING,
        channel=Channel.MEETING,
    )
    already_missed = touch(
        41, 2, LAST_WEEK.monday, "09:00", "09:15", status=TouchStatus.MISSED, channel=Channel.CALL
    )
    people = [contact(1, CONNECTOR, Tier.A), contact(2)]
    result = plan(
        people,
        blocks=ROOMY,
        history={1: touched(TODAY), 2: touched(TODAY)},
        carry=[source, already_missed],
    )
    assert result.mark_missed == (40,)
    copies = by_contact(result)
    assert copies[1].carried_over and copies[1].origin_id == 40
    assert (copies[1].purpose, copies[1].channel) == (Purpose.NETWORKING, Channel.MEETING)
    assert copies[1].reason == "Carried over from 2026-W47"
    assert copies[2].origin_id == 41 and copies[2].channel is Channel.CALL


def test_carried_over_touches_that_do_not_fit_are_listed_never_dropped():
    people = [contact(1, name="Ana"), contact(2, name="Bo", archived=True)]
    carry = [
        touch(40, 1, LAST_WEEK.monday, "09:00", "09:15"),
        touch(41, 2, LAST_WEEK.monday, "09:00", "09:15", status=TouchStatus.MISSED),
        touch(42, 3, LAST_WEEK.monday, "09:00", "09:15", status=TouchStatus.MISSED),
    ]
    result = plan(people, blocks=[PROSPECTING_MON], carry=carry, history={1: touched(TODAY)})
    assert result.add == ()
    assert result.mark_missed == (40,)
    assert [(item.origin_id, item.name, item.reason) for item in result.unplaced] == [
        (40, "Ana", "carried over from 2026-W47: no networking block this week"),
        (41, "Bo", "carried over from 2026-W47: contact archived"),
        (42, "contact 3", "carried over from 2026-W47: contact no longer exists"),
    ]


def test_a_carried_over_touch_that_no_longer_fits_its_channel_takes_a_shorter_one():
    source = touch(40, 1, LAST_WEEK.monday, "09:00", "10:00", channel=Channel.COFFEE)
    blocks = [block(2, BlockKind.NETWORKING, Weekday.TUE, "12:00", "12:30")]
    result = plan([contact(1, tier=Tier.A)], blocks=blocks, carry=[source])
    (copy,) = result.add
    assert (copy.origin_id, copy.carried_over, copy.channel) == (40, True, Channel.CALL)
    assert result.unplaced == ()


def test_a_contact_whose_carried_over_touch_does_not_fit_is_listed_once():
    source = touch(40, 1, LAST_WEEK.monday, "09:00", "10:00", channel=Channel.COFFEE)
    blocks = [block(2, BlockKind.NETWORKING, Weekday.TUE, "12:00", "12:04")]
    result = plan([contact(1, tier=Tier.A)], blocks=blocks, carry=[source])
    assert result.add == ()
    assert [item.reason for item in result.unplaced] == [
        "carried over from 2026-W47: no free time left in a networking block"
    ]


def test_a_carried_over_prospecting_touch_to_someone_now_a_friend_becomes_networking():
    source = touch(40, 1, LAST_WEEK.monday, "09:00", "09:15", purpose=Purpose.PROSPECTING)
    result = plan([contact(1, FRIEND)], blocks=ROOMY, carry=[source])
    (copy,) = result.add
    assert (copy.purpose, copy.origin_id) == (Purpose.NETWORKING, 40)
    assert copy.reason == "Carried over from 2026-W47, now networking"


def test_planning_next_week_leaves_this_weeks_coming_touches_alone():
    # On Wednesday of W48, plan W49: Tuesday's open touch is missed, Thursday's is still to come.
    now = datetime(2026, 11, 25, 12, 0)
    tuesday = touch(40, 1, MONDAY + timedelta(1), "09:00", "09:15")
    thursday = touch(41, 2, MONDAY + timedelta(3), "09:00", "09:15")
    people = [contact(1), contact(2)]
    history = {1: touched(TODAY), 2: touched(TODAY)}
    result = plan(
        people,
        blocks=ROOMY,
        week=WEEK.shift(1),
        now=now,
        carry=[tuesday, thursday],
        history=history,
    )
    assert result.mark_missed == (40,)
    assert [added.origin_id for added in result.add] == [40]


# Follow-ups -----------------------------------------------------------------------------------


def test_a_done_touch_marked_for_follow_up_gets_one_in_a_follow_up_block_next_week():
    source = touch(
        30,
        1,
        LAST_WEEK.monday + timedelta(4),
        "09:00",
        "09:15",
        status=TouchStatus.DONE,
        follow_up=True,
        note="Wants the   pricing sheet for the Berlin office and a case study from retail",
    )
    result = plan([contact(1, PROSPECT, Tier.C)], blocks=ROOMY, follow_ups=[source])
    (follow_up,) = result.add
    assert (follow_up.purpose, follow_up.channel, follow_up.block_id) == (
        Purpose.FOLLOW_UP,
        Channel.EMAIL,
        FOLLOW_UP_WED.id,
    )
    assert follow_up.origin_id == 30 and not follow_up.follow_up
    assert follow_up.reason == (
        "Follow-up on 2026-W47 call: Wants the pricing sheet for the Berlin…"
    )
    assert len(follow_up.reason) <= 72


def test_follow_ups_wait_for_the_next_week_and_are_never_dropped_later():
    def source(ident, day):
        return touch(ident, ident, day, "09:00", "09:15", status=TouchStatus.DONE, follow_up=True)

    this_week = source(1, MONDAY)
    weeks_ago = source(2, MONDAY - timedelta(21))
    people = [contact(1), contact(2)]
    history = {1: touched(TODAY), 2: touched(TODAY)}
    result = plan(people, blocks=ROOMY, follow_ups=[this_week, weeks_ago], history=history)
    assert [added.origin_id for added in result.add] == [2]
    assert result.add[0].reason == "Follow-up on 2026-W45 call"


def test_follow_ups_without_a_follow_up_block_are_listed():
    source = touch(30, 1, LAST_WEEK.monday, "09:00", "09:15", status=TouchStatus.DONE)
    source = source.but(follow_up=True)
    ana = contact(1, name="Ana")
    result = plan([ana], blocks=[PROSPECTING_MON], follow_ups=[source], history={1: touched(TODAY)})
    assert [item.reason for item in result.unplaced] == [
        "follow-up on 2026-W47 call: no follow-up block this week"
    ]


# Re-plan --------------------------------------------------------------------------------------


def test_replan_keeps_done_skipped_pinned_and_hand_placed_touches_and_replaces_the_rest():
    kept = [
        touch(1, 1, MONDAY, "09:00", "09:15", purpose=Purpose.VALUE, status=TouchStatus.DONE),
        touch(2, 2, MONDAY, "09:15", "09:30", purpose=Purpose.VALUE, status=TouchStatus.SKIPPED),
        touch(3, 3, MONDAY, "09:30", "09:45", purpose=Purpose.VALUE, pinned=True),
        touch(4, 4, MONDAY, "11:00", "11:15", purpose=Purpose.VALUE, manual=True),
    ]
    replaced = touch(5, 5, MONDAY, "10:00", "10:10", purpose=Purpose.VALUE, channel=Channel.EMAIL)
    people = [contact(ident, PROSPECT) for ident in range(1, 7)]
    result = plan(people, blocks=[PROSPECTING_MON], week_touches=[*kept, replaced])
    assert result.keep == tuple(kept)
    assert result.remove == (5,)
    assert set(by_contact(result)) == {5, 6}
    assert {item.id for item in result.touches} == {1, 2, 3, 4, 0}


def test_replanning_an_applied_plan_changes_nothing():
    people = [contact(ident, PROSPECT if ident % 2 else CONNECTOR) for ident in range(1, 30)]
    people.append(contact(30, FRIEND))
    carry = [
        touch(900, 1, LAST_WEEK.monday, "09:00", "09:15", purpose=Purpose.VALUE),
        touch(902, 30, LAST_WEEK.monday, "09:00", "09:15", purpose=Purpose.PROSPECTING),
    ]
    follow_source = touch(901, 2, LAST_WEEK.monday, "10:00", "10:15", status=TouchStatus.DONE)
    ledger = Ledger()
    ledger.add([*carry, follow_source.but(follow_up=True)])
    base = request(people, blocks=ROOMY)
    first = plan_week(ledger.request(base))
    ledger.apply(first)
    second = plan_week(ledger.request(base))
    assert by_contact(first)[30].reason == "Carried over from 2026-W47, now networking"
    assert second.add == first.add
    assert second.unplaced == first.unplaced
    assert second.mark_missed == ()
    assert len(second.remove) == len(first.add)


def test_replan_offers_a_removed_carried_copy_again_with_its_origin():
    # The store no longer lists the source (it has a copy); re-planning must not lose it.
    copy = touch(
        60, 1, MONDAY, "09:00", "09:15", carried_over=True, origin_id=40, reason="Carried over"
    )
    blocks = [block(2, BlockKind.NETWORKING, Weekday.FRI, "12:00", "13:00")]
    result = plan([contact(1)], blocks=blocks, week_touches=[copy], history={1: touched(TODAY)})
    assert result.remove == (60,)
    assert [(item.origin_id, item.carried_over, item.date.weekday()) for item in result.add] == [
        (40, True, 4)
    ]


def test_planned_touches_already_past_in_the_current_week_are_kept():
    earlier = touch(5, 1, MONDAY, "09:00", "09:15", purpose=Purpose.VALUE)
    now = datetime(2026, 11, 24, 8, 0)
    result = plan([contact(1, PROSPECT)], blocks=ROOMY, now=now, week_touches=[earlier])
    assert result.keep == (earlier,) and result.remove == () and result.add == ()


# Summary --------------------------------------------------------------------------------------


def test_summary_counts_capacity_prospecting_share_tiers_purposes_and_goals():
    blocks = [
        block(1, BlockKind.PROSPECTING, Weekday.MON, "09:00", "10:30"),
        block(2, BlockKind.NETWORKING, Weekday.TUE, "12:00", "13:00"),
        block(3, BlockKind.ADMIN, Weekday.FRI, "16:00", "17:00"),
    ]
    people = [
        contact(1, CUSTOMER, Tier.A),  # referral ask over coffee: 60 prospecting minutes
        contact(2, PROSPECT, Tier.B),  # value email, 10 minutes: not prospecting time
        contact(3, CONNECTOR, Tier.C),  # networking message, 5 minutes
    ]
    goals = [
        Goal(2, GoalMetric.PROSPECTING_SHARE, 40),
        Goal(1, GoalMetric.TOUCHES_DONE, 1, tier=Tier.A),
        Goal(3, GoalMetric.MEETINGS_BOOKED, 2),
    ]
    result = plan(people, blocks=blocks, goals=goals)
    assert result.summary.to_json() == {
        "blocked_minutes": {"prospecting": 90, "networking": 60, "follow_up": 0, "admin": 60},
        "planned_minutes": {"prospecting": 70, "networking": 5, "follow_up": 0, "admin": 0},
        "prospecting_share": 28.6,  # 60 of 210 blocked minutes
        "by_tier": {"A": 1, "B": 1, "C": 1},
        "by_purpose": {
            "prospecting": 0,
            "networking": 1,
            "referral_ask": 1,
            "value": 1,
            "follow_up": 0,
        },
        "goals": [
            {
                "id": 1,
                "metric": "touches_done",
                "target": 1,
                "tier": "A",
                "channel": None,
                "value": 1,
                "met": True,
            },
            {
                "id": 2,
                "metric": "prospecting_share",
                "target": 40,
                "tier": None,
                "channel": None,
                "value": 28.6,
                "met": False,
            },
            {
                "id": 3,
                "metric": "meetings_booked",
                "target": 2,
                "tier": None,
                "channel": None,
                "value": 1,
                "met": False,
            },
        ],
        "busy_minutes": {"prospecting": 0, "networking": 0, "follow_up": 0, "admin": 0},
        "to_sort": 0,
    }


def test_summary_leaves_skipped_touches_out_and_counts_done_ones():
    kept = [
        touch(1, 1, MONDAY, "09:00", "09:15", purpose=Purpose.PROSPECTING, status=TouchStatus.DONE),
        touch(
            2, 2, MONDAY, "09:15", "09:30", purpose=Purpose.PROSPECTING, status=TouchStatus.SKIPPED
        ),
    ]
    people = [contact(1, PROSPECT), contact(2, PROSPECT)]
    summary = plan(people, blocks=[PROSPECTING_MON], week_touches=kept).summary
    assert summary.planned_minutes[BlockKind.PROSPECTING] == 15
    assert summary.prospecting_minutes == 15
    assert summary.by_purpose[Purpose.PROSPECTING] == 1


def test_the_same_request_gives_the_same_plan_whatever_the_input_order():
    people = [contact(ident, PROSPECT if ident % 3 else CUSTOMER) for ident in range(1, 40)]
    history = {ident: touched(overdue_by(ident % 7)) for ident in range(1, 40, 2)}
    carry = [touch(900 + ident, ident, LAST_WEEK.monday, "09:00", "09:15") for ident in (3, 9, 4)]
    forward = request(people, blocks=ROOMY, history=history, carry=carry)
    backward = replace(
        forward,
        contacts=forward.contacts[::-1],
        carry_sources=forward.carry_sources[::-1],
        blocks=forward.blocks[::-1],
    )
    assert plan_week(forward).to_json() == plan_week(backward).to_json()
    assert plan_week(forward) == plan_week(forward)
