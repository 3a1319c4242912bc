"""Small charts drawn with block characters, to sit inside a table row: a progress bar, a
sparkline, a heat cell. Each returns `rich.text.Text` in colours taken from a `Palette`."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from planner.service import HEAT_LEGEND, heat_shade
from planner.ui.render import Palette

SPARK_LEVELS = "▁▂▃▄▅▆▇█"


def progress_bar(fraction: float, met: bool, palette: Palette, cells: int = 12) -> Text:
    """`███████░░░░░`: filled in the success colour once the goal is met."""
    share = max(0.0, min(1.0, fraction))
    filled = cells if met else min(cells - 1, round(share * cells))
    bar = Text()
    bar.append("█" * filled, style=palette.success if met else palette.primary)
    bar.append("░" * (cells - filled), style="dim")
    return bar


def sparkline(fractions: Sequence[float], met: Sequence[bool], palette: Palette) -> Text:
    """One character a week, as high as the week got towards its target: a full bar only for a
    week that met it. Weeks with nothing show the bottom line, dimmed."""
    line = Text()
    top = len(SPARK_LEVELS) - 1
    for fraction, reached in zip(fractions, met, strict=True):
        if reached:
            line.append(SPARK_LEVELS[top], style=palette.success)
        elif fraction <= 0:
            line.append(SPARK_LEVELS[0], style="dim")
        else:
            level = max(1, min(top - 1, round(fraction * top)))
            line.append(SPARK_LEVELS[level], style=palette.primary)
    return line


def heat_style(count: int, palette: Palette) -> str:
    """Dim for no touch, then the success colour, bold from three touches on."""
    if count <= 0:
        return "dim"
    return f"bold {palette.success}" if count >= 3 else palette.success


def heat_cells(counts: Sequence[int], width: int, palette: Palette) -> Text:
    """The weeks of one heat-map row, `width` cells a week: the shade repeated, then a gap."""
    fill = max(1, width - 1) if width > 1 else 1
    gap = width - fill
    cells = Text(no_wrap=True)
    for count in counts:
        if count <= 0:
            left = (fill - 1) // 2
            cells.append(" " * left + heat_shade(0) + " " * (fill - 1 - left), style="dim")
        else:
            cells.append(heat_shade(count) * fill, style=heat_style(count, palette))
        if gap:
            cells.append(" " * gap)
    return cells


def heat_legend(palette: Palette, *, short: int = 0) -> Text:
    """`· none  ▒ 1  ▓ 2  █ 3+ done touches a week`, each shade in its own colour; shorter for
    a narrow terminal: `· 0 ▒ 1 ▓ 2 █ 3+ done a week` (`short=1`), `· 0 ▒ 1 ▓ 2 █ 3+` (2)."""
    legend = Text(no_wrap=True)
    for count, (shade, words) in enumerate(HEAT_LEGEND):
        if count:
            legend.append(" " if short else "  ")
        legend.append(shade, style=heat_style(count, palette))
        legend.append(f" {'0' if short and not count else words}")
    if short < 2:
        legend.append(" done a week" if short else " done touches a week", style="dim")
    return legend
