"""What every main screen shares: the mode bar on top, the footer, redraw after changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

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


class ModeBar(Static):
    """`planner  w Week  c Contacts  g Goals  b Blocks  h Heat map  r Review` with the current
    one lit, and a title for what the screen shows on the right."""

    def __init__(self, mode: str, *, read_only: bool = False) -> None:
        super().__init__(id="mode-bar")
        self.mode = mode
        self.read_only = read_only
        self.title = ""

    def set_title(self, title: str) -> None:
        self.title = title
        self.refresh_bar()

    def on_mount(self) -> None:
        self.refresh_bar()

    def refresh_bar(self) -> None:
        bar = Text(no_wrap=True, overflow="ellipsis")
        bar.append(" planner ", style="bold")
        for mode, key, label in MODE_KEYS:
            current = mode == self.mode
            bar.append(" ")
            bar.append(f" {key} ", style="reverse" if current else "bold")
            bar.append(f" {label}", style="bold underline" if current else "")
        if self.read_only:
            bar.append("   ")
            bar.append(" read-only ", style="reverse bold")
        if self.title:
            width = self.size.width or 120
            title = self.title
            # Short of room, the title loses its last parts (`… · this week`) first.
            while " · " in title and bar.cell_len + len(title) + 3 > width:
                title = title.rsplit(" · ", 1)[0]
            gap = max(2, width - bar.cell_len - len(title) - 1)
            bar.append(" " * gap)
            bar.append(title, style="bold")
        self.update(bar)

    def on_resize(self) -> None:
        self.refresh_bar()


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

    def set_title(self, title: str) -> None:
        self.query_one(ModeBar).set_title(title)

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
        this = " · this week" if week == self.planner.this_week else ""
        self.set_title(f"{week} · {week.span}{this}")

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
