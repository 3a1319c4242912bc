"""A table that draws only the rows on screen, so 30,000 rows cost what 30 do.

The owner keeps the data: it hands the table a list of row keys and a function that turns a
key into cells (or into one full-width line, for section headings). Filtering or sorting is
building a new key list, which is cheap; nothing is copied into the widget.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

Key = Hashable
Cells = Sequence[Text | str]


@dataclass(frozen=True, slots=True)
class Column:
    """One column. Where the table is narrower than its columns want (an 80-column
    terminal), columns that may narrow do (`shrink_to`), then columns that may go do
    (`drop`: 1 goes first, then 2, ...), so that what matters most stays readable."""

    key: str
    label: str
    width: int = 0
    """Cells wide; 0 shares out whatever the fixed columns leave."""
    align: Literal["left", "right", "center"] = "left"
    min_width: int = 8
    """The fewest cells a column of width 0 gets."""
    shrink_to: int = 0
    """The fewest cells a fixed column narrows to when room is short (0: it keeps `width`)."""
    drop: int = 0
    """When the columns cannot fit even narrowed, the order in which this one is left out
    (0: never)."""
    short_label: str = ""
    """The label where `label` does not fit (and cannot run on over the next column)."""

    @property
    def least(self) -> int:
        """The fewest cells the column can do with."""
        if not self.width:
            return self.min_width
        return min(self.width, self.shrink_to or self.width)


@dataclass(frozen=True, slots=True)
class Section:
    """A full-width line (a day heading, a tier heading) the cursor passes over."""

    text: Text


RowRenderer = Callable[[Key], "Cells | Section"]


@cache
def _binds_enter(screen: type) -> bool:
    """True if a screen class has a key binding of its own for enter."""
    for item in getattr(screen, "BINDINGS", ()):
        key = item.key if isinstance(item, Binding) else item[0]
        if "enter" in key.split(","):
            return True
    return False


class VirtualTable(ScrollView, can_focus=True):
    """Rows by key, drawn on demand; a cursor that skips section lines."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(-1)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    COMPONENT_CLASSES = {
        "virtual-table--header",
        "virtual-table--cursor",
        "virtual-table--section",
        "virtual-table--empty",
    }

    DEFAULT_CSS = """
    VirtualTable {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
    }
    VirtualTable > .virtual-table--header {
        text-style: bold;
        color: $text-muted;
    }
    VirtualTable > .virtual-table--cursor {
        background: $block-cursor-blurred-background;
    }
    VirtualTable:focus > .virtual-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    VirtualTable > .virtual-table--section {
    }
    VirtualTable > .virtual-table--empty {
        color: $text-muted;
    }
    """

    cursor: reactive[int] = reactive(-1, always_update=True)
    """Index into the row keys of the highlighted row (-1: none)."""

    class Highlighted(Message):
        """The cursor moved to another row."""

        def __init__(self, table: VirtualTable, key: Key | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> VirtualTable:
            return self.table

    class ColumnsShown(Message):
        """The table's width changed which columns it shows (`shown`: their keys)."""

        def __init__(self, table: VirtualTable, shown: tuple[str, ...]) -> None:
            super().__init__()
            self.table = table
            self.shown = shown

        @property
        def control(self) -> VirtualTable:
            return self.table

    class Selected(Message):
        """Enter (or a click) on a row."""

        def __init__(self, table: VirtualTable, key: Key) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> VirtualTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column],
        render_row: RowRenderer,
        *,
        empty_text: str = "Nothing to show.",
        show_header: bool = True,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's own parameter name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = list(columns)
        self.render_row = render_row
        self.empty_text = empty_text
        self.show_header = show_header
        self._keys: list[Key] = []
        self._positions: dict[Key, int] = {}
        self._selectable: list[bool] = []
        self.sort_key: str | None = None
        self.sort_reverse = False
        self._widths_for: tuple[int, tuple[Column, ...]] | None = None
        self._widths: list[int] = []
        self._shown: tuple[str, ...] = ()

    # ---------------------------------------------------------------- data

    @property
    def keys(self) -> Sequence[Key]:
        return self._keys

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def cursor_key(self) -> Key | None:
        if 0 <= self.cursor < len(self._keys):
            return self._keys[self.cursor]
        return None

    def set_rows(
        self,
        keys: Sequence[Key],
        *,
        sections: Sequence[Key] = (),
        cursor_key: Key | None = None,
    ) -> None:
        """Show `keys` (those in `sections` are headings the cursor skips). The cursor stays on
        the row it was on if that row is still there, else goes to `cursor_key` or the top."""
        previous = self.cursor_key if cursor_key is None else cursor_key
        self._keys = list(keys)
        # Built at C speed: the heat map sets 30,000 rows at a time.
        self._positions = dict(zip(self._keys, range(len(self._keys)), strict=True))
        self._selectable = [True] * len(self._keys)
        for section in sections:
            index = self._positions.get(section)
            if index is not None:
                self._selectable[index] = False
        self.virtual_size = Size(self.size.width, len(self._keys) + self._header_lines)
        target = self._positions.get(previous, -1) if previous is not None else -1
        if target < 0 or not self._selectable[target]:
            target = self._next_selectable(0, 1)
        self.cursor = target
        self.refresh()

    def refresh_rows(self) -> None:
        """Draw again after the data behind the keys changed."""
        self.refresh()

    def move_cursor_to(self, key: Key) -> bool:
        index = self._positions.get(key)
        if index is None or not self._selectable[index]:
            return False
        self.cursor = index
        return True

    # ---------------------------------------------------------------- cursor

    @property
    def _header_lines(self) -> int:
        return 1 if self.show_header else 0

    def _next_selectable(self, start: int, step: int) -> int:
        index = start
        while 0 <= index < len(self._keys):
            if self._selectable[index]:
                return index
            index += step
        return -1

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.cursor_key))

    def _scroll_to_cursor(self) -> None:
        if self.cursor < 0:
            return
        visible = max(1, self.size.height - self._header_lines)
        top = int(self.scroll_y)
        # Keep a section heading just above the cursor in view when there is room.
        wanted_top = self.cursor
        if self.cursor > 0 and not self._selectable[self.cursor - 1]:
            wanted_top = self.cursor - 1
        if wanted_top < top:
            self.scroll_to(y=wanted_top, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)

    def action_cursor(self, step: int) -> None:
        if not self._keys:
            return
        start = self.cursor + step if self.cursor >= 0 else 0
        found = self._next_selectable(start, step)
        if found >= 0:
            self.cursor = found

    def action_page(self, direction: int) -> None:
        if not self._keys:
            return
        page = max(1, self.size.height - self._header_lines - 1)
        start = min(max(self.cursor + direction * page, 0), len(self._keys) - 1)
        found = self._next_selectable(start, direction)
        if found < 0:
            found = self._next_selectable(start, -direction)
        if found >= 0:
            self.cursor = found

    def action_edge(self, direction: int) -> None:
        if not self._keys:
            return
        start = 0 if direction < 0 else len(self._keys) - 1
        found = self._next_selectable(start, -direction)
        if found >= 0:
            self.cursor = found
            if direction < 0:
                self.scroll_to(y=0, animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select" and _binds_enter(type(self.screen)):
            return False  # the screen's own enter, named in its footer, opens the row
        return True

    def action_select(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    def on_click(self, event: events.Click) -> None:
        row = event.y - self._header_lines + int(self.scroll_y)
        if event.y >= self._header_lines and 0 <= row < len(self._keys):
            if self._selectable[row]:
                self.cursor = row
                if event.chain >= 2:
                    self.action_select()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self._keys) + self._header_lines)
        self._scroll_to_cursor()
        shown = self.shown_columns()
        if shown != self._shown:
            self._shown = shown
            self.post_message(self.ColumnsShown(self, shown))

    def shown_columns(self) -> tuple[str, ...]:
        """The keys of the columns the table's width has room for."""
        widths = self.column_widths(self.content_width)
        return tuple(
            column.key for column, width in zip(self.columns, widths, strict=True) if width
        )

    # ---------------------------------------------------------------- drawing

    def column_widths(self, width: int) -> list[int]:
        """Cells for each column in `width` (one space between columns; 0: not shown).

        Fixed columns get their width and flexible ones share the rest. When that is more
        than there is, columns that may narrow do, the one with most to give first; when
        even that is not enough, columns that may go are left out, in their `drop` order."""
        wanted = (width, tuple(self.columns))
        if self._widths_for == wanted:
            return self._widths
        columns = self.columns
        shown = list(range(len(columns)))

        def least(indices: list[int]) -> int:
            return sum(columns[i].least for i in indices) + max(0, len(indices) - 1)

        for _, index in sorted((column.drop, i) for i, column in enumerate(columns) if column.drop):
            if least(shown) <= width:
                break
            shown.remove(index)
        widths = [0] * len(columns)
        for index in shown:
            widths[index] = columns[index].width
        flexible = [index for index in shown if not columns[index].width]
        short = sum(widths) + max(0, len(shown) - 1) - width
        short += sum(columns[index].min_width for index in flexible)
        while short > 0:
            slack = {
                index: widths[index] - columns[index].least
                for index in shown
                if columns[index].width and widths[index] > columns[index].least
            }
            if not slack:
                break
            widest = max(slack, key=lambda index: slack[index])
            widths[widest] -= 1
            short -= 1
        left = max(0, width - sum(widths) - max(0, len(shown) - 1))
        for index in flexible:
            widths[index] = max(columns[index].min_width, left // len(flexible))
        self._widths_for, self._widths = wanted, widths
        return widths

    def _line(self, cells: Cells, widths: list[int]) -> Text:
        return self._join(
            (cell, width, column.align)
            for column, cell, width in zip(self.columns, cells, widths, strict=False)
        )

    @staticmethod
    def _join(parts: Iterable[tuple[Text | str, int, str]]) -> Text:
        """Cells cut or padded to their widths, one space apart; 0 wide: left out."""
        line = Text(no_wrap=True, end="")
        for cell, width, align in parts:
            if not width:
                continue
            text = cell if isinstance(cell, Text) else Text(str(cell))
            text = text.copy()
            text.truncate(width, overflow="ellipsis")
            if align == "right":
                text.pad_left(width - text.cell_len)
            elif align == "center":
                text.align("center", width)
            else:
                text.pad_right(width - text.cell_len)
            if line:
                line.append(" ")
            line.append_text(text)
        return line

    def _header(self, widths: list[int]) -> Text:
        """The column labels. A label longer than its column runs on over the next shown
        column if that one has no label, else says it in fewer words (`short_label`)."""
        labels: list[tuple[Column, str, int]] = []  # the column, its label, the cells for it
        for column, width in zip(self.columns, widths, strict=False):
            if not width:
                continue
            label = column.label
            if column.key == self.sort_key:
                label = f"{label} {'▼' if self.sort_reverse else '▲'}"
            if labels and not label and cell_len(labels[-1][1]) > labels[-1][2]:
                before, text, cells = labels[-1]
                labels[-1] = (before, text, cells + 1 + width)
            else:
                labels.append((column, label, width))
        return self._join(
            (
                column.short_label
                if column.short_label and cell_len(label) > width
                else Text(label),
                width,
                column.align,
            )
            for column, label, width in labels
        )

    @property
    def content_width(self) -> int:
        """Cells a row may use: the widget's width less the vertical scrollbar, if shown."""
        return self.scrollable_content_region.width

    def render_line(self, y: int) -> Strip:
        width = self.content_width
        widths = self.column_widths(width)
        base = self.rich_style
        if self.show_header and y == 0:
            style = self.get_component_rich_style("virtual-table--header")
            return self._strip(self._header(widths), width, base + style)
        index = y - self._header_lines + int(self.scroll_y)
        if not self._keys:
            if index == 0:
                style = self.get_component_rich_style("virtual-table--empty")
                return self._strip(Text(self.empty_text), width, base + style)
            return Strip.blank(width, base)
        if index >= len(self._keys) or index < 0:
            return Strip.blank(width, base)
        row = self.render_row(self._keys[index])
        if isinstance(row, Section):
            style = self.get_component_rich_style("virtual-table--section")
            return self._strip(row.text, width, base + style)
        line = self._line(row, widths)
        if index == self.cursor:
            line.stylize(self.get_component_rich_style("virtual-table--cursor"))
        return self._strip(line, width, base)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        line = Text(no_wrap=True, end="")
        line.append_text(text)  # keeps the text's own base style as a span
        line.truncate(width, overflow="ellipsis")
        segments = list(line.render(self.app.console))
        return Strip(segments).apply_style(style).adjust_cell_length(width, style)
