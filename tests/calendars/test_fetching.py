"""Fetching a calendar from a file, an .ics URL on a real local HTTP server, and a real CalDAV
server (Radicale): what comes back, and each failure in words."""

import time

import pytest

from planner.calendars.errors import CalendarError
from planner.calendars.fetching import fetch
from planner.calendars.sources import make_source
from tests.calendars.ics import calendar, event
from tests.calendars.servers import Radicale, Route, free_port

DEMO = calendar(event("demo", "DTSTART:20261123T090000Z", "DURATION:PT1H"))


def failure(source, **kwargs) -> str:
    with pytest.raises(CalendarError) as caught:
        fetch(source, **kwargs)
    assert caught.value.message.startswith(f"{source.name}: ")
    return caught.value.reason


# Files ----------------------------------------------------------------------------------------


def test_a_file_is_read_as_it_is(tmp_path):
    path = tmp_path / "home.ics"
    path.write_bytes(DEMO)
    assert fetch(make_source("home", ics=str(path))).objects == (DEMO,)


def test_a_missing_file_or_a_folder_is_said_in_words(tmp_path):
    missing = make_source("home", ics=str(tmp_path / "gone.ics"))
    assert failure(missing) == f"the file {tmp_path / 'gone.ics'} does not exist"
    folder = make_source("home", ics=str(tmp_path))
    assert failure(folder) == f"{tmp_path} is a folder, not a calendar file"


# iCalendar URLs --------------------------------------------------------------------------------


def test_an_ics_url_is_fetched_and_asked_again_only_if_changed(ics_server):
    ics_server.routes["/cal.ics"] = Route(body=DEMO, headers={"ETag": '"v1"'})
    source = make_source("web", ics=ics_server.url("/cal.ics"))
    first = fetch(source, timeout=5)
    assert (first.objects, first.etag, first.not_modified) == ((DEMO,), '"v1"', False)
    again = fetch(source, timeout=5, etag=first.etag)
    assert again.not_modified and again.objects == ()
    assert ics_server.requests[-1][1].get("If-None-Match") == '"v1"'


def test_a_missing_page_is_said_in_words(ics_server):
    source = make_source("web", ics=ics_server.url("/nothing.ics"))
    assert failure(source, timeout=5) == (
        "there is no calendar at http://127.0.0.1/… (HTTP 404): check the address"
    )


def test_a_login_asked_by_a_secret_address_is_said_in_words(ics_server):
    ics_server.routes["/private.ics"] = Route(401, b"login", {"WWW-Authenticate": "Basic"})
    source = make_source("web", ics=ics_server.url("/private.ics"))
    assert failure(source, timeout=5) == (
        "http://127.0.0.1/… asks for a login (HTTP 401); for a secret address, copy it again "
        "from the calendar's settings"
    )


def test_a_server_that_does_not_answer_in_time_is_given_up(ics_server):
    ics_server.routes["/slow.ics"] = Route(body=DEMO, delay=3)
    source = make_source("web", ics=ics_server.url("/slow.ics"))
    began = time.monotonic()
    assert failure(source, timeout=0.5) == "no answer from 127.0.0.1 within 0.5 seconds"
    assert time.monotonic() - began < 2.5


def test_no_server_at_all_is_said_in_words():
    source = make_source("web", ics=f"http://127.0.0.1:{free_port()}/cal.ics")
    assert failure(source, timeout=2) == (
        "cannot connect to 127.0.0.1: the connection was refused (is the server running?)"
    )


def test_a_name_that_does_not_resolve_is_said_in_words():
    source = make_source("web", ics="https://calendar.invalid/cal.ics")
    assert failure(source, timeout=2) == (
        "cannot find calendar.invalid: no network, or the name is wrong"
    )


def test_a_user_and_password_go_as_basic_auth(ics_server):
    ics_server.routes["/team.ics"] = Route(body=DEMO)
    source = make_source("team", ics=ics_server.url("/team.ics"), user="ana")
    fetch(source, password="pw", timeout=5)
    assert ics_server.requests[-1][1]["Authorization"] == "Basic YW5hOnB3"


# CalDAV ---------------------------------------------------------------------------------------


def put(url: str, name: str, body: bytes) -> None:
    from caldav.davclient import DAVClient

    with DAVClient(url=url, username="ana", password="x", timeout=5, enable_rfc6764=False) as c:
        response = c.put(url + name, body.decode(), {"Content-Type": "text/calendar"})
        assert response.status in (201, 204)


def test_every_event_of_a_caldav_calendar_comes_as_its_own_object(radicale):
    url = radicale.make_calendar("ana", "work")
    put(url, "one.ics", DEMO)
    put(url, "two.ics", calendar(event("two", "DTSTART:20261124T090000Z", "DURATION:PT1H")))
    source = make_source("work", caldav=url, user="ana")
    fetched = fetch(source, password="x", timeout=5)
    assert len(fetched.objects) == 2
    assert sorted(b"UID:demo" in item for item in fetched.objects) == [False, True]
    assert sorted(b"UID:two" in item for item in fetched.objects) == [False, True]


def test_a_caldav_calendar_that_does_not_exist_is_said_in_words(radicale):
    radicale.make_calendar("ana", "work")
    source = make_source("work", caldav=f"{radicale.base}/ana/nothere/", user="ana")
    assert failure(source, password="x", timeout=5) == (
        f"there is no calendar at {radicale.base}/ana/nothere/ (HTTP 404): check the address"
    )


def test_a_refused_caldav_login_is_said_in_words(tmp_path):
    server = Radicale(tmp_path, users={"ana": "right"})
    server.start()
    try:
        url = server.make_calendar("ana", "work", password="right")
        source = make_source("work", caldav=url, user="ana")
        assert fetch(source, password="right", timeout=5).objects == ()
        reason = failure(source, password="wrong", timeout=5)
        assert reason == (
            f"{url} refused the user and password (HTTP 401): check --user, and the password "
            "from --password-command or PLANNER_CALDAV_PASSWORD"
        )
        assert "wrong" not in reason
    finally:
        server.stop()


def test_a_caldav_server_that_is_not_running_is_said_in_words():
    source = make_source("work", caldav=f"http://127.0.0.1:{free_port()}/ana/work/")
    assert failure(source, timeout=2) == (
        "cannot connect to 127.0.0.1: the connection was refused (is the server running?)"
    )
