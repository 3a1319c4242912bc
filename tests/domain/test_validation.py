"""One test per input rule: each bad value is refused with a message naming the field."""

from datetime import date, time

import pytest

from planner.domain import BlockKind, GoalMetric, Relationship, Tier, ValidationError, Weekday
from planner.domain.model import TimeBlock
from planner.domain.validation import (
    build_block,
    build_contact,
    build_goal,
    clean_name,
    parse_date,
    parse_tier,
    parse_time,
    parse_weekday,
)

ADDED = date(2026, 11, 2)


def refused(call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_name_is_trimmed_and_inner_spaces_folded():
    assert clean_name("  Ana   Müller ") == "Ana Müller"


@pytest.mark.parametrize("blank", ["", "   ", None, "\t\n"])
def test_name_is_required(blank):
    error = refused(clean_name, blank)
    assert error.field == "name"
    assert "required" in error.message


def test_name_longer_than_200_characters_is_refused():
    assert clean_name("x" * 200) == "x" * 200
    error = refused(clean_name, "x" * 201)
    assert error.field == "name"
    assert "201" in error.message and "200" in error.message


@pytest.mark.parametrize("text, tier", [("a", Tier.A), ("B", Tier.B), (" c ", Tier.C)])
def test_tier_accepts_any_case(text, tier):
    assert parse_tier(text) is tier


def test_unknown_tier_is_refused_with_the_choices():
    error = refused(parse_tier, "D")
    assert error.field == "tier"
    assert "'D'" in error.message and "A, B or C" in error.message


def test_relationship_must_be_one_of_five():
    contact = build_contact(id=1, added=ADDED, name="Ana", relationship="Customer")
    assert contact.relationship is Relationship.CUSTOMER
    error = refused(build_contact, id=1, added=ADDED, name="Ana", relationship="boss")
    assert error.field == "relationship"
    assert "customer, prospect, connector, friend or peer" in error.message


def test_thirtieth_of_february_is_named_as_impossible():
    error = refused(parse_date, "2026-02-30")
    assert error.field == "date"
    assert "February 2026 has 28 days" in error.message


def test_date_in_another_format_is_refused_with_the_expected_format():
    error = refused(parse_date, "23/11/2026")
    assert "YYYY-MM-DD" in error.message
    assert parse_date("2026-11-23") == date(2026, 11, 23)


@pytest.mark.parametrize("text", ["25:00", "9", "12:60", "noon"])
def test_time_must_be_a_time_of_day(text):
    error = refused(parse_time, text)
    assert error.field == "start"
    assert "HH:MM" in error.message


def test_time_accepts_one_digit_hours():
    assert parse_time("9:05") == time(9, 5)


def test_weekday_accepts_token_or_name():
    assert parse_weekday("Monday") is Weekday.MON
    assert parse_weekday("fri") is Weekday.FRI
    assert refused(parse_weekday, "someday").field == "day"


def test_block_end_must_be_after_start():
    error = refused(build_block, id=1, kind="admin", start="10:00", end="09:00", day="mon")
    assert error.field == "end"
    assert "after start" in error.message
    assert refused(build_block, id=1, kind="admin", start="10:00", end="10:00", day="mon")


def test_block_needs_exactly_one_of_day_and_date():
    assert "weekday" in refused(build_block, id=1, kind="admin", start="9:00", end="10:00").message
    error = refused(
        build_block, id=1, kind="admin", start="9:00", end="10:00", day="mon", date="2026-11-23"
    )
    assert "not both" in error.message


def test_weekly_block_may_not_overlap_another_on_the_same_weekday():
    existing = TimeBlock(
        id=7, kind=BlockKind.PROSPECTING, start=time(9), end=time(11), day=Weekday.MON
    )
    error = refused(
        build_block,
        id=8,
        kind="networking",
        start="10:30",
        end="12:00",
        day="mon",
        others=[existing],
    )
    assert "block 7" in error.message and "prospecting Mon 09:00–11:00" in error.message
    # Touching ends, another weekday and editing the block itself are all fine.
    build_block(id=8, kind="networking", start="11:00", end="12:00", day="mon", others=[existing])
    build_block(id=8, kind="networking", start="10:00", end="12:00", day="tue", others=[existing])
    build_block(id=7, kind="prospecting", start="10:00", end="12:00", day="mon", others=[existing])


def test_one_off_block_may_not_overlap_the_weekly_block_of_its_weekday():
    existing = TimeBlock(
        id=7, kind=BlockKind.PROSPECTING, start=time(9), end=time(11), day=Weekday.MON
    )
    error = refused(
        build_block,
        id=8,
        kind="admin",
        start="08:00",
        end="09:30",
        date="2026-11-23",
        others=[existing],
    )
    assert "block 7" in error.message
    build_block(
        id=8, kind="admin", start="08:00", end="09:30", date="2026-11-24", others=[existing]
    )


@pytest.mark.parametrize("target", ["-1", "101", "abc", "nan"])
def test_share_goal_target_must_be_a_percentage(target):
    error = refused(build_goal, id=1, metric="prospecting_share", target=target)
    assert error.field == "target"


def test_count_goals_take_whole_numbers_and_a_tier_only_for_touches_done():
    goal = build_goal(id=1, metric="touches_done", target="10", tier="a")
    assert goal.metric is GoalMetric.TOUCHES_DONE and goal.tier is Tier.A and goal.target == 10
    assert refused(build_goal, id=1, metric="referral_asks", target="2.5").field == "target"
    assert refused(build_goal, id=1, metric="referral_asks", target="2", tier="A").field == "tier"
    assert refused(build_goal, id=1, metric="happiness", target="2").field == "metric"


def test_share_goal_accepts_a_percent_sign():
    assert build_goal(id=1, metric="prospecting_share", target="40 %").target == 40


def test_contact_cannot_be_referred_by_itself_or_by_a_stranger():
    assert (
        refused(build_contact, id=3, added=ADDED, name="Ana", referred_by=3).field == "referred_by"
    )
    error = refused(build_contact, id=3, added=ADDED, name="Ana", referred_by=9, known_ids={1, 2})
    assert "no contact with id 9" in error.message


def test_cadence_is_a_positive_number_of_days_or_empty():
    assert build_contact(id=1, added=ADDED, name="Ana", cadence_days="21").cadence_days == 21
    assert build_contact(id=1, added=ADDED, name="Ana", cadence_days="").cadence_days is None
    assert (
        refused(build_contact, id=1, added=ADDED, name="Ana", cadence_days="0").field == "cadence"
    )


def test_emails_are_checked_and_deduplicated_ignoring_case():
    contact = build_contact(id=1, added=ADDED, name="Ana", emails=["ana@x.io", "ANA@x.io", " "])
    assert contact.emails == ("ana@x.io",)
    assert refused(build_contact, id=1, added=ADDED, name="Ana", emails=["ana"]).field == "email"


def test_control_characters_are_dropped_from_typed_text():
    assert clean_name("Ana\x1b[31m Müller\x00") == "Ana[31m Müller"
    contact = build_contact(id=1, added=ADDED, name="Ana", notes="line one\nline\x07 two")
    assert contact.notes == "line one\nline two"
