"""`M` on the week screen: past meetings with contacts, from the calendars, to log as touches.

The calendars are read in a worker thread (the copies, then what is due fetched); the list shows
each meeting with a known contact that has no done touch that day. Nothing is logged until the
user presses enter on a meeting: then it becomes a done `meeting` touch with that contact.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from planner import service
from planner.ui.widgets.table import Column, VirtualTable

if TYPE_CHECKING:
    from planner.calendars import Suggestion
    from planner.service import CalendarAccess, CalendarRead
    from planner.ui.app import PlannerApp

COLUMNS = [
    Column("when", "When", 16),
    Column("name", "Contact", 24),
    Column("summary", "Event", 0, min_width=16),
    Column("calendar", "Calendar", 12),
]
READING = "Reading your calendars…"


class MeetingsScreen(ModalScreen[int]):
    """Meetings of the last two weeks with known contacts; enter logs the one under the cursor
    as a done meeting touch, escape closes. Dismisses with how many were logged."""

    BINDINGS = [
        Binding("enter", "log", "Log it", id="meetings.log", tooltip="Log it as a done meeting"),
        Binding("escape,M", "close", "Close", id="meetings.close"),
    ]

    def __init__(self, access: CalendarAccess, days: int = service.MEETING_DAYS) -> None:
        super().__init__()
        self.access = access
        self.days = days
        self.suggestions: list[Suggestion] = []
        self.logged = 0

    @property
    def planner(self) -> PlannerApp:
        return cast("PlannerApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form card", id="meetings"):
            yield Static(
                f"Meetings with contacts in the last {self.days} days",
                classes="form-title",
                markup=False,
            )
            yield VirtualTable(COLUMNS, self.render_row, id="meetings-list", empty_text=READING)
            yield Static(id="meetings-note", classes="field-hint", markup=False)
            yield Static(
                "enter logs the meeting under the cursor as a done meeting touch · esc closes",
                classes="field-hint",
                markup=False,
            )

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#meetings-list", VirtualTable)

    def on_mount(self) -> None:
        self.table.focus()
        today = self.planner.today
        self.read(service.meetings_since(today, self.days), today)

    @work(thread=True, exclusive=True, group="meetings", exit_on_error=False)
    def read(self, since: date, today: date) -> None:
        """The copies first, then what is due fetched (5 seconds at most)."""
        end = today + timedelta(days=1)
        try:
            copies = self.access.read(since, end, fetch=False)
            self.app.call_from_thread(self.arrived, copies, False)
            fresh = self.access.read(since, end)
        except Exception as error:  # said in the list, never a crash
            reason = f"The calendars could not be read ({type(error).__name__}: {error})."
            self.app.call_from_thread(self.failed, reason)
            return
        self.app.call_from_thread(self.arrived, fresh, True)

    def failed(self, reason: str) -> None:
        self.table.empty_text = reason
        self.table.set_rows([])

    def arrived(self, read: CalendarRead, final: bool) -> None:
        """Work out the meetings on the screen's thread (it reads contacts and touches)."""
        planner = self.planner
        since = service.meetings_since(planner.today, self.days)
        self.suggestions = service.suggest_meetings(
            planner.store, read, since=since, now=planner.now()
        )
        table = self.table
        if final:
            table.empty_text = "No meetings with contacts to log: every one is logged."
        table.set_rows(list(range(len(self.suggestions))))
        warnings = read.warnings() if final else []
        self.query_one("#meetings-note", Static).update("\n".join(warnings[:3]))

    def render_row(self, key: object) -> list[Text | str]:
        assert isinstance(key, int)
        each = self.suggestions[key]
        when = f"{each.date:%a %d %b}" + (f" {each.start:%H:%M}" if each.start else "")
        return [
            Text(when),
            Text(each.name, style="bold"),
            Text(each.summary or "(no title)"),
            Text(each.calendar, style="dim"),
        ]

    @on(VirtualTable.Selected, "#meetings-list")
    def _chosen(self) -> None:
        self.action_log()

    def action_log(self) -> None:
        key = self.table.cursor_key
        if not isinstance(key, int) or key >= len(self.suggestions):
            self.notify("No meeting selected.", severity="warning")
            return
        chosen = self.suggestions[key]
        planner = self.planner
        touch = planner.save(
            lambda: service.log_meeting(planner.store, chosen, today=planner.today),
            done=f"Logged: meeting with {chosen.name} on {chosen.date:%a %d %b}.",
        )
        if touch is None:
            return
        self.logged += 1
        self.suggestions = [each for index, each in enumerate(self.suggestions) if index != key]
        self.table.set_rows(list(range(len(self.suggestions))))
        if self.suggestions:
            self.table.move_cursor_to(min(key, len(self.suggestions) - 1))

    def action_close(self) -> None:
        self.dismiss(self.logged)
