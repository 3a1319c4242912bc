"""The calendars on the command line, against real servers: `calendars add|list|remove|refresh|
met`, `busy`, planning around busy time, `move` refused on it, and `publish` to Radicale
(again, after a re-plan, a skip, a move, an edit made on the server, a server stopped half way).
The demo network plans Monday 23 November 2026 (2026-W48) from 00:00, Europe/Berlin."""

from __future__ import annotations

import json
import sys
from datetime import time
from pathlib import Path

import icalendar
import pytest

from planner.calendars.fetching import fetch
from planner.calendars.publishing import _Server
from planner.calendars.sources import make_source
from tests.calendars.ics import calendar, event
from tests.calendars.servers import IcsServer, Radicale, Route
from tests.cli.test_commands import CLI, refused

DEMO = calendar(
    event(
        "demo-1",
        "DTSTART:20261123T090000",
        "DTEND:20261123T100000",
        "ORGANIZER:mailto:ana@northwind.example",
        summary="Customer demo",
    ),
    event("lunch-1", "DTSTART:20261201T120000", "DTEND:20261201T130000", summary="Team lunch"),
    event("free-1", "DTSTART:20261124T120000", "DTEND:20261124T130000", "TRANSP:TRANSPARENT"),
)


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> CLI:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.delenv("PLANNER_CALDAV_PASSWORD", raising=False)
    made = CLI(db_path, capsys)
    made.ok("demo")
    return made


def run(cli: CLI, *args: str) -> tuple[int, str, str]:
    return cli(*args)


def served(ics_server: IcsServer, body: bytes, path: str = "/work.ics") -> str:
    ics_server.routes[path] = Route(body=body)
    return ics_server.url(path)


def overlaps(touch: dict, start: str, end: str) -> bool:
    return touch["start"] < end and start < touch["end"]


# ------------------------------------------------------------------------- reading


def test_add_reads_the_calendar_once_and_says_what_it_found(cli, ics_server):
    out = cli.ok("calendars", "add", "work", "--ics", served(ics_server, DEMO), "--buffer", "10")
    assert "Added work: iCalendar http://127.0.0.1/…" in out
    assert "10 min kept free around events" in out
    assert "Read it: 3 events this week and next." in out
    listing = cli.json("calendars", "list")["calendars"]
    assert listing == [
        {
            "name": "work",
            "kind": "ics",
            "location": "http://127.0.0.1/…",
            "user": "",
            "password_command": "",
            "all_day": "free",
            "buffer": 10,
            "publish": False,
            "alarm": None,
            "fetched_at": listing[0]["fetched_at"],
            "age_minutes": 0,
        }
    ]
    assert "read just now" in cli.ok("calendars", "list")


def test_a_calendar_that_cannot_be_read_now_is_added_with_a_warning(cli, ics_server):
    out = cli.ok("calendars", "add", "gone", "--ics", ics_server.url("/missing.ics"))
    assert "It cannot be read now (there is no calendar at http://127.0.0.1/… (HTTP 404)" in out
    assert "not read yet" in cli.ok("calendars", "list")
    code, out, err = run(cli, "busy")
    assert code == 0 and "Nothing busy in 2026-W48" in out
    assert "gone: there is no calendar at" in out and "its busy time is missing" in out


def test_a_file_that_is_not_there_yet_is_added_and_read_once_it_is(cli, tmp_path):
    path = tmp_path / "later.ics"
    assert "It cannot be read now" in cli.ok("calendars", "add", "later", "--ics", str(path))
    path.write_bytes(DEMO)
    refreshed = cli.json("calendars", "refresh")["calendars"]
    assert [(each["calendar"], each["error"], each["events"]) for each in refreshed] == [
        ("later", "", 3)
    ]


def test_names_are_unique_one_calendar_receives_the_week_and_remove_forgets(cli, radicale):
    url = radicale.make_calendar("ana", "planner")
    cli.ok("calendars", "add", "phone", "--caldav", url, "--user", "ana", "--publish")
    err = refused(cli, "calendars", "add", "Phone", "--ics", "/tmp/x.ics")
    assert "There is already a calendar named 'phone'" in err
    other = radicale.make_calendar("ana", "other")
    err = refused(cli, "calendars", "add", "other", "--caldav", other, "--publish")
    assert "'phone' already receives the week, and only one calendar can" in err
    copies = cli.db.parent / "planner.calendars"
    assert any(copies.iterdir())
    assert cli.ok("calendars", "remove", "PHONE").startswith("Removed phone.")
    assert not any(copies.iterdir()), "the copy of a removed calendar goes with it"
    assert cli.json("calendars", "list") == {"calendars": []}


def test_a_password_in_the_address_is_refused_and_never_shown(cli):
    err = refused(cli, "calendars", "add", "w", "--caldav", "https://ana:hunter2@dav.example/c/")
    assert "a password is never stored" in err and "hunter2" not in err


def test_refresh_reports_events_and_broken_ones_per_calendar(cli, ics_server):
    broken = calendar(
        event("ok", "DTSTART:20261124T090000", "DTEND:20261124T100000", summary="Fine"),
        event("bad", "DTSTART:20261125T090000", "RRULE:FREQ=SOMETIMES", summary="Broken"),
    )
    cli.ok("calendars", "add", "work", "--ics", served(ics_server, broken))
    cli.ok("calendars", "add", "gone", "--ics", ics_server.url("/missing.ics"))
    found = {each["calendar"]: each for each in cli.json("calendars", "refresh")["calendars"]}
    assert found["work"]["events"] == 1 and found["work"]["fetched_now"] is True
    assert [problem["event"] for problem in found["work"]["problems"]] == ["'Broken'"]
    assert "HTTP 404" in found["gone"]["error"]
    text = cli.ok("calendars", "refresh", "work")
    assert "work: read; 1 event this week and next." in text and "event 'Broken'" in text
    assert "gone" not in text
    assert "There is no calendar named 'nope'" in refused(cli, "calendars", "refresh", "nope")


def test_busy_is_local_time_across_a_daylight_saving_change_and_split_at_midnight(cli, ics_server):
    # Summer time ends in Berlin on Sunday 25 October 2026 at 03:00 (back to 02:00).
    events = calendar(
        event("utc", "DTSTART:20261023T070000Z", "DTEND:20261023T080000Z", summary="UTC Fri"),
        event("utc2", "DTSTART:20261026T080000Z", "DTEND:20261026T090000Z", summary="UTC Mon"),
        event(
            "daily",
            "DTSTART;TZID=America/New_York:20261024T080000",
            "DTEND;TZID=America/New_York:20261024T083000",
            "RRULE:FREQ=DAILY;COUNT=3",
            summary="New York standup",
        ),
        event("late", "DTSTART:20261024T230000", "DTEND:20261025T010000", summary="Night"),
    )
    cli.ok("calendars", "add", "work", "--ics", served(ics_server, events))
    busy = cli.json("busy", "--week", "2026-W43")
    assert busy["week"] == "2026-W43"
    assert [(b["date"], b["start"], b["end"], b["summary"]) for b in busy["busy"]] == [
        ("2026-10-23", "09:00", "10:00", "UTC Fri"),  # CEST, UTC+2
        ("2026-10-24", "14:00", "14:30", "New York standup"),
        ("2026-10-24", "23:00", "24:00", "Night"),
        ("2026-10-25", "00:00", "01:00", "Night"),
        ("2026-10-25", "13:00", "13:30", "New York standup"),  # Berlin back to CET first
    ]
    assert all(b["calendar"] == "work" for b in busy["busy"])
    next_week = cli.json("busy", "--week", "2026-W44")["busy"]
    assert [(b["date"], b["start"], b["summary"]) for b in next_week] == [
        ("2026-10-26", "09:00", "UTC Mon"),  # CET, UTC+1
        ("2026-10-26", "13:00", "New York standup"),
    ]
    text = cli.ok("busy", "--week", "2026-W43")
    assert "Saturday 24 October" in text and "23:00–24:00  Night (work)" in text


# ------------------------------------------------------------------------- planning


def test_planning_never_puts_a_touch_on_busy_time_and_says_what_meetings_took(cli, ics_server):
    cli.ok("calendars", "add", "work", "--ics", served(ics_server, DEMO), "--buffer", "15")
    plan = cli.json("plan")
    monday = [t for t in plan["touches"] if t["date"] == "2026-11-23" and t["start"]]
    assert monday, "Monday's block still takes touches after the demo"
    assert not [t for t in monday if overlaps(t, "08:45", "10:15")]
    assert plan["summary"]["busy_minutes"]["prospecting"] == 75  # 09:00-10:15 of 09:00-11:00
    text = cli.ok("plan")
    assert "Meetings in your calendars take 75 min of the blocked time." in text


def test_a_plan_with_a_calendar_that_cannot_be_read_says_which_why_and_how_old(
    cli, ics_server, capsys
):
    url = served(ics_server, DEMO)
    cli.ok("calendars", "add", "work", "--ics", url)
    ics_server.routes.clear()  # gone since: its copy is used
    copies = cli.db.parent / "planner.calendars"
    meta = next(copies.glob("*.meta.json"))
    data = json.loads(meta.read_text())
    data["fetched_at"] = "2026-01-01T00:00:00+00:00"  # long ago: due again
    meta.write_text(json.dumps(data))
    code, out, err = cli("plan", "--json")
    assert code == 0
    plan = json.loads(out)
    assert not [t for t in plan["touches"] if t["date"] == "2026-11-23" and t["start"] == "09:00"]
    assert "planner: warning: work: there is no calendar at http://127.0.0.1/… (HTTP 404)" in err
    assert "using its copy from" in err and "days ago" in err
    assert "using its copy from" in cli.ok("plan")


def test_move_onto_busy_time_is_refused_naming_the_event(cli, ics_server):
    cli.ok("calendars", "add", "work", "--ics", served(ics_server, DEMO))
    plan = cli.json("plan")
    monday = [t for t in plan["touches"] if t["date"] == "2026-11-23" and t["start"]]
    err = refused(cli, "move", str(monday[0]["id"]), "--date", "2026-11-23", "--start", "09:30")
    assert "clashes with 'Customer demo' 09:00–10:00, work calendar; pick a free time." in err


# ------------------------------------------------------------------------- meetings


def test_met_offers_past_meetings_with_contacts_until_one_is_logged(cli, ics_server):
    ana = cli.json("contacts", "list", "--search", "Ana Müller")[0]
    email = ana["emails"][0]
    meetings = calendar(
        event(
            "m1",
            "DTSTART:20261118T100000",
            "DTEND:20261118T110000",
            f"ATTENDEE;CN=Ana:mailto:{email.upper()}",
            summary="Quarterly review",
        ),
        event(
            "m2",
            "DTSTART:20261124T100000",
            "DTEND:20261124T110000",
            f"ATTENDEE:mailto:{email}",
            summary="Still to come",
        ),
        event("m3", "DTSTART:20261119T100000", "DTEND:20261119T110000", summary="Nobody known"),
    )
    cli.ok("calendars", "add", "work", "--ics", served(ics_server, meetings))
    found = cli.json("calendars", "met")
    assert found == {
        "suggestions": [
            {
                "contact_id": ana["id"],
                "name": "Ana Müller",
                "date": "2026-11-18",
                "start": "10:00",
                "summary": "Quarterly review",
                "calendar": "work",
            }
        ]
    }
    text = cli.ok("calendars", "met", "--days", "7")
    assert f"planner log {ana['id']} --channel meeting --purpose networking" in text
    assert cli.json("calendars", "met", "--days", "3") == {"suggestions": []}
    cli.ok(
        "log",
        str(ana["id"]),
        "--channel",
        "meeting",
        "--purpose",
        "networking",
        "--date",
        "2026-11-18",
    )
    assert cli.json("calendars", "met") == {"suggestions": []}


# ------------------------------------------------------------------------- publishing


def server_events(url: str) -> dict[str, icalendar.Event]:
    fetched = fetch(make_source("check", caldav=url, user="ana"), password="x", timeout=5)
    found = {}
    for raw in fetched.objects:
        for item in icalendar.Calendar.from_ical(raw).walk("VEVENT"):
            found[str(item["UID"])] = item
    return found


def counts(result: dict) -> tuple[int, int, int, int]:
    return result["created"], result["updated"], result["deleted"], result["unchanged"]


@pytest.fixture
def phone(cli, radicale) -> str:
    url = radicale.make_calendar("ana", "planner")
    out = cli.ok("calendars", "add", "phone", "--caldav", url, "--user", "ana", "--publish")
    assert "receives the week, alarms 10 min before" in out
    return url


def test_publish_the_week_then_again_then_after_a_replan_a_skip_and_a_move(cli, phone):
    touches = cli.json("plan")["touches"]
    first = cli.json("publish")
    assert counts(first) == (len(touches), 0, 0, 0)
    assert (first["conflicts"], first["error"]) == ([], None)
    events = server_events(phone)
    assert len(events) == len(touches)
    one = touches[0]
    uid = next(uid for uid in events if uid.endswith(f"-touch-{one['id']}"))
    assert str(events[uid]["SUMMARY"]).startswith(("Call ", "Email ", "Message ", "Coffee "))
    assert one["contact_name"] in str(events[uid]["SUMMARY"])
    assert cli.json("publish") == {
        "created": 0,
        "updated": 0,
        "deleted": 0,
        "unchanged": len(touches),
        "conflicts": [],
        "error": None,
    }
    assert cli.ok("publish").startswith("2026-W48  phone: 0 created, 0 updated, 0 deleted, ")

    skipped, moved = next(
        (one, other)
        for one, other in zip(touches, touches[1:], strict=False)
        if one["block_id"] == other["block_id"] and one["block_id"] is not None
    )
    cli.ok("skip", str(skipped["id"]))  # its time is free now: the other moves into it
    free = _free_start(cli, moved)
    result = cli.json("publish")
    assert counts(result) == (0, 1, 1, len(touches) - 2)
    events = server_events(phone)
    assert not [uid for uid in events if uid.endswith(f"-touch-{skipped['id']}")]
    start = next(e for u, e in events.items() if u.endswith(f"-touch-{moved['id']}"))["DTSTART"]
    assert start.dt.time() == time.fromisoformat(free)

    replanned = cli.json("plan")["touches"]
    result = cli.json("publish")
    assert len(server_events(phone)) == len(
        [t for t in replanned if t["status"] in ("planned", "done")]
    )
    assert result["deleted"] >= 1 and result["error"] is None


def _free_start(cli: CLI, touch: dict) -> str:
    """Move `touch` to the first other start its day has free; that start."""
    day = [
        t
        for t in cli.json("touches")
        if t["date"] == touch["date"]
        and t["id"] != touch["id"]
        and t["start"]
        and t["status"] in ("planned", "done")
    ]
    for minutes in range(0, 24 * 60, 15):
        start = f"{minutes // 60:02d}:{minutes % 60:02d}"
        end_minutes = minutes + 15
        end = f"{end_minutes // 60:02d}:{end_minutes % 60:02d}"
        if start == touch["start"] or any(overlaps(t, start, end) for t in day):
            continue
        code, _, _ = cli("move", str(touch["id"]), "--date", touch["date"], "--start", start)
        if code == 0:
            return start
    raise AssertionError("no free slot to move to")


def test_an_event_edited_on_the_server_is_left_alone_and_reported(cli, phone):
    touches = cli.json("plan")["touches"]
    cli.json("publish")
    from caldav.davclient import DAVClient

    target = touches[0]
    events = server_events(phone)
    uid = next(uid for uid in events if uid.endswith(f"-touch-{target['id']}"))
    with DAVClient(url=phone, username="ana", password="x", timeout=5) as client:
        calendar_object = client.calendar(url=phone).event_by_uid(uid)
        calendar_object.icalendar_component["SUMMARY"] = "My own words"
        calendar_object.save()
    cli.ok("skip", str(target["id"]))
    result = cli.json("publish")
    assert [conflict["touch_id"] for conflict in result["conflicts"]] == [target["id"]]
    assert "edited in the calendar since the last publish" in result["conflicts"][0]["reason"]
    assert str(server_events(phone)[uid]["SUMMARY"]) == "My own words"
    text = cli.ok("publish")
    assert "1 conflict" not in text  # left to the user for good once the touch is gone


def test_a_server_stopped_half_way_loses_nothing_and_the_next_publish_completes(
    cli, phone, radicale, monkeypatch
):
    touches = cli.json("plan")["touches"]
    real_put = _Server.put
    writes = []

    def put_then_stop(self, href, body, *, etag):
        answer = real_put(self, href, body, etag=etag)
        writes.append(href)
        if len(writes) == 2:
            radicale.stop()
        return answer

    monkeypatch.setattr(_Server, "put", put_then_stop)
    code, out, err = cli("publish", "--json")
    assert code == 1
    stopped = json.loads(out)
    assert stopped["created"] == 2 and stopped["error"]
    assert "could not be brought up to date" in err and "what was done is kept" in err
    monkeypatch.setattr(_Server, "put", real_put)
    radicale.start()
    result = cli.json("publish")
    assert counts(result) == (len(touches) - 2, 0, 0, 2)
    assert len(server_events(phone)) == len(touches)


def test_publish_without_a_calendar_that_receives_the_week_is_refused(cli):
    err = refused(cli, "publish")
    assert "No calendar receives the week" in err


def test_the_planners_own_events_are_not_read_back_as_busy_time(cli, phone):
    before = cli.json("plan")["touches"]
    cli.json("publish")
    assert cli.json("calendars", "refresh")["calendars"][0]["events"] == 0
    assert cli.json("busy")["busy"] == []
    again = cli.json("plan")["touches"]
    assert len(again) == len(before), "a re-plan is not blocked by the week it published"


def test_a_password_comes_from_the_command_and_is_never_written_anywhere(cli, tmp_path, db_path):
    server = Radicale(tmp_path / "secured", users={"ana": "s3cret-Pa55"})
    server.folder.mkdir()
    server.start()
    try:
        url = server.make_calendar("ana", "planner", password="s3cret-Pa55")
        script = tmp_path / "secret.py"
        script.write_text("print('s3cret-Pa55')\n")
        command = f"{sys.executable} {script}"
        wrong = tmp_path / "wrong.py"
        wrong.write_text("print('nope')\n")
        out = cli.ok(
            "calendars",
            "add",
            "locked",
            "--caldav",
            url,
            "--user",
            "ana",
            "--password-command",
            f"{sys.executable} {wrong}",
            "--publish",
        )
        assert "refused the user and password (HTTP 401)" in out
        cli.ok("calendars", "remove", "locked")
        out = cli.ok(
            "calendars",
            "add",
            "phone",
            "--caldav",
            url,
            "--user",
            "ana",
            "--password-command",
            command,
            "--publish",
        )
        assert "Read it: 0 events" in out
        cli.json("plan")
        assert cli.json("publish")["error"] is None
        cli.ok("export", "csv", "touches", "-o", str(tmp_path / "touches.csv"))
    finally:
        server.stop()
    for path in [*db_path.parent.rglob("*"), tmp_path / "touches.csv"]:
        if path.is_file():
            assert b"s3cret-Pa55" not in path.read_bytes(), path
