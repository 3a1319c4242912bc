"""Week (`w`): the plan of one ISO week as an agenda, planned with `p`, checked off with space."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from planner import service
from planner.domain.busy import Busy
from planner.domain.errors import PlannerError
from planner.domain.model import TimeBlock, Touch
from planner.domain.text import count
from planner.domain.weeks import Week
from planner.ui.render import (
    Palette,
)
from planner.ui.screens.agenda import (
    COLUMNS,
    NO_BLOCKS,
    NOTHING_PLANNED,
    agenda_rows,
    first_to_do,
    goal_strip,
    meeting_minutes,
    planned_words,
    touch_row,
    week_summary,
)
from planner.ui.screens.base import week_bindings
from planner.ui.screens.busy import BusyWeekScreen
from planner.ui.screens.touches import TouchActions
from planner.ui.widgets.fitline import FitLine
from planner.ui.widgets.table import Section, VirtualTable

if TYPE_CHECKING:
    from planner.engine import Plan


class WeekScreen(BusyWeekScreen, TouchActions):
    SCREEN_NAME = "Week"
    MODE = "week"

    BINDINGS = [
        Binding(
            "p",
            "plan",
            "Plan",
            id="week.plan",
            tooltip="Plan or re-plan the week (done and pinned touches stay)",
        ),
        Binding(
            "P",
            "plan_next",
            "Plan next week",
            id="week.plan_next",
            show=False,
            tooltip="Show next week and plan it",
        ),
        Binding("space", "done", "Done", id="week.done", tooltip="Check the touch off (toggles)"),
        Binding("s", "skip", "Skip", id="week.skip", tooltip="Skip the touch (toggles)"),
        Binding("n", "note", "Note", id="week.note", tooltip="Write the outcome of the touch"),
        Binding(
            "f",
            "follow_up",
            "Follow-up",
            id="week.follow_up",
            tooltip="Mark done and plan a follow-up next week",
            show=False,
        ),
        Binding("m", "move", "Move", id="week.move", tooltip="Move the touch to another slot"),
        Binding(
            "exclamation_mark",
            "pin",
            "Pin",
            key_display="!",
            id="week.pin",
            tooltip="Pin the touch so re-planning keeps it",
            show=False,
        ),
        Binding(
            "enter",
            "details",
            "Details",
            id="week.details",
            tooltip="Why this touch, and everything about the contact",
        ),
        Binding(
            "l", "log", "Log", id="week.log", tooltip="Log an unplanned touch (new contacts too)"
        ),
        *week_bindings(
            "week",
            "Previous week",
            "Next week",
            show_this_week=False,
        ),
        Binding(
            "e",
            "export",
            "Export",
            id="week.export",
            show=False,
            tooltip="Export the shown week to a calendar file (.ics)",
        ),
        Binding(
            "i",
            "import",
            "Import",
            id="week.import",
            show=False,
            tooltip="Import contacts from LinkedIn, Google Contacts or a vCard file",
        ),
        Binding(
            "M",
            "meetings",
            "Meetings",
            id="week.meetings",
            show=False,
            tooltip="Past meetings with contacts in your calendars, each logged with one key",
        ),
        Binding(
            "u",
            "unplaced",
            "Unplaced",
            id="week.unplaced",
            show=False,
            tooltip="Who did not fit in the last plan, and why",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, Text] = {}
        self.touches: dict[int, Touch] = {}
        self.palette: Palette | None = None
        self.last_plan: Plan | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield FitLine(id="goal-strip")
        yield VirtualTable(
            COLUMNS,
            self.render_row,
            id="agenda",
            empty_text=NO_BLOCKS,
        )
        yield Static(id="first-session", markup=False)
        yield FitLine(id="week-summary")
        yield from self.compose_footer()

    @property
    def agenda(self) -> VirtualTable:
        return self.query_one("#agenda", VirtualTable)

    def on_mount(self) -> None:
        self.week = self.planner.this_week
        self.agenda.focus()

    # ---------------------------------------------------------------- drawing

    def redraw(self) -> None:
        planner = self.planner
        store = planner.store
        week = self.shown_week
        self.week = week
        self.palette = palette = Palette.of(planner)
        now = planner.now()
        touches = store.week_touches(week)
        self.touches = {touch.id: touch for touch in touches}
        blocks = service.blocks_in_week(store, week)
        self.title_week(week)
        busy = self.busy_of(week)
        rows = agenda_rows(week, touches, blocks, now, palette, busy)
        self.lines = rows.lines
        table = self.agenda
        table.empty_text = NO_BLOCKS if not blocks else NOTHING_PLANNED
        cursor = table.cursor_key
        if not (isinstance(cursor, int) and cursor in self.touches):
            cursor = first_to_do(touches, now)
        table.set_rows(rows.keys, sections=rows.sections, cursor_key=cursor)
        self._draw_goals(week, touches)
        self._draw_summary(week, touches, blocks, busy)
        self._draw_first_session()

    def _draw_first_session(self) -> None:
        """A database that never had a touch shows the first session's checklist."""
        from planner.ui.screens.first_session import checklist, is_first_session

        first = is_first_session(self.planner.store)
        shown = self.query_one("#first-session", Static)
        shown.display = first
        self.agenda.display = not first
        if first:
            shown.update(checklist(self.planner.store, self.palette or Palette.of(self.planner)))

    def network_read(self) -> None:
        """The whole network is in memory now: finish what was left for later."""
        if self.week is not None:
            self._draw_goals(self.week, list(self.touches.values()))

    def render_row(self, key: object) -> list[Text | str] | Section:
        if isinstance(key, str):
            return Section(self.lines[key])
        assert isinstance(key, int)
        touch = self.touches[key]
        palette = self.palette or Palette.of(self.planner)
        contact = self.planner.store.find_contact(touch.contact_id)
        return touch_row(touch, contact, self.planner.today, palette)

    def _draw_goals(self, week: Week, touches: list[Touch]) -> None:
        store = self.planner.store
        goals = sorted(store.goals.values(), key=lambda goal: goal.id)
        progress = service.goals_progress(store, goals, week, quick=True)
        palette = self.palette or Palette.of(self.planner)
        strip = goal_strip(touches, len(goals), progress, palette)
        self.query_one("#goal-strip", FitLine).show(*strip)

    def _draw_summary(
        self, week: Week, touches: list[Touch], blocks: list[TimeBlock], busy: list[Busy]
    ) -> None:
        plan = self.last_plan
        unplaced = len(plan.unplaced) if plan is not None and plan.week == week else 0
        meetings = meeting_minutes(week, blocks, busy)
        text = week_summary(week, touches, blocks, self.planner.store.settings, unplaced, meetings)
        self.query_one("#week-summary", FitLine).show(*text)

    def selected(self) -> Touch | None:
        key = self.agenda.cursor_key
        if not isinstance(key, int) or key not in self.touches:
            self.notify(
                "No touch selected: plan the week with p, or log one with l.", severity="warning"
            )
            return None
        return self.touches[key]

    def show_week(self, week: Week) -> None:
        self.agenda.set_rows([])  # the cursor starts afresh in another week
        super().show_week(week)

    def action_export(self) -> None:
        from planner.ui.modals.transfer import ExportForm

        week = self.shown_week

        def written(path: Path | None) -> None:
            if path is not None and self.app.is_web:
                self.notify(f"Sent {week} to your browser as {path.name}.", markup=False)
            elif path is not None:
                self.notify(f"Saved {week} to {path}.", markup=False)

        self.app.push_screen(ExportForm(week), written)

    def action_import(self) -> None:
        from planner.ui.modals.transfer import ImportForm

        self.app.push_screen(ImportForm(), self._after_form)

    def action_unplaced(self) -> None:
        from planner.ui.modals.touch import UnplacedScreen

        plan = self.last_plan
        if plan is None or not plan.unplaced:
            self.notify("Everyone due fitted into the last plan.")
            return
        self.app.push_screen(UnplacedScreen(plan))

    # ---------------------------------------------------------------- planning

    def action_plan(self) -> None:
        from planner.ui.modals.form import ConfirmScreen

        planner = self.planner
        week = self.shown_week
        if week.sunday < planner.today:
            self.notify(
                f"{week} is over: only this week and later weeks can be planned.",
                severity="warning",
            )
            return
        ended = service.blocked_time_over(planner.store, week, planner.now())
        if ended is not None:
            self.notify(
                f"The blocked time of {week} is over (its last block ended "
                f"{ended:%a %H:%M}): press P to plan next week ({week.shift(1)}) now, "
                "or ] to look at it first.",
                severity="warning",
                timeout=10,
                markup=False,
            )
            return
        replaced = [t for t in self.touches.values() if not t.kept_on_replan]
        if not replaced:
            self.run_plan(week)
            return
        kept = len(self.touches) - len(replaced)
        self.app.push_screen(
            ConfirmScreen(
                f"Re-plan {week}?",
                f"{count(len(replaced), 'planned touch')} will be replaced. {kept} done, skipped, "
                "pinned or hand-placed touches stay as they are.",
                yes="Re-plan",
            ),
            lambda yes: self._plan_confirmed(week, bool(yes)),
        )

    def action_plan_next(self) -> None:
        """Show the week after this one and plan it."""
        self.show_week(self.planner.this_week.shift(1))
        self.action_plan()

    def _plan_confirmed(self, week: Week, yes: bool) -> None:
        if yes:
            self.run_plan(week)

    @work(exclusive=True, group="plan")
    async def run_plan(self, week: Week) -> None:
        """Build the request here, let the engine think in a thread, save here."""
        planner = self.planner
        agenda = self.agenda
        agenda.loading = True
        try:
            busy = await self.busy_for_plan(week)  # the calendars first, 5 seconds at most
            request = service.plan_request(planner.store, week, planner.now(), busy)
            plan = await _in_thread(lambda: service.compute_plan(request))
            if not await planner.wait_for_lock():
                return
            saved = planner.save(lambda: service.apply_plan(planner.store, plan), waited=True)
        except PlannerError as error:
            self.notify(error.message, severity="error", markup=False)
            return
        finally:
            agenda.loading = False
        if saved is None:
            return
        self.last_plan = saved
        self.notify(planned_words(saved))
        self.agenda.set_rows([])
        self.refresh_data()

    @on(VirtualTable.Selected, "#agenda")
    def _chosen(self) -> None:
        self.action_details()


async def _in_thread(job: Callable[[], Plan]) -> Plan:
    return await asyncio.to_thread(job)
