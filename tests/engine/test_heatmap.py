"""The heat map: done touches per contact per week, by tier, coldest first."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.domain import Contact, Settings, Tier, ValidationError, Week
from planner.engine import heatmap
from tests.engine.build import contact

TODAY = date(2026, 11, 25)  # Wednesday of 2026-W48


def build(contacts, dates, weeks=4, last_done=None, today=TODAY):
    return heatmap(
        contacts=contacts,
        done_dates_by_contact=dates,
        last_done=last_done or {},
        today=today,
        weeks=weeks,
        settings=Settings(),
    )


def test_weeks_run_oldest_first_and_end_with_this_week():
    result = build([], {}, weeks=12)
    assert result.to_json() == {
        "weeks": [str(Week.parse("2026-W48").shift(offset)) for offset in range(-11, 1)],
        "rows": [],
    }
    assert result.weeks[0] == Week.parse("2026-W37")


def test_done_touches_are_counted_in_their_week_boundaries_included():
    dates = {
        1: [
            date(2026, 11, 1),  # Sunday before the map (W45 to W48): left out
            date(2026, 11, 2),  # Monday of W45
            date(2026, 11, 8),  # Sunday of W45
            date(2026, 11, 8),
            date(2026, 11, 16),  # Monday of W47
            date(2026, 11, 24),  # this week
        ]
    }
    (row,) = build([contact(1)], dates).rows
    assert row.counts == (3, 0, 1, 1)
    assert row.last_done == date(2026, 11, 24)


def test_rows_go_by_tier_then_coldest_first_and_leave_archived_out():
    people = [
        contact(1, tier=Tier.B, name="Warm B"),
        contact(2, tier=Tier.A, name="Warm A"),
        contact(3, tier=Tier.A, name="Cold A"),
        contact(4, tier=Tier.C, name="Never C"),
        contact(5, tier=Tier.A, name="Gone", archived=True),
    ]
    last_done = {1: TODAY, 2: TODAY - timedelta(1), 3: TODAY - timedelta(40), 5: TODAY}
    rows = build(people, {}, last_done=last_done).to_json()["rows"]
    assert [(row["name"], row["tier"], row["warmth"]) for row in rows] == [
        ("Cold A", "A", 0.138),
        ("Warm A", "A", 0.952),
        ("Warm B", "B", 1.0),
        ("Never C", "C", 0.0),
    ]
    assert rows[0] == {
        "contact_id": 3,
        "name": "Cold A",
        "tier": "A",
        "relationship": "connector",
        "warmth": 0.138,
        "counts": [0, 0, 0, 0],
    }


def test_tier_summary_gives_touches_per_week_and_share_within_cadence():
    people = [contact(1, tier=Tier.A), contact(2, tier=Tier.A), contact(3, tier=Tier.C)]
    dates = {
        1: [date(2026, 11, 3), date(2026, 11, 20)],
        2: [date(2026, 11, 4)],
        3: [date(2026, 11, 24)],
    }
    tiers = {item.tier: item for item in build(people, dates).tiers}
    assert tiers[Tier.A].touches == (2, 0, 1, 0)
    assert (tiers[Tier.A].contacts, tiers[Tier.A].in_cadence) == (2, 1)
    assert tiers[Tier.A].in_cadence_share == 50.0
    assert tiers[Tier.B].contacts == 0 and tiers[Tier.B].in_cadence_share == 0.0
    assert tiers[Tier.C].touches == (0, 0, 0, 1)


@pytest.mark.parametrize("weeks", [0, -1, 521])
def test_weeks_out_of_range_are_refused(weeks):
    with pytest.raises(ValidationError) as caught:
        build([], {}, weeks=weeks)
    assert caught.value.field == "weeks"


@given(
    st.lists(st.dates(date(2025, 6, 1), TODAY), max_size=30),
    st.integers(min_value=1, max_value=60),
)
def test_counts_match_a_plain_count_per_week_whatever_the_order_of_dates(days, weeks):
    (row,) = build([contact(1)], {1: days}, weeks=weeks).rows
    shown = build([], {}, weeks=weeks).weeks
    assert row.counts == tuple(sum(1 for day in days if day in week) for week in shown)
    assert row.last_done == (max(days) if days else None)


NAMES = ("Ada", "Ben", "Cy")  # few names, so that rows tie on warmth and name
CHANGES = st.lists(
    st.tuples(
        st.sampled_from(("done", "tier", "rename", "archive", "delete", "add")),
        st.integers(1, 10),
        st.integers(-120, 3),
        st.sampled_from(Tier),
    ),
    max_size=6,
)


def heat_inputs(people, dates):
    from planner.service import HeatInputs

    return HeatInputs(
        contacts=tuple(people.values()),
        done_dates_by_contact={key: days for key, days in dates.items() if days},
        last_done={key: max(days) for key, days in dates.items() if days},
        today=TODAY,
        weeks=8,
        settings=Settings(),
    )


def network(start, days) -> tuple[dict[int, Contact], dict[int, list[date]]]:
    """The drawn contacts by id, and the done dates of those who exist."""
    people = {
        key: contact(key, tier=tier, name=name, archived=archived)
        for key, (tier, name, archived) in start.items()
    }
    dates: dict[int, list[date]] = {}
    for key, offset in days:
        if key in people:
            dates.setdefault(key, []).append(TODAY + timedelta(offset))
    return people, dates


def change_one(
    people: dict[int, Contact],
    dates: dict[int, list[date]],
    kind: str,
    key: int,
    offset: int,
    tier: Tier,
) -> bool:
    """Make one random change to `people` and their done `dates`; False if nobody was there."""
    if kind == "add" and key not in people:
        people[key] = contact(key, tier=tier, name=NAMES[key % 3])
    elif key not in people:
        return False
    elif kind == "done":
        dates.setdefault(key, []).append(TODAY + timedelta(offset))
    elif kind == "tier":
        people[key] = people[key].but(tier=tier)
    elif kind == "rename":
        people[key] = people[key].but(name=NAMES[offset % 3])
    elif kind == "archive":
        people[key] = people[key].but(archived=not people[key].archived)
    else:
        del people[key]
        dates.pop(key, None)
    return True


@given(
    start=st.dictionaries(
        st.integers(1, 8),
        st.tuples(st.sampled_from(Tier), st.sampled_from(NAMES), st.booleans()),
        max_size=8,
    ),
    days=st.lists(st.tuples(st.integers(1, 8), st.integers(-120, 3)), max_size=20),
    rounds=st.lists(CHANGES, min_size=1, max_size=3),
)
def test_a_map_worked_out_from_the_last_one_equals_one_worked_out_afresh(start, days, rounds):
    people, dates = network(start, days)
    before = heat_inputs(people, dates)
    shown = before.compute()
    for changes in rounds:
        people = dict(people)  # the contacts nobody changed stay the same objects
        dates = {key: list(found) for key, found in dates.items()}  # equal, not the same
        for change in changes:
            change_one(people, dates, *change)
        after = heat_inputs(people, dates)
        again = after.compute((before, shown))
        assert again == after.compute()
        before, shown = after, again


@given(
    start=st.dictionaries(
        st.integers(1, 10),
        st.tuples(st.sampled_from(Tier), st.sampled_from(NAMES), st.booleans()),
        max_size=10,
    ),
    days=st.lists(st.tuples(st.integers(1, 10), st.integers(-120, 3)), max_size=25),
    rounds=st.lists(CHANGES, min_size=1, max_size=4),
    weeks=st.integers(1, 20),
)
def test_a_map_updated_for_the_contacts_that_changed_equals_one_worked_out_afresh(
    start, days, rounds, weeks
):
    from planner.engine import heatmap_update

    people, dates = network(start, days)
    shown = build(list(people.values()), dates, weeks=weeks)
    for changes in rounds:
        changed: set[int] = set()
        for change in changes:
            if change_one(people, dates, *change):
                changed.add(change[1])
        # Only what the changed contacts have now is handed over.
        shown = heatmap_update(
            shown,
            changed,
            contacts={key: people[key] for key in changed if key in people},
            done_dates_by_contact={key: dates[key] for key in changed if key in dates},
            last_done={},
            today=TODAY,
            settings=Settings(),
        )
        afresh = build(list(people.values()), dates, weeks=weeks)
        assert shown == afresh
        assert shown.by_contact == {row.contact_id: row for row in afresh.rows}


def test_an_update_leaves_the_map_it_started_from_as_it_was():
    from planner.engine import heatmap_update

    before = build([contact(1), contact(2, tier=Tier.A)], {1: [TODAY]})
    rows = before.rows
    after = heatmap_update(
        before,
        {2},
        contacts={2: contact(2, tier=Tier.A)},
        done_dates_by_contact={2: [TODAY]},
        last_done={},
        today=TODAY,
        settings=Settings(),
    )
    assert before.rows == rows and before.by_contact[2].counts == (0, 0, 0, 0)
    assert after.by_contact[2].counts == (0, 0, 0, 1)


def test_an_update_refuses_a_map_of_other_weeks():
    from planner.engine import heatmap_update

    with pytest.raises(ValueError):
        heatmap_update(
            build([contact(1)], {}),
            {1},
            contacts={},
            done_dates_by_contact={},
            last_done={},
            today=TODAY + timedelta(days=7),
            settings=Settings(),
        )
