"""The calendar package is cheap to import, and the engine and domain never reach it."""

import subprocess
import sys

HEAVY = "{'icalendar', 'recurring_ical_events', 'caldav', 'niquests', 'radicale', 'textual'}"


def loaded_after(statement: str) -> str:
    code = (
        f"import sys; {statement}; "
        f"print(sorted({{name.split('.')[0] for name in sys.modules}} & {HEAVY}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_the_calendar_package_loads_no_calendar_or_network_library():
    assert loaded_after("import planner.calendars") == "[]"


def test_a_name_of_the_package_loads_its_part_on_first_use():
    found = loaded_after("import planner.calendars as c; c.read_events")
    assert "icalendar" in found and "recurring_ical_events" in found and "caldav" not in found


def test_the_engine_and_the_domain_never_import_the_calendars():
    code = (
        "import sys, planner.engine, planner.domain; "
        "print(sorted(m for m in sys.modules if m.startswith('planner.calendars') "
        "or m in ('urllib.request', 'http.client', 'caldav', 'icalendar')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
