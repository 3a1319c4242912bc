"""What every main screen shares: the mode bar on top, the footer, redraw after changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from planner.domain.weeks import Week
from planner.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from planner.ui.app import PlannerApp

#: The screens in the order of the mode bar, with the key that opens each.
MODE_KEYS = (
    ("week", "w", "Week"),
    ("contacts", "c", "Contacts"),
    ("goals", "g", "Goals"),
    ("blocks", "b", "Blocks"),
    ("heatmap", "h", "Heat map"),
    ("review", "r", "Review"),
)


#: How the parts of a title are joined where there is room, and where there is not.
WIDE_JOIN, TIGHT_JOIN = "  ·  ", " · "


class ModeBar(Widget):
    """`planner  w Week  c Contacts  g Goals  b Blocks  h Heat map  r Review`, the current one lit,
    and a title for what the screen shows on the right.

    Where the whole bar and the title do not fit on one line (an 80-column terminal), the
    bar names only the current screen (`w Week  c  g  b  h`, every key still shown); where
    even that leaves no room for the title, the title goes on a line of its own. The title
    is never cut while a line can hold it: it says which week (or what) the screen shows."""

    def __init__(self, mode: str, *, read_only: bool = False) -> None:
        super().__init__(id="mode-bar")
        self.mode = mode
        self.read_only = read_only
        self.parts: tuple[str, ...] = ()

    def set_title(self, *parts: str) -> None:
        """What the screen shows, in parts (`2026-W48`, `23–29 Nov 2026`, `this week`):
        joined with a wide dot where there is room, a narrow one where there is not."""
        parts = tuple(part for part in parts if part)
        if parts != self.parts:
            self.parts = parts
            self.refresh(layout=True)

    def modes(self, *, compact: bool, tight: bool = False) -> Text:
        """The keys of the screens, every screen named (`tight`: one space between them), or
        (compact) only the current one."""
        bar = Text(no_wrap=True, overflow="ellipsis")
        if not compact:
            bar.append(" planner ", style="bold")
        else:
            bar.append(" ")
        for mode, key, label in MODE_KEYS:
            current = mode == self.mode
            if not compact:
                bar.append(" " if tight else "  ")
            bar.append(f" {key} ", style="reverse" if current else "bold")
            if current or not compact:
                bar.append(f" {label}", style="bold underline" if current else "")
            if current and compact:
                bar.append(" ")
        if self.read_only:
            bar.append("  " if compact else "   ")
            bar.append(" read-only ", style="reverse bold")
        return bar

    def lines(self, width: int) -> list[Text]:
        """The bar for `width` cells: one line if the title fits beside the keys, else two."""
        if not self.parts:
            return [self.modes(compact=width < self.modes(compact=False, tight=True).cell_len)]
        for compact, tight, join in (
            (False, False, WIDE_JOIN),
            (False, True, WIDE_JOIN),
            (False, False, TIGHT_JOIN),
            (False, True, TIGHT_JOIN),
            (True, True, TIGHT_JOIN),
        ):
            bar = self.modes(compact=compact, tight=tight)
            title = join.join(self.parts)
            gap = width - bar.cell_len - cell_len(title) - 1  # and a cell clear at the end
            if gap >= 2:
                bar.append(" " * gap)
                bar.append(title, style="bold")
                return [bar]
        line = Text(f" {TIGHT_JOIN.join(self.parts)}", style="bold")
        line.no_wrap, line.overflow = True, "ellipsis"
        return [self.modes(compact=True), line]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Text:
        return Text("\n", no_wrap=True, overflow="ellipsis").join(
            self.lines(self.content_size.width or 120)
        )


#: The footer shows `[` and `]` as one entry.
WEEK_KEYS = Binding.Group("Week", compact=True)


def week_bindings(
    prefix: str, before: str, after: str, *, show_this_week: bool = True
) -> list[Binding]:
    """`[` and `]` step through the weeks a screen shows, `t` comes back to this one; the
    tooltips say what the week before and after hold on that screen."""
    return [
        Binding(
            "left_square_bracket",
            "shift(-1)",
            "Previous week",
            key_display="[",
            id=f"{prefix}.previous",
            tooltip=before,
            group=WEEK_KEYS,
        ),
        Binding(
            "right_square_bracket",
            "shift(1)",
            "Next week",
            key_display="]",
            id=f"{prefix}.next",
            tooltip=after,
            group=WEEK_KEYS,
        ),
        Binding(
            "t",
            "this_week",
            "This week",
            id=f"{prefix}.this",
            tooltip="Back to this week",
            show=show_this_week,
        ),
    ]


def sort_new_binding(prefix: str, *, show: bool = True) -> Binding:
    """`T`: sort the contacts imported without a tier, one at a time (the app's own action,
    named on the screens where new contacts are looked at)."""
    return Binding(
        "T",
        "app.sort_contacts",
        "Sort new",
        id=f"{prefix}.sort_new",
        tooltip="Sort contacts imported without a tier, one at a time (n of N)",
        show=show,
    )


class PlannerScreen(Screen[None]):
    """A main screen: redraws itself when the data changed while it was not shown."""

    SCREEN_NAME: ClassVar[str] = ""
    MODE: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__()
        self._seen_version = -1

    @property
    def planner(self) -> PlannerApp:
        return cast("PlannerApp", self.app)

    def compose_header(self) -> ComposeResult:
        yield ModeBar(self.MODE, read_only=self.planner.store.read_only_reason is not None)

    def compose_footer(self) -> ComposeResult:
        yield KeyBar()

    def set_title(self, *parts: str) -> None:
        """Say what the screen shows, in the mode bar: `set_title("2026-W48", "23–29 Nov")`."""
        self.query_one(ModeBar).set_title(*parts)

    def on_screen_resume(self) -> None:
        if self._seen_version != self.planner.data_version:
            self.refresh_data()

    def refresh_data(self) -> None:
        """Read the store again and redraw; called after every saved change."""
        self._seen_version = self.planner.data_version
        self.redraw()

    def redraw(self) -> None:
        raise NotImplementedError


class OneWeekScreen(PlannerScreen):
    """A main screen that shows one week at a time (`week_bindings` step through them)."""

    def __init__(self) -> None:
        super().__init__()
        self.week: Week | None = None

    @property
    def shown_week(self) -> Week:
        """The week on screen: this week until `[` or `]` picks another."""
        return self.week or self.planner.this_week

    def title_week(self, week: Week) -> None:
        this = "this week" if week == self.planner.this_week else ""
        self.set_title(str(week), week.span, this)

    def action_shift(self, weeks: int) -> None:
        self.show_week(self.shown_week.shift(weeks))

    def action_this_week(self) -> None:
        self.show_week(self.planner.this_week)

    def show_week(self, week: Week) -> None:
        self.week = week
        self.refresh_data()


class FilteredScreen(PlannerScreen):
    """A main screen with a list and a filter field above it: `/` goes to the field, the list
    narrows as you type, enter goes back to the list, escape clears the filter."""

    FILTER_ID: ClassVar[str] = ""

    @property
    def filter_input(self) -> Input:
        return self.query_one(f"#{self.FILTER_ID}", Input)

    @property
    def table(self) -> Widget:
        raise NotImplementedError

    def apply_filter(self) -> None:
        raise NotImplementedError

    @on(Input.Changed)
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.input is self.filter_input:
            self.apply_filter()

    @on(Input.Submitted)
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if event.input is self.filter_input:
            self.table.focus()

    def action_filter(self) -> None:
        self.filter_input.focus()

    def key_escape(self) -> None:
        if self.filter_input.value or self.filter_input.has_focus:
            self.filter_input.value = ""
            self.table.focus()
