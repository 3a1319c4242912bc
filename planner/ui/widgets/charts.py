"""Small charts drawn with block characters: a progress bar, a sparkline, a heat cell to sit
inside a table row; and the review's week charts (a share against its goal line, done touches
stacked by tier). Each returns `rich.text.Text` in colours taken from a `Palette`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text

from planner.domain.enums import Tier
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


#: Eighths of a cell, for the top of a bar.
_EIGHTHS = " ▁▂▃▄▅▆▇█"
#: Cells a week takes in the week charts: a bar two wide, then a gap.
WEEK_CELLS = 3


def _axis(value: float, unit: str, width: int = 5) -> str:
    return f"{value:.0f}{unit}".rjust(width - 1) + "┤"


def share_chart(
    shares: Sequence[float],
    goal: float | None,
    labels: Sequence[str],
    palette: Palette,
    height: int = 5,
) -> Text:
    """Prospecting share of blocked time week by week, as bars against the goal's line: a
    bar that reaches the goal is in the success colour, the line runs where no bar covers it.
    `labels` go under the weeks (two characters each)."""
    top = max([*shares, goal or 0.0, 10.0])
    top = float(-(-top // 10) * 10)  # up to a round ten
    per_row = top / height
    goal_row = None if goal is None else min(height - 1, int(goal / per_row))
    chart = Text(no_wrap=True)
    for row in range(height - 1, -1, -1):
        low = row * per_row
        if row == height - 1:
            chart.append(_axis(top, "%"), style="dim")
        elif row == goal_row and goal is not None:
            chart.append(_axis(goal, "%"), style=palette.accent)
        elif row == 0:
            chart.append(_axis(0, "%"), style="dim")
        else:
            chart.append("    │", style="dim")
        for share in shares:
            fill = (share - low) / per_row
            met = goal is not None and share >= goal
            style = palette.success if met else palette.primary
            if fill >= 1:
                chart.append("██", style=style)
            elif fill > 0:
                chart.append(_EIGHTHS[max(1, round(fill * 8))] * 2, style=style)
            elif row == goal_row:
                chart.append("──", style=palette.accent)
            else:
                chart.append("  ")
            chart.append("─" if row == goal_row else " ", style=palette.accent)
        chart.append("\n")
    chart.append("     " + "".join(label[-2:].rjust(2) + " " for label in labels), style="dim")
    return chart


def tier_chart(
    done: Sequence[Mapping[Tier, int]],
    labels: Sequence[str],
    palette: Palette,
    height: int = 5,
) -> Text:
    """Done touches week by week, each bar stacked A (bottom), B, C in the tiers' colours."""
    totals = [sum(week.values()) for week in done]
    top = max([*totals, 1])
    styles = {Tier.A: f"bold {palette.accent}", Tier.B: palette.primary, Tier.C: "dim"}
    columns: list[list[tuple[str, str]]] = []
    for week in done:
        cells: list[tuple[str, str]] = []
        running = 0
        for tier in Tier:
            count = week.get(tier, 0)
            running += count
            # Rounded where the stack stands so far, so the parts add up to the whole bar;
            # a tier with any touch shows at least one cell while there is room.
            reach = round(running * height / top)
            if count and reach <= len(cells):
                reach = len(cells) + 1
            cells.extend([("██", styles[tier])] * (reach - len(cells)))
        columns.append(cells[:height])
    chart = Text(no_wrap=True)
    for row in range(height - 1, -1, -1):
        if row == height - 1:
            chart.append(_axis(top, ""), style="dim")
        elif row == 0:
            chart.append(_axis(0, ""), style="dim")
        else:
            chart.append("    │", style="dim")
        for cells in columns:
            text, style = cells[row] if row < len(cells) else ("  ", "")
            chart.append(text, style=style)
            chart.append(" ")
        chart.append("\n")
    chart.append("     " + "".join(label[-2:].rjust(2) + " " for label in labels), style="dim")
    return chart


def tier_legend(palette: Palette) -> Text:
    legend = Text(no_wrap=True)
    for tier, style in ((Tier.A, f"bold {palette.accent}"), (Tier.B, palette.primary)):
        legend.append("██", style=style)
        legend.append(f" {tier.value}  ")
    legend.append("██", style="dim")
    legend.append(" C")
    return legend
