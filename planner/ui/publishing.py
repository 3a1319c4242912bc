"""The week out, from the app: after a plan or a change, the calendar that receives the week is
brought up to date in the background, and the user is told when it cannot be.

TinyDB is not thread-safe, so what a publish needs is read on the app's thread
(`service.publish_job`), only the network runs in a thread (`PublishJob.run`), and the state it
returns is saved back on the app's thread through `app.save`. A week whose touches and contacts
did not change since it was published is not published again.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from planner import service
from planner.domain.errors import PlannerError
from planner.domain.weeks import Week

if TYPE_CHECKING:
    from textual.timer import Timer

    from planner.ui.app import PlannerApp


class Publisher:
    """Publishes this week (and the week the week screen shows, when later) a moment after
    the changes stop."""

    #: Quiet seconds after a change before publishing (a burst of check-offs is one publish).
    DELAY = 1.0

    def __init__(self, app: PlannerApp) -> None:
        self.app = app
        self.shown: Week | None = None
        self._timer: Timer | None = None
        self._running = False
        self._again = False
        #: What each week was last published from, by (calendar id, week): not again unchanged.
        self._published: dict[tuple[int, Week], tuple[Any, ...]] = {}
        self._said: set[str] = set()

    def showing(self, week: Week) -> None:
        """The week screen shows `week`: it is published too after changes (if not past)."""
        self.shown = week

    def wanted(self) -> bool:
        store = self.app.store
        if store.read_only_reason is not None:
            return False
        return any(calendar.source.publish for calendar in store.calendars.values())

    def changed(self) -> None:
        """Something was saved: publish once the changes pause."""
        if not self.wanted():
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(self.DELAY, self._start)

    def weeks(self) -> list[Week]:
        this = self.app.this_week
        weeks = [this]
        if self.shown is not None and self.shown > this:
            weeks.append(self.shown)
        return weeks

    def _start(self) -> None:
        if self._running:
            self._again = True
            return
        self.app.run_worker(self._publish(), group="publish", exit_on_error=False)

    async def _publish(self) -> None:
        self._running = True
        try:
            for week in self.weeks():
                await self._publish_week(week)
        finally:
            self._running = False
            if self._again:
                self._again = False
                self.changed()

    async def _publish_week(self, week: Week) -> None:
        app = self.app
        store = app.store
        target = service.publish_calendar(store)
        if target is None:
            return
        try:
            job = service.publish_job(store, week)
        except PlannerError as error:
            self._say(f"Could not publish {week} to {target.name}: {error.message}")
            return
        key = (job.calendar_id, week)
        if self._published.get(key) == job.inputs:
            return
        result = await asyncio.to_thread(job.run)
        while app.store_busy:  # an import is being saved: the state follows it
            await asyncio.sleep(0.1)
        app.save(lambda: service.save_publish_state(store, job, result, today=app.today))
        if result.error:
            self._published.pop(key, None)
            self._say(
                f"Could not publish {week} to {target.name}: {result.error}. What was done is "
                "kept; it is tried again after the next change."
            )
            return
        self._published[key] = job.inputs
        failed = f"Could not publish {week}"
        self._said = {text for text in self._said if not text.startswith(failed)}
        for conflict in result.conflicts:
            self._say(f"{target.name}, touch {conflict.touch_id}: {conflict.reason}.")

    def _say(self, text: str) -> None:
        """Tell the user once (the same failure after every change is not news)."""
        if text in self._said:
            return
        self._said.add(text)
        self.app.notify(text, title="Publishing", severity="warning", timeout=12, markup=False)
