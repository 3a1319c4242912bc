"""Adding a calendar checks every setting in words; passwords come from a command or the
environment, never from the stored settings."""

import sys
from pathlib import Path

import pytest

from planner.calendars.errors import CalendarError
from planner.calendars.sources import (
    PASSWORD_ENV,
    CalendarKind,
    CalendarSource,
    make_source,
    password_for,
    with_changes,
)
from planner.domain import ValidationError


def refusal(**kwargs) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        make_source(kwargs.pop("name", "work"), **kwargs)
    return caught.value.field, caught.value.message


def test_a_file_path_is_made_absolute_and_a_webcal_address_becomes_https(tmp_path):
    source = make_source("home", ics="cal/home.ics", base=tmp_path)
    assert (source.kind, source.location) == (CalendarKind.ICS, str(tmp_path / "cal" / "home.ics"))
    web = make_source("holidays", ics="webcal://example.com/holidays.ics")
    assert web.location == "https://example.com/holidays.ics"
    assert make_source("f", ics="file:///tmp/a%20b.ics").location == str(Path("/tmp/a b.ics"))


def test_a_url_with_a_password_is_refused_in_words():
    field, message = refusal(caldav="https://ana:hunter2@dav.example.com/ana/work/")
    assert field == "caldav"
    assert "hunter2" not in message
    assert message == (
        "The address holds a password, and a password is never stored: take it out of the "
        f"address and give --password-command, or set {PASSWORD_ENV}."
    )


def test_a_user_in_the_url_moves_to_the_user_field():
    source = make_source("work", caldav="https://ana@dav.example.com/ana/work/")
    assert (source.location, source.user) == ("https://dav.example.com/ana/work/", "ana")
    assert refusal(caldav="https://ana@dav.example.com/x/", user="bo") == (
        "user",
        "The address names one user and --user another; give the user once.",
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"name": "  "}, "name", "A calendar needs a name, such as work or family."),
        ({}, "ics", "Give either --ics PATH_OR_URL or --caldav URL."),
        ({"ics": "a.ics", "caldav": "https://x.example/"}, "ics", "Give either --ics"),
        ({"caldav": "dav.example.com/cal"}, "caldav", "is not an http(s) address"),
        ({"ics": "ftp://example.com/a.ics"}, "ics", "'ftp://' addresses cannot be read"),
        ({"ics": "a.ics", "all_day": "maybe"}, "all_day", "--all-day is busy or free"),
        ({"ics": "a.ics", "buffer": "-5"}, "buffer", "whole number of minutes, not '-5'"),
        ({"ics": "a.ics", "buffer": "300"}, "buffer", "0 to 240 minutes, not 300"),
        ({"ics": "a.ics", "publish": True}, "publish", "Only a CalDAV calendar can receive"),
        ({"caldav": "https://x.example/c/", "alarm": "2000"}, "alarm", "0 to 1440 minutes"),
        ({"ics": "a.ics", "user": "ana"}, "user", "A file needs no user"),
        ({"ics": "a.ics", "password_command": "pass x"}, "password_command", "A file needs"),
    ],
)
def test_each_wrong_setting_is_named_with_what_to_do(kwargs, field, message):
    got_field, got_message = refusal(**kwargs)
    assert got_field == field
    assert message in got_message


def test_the_stored_form_round_trips_and_holds_no_password():
    source = make_source(
        "work",
        caldav="https://dav.example.com/ana/work/",
        user="ana",
        password_command="pass show dav",
        all_day="busy",
        buffer="10",
        publish=True,
        alarm="15",
    )
    data = source.to_json()
    assert CalendarSource.from_json(data) == source
    assert "password" not in {key for key in data if key != "password_command"}
    assert with_changes(source, buffer_minutes=5).buffer_minutes == 5


def test_a_secret_address_shows_only_its_host_in_messages():
    source = make_source("g", ics="https://calendar.example.com/private-8c1f3/basic.ics")
    assert source.shown_location == "https://calendar.example.com/…"


def test_the_password_is_the_first_line_of_the_command(tmp_path):
    script = tmp_path / "secret.py"
    script.write_text("print('s3cret pass')\nprint('second line')\n")
    source = make_source(
        "work",
        caldav="https://dav.example.com/c/",
        user="ana",
        password_command=f"{sys.executable} {script}",
    )
    assert password_for(source, environ={PASSWORD_ENV: "from-env"}) == "s3cret pass"


def test_without_a_command_the_password_comes_from_the_environment():
    source = make_source("work", caldav="https://dav.example.com/c/", user="ana")
    assert password_for(source, environ={PASSWORD_ENV: "from-env"}) == "from-env"
    assert password_for(source, environ={}) is None


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        ("no-such-program-here --x", "the password command 'no-such-program-here' was not found"),
        (f"{sys.executable} -c 'import sys; sys.exit(3)'", "failed with exit status 3"),
        (f"{sys.executable} -c 'print()'", "printed no password"),
        ("'unclosed", "the password command cannot be read"),
    ],
)
def test_a_failing_password_command_is_said_in_words(command, reason):
    source = make_source(
        "work", caldav="https://dav.example.com/c/", user="ana", password_command=command
    )
    with pytest.raises(CalendarError) as caught:
        password_for(source, environ={})
    assert reason in caught.value.message
    assert caught.value.message.startswith("work: ")
