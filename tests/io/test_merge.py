"""Importing without duplicates: who is the same person, what a merge may change."""

from datetime import date

import pytest

from planner.domain import Contact, Relationship, Tier, ValidationError
from planner.io import Incoming, ParsedFile, Problem, plan_import
from planner.io.merge import fold, profile_key
from tests.io.conftest import TODAY

ADDED = date(2025, 1, 6)


def incoming(source: int, name: str, **fields) -> Incoming:
    fields.setdefault("added", TODAY)
    return Incoming(source=source, name=name, **fields)


def parsed(*items: Incoming, problems=(), entries=None, fmt="vcard") -> ParsedFile:
    problems = list(problems)
    count = entries if entries is not None else len(items) + len(problems)
    return ParsedFile(fmt, list(items), problems, count)


def contact(ident: int, name: str, **fields) -> Contact:
    fields.setdefault("added", ADDED)
    return Contact(id=ident, name=name, **fields)


def plan(existing, file, **options):
    options.setdefault("next_id", max((c.id for c in existing), default=0) + 1)
    options.setdefault("today", TODAY)
    return plan_import(existing, file, **options)


def test_new_people_become_contacts_with_the_import_options():
    file = parsed(
        incoming(2, "Ana Müller", emails=("ana@x.example",), tags=("Clients",)),
        incoming(3, "Bo Li", company="Acme"),
    )
    result = plan([], file, next_id=7, tags=["linkedin", "clients"])
    assert [c.id for c in result.added] == [7, 8]
    ana, bo = result.added
    assert (ana.tier, ana.relationship) == (Tier.C, Relationship.PROSPECT)
    assert ana.tags == ("Clients", "linkedin")  # tags are compared without case
    assert bo.tags == ("linkedin", "clients")
    assert ana.added == TODAY
    assert result.report() == {
        "read": 2,
        "added": 2,
        "merged": 0,
        "unchanged": 0,
        "skipped": 0,
        "problems": [],
    }
    customers = plan([], file, tier=Tier.A, relationship=Relationship.CUSTOMER)
    assert {(c.tier, c.relationship) for c in customers.added} == {(Tier.A, Relationship.CUSTOMER)}


def test_same_email_ignoring_case_merges_filling_and_uniting_only():
    mine = contact(
        1,
        "Ana Müller",
        emails=("Ana@X.example",),
        phones=("(905) 555-1234",),
        tags=("vip",),
        tier=Tier.A,
        relationship=Relationship.CUSTOMER,
        cadence_days=10,
        notes="Met her at the fair.",
    )
    theirs = incoming(
        4,
        "Dr. Ana Mueller",
        emails=("ana@x.example", "ana@home.example"),
        phones=("905-555-1234", "+49 30 1"),
        tags=("VIP", "linkedin"),
        company="Acme",
        title="CEO",
        url="https://linkedin.com/in/ana",
        met_at="LinkedIn, connected 2020-01-01",
        notes="Imported note",
        tier=Tier.C,
        relationship=Relationship.PROSPECT,
        cadence_days=90,
        archived=True,
        added=date(2020, 1, 1),
    )
    result = plan([mine], parsed(theirs))
    assert result.added == []
    (merged,) = result.merged
    assert merged == mine.but(
        emails=("Ana@X.example", "ana@home.example"),
        phones=("(905) 555-1234", "+49 30 1"),
        tags=("vip", "linkedin"),
        company="Acme",
        title="CEO",
        url="https://linkedin.com/in/ana",
        met_at="LinkedIn, connected 2020-01-01",
    )
    # Never touched: name, tier, relationship, cadence, notes already written, archived, added.


def test_notes_are_filled_only_when_empty():
    result = plan(
        [contact(1, "Ana", emails=("a@x.example",))],
        parsed(incoming(2, "Ana", emails=("a@x.example",), notes="new")),
    )
    assert result.merged[0].notes == "new"


@pytest.mark.parametrize(
    "spelling",
    [
        "https://www.linkedin.com/in/ana-muller/",
        "http://linkedin.com/in/Ana-Muller",
        "linkedin.com/in/ana-muller?trk=people",
        "https://de.linkedin.com/in/ana-muller",
        "HTTPS://WWW.LINKEDIN.COM/IN/ANA-MULLER#top",
    ],
)
def test_same_linkedin_profile_in_any_spelling_merges(spelling):
    mine = contact(1, "Ana M.", url="https://www.linkedin.com/in/ana-muller")
    result = plan([mine], parsed(incoming(2, "Ana Muller", url=spelling, company="Acme")))
    assert result.added == []
    assert result.merged[0].company == "Acme"


def test_profile_keys():
    assert profile_key("https://www.linkedin.com/in/ana-m%C3%BCller/") == (
        "linkedin.com/in/ana-müller"
    )
    assert profile_key("https://www.linkedin.com/in/ana-müller") == "linkedin.com/in/ana-müller"
    assert profile_key("https://www.linkedin.com/company/acme") is None
    assert profile_key("https://notlinkedin.com/in/ana") is None
    assert profile_key("http://[broken") is None
    assert profile_key("") is None


def test_a_shared_home_page_is_not_a_person():
    existing = [contact(1, "Ana", url="http://www.acme.example")]
    result = plan(existing, parsed(incoming(2, "Bo", url="http://www.acme.example/")))
    assert [c.name for c in result.added] == ["Bo"]


def test_same_name_and_company_without_case_accents_or_spaces_merges():
    existing = [
        contact(1, "José  Núñez", company="Telefónica"),
        contact(2, "Kim Lee"),
    ]
    file = parsed(
        incoming(2, "jose nunez", company="TELEFONICA", phones=("+34 600",)),
        incoming(3, "Kim Lee", title="CTO"),  # no company on either side: the same
        incoming(4, "Kim Lee", company="Other"),  # another Kim Lee
    )
    result = plan(existing, file)
    assert [c.id for c in result.merged] == [1, 2]
    assert result.merged[0].phones == ("+34 600",)
    assert result.merged[1].title == "CTO"
    assert [(c.name, c.company) for c in result.added] == [("Kim Lee", "Other")]


def test_fold():
    assert fold("  Ana   MÜLLER ") == "ana muller"
    assert fold("Straße") == "strasse"
    assert fold("Łódź") == "łodz"  # Ł has no decomposition; that is fine


def test_duplicates_within_the_file_become_one_contact():
    file = parsed(
        incoming(1, "Ana", emails=("ana@x.example",)),
        incoming(2, "Ana Müller", emails=("ANA@x.example", "ana@home.example"), company="Acme"),
        incoming(3, "ana", company="ACME", phones=("1",)),  # Ana of Acme since row 2
    )
    result = plan([], file)
    (ana,) = result.added
    assert ana.name == "Ana"
    assert ana.emails == ("ana@x.example", "ana@home.example")
    assert ana.company == "Acme"
    assert ana.phones == ("1",)
    # One person: the first row adds her, the next two are merged into her; all three count.
    report = result.report()
    assert (report["read"], report["added"], report["merged"], report["unchanged"]) == (3, 1, 2, 0)


def test_reimporting_the_same_file_adds_and_changes_nothing():
    file = parsed(
        incoming(2, "Ana", emails=("a@x.example",), company="Acme"),
        incoming(3, "Ana"),  # no email, no company: a different Ana as far as anyone can tell
        incoming(4, "Bo", url="https://linkedin.com/in/bo", tags=("x",)),
        incoming(5, "Cy", phones=("+1 (555) 010",)),
        incoming(6, "Cy", phones=("+1 555 010",)),
        problems=[Problem(7, "No name, email or organisation; not imported.", "card")],
    )
    existing = [contact(1, "Ana", emails=("A@X.example",))]
    first = plan(existing, file, tags=["import"])
    assert first.report()["added"] == 3
    assert first.report()["merged"] == 1
    assert first.skipped == 1
    after = [*[first.merged[0]], *first.added]
    again = plan(after, file, tags=["import"])
    assert again.added == []
    assert again.merged == []
    assert again.unchanged == 5  # every row, Cy's two included
    assert again.report() == {
        "read": 6,
        "added": 0,
        "merged": 0,
        "unchanged": 5,
        "skipped": 1,
        "problems": [{"row": 7, "reason": "No name, email or organisation; not imported."}],
    }


def test_archived_contacts_are_found_and_stay_archived():
    mine = contact(1, "Ana", emails=("a@x.example",), archived=True)
    result = plan([mine], parsed(incoming(2, "Ana", emails=("a@x.example",), title="CEO")))
    assert result.added == []
    assert result.merged[0].archived is True


def test_planner_csv_rows_bring_their_own_tier_relationship_and_links():
    file = parsed(
        incoming(2, "Ana", tier=Tier.A, relationship=Relationship.CUSTOMER, file_id=10),
        incoming(3, "Bo", referred_by=10, file_id=11, cadence_days=7, archived=True),
        incoming(4, "Cy", referred_by=99, file_id=12),
        fmt="planner",
    )
    result = plan([contact(1, "Old")], file, tier=Tier.B)
    ana, bo, cy = result.added
    assert (ana.id, ana.tier, ana.relationship) == (2, Tier.A, Relationship.CUSTOMER)
    assert (bo.tier, bo.referred_by, bo.cadence_days, bo.archived) == (Tier.B, 2, 7, True)
    assert cy.referred_by is None
    assert [str(problem) for problem in result.problems] == [
        "row 4: Referred by 99: no row of the file has that id; the link was left out."
    ]
    again = plan([contact(1, "Old"), *result.added], file)
    assert (again.added, again.merged, again.unchanged) == ([], [], 3)


def test_a_date_added_in_the_future_is_today():
    result = plan([], parsed(incoming(1, "Ana", added=date(2099, 1, 1))))
    assert result.added[0].added == TODAY


def test_problems_of_the_file_are_reported_in_order_and_counted_as_skipped():
    file = parsed(
        incoming(5, "Ana", emails=("a@x.example",)),
        problems=[
            Problem(9, "No first or last name; not imported."),
            Problem(5, "Email 'x' does not look like an address (name@example.com)."),
        ],
        entries=2,
    )
    result = plan([], file)
    assert result.skipped == 1
    assert [problem.source for problem in result.problems] == [5, 9]


def test_an_id_already_taken_or_a_bad_tag_is_refused():
    with pytest.raises(ValueError, match="next_id"):
        plan([contact(5, "Ana")], parsed(), next_id=5)
    with pytest.raises(ValidationError):
        plan([], parsed(), tags=["x" * 61])


def test_thirty_thousand_against_thirty_thousand_is_fast():
    """No pairwise comparison: the whole plan takes well under a second on a laptop."""
    import time

    people = [
        incoming(
            row,
            f"Person {row}",
            company=f"Company {row % 500}",
            emails=(f"p{row}@x.example",) if row % 3 else (),
            url=f"https://www.linkedin.com/in/p{row}" if row % 2 else "",
        )
        for row in range(30_000)
    ]
    file = parsed(*people)
    started = time.perf_counter()
    first = plan([], file)
    again = plan(first.added, file)
    elapsed = time.perf_counter() - started
    assert len(first.added) == 30_000
    assert again.unchanged == 30_000
    assert elapsed < 10  # generous for slow CI; the benchmark reports the real figure


def test_people_imported_without_a_tier_wait_to_be_sorted_and_a_tier_sorts_them():
    file = parsed(
        incoming(2, "Ana Müller", emails=("ana@x.example",)),
        incoming(3, "Bo Li", tier=Tier.B),  # planner's CSV names its own tier
    )
    waiting = plan([], file)
    ana, bo = waiting.added
    assert (ana.to_sort, ana.tier) == (True, Tier.C)
    assert (bo.to_sort, bo.tier) == (False, Tier.B), "a row with its own tier is sorted"
    tiered = plan([], file, tier=Tier.A)
    assert [(c.to_sort, c.tier) for c in tiered.added] == [(False, Tier.A), (False, Tier.B)]


def test_a_merge_keeps_whether_the_contact_is_still_to_sort():
    known = [
        contact(1, "Ana Müller", emails=("ana@x.example",), to_sort=True),
        contact(2, "Bo Li", company="Acme", tier=Tier.A),
    ]
    file = parsed(
        incoming(2, "Ana Müller", emails=("ana@x.example",), company="Northwind"),
        incoming(3, "Bo Li", company="Acme", title="CTO"),
    )
    for options in ({}, {"tier": Tier.B}):
        ana, bo = plan(known, file, **options).merged
        assert (ana.company, ana.to_sort, ana.tier) == ("Northwind", True, Tier.C)
        assert (bo.title, bo.to_sort, bo.tier) == ("CTO", False, Tier.A)
