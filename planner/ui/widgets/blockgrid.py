"""The week's time blocks as a grid: days across, half hours down, each block in its kind's
colour with its kind, times and label written in it (so colour is never the only clue)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import App
from textual.widget import Widget

from planner.domain.enums import BlockKind
from planner.domain.model import TimeBlock, minutes_of
from planner.domain.weeks import Week

#: Minutes per grid row.
SLOT = 30
#: The hours the grid always shows; blocks outside them widen it.
DAY_START, DAY_END = 8 * 60, 18 * 60
#: Marks a one-off block (it happens only on its date).
ONCE_MARK = "◆"

#: A kind's name in a grid cell: the longest that fits the cell.
KIND_NAMES = {
    BlockKind.PROSPECTING: ("Prospecting", "Prospect", "Prosp"),
    BlockKind.NETWORKING: ("Networking", "Network", "Netw"),
    BlockKind.FOLLOW_UP: ("Follow-up", "Follow", "F-up"),
    BlockKind.ADMIN: ("Admin",),
}

_THEME_COLOURS = {
    BlockKind.PROSPECTING: "primary",
    BlockKind.NETWORKING: "success",
    BlockKind.FOLLOW_UP: "warning",
}


@dataclass(frozen=True, slots=True)
class KindColours:
    """For each kind of block: a style for its name in text, and one for a filled grid cell
    (the theme's muted colour behind its text colour, readable in dark and light themes)."""

    text: dict[BlockKind, str]
    cell: dict[BlockKind, str]
    selected: dict[BlockKind, str]

    @classmethod
    def of(cls, app: App[Any]) -> KindColours:
        variables = app.get_css_variables()
        text: dict[BlockKind, str] = {}
        cell: dict[BlockKind, str] = {}
        selected: dict[BlockKind, str] = {}
        for kind in BlockKind:
            name = _THEME_COLOURS.get(kind)
            if name is None:
                fg = variables.get("foreground", "default")
                bg = variables.get("panel", "default")
                text[kind] = "bold"
            else:
                fg = variables.get(f"text-{name}", "default")
                bg = variables.get(f"{name}-muted", "default")
                text[kind] = f"bold {fg}"
            cell[kind] = f"{fg} on {bg}"
            selected[kind] = f"bold {bg} on {fg}"
        return cls(text=text, cell=cell, selected=selected)

    def name(self, kind: BlockKind) -> Text:
        return Text(kind.label, style=self.text[kind])

    def swatch(self, kind: BlockKind) -> Text:
        """`■ prospecting` for legends and totals."""
        swatch = Text("■", style=self.text[kind])
        swatch.append(f" {kind.label}")
        return swatch


def _clock(minutes: int) -> str:
    """`9`, `13:30`: short times for a narrow cell."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}" if rest == 0 else f"{hours}:{rest:02d}"


def day_heading(day: date, cell: int) -> str:
    """`Mon 23` over a day's column; `Mo 23` in a narrow one, `23` in narrower still."""
    for heading in (f"{day:%a} {day.day}", f"{day:%a}"[:2] + f" {day.day}", f"{day.day}"):
        if len(heading) <= cell:
            return heading.ljust(cell)
    return heading[:cell]


class BlockGrid(Widget):
    """Draws the blocks of one week; `selected` (a block id) is drawn in reverse."""

    DEFAULT_CSS = """
    BlockGrid {
        height: auto;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.week: Week | None = None
        self.today: date | None = None
        self.blocks: list[TimeBlock] = []
        self.selected: int | None = None
        self.colours: KindColours | None = None

    def show(
        self,
        week: Week,
        blocks: Sequence[TimeBlock],
        *,
        today: date,
        colours: KindColours,
        selected: int | None = None,
    ) -> None:
        self.week = week
        self.blocks = list(blocks)
        self.today = today
        self.colours = colours
        self.selected = selected
        self.refresh(layout=True)

    def select(self, block_id: int | None) -> None:
        if block_id != self.selected:
            self.selected = block_id
            self.refresh()

    def rows_of(self, block_id: int | None) -> tuple[int, int] | None:
        """The first and last line a block is drawn on (the day headings are line 0)."""
        block = next((each for each in self.blocks if each.id == block_id), None)
        if block is None:
            return None
        first, _ = self.span()
        top = 1 + (minutes_of(block.start) - first) // SLOT
        bottom = 1 + (minutes_of(block.end) - 1 - first) // SLOT
        return top, max(top, bottom)

    def span(self) -> tuple[int, int]:
        """First and last minute shown: the working day, widened to whole hours around every
        block."""
        first, last = DAY_START, DAY_END
        for block in self.blocks:
            first = min(first, minutes_of(block.start) // 60 * 60)
            last = max(last, -(-minutes_of(block.end) // 60) * 60)
        return first, min(last, 24 * 60)

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        first, last = self.span()
        return 1 + (last - first) // SLOT

    def render(self) -> Text:
        week, colours = self.week, self.colours
        if week is None or colours is None:
            return Text()
        width = self.size.width or 70
        label_width = 6
        cell = max(3, (width - label_width - 6) // 7)  # seven days, a space between
        first, last = self.span()
        rows = (last - first) // SLOT

        # Which block owns each (day, slot); a slot two blocks share goes to the earlier.
        owner: dict[tuple[int, int], TimeBlock] = {}
        for block in sorted(self.blocks, key=lambda each: (each.start, each.id)):
            weekday = block.weekday.number
            start, end = minutes_of(block.start), minutes_of(block.end)
            for slot in range(rows):
                low = first + slot * SLOT
                if start < low + SLOT and end > low and (weekday, slot) not in owner:
                    owner[weekday, slot] = block

        grid = Text(no_wrap=True, overflow="crop")
        grid.append(" " * label_width)
        for index, each_day in enumerate(week.days):
            heading = day_heading(each_day, cell)
            grid.append(heading, style="bold reverse" if each_day == self.today else "bold")
            if index < 6:
                grid.append(" ")
        seen: dict[int, int] = {}  # rows of each block drawn so far
        tall: dict[int, int] = {}  # rows each block has
        for block in owner.values():
            tall[block.id] = tall.get(block.id, 0) + 1
        for slot in range(rows):
            grid.append("\n")
            moment = first + slot * SLOT
            label = f"{moment // 60:02d}:00" if moment % 60 == 0 else ""
            grid.append(label.ljust(label_width), style="dim")
            for weekday in range(7):
                owned = owner.get((weekday, slot))
                if owned is None:
                    grid.append(" " * cell)
                else:
                    part = seen.get(owned.id, 0)
                    seen[owned.id] = part + 1
                    chosen = owned.id == self.selected
                    style = (colours.selected if chosen else colours.cell)[owned.kind]
                    once = part == min(1, tall[owned.id] - 1) and not owned.is_weekly
                    grid.append_text(self._cell_text(owned, part, cell, style, once=once))
                if weekday < 6:
                    grid.append(" ")
        return grid

    @staticmethod
    def _cell_text(
        block: TimeBlock, part: int, width: int, style: str, *, once: bool = False
    ) -> Text:
        """The block's kind on its first row, then its times, then its label. `once` puts the
        one-off mark in front (on the times' row, or on the kind's in a one-row block)."""
        mark = ONCE_MARK if once else ""
        if part == 0:
            names = KIND_NAMES[block.kind]
            text = next((n for n in names if len(mark + n) <= width), names[-1])
        elif part == 1:
            text = f"{_clock(minutes_of(block.start))}–{_clock(minutes_of(block.end))}"
        elif part == 2:
            text = block.label
        else:
            text = ""
        cell = Text(mark + " ".join(text.split()), style=style, no_wrap=True)
        cell.truncate(width, overflow="ellipsis", pad=True)
        return cell
