"""Plain tables written a row at a time: thirty thousand rows start printing at once.

A Rich table lays out every row before it prints the first, which takes seconds for a large
network. These tables are laid out as Rich lays out `Table(box=None, pad_edge=False)` when the
rows fit (two spaces between columns, each column as wide as its widest cell), with widths
known before the first row: the caller measures the cells it can (names, companies) and fixes
the rest. A cell wider than its column's `most` cells is cut with "…".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TextIO

from rich.cells import cell_len, set_cell_size
from rich.control import strip_control_codes

if TYPE_CHECKING:
    from rich.console import Console

Justify = Literal["left", "right", "center"]

#: Rows written out at a time once the first screenful has been shown.
_BATCH = 500
#: Rows written, and flushed, before the rest go out in batches.
_FIRST = 50


def clean(text: str) -> str:
    """Text as a Rich `Text` shows it: without the control codes it would strip."""
    return text if text.isprintable() else strip_control_codes(text)


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    justify: Justify = "left"
    width: int = 0
    """At least this many cells (the header's width counts too)."""
    most: int | None = None
    """At most this many cells; longer cells are cut with an ellipsis."""

    def fitted(self, cells: Iterable[str]) -> Column:
        """This column as wide as its widest cell, its header and `width` (up to `most`)."""
        widest = max((len(cell) if cell.isascii() else cell_len(cell) for cell in cells), default=0)
        width = max(self.width, cell_len(self.header), widest)
        if self.most is not None:
            width = min(width, max(self.most, cell_len(self.header)))
        return Column(self.header, self.justify, width, self.most)


class PlainTable:
    """Fixed-width columns; `lines` turns rows of cell texts into lines as they come."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.columns = tuple(
            column if column.width >= cell_len(column.header) else column.fitted(())
            for column in columns
        )

    @property
    def width(self) -> int:
        return sum(column.width for column in self.columns) + 2 * (len(self.columns) - 1)

    def header(self) -> str:
        return self.line([column.header for column in self.columns])

    def line(self, cells: Sequence[str]) -> str:
        parts = []
        for column, cell in zip(self.columns, cells, strict=True):
            width, justify = column.width, column.justify
            if cell.isascii() and len(cell) <= width and justify != "center":
                # The common case, padded in C: plain letters that fit.
                parts.append(cell.ljust(width) if justify == "left" else cell.rjust(width))
                continue
            size = len(cell) if cell.isascii() else cell_len(cell)
            if size > width:
                cell = set_cell_size(cell, width - 1) + "…"
                size = width
            gap = width - size
            if justify == "left":
                parts.append(cell + " " * gap)
            elif justify == "right":
                parts.append(" " * gap + cell)
            else:
                parts.append(" " * (gap // 2) + cell + " " * (gap - gap // 2))
        return "  ".join(parts)

    def centred(self, text: str) -> str:
        """`text` centred under the table, as Rich centres a caption."""
        gap = max(0, self.width - cell_len(text))
        return " " * (gap // 2) + text + " " * (gap - gap // 2)


def styled(console: Console | None, text: str, style: str) -> str:
    """`text` in `style` as `console` would print it: with the terminal's codes when it shows
    colour, as it is when it does not (no console, a pipe, a file, NO_COLOR)."""
    if console is None or console.color_system is None or not console.is_terminal:
        return text
    from rich.text import Text

    with console.capture() as capture:
        console.print(Text(text, style=style), end="")
    return capture.get()


def write_lines(out: TextIO, lines: Iterable[str]) -> None:
    """Write `lines` as they come: the first few at once (and flushed, so a reader sees them
    while the rest are worked out), then in batches."""
    write, flush = out.write, out.flush
    batch: list[str] = []
    limit = _FIRST
    for line in lines:
        batch.append(line)
        if len(batch) >= limit:
            write("\n".join(batch) + "\n")
            if limit == _FIRST:
                flush()
            batch.clear()
            limit = _BATCH
    if batch:
        write("\n".join(batch) + "\n")
    flush()
