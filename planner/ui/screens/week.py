"""Week (`w`): the plan of one ISO week as an agenda, planned with `p`, checked off with space."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from planner import service
from planner.domain.enums import BlockKind, GoalMetric, TouchStatus
from planner.domain.errors import PlannerError
from planner.domain.model import Contact, TimeBlock, Touch, minutes_of
from planner.domain.rules import (
    GoalProgress,
    blocked_minutes,
    prospecting_share,
    touch_minutes,
)
from planner.domain.weeks import Week
from planner.ui.render import (
    Palette,
    purpose_text,
    status_mark,
    status_text,
    tier_badge,
)
from planner.ui.screens.base import OneWeekScreen, week_bindings
from planner.ui.widgets.table import Column, Section, VirtualTable

if TYPE_CHECKING:
    from planner.engine import Plan
    from planner.store import Store

COLUMNS = [
    Column("time", "Time", 11),
    Column("mark", "", 1),
    Column("contact", "Contact", 24),
    Column("tier", "Tier", 4, align="center"),
    Column("relationship", "Relation", 10),
    Column("purpose", "Purpose", 12),
    Column("channel", "Channel", 7),
    Column("status", "Status", 14),
    Column("reason", "Why", 0, min_width=20),
]


@dataclass(frozen=True, slots=True)
class _Line:
    """A heading of the agenda: a day, a block, free time, or a note."""

    text: Text


class WeekScreen(OneWeekScreen):
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
        self.lines: dict[str, _Line] = {}
        self.touches: dict[int, Touch] = {}
        self.palette: Palette | None = None
        self.last_plan: Plan | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(id="goal-strip", markup=False)
        yield VirtualTable(
            COLUMNS,
            self.render_row,
            id="agenda",
            empty_text="No time blocks this week: press b, then a, to add one.",
        )
        yield Static(id="week-summary", markup=False)
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

        keys: list[object] = []
        sections: list[object] = []
        self.lines = {}

        def heading(key: str, text: Text) -> None:
            self.lines[key] = _Line(text)
            keys.append(key)
            sections.append(key)

        by_day: dict[date, list[Touch]] = {}
        for touch in touches:
            by_day.setdefault(touch.date, []).append(touch)
        for day in week.days:
            day_blocks = [block for block in blocks if day in block.occurrences(week)]
            day_touches = by_day.get(day, [])
            if not day_blocks and not day_touches:
                continue
            past = day < now.date()
            title = Text(f"{day:%A %d %B}", style="dim" if past else f"bold {palette.primary}")
            if day == now.date():
                title.append("  today", style=f"bold {palette.accent}")
            heading(f"day-{day}", title)
            placed: set[int] = set()
            for block in day_blocks:
                inside = [t for t in day_touches if _inside(t, block)]
                placed.update(t.id for t in inside)
                heading(f"block-{day}-{block.id}", _block_title(block, past))
                if block.kind is BlockKind.ADMIN and not inside:
                    continue
                cursor = minutes_of(block.start)
                for touch in inside:
                    assert touch.start is not None
                    if minutes_of(touch.start) - cursor >= 15:
                        heading(
                            f"free-{day}-{block.id}-{cursor}",
                            _free(cursor, minutes_of(touch.start)),
                        )
                    keys.append(touch.id)
                    cursor = max(cursor, minutes_of(touch.end or touch.start))
                if minutes_of(block.end) - cursor >= 15:
                    heading(f"free-{day}-{block.id}-{cursor}", _free(cursor, minutes_of(block.end)))
            others = [t for t in day_touches if t.id not in placed]
            if others:
                heading(f"other-{day}", Text("   outside the blocks", style="dim italic"))
                keys.extend(touch.id for touch in others)

        if blocks and not touches:
            keys.insert(0, "hint")
            sections.insert(0, "hint")
            self.lines["hint"] = _Line(
                Text(
                    "Nothing planned yet: press p to fill the blocks below with the right people.",
                    style="italic",
                )
            )
        table = self.agenda
        table.empty_text = (
            "No time blocks this week: press b, then a, to add one."
            if not blocks
            else "Nothing planned yet: press p to plan the week."
        )
        table.set_rows(keys, sections=sections, cursor_key=self._first_to_do(touches, now))
        self._draw_goals(week, touches, blocks)
        self._draw_summary(week, touches, blocks)

    def network_read(self) -> None:
        """The whole network is in memory now: finish what was left for later."""
        if self.week is not None:
            touches = list(self.touches.values())
            self._draw_goals(
                self.week, touches, service.blocks_in_week(self.planner.store, self.week)
            )

    def _first_to_do(self, touches: list[Touch], now: datetime) -> int | None:
        cursor = self.agenda.cursor_key
        if isinstance(cursor, int) and cursor in self.touches:
            return cursor
        open_touches = [t for t in touches if t.is_open]
        upcoming = [t for t in open_touches if datetime.combine(t.date, t.start or time()) >= now]
        chosen = upcoming or open_touches or touches
        return chosen[0].id if chosen else None

    def render_row(self, key: object) -> list[Text | str] | Section:
        if isinstance(key, str):
            return Section(self.lines[key].text)
        assert isinstance(key, int)
        touch = self.touches[key]
        palette = self.palette or Palette.of(self.planner)
        contact = self.planner.store.find_contact(touch.contact_id)
        when = (
            "" if touch.start is None else f"{touch.start:%H:%M}–{(touch.end or touch.start):%H:%M}"
        )
        # Skipped and missed touches are dimmed, and so is every touch of a day gone by.
        faded = (
            touch.status in (TouchStatus.SKIPPED, TouchStatus.MISSED)
            or touch.date < self.planner.today
        )
        dim = "dim" if faded else ""
        name = Text(contact.name if contact else f"(removed #{touch.contact_id})", style=dim)
        if touch.note:
            name.append("  ✎", style="dim")
        return [
            Text(when, style=dim),
            status_mark(touch, palette),
            name,
            tier_badge(contact.tier, palette) if contact else "",
            Text(contact.relationship.label if contact else "", style=dim),
            purpose_text(touch.purpose, palette),
            Text(touch.channel.label, style=dim),
            status_text(touch, palette),
            Text(touch.reason.split(" — ")[0], style="dim"),
        ]

    def _draw_goals(self, week: Week, touches: list[Touch], blocks: list[TimeBlock]) -> None:
        store = self.planner.store
        palette = self.palette or Palette.of(self.planner)
        strip = Text(no_wrap=True, overflow="ellipsis")
        goals = sorted(store.goals.values(), key=lambda goal: goal.id)
        progress = service.goals_progress(store, goals, week, quick=True)
        counting = len(goals) - len(progress)  # measured once the network is read
        counted = [t for t in touches if t.status is not TouchStatus.SKIPPED]
        done = sum(1 for t in touches if t.status is TouchStatus.DONE)

        def part(label: str, value: str, met: bool | None) -> None:
            if strip:
                strip.append("   ·   ", style="dim")
            strip.append(f"{label} ", style="bold")
            style = "" if met is None else (palette.success if met else palette.warning)
            strip.append(value, style=style)

        def first(metric: GoalMetric) -> GoalProgress | None:
            return next((each for each in progress if each.goal.metric is metric), None)

        share, asks = first(GoalMetric.PROSPECTING_SHARE), first(GoalMetric.REFERRAL_ASKS)
        if share is not None:
            part("Prospecting", f"{share.value:.0f} % of {share.goal.target:g} %", share.met)
        part("Touches", f"{done} of {len(counted)} done", None)
        if asks is not None:
            part("Referral asks", f"{asks.value:g} of {asks.goal.target:g}", asks.met)
        if goals:
            met = sum(1 for each in progress if each.met)
            if counting:
                part("Goals met", f"{met} of {len(progress)} (+{counting} being counted)", None)
            else:
                part("Goals met", f"{met} of {len(goals)}", met == len(goals))
        else:
            part("Goals", "none yet: press g, then a", None)
        self.query_one("#goal-strip", Static).update(strip)

    def _draw_summary(self, week: Week, touches: list[Touch], blocks: list[TimeBlock]) -> None:
        store = self.planner.store
        blocked = blocked_minutes(blocks, week)
        total = sum(blocked.values())
        working = total - blocked[BlockKind.ADMIN]
        planned = sum(
            touch_minutes(t, store.settings)
            for t in touches
            if t.block_id is not None and t.status is not TouchStatus.SKIPPED
        )
        share = prospecting_share(blocked[BlockKind.PROSPECTING], blocked)
        carried = sum(1 for t in touches if t.carried_over)
        text = (
            f"Blocked {total} min, {share:.0f} % of it for prospecting · "
            f"touches fill {planned} of {working} min"
        )
        if carried:
            text += f" · {carried} carried over"
        if self.last_plan is not None and self.last_plan.week == week and self.last_plan.unplaced:
            text += f" · {len(self.last_plan.unplaced)} did not fit (u)"
        self.query_one("#week-summary", Static).update(text)

    # ---------------------------------------------------------------- helpers

    def selected(self) -> Touch | None:
        key = self.agenda.cursor_key
        if not isinstance(key, int) or key not in self.touches:
            self.notify(
                "No touch selected: plan the week with p, or log one with l.", severity="warning"
            )
            return None
        return self.touches[key]

    def _contact(self, touch: Touch) -> Contact | None:
        return self.planner.store.find_contact(touch.contact_id)

    def _contact_name(self, touch: Touch) -> str:
        contact = self._contact(touch)
        return contact.name if contact else "a removed contact"

    def _change(self, change: Callable[[Store, int], Touch], said: Callable[[Touch], str]) -> None:
        """Change the selected touch and say what became of it, after the contact's name."""
        touch = self.selected()
        if touch is None:
            return
        store = self.planner.store
        name = self._contact_name(touch)
        self.planner.save(lambda: change(store, touch.id), done=lambda t: f"{name}: {said(t)}")

    # ---------------------------------------------------------------- actions

    def action_done(self) -> None:
        self._change(
            service.toggle_done,
            lambda t: "done." if t.status is TouchStatus.DONE else "back to planned.",
        )

    def action_skip(self) -> None:
        self._change(
            service.skip,
            lambda t: "skipped." if t.status is TouchStatus.SKIPPED else "back to planned.",
        )

    def action_follow_up(self) -> None:
        self._change(
            lambda store, touch_id: service.mark_done(store, touch_id, follow_up=True),
            lambda t: "done; a follow-up goes into next week's plan.",
        )

    def action_pin(self) -> None:
        self._change(
            service.toggle_pin,
            lambda t: "pinned; re-planning keeps it." if t.pinned else "unpinned.",
        )

    def action_note(self) -> None:
        from planner.ui.modals.touch import NoteForm

        touch = self.selected()
        if touch is not None:
            self.app.push_screen(NoteForm(touch, self._contact_name(touch)), self._after_note)

    def action_move(self) -> None:
        from planner.ui.modals.touch import MoveForm

        touch = self.selected()
        if touch is not None:
            self.app.push_screen(MoveForm(touch, self._contact_name(touch)), self._after_move)

    def _after_form(self, result: object) -> None:
        if result is not None:
            self.planner.changed()

    def _after_note(self, touch: Touch | None) -> None:
        self._after_form(touch)
        if touch is not None:
            self.notify(f"{self._contact_name(touch)}: note saved.", markup=False)

    def _after_move(self, touch: Touch | None) -> None:
        self._after_form(touch)
        if touch is None:
            return
        moved = f"{self._contact_name(touch)}: moved to {touch.date:%a %d %b}"
        if touch.start is not None:
            moved += f" {touch.start:%H:%M}"
        shown = self.shown_week
        if Week.of(touch.date) != shown:
            ahead = Week.of(touch.date) > shown
            moved += f", in {Week.of(touch.date)} ({']' if ahead else '['} shows it)"
        self.notify(moved + ".", markup=False)

    def _after_log(self, touch: Touch | None) -> None:
        self._after_form(touch)
        if touch is not None:
            self.notify(
                f"Logged: {touch.channel.label} with {self._contact_name(touch)} on "
                f"{touch.date:%a %d %b}.",
                markup=False,
            )

    def action_details(self) -> None:
        from planner.ui.modals.contact import ContactCard, ContactForm
        from planner.ui.modals.log import LogTouchForm

        touch = self.selected()
        if touch is None or self._contact(touch) is None:
            return
        palette = self.palette or Palette.of(self.planner)
        extra = Text()
        when = f"{touch.date:%A %d %B}" + (
            f", {touch.start:%H:%M}–{touch.end:%H:%M}" if touch.start and touch.end else ""
        )
        extra.append("This touch  ", style="bold")
        extra.append(f"{when} · {touch.channel.label} · ")
        extra.append_text(purpose_text(touch.purpose, palette))
        extra.append(" · ")
        extra.append_text(status_text(touch, palette))
        if touch.reason:
            extra.append("\nWhy         ", style="bold")
            extra.append(touch.reason)
        if touch.note:
            extra.append("\nNote        ", style="bold")
            extra.append(touch.note)
        contact = self._contact(touch)
        assert contact is not None

        def after(choice: str | None) -> None:
            if choice == "log":
                self.app.push_screen(LogTouchForm(contact=contact), self._after_log)
            elif choice == "edit":
                self.app.push_screen(ContactForm(contact), self._after_form)

        self.app.push_screen(ContactCard(contact.id, extra=extra), after)

    def action_log(self) -> None:
        from planner.ui.modals.log import LogTouchForm

        self.app.push_screen(LogTouchForm(), self._after_log)

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
        replaced = [t for t in self.touches.values() if not t.kept_on_replan]
        if not replaced:
            self.run_plan(week)
            return
        kept = len(self.touches) - len(replaced)
        self.app.push_screen(
            ConfirmScreen(
                f"Re-plan {week}?",
                f"{len(replaced)} planned touch(es) will be replaced. {kept} done, skipped, "
                "pinned or hand-placed touch(es) stay as they are.",
                yes="Re-plan",
            ),
            lambda yes: self._plan_confirmed(week, bool(yes)),
        )

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
            request = service.plan_request(planner.store, week, planner.now())
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
        added = len(saved.add)
        carried = sum(1 for t in saved.add if t.carried_over)
        message = f"Planned {added} touch(es) for {week}"
        if carried:
            message += f", {carried} carried over"
        if saved.unplaced:
            message += f"; {len(saved.unplaced)} did not fit (press u to see who and why)"
        self.notify(message + ".")
        self.agenda.set_rows([])
        self.refresh_data()

    @on(VirtualTable.Selected, "#agenda")
    def _chosen(self) -> None:
        self.action_details()


async def _in_thread(job: Callable[[], Plan]) -> Plan:
    return await asyncio.to_thread(job)


def _inside(touch: Touch, block: TimeBlock) -> bool:
    if touch.start is None:
        return False
    if touch.block_id is not None:
        return touch.block_id == block.id
    return minutes_of(block.start) <= minutes_of(touch.start) < minutes_of(block.end)


def _block_title(block: TimeBlock, past: bool) -> Text:
    text = Text(
        f"   {block.kind.label.capitalize()} {block.start:%H:%M}–{block.end:%H:%M}",
        style="dim" if past else "bold",
    )
    if block.label:
        text.append(f" · {block.label}", style="dim italic")
    if block.kind is BlockKind.ADMIN:
        text.append("  (admin: no touches planned here)", style="dim")
    return text


def _free(start: int, end: int) -> Text:
    return Text(
        f"      free {start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d}"
        f" ({end - start} min)",
        style="dim",
    )
