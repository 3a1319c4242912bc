"""Past meetings with known contacts are offered as touches to log; never twice, never one
already logged that day."""

from datetime import date, datetime

from planner.calendars.events import Occurrence
from planner.calendars.meetings import meeting_suggestions
from planner.domain import Channel, Contact, Purpose, Touch, TouchStatus

ANA = Contact(1, "Ana Müller", date(2025, 1, 1), emails=("Ana.Muller@Northwind.example",))
BO = Contact(2, "Bo Berg", date(2025, 1, 1), emails=("bo@example.com", "bo@home.example"))
OLD = Contact(3, "Old Friend", date(2025, 1, 1), emails=("old@example.com",), archived=True)
NOW = datetime(2026, 11, 27, 15, 0)
SINCE = date(2026, 11, 13)


def meeting(day: int, hour: int, *emails: str, summary="Meeting", all_day=False, uid=None):
    start = datetime(2026, 11, day, 0 if all_day else hour)
    end = datetime(2026, 11, day + 1) if all_day else start.replace(hour=hour + 1)
    return Occurrence(
        "work", uid or f"m{day}-{hour}", summary, start, end, all_day=all_day, emails=emails
    )


def done(contact_id: int, day: int) -> Touch:
    return Touch(
        id=100 + day,
        contact_id=contact_id,
        purpose=Purpose.NETWORKING,
        channel=Channel.MEETING,
        date=date(2026, 11, day),
        status=TouchStatus.DONE,
    )


def suggest(occurrences, touches=()):
    return [
        item.to_json()
        for item in meeting_suggestions(occurrences, [ANA, BO, OLD], touches, since=SINCE, now=NOW)
    ]


def test_a_past_meeting_with_a_contact_is_offered_whatever_the_case_of_the_address():
    found = suggest([meeting(24, 10, "ana.muller@northwind.example", summary="Quarterly review")])
    assert found == [
        {
            "contact_id": 1,
            "name": "Ana Müller",
            "date": "2026-11-24",
            "start": "10:00",
            "summary": "Quarterly review",
            "calendar": "work",
        }
    ]


def test_every_known_attendee_gets_one_offer_and_strangers_none():
    found = suggest([meeting(25, 9, "bo@home.example", "ana.muller@northwind.example", "x@y.z")])
    assert [item["name"] for item in found] == ["Ana Müller", "Bo Berg"]


def test_a_meeting_already_logged_that_day_is_not_offered():
    occurrences = [meeting(24, 10, "bo@example.com"), meeting(25, 10, "bo@example.com")]
    assert [item["date"] for item in suggest(occurrences, [done(2, 24)])] == ["2026-11-25"]


def test_future_too_old_and_archived_contacts_meetings_are_not_offered():
    occurrences = [
        meeting(27, 16, "bo@example.com"),  # later today
        meeting(12, 10, "bo@example.com"),  # before the window
        meeting(20, 10, "old@example.com"),  # archived contact
    ]
    assert suggest(occurrences) == []


def test_two_meetings_with_the_same_person_on_one_day_are_one_offer_the_first():
    occurrences = [
        meeting(26, 14, "bo@example.com", summary="Follow-up"),
        meeting(26, 9, "bo@example.com", summary="Kick-off"),
    ]
    assert [(item["start"], item["summary"]) for item in suggest(occurrences)] == [
        ("09:00", "Kick-off")
    ]


def test_an_all_day_event_is_offered_without_a_time():
    found = suggest([meeting(20, 0, "bo@example.com", summary="Trade fair", all_day=True)])
    assert [(item["date"], item["start"]) for item in found] == [("2026-11-20", None)]


def test_no_contact_with_an_email_means_no_offers():
    plain = Contact(9, "No Mail", date(2025, 1, 1))
    found = meeting_suggestions([meeting(24, 10, "a@b.c")], [plain], [], since=SINCE, now=NOW)
    assert found == []
