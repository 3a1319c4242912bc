"""planner's own contacts CSV: export, import, nothing lost."""

import csv
import io
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain import Contact, Relationship, Tier
from planner.domain.validation import build_contact
from planner.io import contacts_to_csv, detect_format, plan_import, read_contacts
from planner.io.plannercsv import COLUMNS, guard, unguard
from tests.io.conftest import TODAY

# What a person can type: anything printable, accents, CJK, emoji, quotes, commas, semicolons.
TYPED = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff")


def line(max_size: int) -> st.SearchStrategy[str]:
    return st.text(TYPED, max_size=max_size).map(lambda text: " ".join(text.split()))


@st.composite
def contacts(draw) -> Contact:
    name = draw(line(60).filter(bool))
    number = draw(st.integers(1, 999_999))
    notes = "\n".join(draw(st.lists(st.text(TYPED, max_size=30), max_size=4))).strip()
    contact = build_contact(
        id=number,
        added=draw(st.dates(date(1900, 1, 1), date(2999, 12, 31))),
        name=name,
        company=draw(line(40)),
        title=draw(line(40)),
        emails=draw(
            st.lists(
                st.from_regex(r"[^@\s]{1,12}@[^@\s]{1,12}", fullmatch=True).filter(
                    lambda email: email.isprintable() and "\ufeff" not in email
                ),
                max_size=3,
            )
        ),
        phones=draw(st.lists(line(20).map(lambda text: f"+{text} 1"), max_size=3)),
        tier=draw(st.sampled_from(Tier)),
        relationship=draw(st.sampled_from(Relationship)),
        tags=draw(st.lists(line(20), max_size=3)),
        met_at=draw(line(40)),
        referred_by=draw(st.none() | st.integers(1, 999_999).filter(lambda other: other != number)),
        cadence_days=draw(st.none() | st.integers(1, 3650)),
        notes=notes,
        archived=draw(st.booleans()),
        url=draw(line(60)),
    )
    if contact.relationship is Relationship.CUSTOMER:
        since = draw(st.none() | st.dates(date(1900, 1, 1), date(2999, 12, 31)))
        contact = contact.but(customer_since=since)
    return contact


def as_read(contact: Contact) -> dict:
    return {
        "file_id": contact.id,
        "name": contact.name,
        "added": contact.added,
        "company": contact.company,
        "title": contact.title,
        "emails": contact.emails,
        "phones": contact.phones,
        "tier": contact.tier,
        "relationship": contact.relationship,
        "tags": contact.tags,
        "met_at": contact.met_at,
        "referred_by": contact.referred_by,
        "cadence_days": contact.cadence_days,
        "notes": contact.notes,
        "archived": contact.archived,
        "url": contact.url,
        "customer_since": contact.customer_since,
    }


_SAMPLE = Contact(id=1, name="x", added=TODAY)


@settings(max_examples=200, deadline=None)
@given(st.lists(contacts(), max_size=8))
def test_every_field_of_every_contact_comes_back(people):
    data = contacts_to_csv(people)
    parsed = read_contacts(data, "auto", today=TODAY)
    assert parsed.format == "planner"
    assert parsed.problems == []
    assert [{key: getattr(item, key) for key in as_read(_SAMPLE)} for item in parsed.items] == [
        as_read(contact) for contact in people
    ]


def test_restoring_into_an_empty_database_gives_the_same_contacts_with_new_ids():
    ana = Contact(
        id=40,
        name='=HYPERLINK("http://evil")',
        added=date(2020, 2, 29),
        company='Acme, Inc.; "the" best',
        emails=("ana@x.example", "a,b@odd.example"),
        phones=("+49 30 1234", "-5"),
        tier=Tier.A,
        relationship=Relationship.CUSTOMER,
        tags=("@vip", "'quoted", "clients"),
        met_at="Web Summit, Lisbon",
        cadence_days=21,
        notes='Line one\n\n  indented line, with "quotes"\nlast',
        url="https://www.linkedin.com/in/ana",
        customer_since=date(2024, 5, 6),
    )
    bo = Contact(id=41, name="Bo 李", added=date(2021, 1, 1), referred_by=40, archived=True)
    data = contacts_to_csv([ana, bo])
    assert detect_format(data) == "planner"
    plan = plan_import([], read_contacts(data, "planner", today=TODAY), next_id=1, today=TODAY)
    assert plan.added == [ana.but(id=1), bo.but(id=2, referred_by=1)]
    again = plan_import(plan.added, read_contacts(data, today=TODAY), next_id=3, today=TODAY)
    assert (again.added, again.merged, again.unchanged) == ([], [], 2)


def test_the_file_opens_in_a_spreadsheet_without_running_formulas():
    contact = Contact(id=1, name="=1+1", added=TODAY, phones=("+49 30 1",), notes="@SUM(A1)")
    data = contacts_to_csv([contact])
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the mark
    header, row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert header == list(COLUMNS)
    assert row[1] == "'=1+1"
    assert row[5] == "'+49 30 1"
    assert row[12] == "'@SUM(A1)"
    assert not contacts_to_csv([contact], bom=False).startswith(b"\xef\xbb\xbf")


@given(st.text())
def test_guard_always_undoes_and_never_starts_a_formula(text):
    guarded = guard(text)
    assert unguard(guarded) == text
    assert guarded[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_a_hand_edited_file_is_read_with_problems_for_what_is_wrong():
    text = (
        "Name,Tier,Relationship,Cadence (days),Added,Archived,Emails,Referred by,Id\r\n"
        'Ana,Z,customer,0,2026-02-30,maybe,"a@x.example, b@y.example",x,7\r\n'
        ",A,friend,,,,,,\r\n"
        "Bo,b,Friend,30,2024-01-31,yes,,,\r\n"
    )
    parsed = read_contacts(text.encode(), today=TODAY)
    ana, bo = parsed.items
    assert (ana.tier, ana.relationship, ana.cadence_days, ana.added) == (
        None,
        Relationship.CUSTOMER,
        None,
        TODAY,
    )
    assert ana.emails == ("a@x.example", "b@y.example")
    assert (ana.archived, ana.referred_by, ana.file_id) == (False, None, 7)
    assert (bo.tier, bo.relationship, bo.cadence_days, bo.archived) == (
        Tier.B,
        Relationship.FRIEND,
        30,
        True,
    )
    assert [str(problem) for problem in parsed.problems] == [
        "row 2: Tier 'Z' is not one of A, B or C. Instead the import's tier was used.",
        "row 2: Cadence must be a whole number of days from 1 to 3650, not '0'. "
        "Instead the tier's is used.",
        "row 2: Date '2026-02-30' does not exist: February 2026 has 28 days. "
        "Instead today was used.",
        "row 2: Archived 'maybe' is neither yes nor no; taken as no.",
        "row 2: Referred by 'x' is not a contact id; the link was left out.",
        "row 3: No name; not imported.",
    ]


def test_a_contact_still_to_sort_is_written_without_a_tier_and_comes_back_to_sort():
    waiting = Contact(id=3, name="Cem Yilmaz", added=TODAY, to_sort=True)
    data = contacts_to_csv([waiting])
    header, row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert row[header.index("Tier")] == ""
    (back,) = plan_import([], read_contacts(data, today=TODAY), next_id=1, today=TODAY).added
    assert back == waiting.but(id=1)
