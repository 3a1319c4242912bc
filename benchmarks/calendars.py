"""How fast calendars are read: `python benchmarks/calendars.py`.

Builds seeded synthetic iCalendar files (a Europe/Berlin VTIMEZONE; single events over six
years and one in ten a repeating series with exceptions and moved instances; attendees), then
times:

- refreshing a 5,000-event calendar for a week: fetch (a file), keep the copy, parse and expand
  the week, keep the worked-out week (the target: under 2 s); and parsing the same calendar
  whole, or as 5,000 CalDAV objects;
- reading busy time from three fresh copies, as planning does when no fetch is due;
- the engine planning the 30,000-contact network of `benchmarks/plan.py` without and with the
  three calendars' busy time.

Prints the median of several runs.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.plan import (  # noqa: E402
    NOW,
    WEEK,
    build_network,
    median_seconds,
    twenty_blocks,
)
from planner.calendars import (  # noqa: E402
    CalendarCache,
    make_source,
    read_calendars,
    read_events,
)
from planner.domain import Goal, GoalMetric, Settings  # noqa: E402
from planner.engine import PlanRequest, plan_week  # noqa: E402

BERLIN = ZoneInfo("Europe/Berlin")
TARGET_SECONDS = 2.0
MONDAY = WEEK.monday
NEXT_MONDAY = MONDAY + timedelta(days=7)
REFRESHED = datetime.combine(MONDAY, datetime.min.time(), tzinfo=UTC)

VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""

RULES = (
    "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=30",
    "RRULE:FREQ=DAILY;COUNT=10",
    "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=26",
    "RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=12",
    "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20271231T000000Z",
    "RRULE:FREQ=WEEKLY",
)


def synthetic_calendar(events: int, seed: int, first_hour: int = 7) -> bytes:
    """`events` VEVENT series over six years (2021 to 2026), starting from `first_hour` to 11
    hours later, times in Europe/Berlin; one in ten repeats (mostly for a few weeks or months,
    a few for good or every weekday) with an EXDATE, one in thirty with a moved instance."""
    rng = random.Random(seed)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//benchmark//planner//EN", VTIMEZONE]
    first = datetime(2021, 1, 4, first_hour, 0)
    for ident in range(events):
        start = first + timedelta(days=rng.randrange(6 * 365), minutes=15 * rng.randrange(44))
        end = start + timedelta(minutes=rng.choice((15, 30, 45, 60, 90)))
        uid = f"bench-{seed}-{ident}@example.com"
        head = [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20250101T000000Z",
            f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/Berlin:{end:%Y%m%dT%H%M%S}",
            f"SUMMARY:Meeting {ident}",
            f"ORGANIZER;CN=Organizer {ident % 97}:mailto:org{ident % 97}@example.com",
            f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:person{ident}@example.com",
        ]
        if rng.random() < 0.1:
            head.append("TRANSP:TRANSPARENT")
        if ident % 10 == 0:
            head.append(RULES[rng.choices(range(len(RULES)), (30, 25, 20, 20, 1, 4))[0]])
            head.append(f"EXDATE;TZID=Europe/Berlin:{start + timedelta(days=14):%Y%m%dT%H%M%S}")
            lines += [*head, "END:VEVENT"]
            if ident % 30 == 0:
                moved = start + timedelta(days=7)
                lines += [
                    "BEGIN:VEVENT",
                    f"UID:{uid}",
                    "DTSTAMP:20250101T000000Z",
                    f"RECURRENCE-ID;TZID=Europe/Berlin:{moved:%Y%m%dT%H%M%S}",
                    f"DTSTART;TZID=Europe/Berlin:{moved + timedelta(hours=2):%Y%m%dT%H%M%S}",
                    f"DTEND;TZID=Europe/Berlin:{end + timedelta(days=7, hours=2):%Y%m%dT%H%M%S}",
                    f"SUMMARY:Meeting {ident} (moved)",
                    "END:VEVENT",
                ]
        else:
            lines += [*head, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join("\n".join(lines).split("\n")) + "\r\n").encode("utf-8")


def as_objects(data: bytes) -> list[bytes]:
    """The calendar split as a CalDAV server keeps it: one object per UID, each with the zone."""
    text = data.decode("utf-8")
    blocks = text.split("BEGIN:VEVENT")[1:]
    by_uid: dict[str, list[str]] = {}
    for block in blocks:
        body = "BEGIN:VEVENT" + block.split("END:VCALENDAR")[0]
        uid = body.split("UID:", 1)[1].split("\r\n", 1)[0]
        by_uid.setdefault(uid, []).append(body)
    zone = VTIMEZONE.replace("\n", "\r\n")
    head = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//benchmark//EN\r\n{zone}\r\n"
    return [(head + "".join(parts) + "END:VCALENDAR\r\n").encode() for parts in by_uid.values()]


def row(what: str, figure: str) -> None:
    print(f"{what:<60} {figure:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="planner-calendars-bench-"))
    try:
        run(folder, args.repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path, repeat: int) -> None:
    sizes = {"work": 5_000, "team": 1_000, "home": 300}
    sources = []
    for seed, (name, events) in enumerate(sizes.items(), 1):
        path = folder / f"{name}.ics"
        path.write_bytes(synthetic_calendar(events, seed))
        sources.append(make_source(name, ics=str(path)))
    work = sources[0]
    data = Path(work.location).read_bytes()
    print(f"calendars for {WEEK}, local zone Europe/Berlin; median of {repeat} runs\n")

    week = {"calendar": "work", "start": MONDAY, "end": NEXT_MONDAY, "zone": BERLIN}
    reading = read_events(data, **week)
    parse = median_seconds(partial(read_events, data, **week), repeat)
    whole = median_seconds(partial(read_events, data, whole=True, **week), repeat)
    runs = iter(range(10_000))

    def refresh_work() -> object:
        cache = CalendarCache(folder / f"cache-{next(runs)}")
        return read_calendars(
            [work], cache, start=MONDAY, end=NEXT_MONDAY, now=REFRESHED, zone=BERLIN, force=True
        )

    refresh = median_seconds(refresh_work, repeat)
    verdict = "meets" if refresh < TARGET_SECONDS else "MISSES"
    row("what", "ms")
    row(f"parse and expand 5,000 events ({len(data) // 1024} KB) for a week", f"{parse * 1000:.0f}")
    row("  the same, parsing every event (no skimming)", f"{whole * 1000:.0f}")
    objects = as_objects(data)
    caldav = median_seconds(partial(read_events, objects, **week), repeat)
    row(f"  the same as {len(objects):,} CalDAV objects", f"{caldav * 1000:.0f}")
    row("refresh: fetch, keep the copy, parse, expand, keep the week", f"{refresh * 1000:.0f}")
    print(
        f"  {len(reading.occurrences)} occurrences in the week; refresh {refresh:.2f} s "
        f"{verdict} the {TARGET_SECONDS:g} s target\n"
    )

    cache = CalendarCache(folder / "three")
    read_calendars(sources, cache, start=MONDAY, end=NEXT_MONDAY, now=REFRESHED, zone=BERLIN)
    soon = REFRESHED + timedelta(minutes=5)

    def fresh_three():  # noqa: ANN202
        return read_calendars(sources, cache, start=MONDAY, end=NEXT_MONDAY, now=soon, zone=BERLIN)

    fresh = median_seconds(fresh_three, repeat)
    busy = fresh_three().busy
    row(f"busy time of three fresh copies ({sum(sizes.values()):,} events)", f"{fresh * 1000:.1f}")
    print(f"  {len(busy)} pieces of busy time in the week\n")

    network = build_network(30_000)
    request = PlanRequest(
        week=WEEK,
        now=NOW,
        contacts=network.contacts,
        history=network.history,
        week_touches=network.week_touches,
        carry_sources=network.carry,
        follow_up_sources=network.follow_ups,
        blocks=twenty_blocks(),
        goals=[Goal(1, GoalMetric.PROSPECTING_SHARE, 40)],
        settings=Settings(),
    )
    with_busy = replace(request, busy=busy)
    without = median_seconds(partial(plan_week, request), repeat)
    within = median_seconds(partial(plan_week, with_busy), repeat)
    placed = (len(plan_week(request).add), len(plan_week(with_busy).add))
    row("engine: plan 30,000 contacts, no busy time", f"{without * 1000:.1f}")
    row("engine: plan 30,000 contacts, three calendars' busy time", f"{within * 1000:.1f}")
    print(f"  touches placed: {placed[0]} without, {placed[1]} with busy time")


if __name__ == "__main__":
    main()
