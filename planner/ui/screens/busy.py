"""The calendars on a week screen: busy time read in the background, never holding up a key.

The screen draws with the busy time it knows; when a week's is not known yet (or is 15
minutes old) the calendars are read in a worker thread, the copies first and then whatever is
due fetched (5 seconds at most), and the agenda is drawn again when each arrives. Planning
waits for the fetch; meetings to log are offered in a list of their own (`M`).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from textual import work
from textual.worker import get_current_worker

from planner import service
from planner.domain.busy import Busy
from planner.domain.weeks import Week
from planner.ui.screens.base import OneWeekScreen

if TYPE_CHECKING:
    from planner.service import CalendarAccess, CalendarRead

#: How long the busy time read for a week is used before the calendars are read again.
CALENDARS_MAX_AGE = timedelta(minutes=15)


class BusyWeekScreen(OneWeekScreen):
    """A one-week screen that knows the busy time of the user's calendars."""

    def __init__(self) -> None:
        super().__init__()
        #: The calendars' busy time read for each week (fetched when due), what was read from
        #: the copies alone while that was under way, and what they were read with.
        self.calendar_reads: dict[Week, CalendarRead] = {}
        self._copies: dict[Week, CalendarRead] = {}
        self.calendar_access: CalendarAccess | None = None
        self._calendars_said: set[str] = set()
        self._reading: Week | None = None

    def busy_of(self, week: Week) -> list[Busy]:
        """The busy time known for `week`, the week now shown; the calendars are read in the
        background (and the agenda drawn again) when it is not known yet or is getting old."""
        self.planner.publisher.showing(week)
        access = service.calendar_access(self.planner.store)
        if access != self.calendar_access:  # calendars added or removed meanwhile
            self.calendar_access = access
            self.calendar_reads.clear()
            self._copies.clear()
            self._reading = None
        if not access.sources:
            return []
        read = self.calendar_reads.get(week)
        stale = read is None or datetime.now(UTC) - read.checked_at > CALENDARS_MAX_AGE
        if stale and self._reading != week:
            self._reading = week
            self.read_calendars(week, access)
        known = read if read is not None else self._copies.get(week)
        return known.busy if known is not None else []

    @work(thread=True, exclusive=True, group="calendars", exit_on_error=False)
    def read_calendars(self, week: Week, access: CalendarAccess) -> None:
        """The copies first (at once), then whatever was due fetched (5 seconds at most):
        the screen keeps answering keys all along."""
        worker = get_current_worker()
        try:
            copies = access.week(week, fetch=False)
            if not worker.is_cancelled:
                self.app.call_from_thread(self.calendars_read, week, access, copies, False)
            fresh = access.week(week)
        except Exception as error:  # a calendar that trips the reader must not stop the screen
            reason = f"{type(error).__name__}: {error}"
            self.app.call_from_thread(self.calendars_failed, week, reason)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self.calendars_read, week, access, fresh, True)

    def calendars_failed(self, week: Week, reason: str) -> None:
        if self._reading == week:
            self._reading = None
        self.notify(
            f"The calendars could not be read ({reason}); the week is shown without them.",
            title="Calendars",
            severity="error",
            markup=False,
        )

    def calendars_read(
        self, week: Week, access: CalendarAccess, read: CalendarRead, final: bool
    ) -> None:
        """Busy time arrived for `week`: keep it, draw it, say what could not be read."""
        if access != self.calendar_access:
            return
        if not final:
            if week in self.calendar_reads:
                return  # a fetched reading is already here: the copies say nothing newer
            self._copies[week] = read
        else:
            self.calendar_reads[week] = read
            self._copies.pop(week, None)
        if final:
            if self._reading == week:
                self._reading = None
            said = [line for line in read.warnings() if line not in self._calendars_said]
            self._calendars_said.update(said)
            if said:
                self.notify(
                    "\n".join(said[:5]), title="Calendars", severity="warning", markup=False
                )
        if week == self.shown_week and self.is_current:
            self.redraw()
        elif week == self.shown_week:
            self._seen_version = -1  # drawn again when the screen comes back

    async def busy_for_plan(self, week: Week) -> list[Busy]:
        """The busy time to plan `week` around: the calendars that are due fetched first, in a
        thread, 5 seconds at most (nothing to wait for without calendars)."""
        access = service.calendar_access(self.planner.store)
        if not access.sources:
            return []
        read = await asyncio.to_thread(access.week, week)
        self.calendar_access = access
        self.calendars_read(week, access, read, True)
        return read.busy

    def action_meetings(self) -> None:
        from planner.ui.modals.meetings import MeetingsScreen

        planner = self.planner
        if not planner.store.calendars:
            self.notify(
                "No calendars yet: add one on the command line with planner calendars add.",
                severity="warning",
            )
            return
        self.app.push_screen(MeetingsScreen(service.calendar_access(planner.store)))
