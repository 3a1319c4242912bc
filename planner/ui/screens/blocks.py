"""Time blocks (`b`): the time set aside each week, as a list and as a grid of the week, with
the prospecting share of blocked time against the goal."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Region
from textual.widgets import Static

from planner import service
from planner.domain.enums import BlockKind, GoalMetric, TouchStatus
from planner.domain.model import TimeBlock
from planner.domain.rules import blocked_minutes, prospecting_share
from planner.domain.text import count
from planner.domain.weeks import Week
from planner.ui.render import Palette
from planner.ui.screens.base import OneWeekScreen, week_bindings
from planner.ui.widgets.blockgrid import ONCE_MARK, BlockGrid, KindColours
from planner.ui.widgets.fitline import FitLine
from planner.ui.widgets.table import Column, Section, VirtualTable

if TYPE_CHECKING:
    from planner.ui.modals.block import BlockForm

COLUMNS = [
    Column("once", "", 1),
    Column("time", "Time", 11),
    Column("kind", "Kind", 11),
    Column("label", "Label", 0, min_width=10, drop=1),
]

EMPTY_TEXT = "No time blocks yet: press a to set time aside."


def duration(minutes: int) -> str:
    """`2 h`, `1 h 30 min`, `45 min`."""
    hours, rest = divmod(max(0, minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


def minutes_to_reach(share: float, prospecting: int, total: int) -> int | None:
    """Prospecting minutes to add so that they are `share` percent of all blocked time, rounded
    up to a quarter hour; None when no amount can (a share of 100 % with other blocks)."""
    goal = share / 100
    if goal >= 1:
        return None if total > prospecting else 0
    needed = (goal * total - prospecting) / (1 - goal)
    if needed <= 0:
        return 0
    return math.ceil(needed / 15 - 1e-9) * 15


class BlocksScreen(OneWeekScreen):
    SCREEN_NAME = "Time blocks"
    MODE = "blocks"
    #: Below this width the grid narrows to five cells a day, so that the whole week shows.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (111, "-wide")]

    BINDINGS = [
        Binding("a", "add", "Add", id="blocks.add", tooltip="Set time aside, every week or once"),
        Binding("e", "edit", "Edit", id="blocks.edit", tooltip="Change the selected block"),
        Binding("d", "delete", "Delete", id="blocks.delete", tooltip="Delete the selected block"),
        *week_bindings(
            "blocks",
            "The blocks of the week before (one-off blocks differ)",
            "The blocks of the week after (one-off blocks differ)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.blocks: dict[int, TimeBlock] = {}
        self.headings: dict[str, Text] = {}
        self.used: dict[int, int] = {}
        self.colours: KindColours | None = None
        self.palette: Palette | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="blocks-body"):
            yield VirtualTable(COLUMNS, self.render_row, id="blocks-list", empty_text=EMPTY_TEXT)
            with VerticalScroll(id="blocks-grid-scroll"):
                yield BlockGrid(id="blocks-grid")
        yield FitLine(id="blocks-legend")
        yield Static(id="blocks-summary", markup=False)
        yield from self.compose_footer()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#blocks-list", VirtualTable)

    @property
    def grid(self) -> BlockGrid:
        return self.query_one("#blocks-grid", BlockGrid)

    def on_mount(self) -> None:
        self.week = self.planner.this_week
        self.table.focus()

    # ---------------------------------------------------------------- drawing

    def redraw(self) -> None:
        planner = self.planner
        store = planner.store
        week = self.shown_week
        self.week = week
        self.palette = Palette.of(planner)
        self.colours = colours = KindColours.of(planner)
        blocks = service.blocks_in_week(store, week)
        self.blocks = {block.id: block for block in blocks}
        self.title_week(week)

        self.used = {}
        for touch in store.week_touches(week):
            if touch.block_id is not None and touch.status is not TouchStatus.SKIPPED:
                self.used[touch.block_id] = self.used.get(touch.block_id, 0) + touch.minutes

        keys: list[object] = []
        sections: list[object] = []
        self.headings = {}
        today = planner.today
        for day in week.days:
            on_day = [block for block in blocks if day in block.occurrences(week)]
            if not on_day:
                continue
            heading = Text(f"{day:%A %d %b}", style=f"bold {self.palette.primary}")
            if day == today:
                heading.append("  today", style=f"bold {self.palette.accent}")
            key = f"day-{day}"
            self.headings[key] = heading
            keys.append(key)
            sections.append(key)
            keys.extend(block.id for block in on_day)
        self.table.set_rows(keys, sections=sections)
        self.table.refresh_rows()
        self.grid.show(week, blocks, today=today, colours=colours, selected=self._selected_id())
        self._draw_legend()
        self._draw_summary()

    def _selected_id(self) -> int | None:
        key = self.table.cursor_key
        return key if isinstance(key, int) else None

    def render_row(self, key: object) -> list[Text | str] | Section:
        if isinstance(key, str):
            return Section(self.headings[key])
        assert isinstance(key, int)
        block = self.blocks[key]
        colours = self.colours or KindColours.of(self.planner)
        label = Text(block.label)
        if not block.is_weekly:
            label = Text("once", style="italic")
            if block.label:
                label.append(f" · {block.label}", style="")
        return [
            Text(ONCE_MARK, style="bold") if not block.is_weekly else "",
            f"{block.start:%H:%M}–{block.end:%H:%M}",
            colours.name(block.kind),
            label,
        ]

    def _draw_legend(self) -> None:
        colours = self.colours or KindColours.of(self.planner)
        versions = []
        for gap in ("   ", "  "):  # narrower on a narrow terminal
            legend = Text(no_wrap=True, overflow="ellipsis")
            for kind in BlockKind:
                legend.append_text(colours.swatch(kind))
                legend.append(gap)
            legend.append(f"{ONCE_MARK} once: only on its date", style="dim")
            versions.append(legend)
        self.query_one("#blocks-legend", FitLine).show(*versions)

    def _draw_summary(self) -> None:
        planner = self.planner
        store = planner.store
        week = self.shown_week
        palette = self.palette or Palette.of(planner)
        colours = self.colours or KindColours.of(planner)
        blocked = blocked_minutes(store.blocks.values(), week)
        total = sum(blocked.values())
        text = Text()
        if not total:
            text.append(f"Nothing blocked in {week}. ", style="bold")
            text.append(
                "Press a to set time aside: two prospecting hours early in the week are a "
                "good start, before the week fills up."
            )
        else:
            text.append(f"Blocked {duration(total)} in {week}: ", style="bold")
            parts = [kind for kind in BlockKind if blocked[kind]]
            for index, kind in enumerate(parts):
                if index:
                    text.append(" · ")
                text.append(kind.label, style=colours.text[kind])
                text.append(f" {duration(blocked[kind])}")
            text.append("\n")
            text.append_text(self._share_line(blocked, total, palette))
        others = sum(
            1
            for block in store.blocks.values()
            if not block.is_weekly and block.id not in self.blocks
        )
        if others:
            text.append(
                f"\n{count(others, 'one-off block')} {'falls' if others == 1 else 'fall'} in "
                "other weeks: [ and ] show them.",
                style="dim",
            )
        block_id = self._selected_id()
        if block_id is not None and block_id in self.blocks:
            block = self.blocks[block_id]
            when = (
                f"every {block.weekday.label}"
                if block.is_weekly
                else f"once, on {block.date:%A %d %B %Y}"
            )
            text.append("\nSelected: ", style="bold")
            text.append(
                f"block {block.id}, {block.kind.label} {when}, "
                f"{block.start:%H:%M}–{block.end:%H:%M} ({duration(block.minutes)})"
            )
            if block.label and not self._labels_shown():
                text.append(f", “{block.label}”")
            if block.kind is not BlockKind.ADMIN:
                text.append(f"; {duration(self.used.get(block.id, 0))} of it has touches in {week}")
            text.append(".")
        self.query_one("#blocks-summary", Static).update(text)

    def _labels_shown(self) -> bool:
        """False on a terminal too narrow for the list's label column."""
        return "label" in self.table.shown_columns()

    @on(VirtualTable.ColumnsShown, "#blocks-list")
    def _columns_shown(self) -> None:
        if self.week is not None:
            self._draw_summary()  # the selected block's label, where the list has none

    def _share_line(self, blocked: dict[BlockKind, int], total: int, palette: Palette) -> Text:
        """The prospecting share of blocked time against the prospecting-share goal, in words."""
        store = self.planner.store
        prospecting = blocked[BlockKind.PROSPECTING]
        share = prospecting_share(prospecting, blocked)
        targets = [
            goal.target
            for goal in store.goals.values()
            if goal.metric is GoalMetric.PROSPECTING_SHARE
        ]
        line = Text()
        if not targets:
            line.append(f"Prospecting is {share:.0f} % of blocked time. ")
            line.append("No prospecting-share goal yet: press g, then a, to set one.", style="dim")
            return line
        target = max(targets)
        if share >= target:
            line.append(
                f"✓ Prospecting is {share:.0f} % of blocked time; the goal is at least "
                f"{target:g} %: there is room to meet it.",
                style=palette.success,
            )
            return line
        more = minutes_to_reach(target, prospecting, total)
        line.append(
            f"⚠ Prospecting is only {share:.0f} % of blocked time, short of the {target:g} % "
            "goal: even using every prospecting minute cannot meet it. ",
            style=f"bold {palette.warning}",
        )
        if more is None:
            line.append("A 100 % goal leaves room for no other kind of block.")
        else:
            line.append(
                f"Block {duration(more)} more prospecting time (or less of the rest); "
                "prospecting is what gets squeezed out first."
            )
        return line

    # ---------------------------------------------------------------- actions

    @on(VirtualTable.Highlighted, "#blocks-list")
    def _highlighted(self) -> None:
        if self.week is None:
            return
        self.grid.select(self._selected_id())
        self._show_selected()
        self._draw_summary()

    def _show_selected(self) -> None:
        """Scroll the grid (when it is taller than the screen) to the selected block."""
        rows = self.grid.rows_of(self._selected_id())
        if rows is not None:
            top, bottom = rows
            scroll = self.query_one("#blocks-grid-scroll", VerticalScroll)
            scroll.scroll_to_region(Region(0, top, 1, bottom - top + 1), animate=False)

    @on(VirtualTable.Selected, "#blocks-list")
    def _chosen(self) -> None:
        self.action_edit()

    def selected(self) -> TimeBlock | None:
        block_id = self._selected_id()
        if block_id is None or block_id not in self.blocks:
            self.notify("No block selected: press a to add one.", severity="warning")
            return None
        return self.blocks[block_id]

    def _form(self, block: TimeBlock | None) -> BlockForm:
        from planner.ui.modals.block import BlockForm

        planner = self.planner
        return BlockForm(block, week=self.shown_week, today=planner.today)

    def action_add(self) -> None:
        self.app.push_screen(self._form(None), self._saved)

    def action_edit(self) -> None:
        block = self.selected()
        if block is not None:
            self.app.push_screen(self._form(block), self._saved)

    def _saved(self, block: TimeBlock | None) -> None:
        if block is None:
            return
        week = self.shown_week
        if block.date is not None and block.date not in week:
            # A one-off in another week: show that week, so the user sees what was saved.
            self.week = Week.of(block.date)
        self.planner.changed()
        self.table.move_cursor_to(block.id)
        self.notify(f"Saved: {block.describe()}.", markup=False)

    def action_delete(self) -> None:
        from planner.ui.modals.form import ConfirmScreen

        block = self.selected()
        if block is None:
            return
        store = self.planner.store
        week = self.shown_week
        planned = sum(
            1 for touch in store.week_touches(week) if touch.block_id == block.id and touch.is_open
        )
        detail = "Touches already planned in it stay on the agenda." if planned else ""
        if planned:
            stay = "stays" if planned == 1 else "stay"
            detail = f"{count(planned, 'touch')} planned in it in {week} {stay} on the agenda."
        repeat = " every week" if block.is_weekly else ""

        def answer(yes: bool | None) -> None:
            if yes:
                self.planner.save(
                    lambda: service.remove_block(store, block.id),
                    done=f"Deleted the block {block.describe()}.",
                )

        self.app.push_screen(
            ConfirmScreen(
                f"Delete the block {block.describe()}?",
                f"The time is no longer set aside{repeat}. {detail}".strip(),
                yes="Delete",
            ),
            answer,
        )
