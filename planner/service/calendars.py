"""The user's calendars: adding and removing them, their busy time, meetings to log, and the
week out to the calendar that receives it.

Reading goes through `CalendarAccess`, taken from the store at one moment: it holds no store,
so the app can read calendars in a worker thread while the store stays on the screen's thread.
Freshness is judged by the real clock (a calendar is fetched again once its copy is 15 minutes
old, waiting 5 seconds at most), never by `--today`, which only says which week it is.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.calendars import CalendarCache, CalendarError, make_source, password_for
from planner.domain.busy import Busy
from planner.domain.calendars import (
    Calendar,
    CalendarKind,
    CalendarSource,
    PublishState,
)
from planner.domain.enums import Channel, Purpose, TouchStatus
from planner.domain.errors import ValidationError
from planner.domain.model import Contact, Settings, Touch, minutes_of, time_of
from planner.domain.weeks import Week
from planner.store import Store

if TYPE_CHECKING:
    from planner.calendars import (
        CalendarsReading,
        CalendarStatus,
        Occurrence,
        Problem,
        PublishResult,
        Suggestion,
    )

#: How long planning, the week screen and `planner busy` wait for calendars being fetched.
WAIT_SECONDS = 5.0
#: How long an explicit `add` or `refresh` waits: a password command and a slow server included.
REFRESH_WAIT_SECONDS = 20.0
#: Days back `planner calendars met` looks for meetings with contacts.
MEETING_DAYS = 14
#: Weeks before this one whose publish state is kept (older ones are not published again).
KEEP_PUBLISHED_WEEKS = 2


# ------------------------------------------------------------------------------- the calendars


def calendars(store: Store) -> list[Calendar]:
    """The user's calendars, by name."""
    return sorted(store.calendars.values(), key=lambda each: (each.name.casefold(), each.id))


def find_calendar(store: Store, name: object) -> Calendar:
    """The calendar named `name` (any case), or a refusal naming the ones there are."""
    wanted = " ".join(str(name).split())
    found = [each for each in store.calendars.values() if each.name.casefold() == wanted.casefold()]
    exact = [each for each in found if each.name == wanted]
    if exact or found:
        return (exact or found)[0]
    known = ", ".join(each.name for each in calendars(store))
    hint = f"the calendars are {known}" if known else "there are none yet"
    raise ValidationError(
        "name", f"There is no calendar named '{wanted[:60]}': {hint} (planner calendars list)."
    )


def publish_calendar(store: Store) -> Calendar | None:
    """The calendar that receives the week, if one does."""
    return next((each for each in calendars(store) if each.source.publish), None)


def calendar_cache(store: Store) -> CalendarCache:
    """The local copies of the calendars, beside the real database file."""
    return CalendarCache(store.paths.calendars)


def add_calendar(
    store: Store,
    name: str,
    *,
    ics: str | None = None,
    caldav: str | None = None,
    user: str = "",
    password_command: str = "",
    all_day: str = "free",
    buffer: object = 0,
    publish: bool = False,
    alarm: object | None = None,
    base: Path | None = None,
) -> Calendar:
    """Add a calendar (checked in words; never a password). Only one calendar receives the
    week; the first one to do so gives the database the id its published events carry."""
    if alarm is not None and not publish:
        raise ValidationError(
            "alarm", "--alarm is for the calendar that receives the week; add --publish too."
        )
    source = make_source(
        name,
        ics=ics,
        caldav=caldav,
        user=user,
        password_command=password_command,
        all_day=all_day,
        buffer=buffer,
        publish=publish,
        alarm=10 if alarm is None else alarm,
        base=base,
    )
    for other in store.calendars.values():
        if other.name.casefold() == source.name.casefold():
            raise ValidationError(
                "name",
                f"There is already a calendar named '{other.name}': pick another name, or "
                f"remove it first (planner calendars remove '{other.name}').",
            )
    target = publish_calendar(store)
    if publish and target is not None:
        raise ValidationError(
            "publish",
            f"'{target.name}' already receives the week, and only one calendar can: remove it "
            "first, or add this one without --publish.",
        )
    with store.transaction() as tx:
        if publish and not store.settings.database_id:
            tx.set_settings(store.settings.but(database_id=secrets.token_hex(8)))
        return tx.put_calendar(Calendar(tx.new_calendar_id(), source))


@dataclass(frozen=True)
class CopyAge:
    """When a calendar's local copy was read from the calendar (None: never), seen at
    `checked_at` (the real clock, UTC)."""

    fetched_at: datetime | None
    checked_at: datetime

    def to_json(self) -> dict[str, Any]:
        """`{"fetched_at": ISO in UTC or null, "age_minutes": n or null}`."""
        if self.fetched_at is None:
            return {"fetched_at": None, "age_minutes": None}
        age = max(timedelta(0), self.checked_at - self.fetched_at)
        return {
            "fetched_at": self.fetched_at.isoformat(),
            "age_minutes": int(age.total_seconds() // 60),
        }

    def words(self) -> str:
        """`read 12 minutes ago`, `not read yet`."""
        from planner.calendars.freshness import describe_age

        if self.fetched_at is None:
            return "not read yet"
        return f"read {describe_age(max(timedelta(0), self.checked_at - self.fetched_at))}"


def copy_ages(store: Store) -> dict[int, CopyAge]:
    """How old each calendar's copy is, by calendar id (nothing is fetched)."""
    cache = calendar_cache(store)
    now = datetime.now(UTC)
    ages = {}
    for calendar in store.calendars.values():
        meta = cache.meta(calendar.source)
        ages[calendar.id] = CopyAge(None if meta is None else meta.fetched_at, now)
    return ages


def remove_calendar(store: Store, name: object) -> Calendar:
    """Forget a calendar and its local copy (its events stay where they are)."""
    calendar = find_calendar(store, name)
    with store.transaction() as tx:
        tx.delete_calendar(calendar.id)
    try:
        calendar_cache(store).remove(calendar.name)
    except CalendarError:
        pass  # a copy left behind is never read again: its calendar is gone
    return calendar


# ------------------------------------------------------------------------------- busy time


@dataclass(frozen=True)
class CalendarRead:
    """What the calendars hold for the days `start` to `end` (exclusive), and how each stands.

    `checked_at` is the real moment it was read (UTC), against which ages are told.
    """

    start: date
    end: date
    checked_at: datetime
    reading: CalendarsReading | None = None

    @property
    def busy(self) -> list[Busy]:
        return [] if self.reading is None else self.reading.busy

    @property
    def occurrences(self) -> list[Occurrence]:
        return [] if self.reading is None else self.reading.occurrences

    @property
    def statuses(self) -> list[CalendarStatus]:
        return [] if self.reading is None else self.reading.statuses

    @property
    def problems(self) -> list[Problem]:
        return [] if self.reading is None else self.reading.problems

    def warnings(self) -> list[str]:
        """One line per calendar that could not be read now (which, why, how old the copy in
        use is), then one per broken event (calendar, event, why)."""
        if self.reading is None:
            return []
        lines = self.reading.warnings(self.checked_at)
        return lines + [str(problem) for problem in self.reading.problems]

    def busy_json(self, week: Week) -> dict[str, Any]:
        """`{"week": "2026-W49", "busy": [{"date", "start", "end", "calendar", "summary"}]}`."""
        return {"week": str(week), "busy": [each.to_json() for each in self.busy]}

    def statuses_json(self) -> list[dict[str, Any]]:
        return [status.to_json(self.checked_at) for status in self.statuses]


@dataclass(frozen=True)
class CalendarAccess:
    """The calendars' settings and the place of their copies, taken from the store at one
    moment: reading them touches no store (safe in a worker thread)."""

    sources: tuple[CalendarSource, ...]
    folder: Path

    def read(
        self,
        start: date,
        end: date,
        *,
        fetch: bool = True,
        force: bool = False,
        wait: float = WAIT_SECONDS,
    ) -> CalendarRead:
        """Busy time and events of the days `start` to `end` (exclusive). With `fetch`, the
        calendars never fetched or older than 15 minutes are fetched first (all at once,
        waiting `wait` seconds at most); `force` fetches every one. Never raises for a
        calendar that cannot be read: its status says why."""
        checked_at = datetime.now(UTC)
        if not self.sources:
            return CalendarRead(start, end, checked_at)
        from planner.calendars import read_calendars

        reading = read_calendars(
            self.sources,
            CalendarCache(self.folder),
            start=start,
            end=end,
            now=checked_at,
            fetch_due=fetch,
            force=force,
            wait=wait,
        )
        return CalendarRead(start, end, checked_at, reading)

    def week(self, week: Week, *, fetch: bool = True, wait: float = WAIT_SECONDS) -> CalendarRead:
        return self.read(week.monday, week.sunday + timedelta(days=1), fetch=fetch, wait=wait)


def calendar_access(store: Store, name: object | None = None) -> CalendarAccess:
    """Reading every calendar (or only the one named)."""
    chosen = calendars(store) if name is None else [find_calendar(store, name)]
    return CalendarAccess(tuple(each.source for each in chosen), store.paths.calendars)


def week_busy(store: Store, week: Week, *, fetch: bool = True) -> CalendarRead:
    """The busy time planning uses for `week` (fetching what is due, 5 seconds at most)."""
    return calendar_access(store).week(week, fetch=fetch)


def refresh_calendars(store: Store, name: object | None = None, *, today: date) -> CalendarRead:
    """Fetch every calendar (or the one named) now, and read this week and the next from it."""
    access = calendar_access(store, name)
    week = Week.of(today)
    return access.read(week.monday, week.shift(2).monday, force=True, wait=REFRESH_WAIT_SECONDS)


def busy_on(store: Store, day: date, busy: Sequence[Busy] | None, fetch: bool) -> list[Busy]:
    """`busy` on `day` if given, else the calendars' busy time on that day (from the copies
    alone unless `fetch`)."""
    if busy is None:
        return calendar_access(store).read(day, day + timedelta(days=1), fetch=fetch).busy
    return [each for each in busy if each.date == day]


# ------------------------------------------------------------------------------- meetings


def meetings_since(today: date, days: int) -> date:
    return today - timedelta(days=days)


def suggest_meetings(
    store: Store, read: CalendarRead, *, since: date, now: datetime
) -> list[Suggestion]:
    """Past events from `since` until `now` with a contact among their organizer and
    attendees, and no done touch with that contact on that day: meetings to log."""
    from planner.calendars import meeting_suggestions

    done = [
        touch
        for touch in store.touches_between(since, now.date())
        if touch.status is TouchStatus.DONE
    ]
    return meeting_suggestions(
        read.occurrences, store.contacts.values(), done, since=since, now=now
    )


def meetings(
    store: Store, *, days: int = MEETING_DAYS, now: datetime, fetch: bool = True
) -> tuple[list[Suggestion], CalendarRead]:
    """The meetings of the last `days` days to log as touches, and how the calendars stood."""
    since = meetings_since(now.date(), days)
    read = calendar_access(store).read(since, now.date() + timedelta(days=1), fetch=fetch)
    return suggest_meetings(store, read, since=since, now=now), read


def log_meeting(store: Store, suggestion: Suggestion, *, today: date) -> Touch:
    """Log a meeting from a calendar as a done `meeting` touch with the contact (networking:
    a meeting counts as prospecting only when the other person knew it was one)."""
    if suggestion.date > today:
        raise ValidationError("date", "A meeting still to come cannot be logged yet.")
    contact = store.contact(suggestion.contact_id)
    done = store.done_days_between(suggestion.date, suggestion.date).get(contact.id, [])
    if suggestion.date in done:
        raise ValidationError(
            "date",
            f"A touch with {contact.name} on {suggestion.date:%a %d %b} is already logged.",
        )
    start = suggestion.start
    end = None
    if start is not None:
        finish = minutes_of(start) + store.settings.minutes_for(Channel.MEETING)
        end = time_of(min(finish, 23 * 60 + 59))
    title = f" '{suggestion.summary}'" if suggestion.summary.strip() else ""
    with store.transaction() as tx:
        return tx.put_touch(
            Touch(
                id=tx.new_touch_id(),
                contact_id=contact.id,
                purpose=Purpose.NETWORKING,
                channel=Channel.MEETING,
                date=suggestion.date,
                status=TouchStatus.DONE,
                start=start,
                end=end,
                manual=True,
                reason=f"Meeting{title} in the {suggestion.calendar} calendar",
            )
        )


# ------------------------------------------------------------------------------- publishing


@dataclass(frozen=True)
class PublishJob:
    """Everything one publish needs, read from the store at one moment: `run` touches no
    store (safe in a worker thread); `save_publish_state` keeps what it did."""

    calendar_id: int
    source: CalendarSource
    week: Week
    touches: tuple[Touch, ...]
    contacts: dict[int, Contact]
    settings: Settings
    state: PublishState
    database_id: str
    inputs: tuple[Any, ...] = field(default=(), compare=False)

    def run(self) -> PublishResult:
        """Make the calendar hold the week's planned and done touches. Never raises for a
        server or a password command that fails: the result's `error` says why."""
        from planner.calendars import PublishResult, publish_week

        try:
            secret = password_for(self.source)
        except CalendarError as error:
            return PublishResult(
                PublishState(self.state.calendar, dict(self.state.events)), error=error.reason
            )
        return publish_week(
            self.source,
            week=self.week,
            touches=self.touches,
            contacts=self.contacts,
            settings=self.settings,
            state=self.state,
            database_id=self.database_id,
            password=secret,
        )


def publish_job(store: Store, week: Week) -> PublishJob:
    """What publishing `week` needs, or a refusal when no calendar receives the week."""
    target = publish_calendar(store)
    if target is None:
        raise ValidationError(
            "publish",
            "No calendar receives the week: add one with planner calendars add NAME "
            "--caldav URL --publish.",
        )
    settings = store.settings
    if not settings.database_id:  # a calendar added by an older version of this file
        with store.transaction() as tx:
            settings = settings.but(database_id=secrets.token_hex(8))
            tx.set_settings(settings)
    touches = tuple(store.week_touches(week))
    contacts = {
        contact.id: contact
        for contact in (store.find_contact(ident) for ident in {t.contact_id for t in touches})
        if contact is not None
    }
    return PublishJob(
        calendar_id=target.id,
        source=target.source,
        week=week,
        touches=touches,
        contacts=contacts,
        settings=settings,
        state=target.published,
        database_id=settings.database_id,
        inputs=(target.source, touches, tuple(sorted(contacts.items(), key=lambda i: i[0]))),
    )


def save_publish_state(
    store: Store, job: PublishJob, result: PublishResult, *, today: date
) -> bool:
    """Keep what a publish did (also after an error), without the weeks long past; False when
    there was nothing new to keep, or the calendar was changed or removed meanwhile."""
    calendar = store.calendars.get(job.calendar_id)
    if calendar is None or calendar.source != job.source:
        return False
    state = result.state.pruned(Week.of(today).shift(-KEEP_PUBLISHED_WEEKS), keep=job.week)
    if state == calendar.published:
        return False
    with store.transaction() as tx:
        tx.put_calendar(replace(calendar, published=state))
    return True


def publish(store: Store, week: Week, *, today: date) -> PublishResult:
    """Publish `week` to the calendar that receives it and keep the state (even after an
    error, so that the next publish goes on where this one stopped)."""
    reason = store.read_only_reason
    if reason is not None:
        raise ValidationError(
            "publish",
            f"{store.path} is open read-only ({reason}), so what a publish does could not be "
            "kept: nothing was published.",
        )
    job = publish_job(store, week)
    result = job.run()
    save_publish_state(store, job, result, today=today)
    return result


def publish_words(result: PublishResult, calendar: str) -> str:
    """`phone: 3 created, 1 updated, 0 deleted, 12 unchanged; 1 conflict.`"""
    text = (
        f"{calendar}: {result.created} created, {result.updated} updated, "
        f"{result.deleted} deleted, {result.unchanged} unchanged"
    )
    if result.conflicts:
        text += f"; {len(result.conflicts)} conflict{'s' if len(result.conflicts) != 1 else ''}"
    if result.error:
        text += f"; stopped: {result.error}"
    return text + "."


def source_json(source: CalendarSource) -> dict[str, Any]:
    """A calendar's settings as `planner calendars list --json` gives them (the address of a
    secret iCalendar URL shown by its host only)."""
    return {
        "name": source.name,
        "kind": source.kind.value,
        "location": source.shown_location,
        "user": source.user,
        "password_command": source.password_command,
        "all_day": "busy" if source.all_day_busy else "free",
        "buffer": source.buffer_minutes,
        "publish": source.publish,
        "alarm": source.alarm_minutes if source.publish else None,
    }


def describe_source(source: CalendarSource) -> str:
    """`work  caldav https://dav.example.com/ana/work/ (user ana) · buffer 10 min · receives the
    week, alarm 10 min before`."""
    kind = "CalDAV" if source.kind is CalendarKind.CALDAV else "iCalendar"
    text = f"{kind} {source.shown_location}"
    if source.user:
        text += f" (user {source.user})"
    notes = []
    if source.all_day_busy:
        notes.append("all-day events busy")
    if source.buffer_minutes:
        notes.append(f"{source.buffer_minutes} min kept free around events")
    if source.publish:
        notes.append(f"receives the week, alarms {source.alarm_minutes} min before")
    return " · ".join([text, *notes])
