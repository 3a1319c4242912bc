"""Where customers come from: the network by where each contact was met, the places that
bring customers first (the same as `planner sources`). A screen of its own, so that any
screen (the weekly review too) can open it."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from planner import service
from planner.service.sources import DEFAULT_WEEKS, UNKNOWN

if TYPE_CHECKING:
    from planner.ui.app import PlannerApp

#: The spans `+` and `-` step through, in weeks.
SPANS = (4, 13, 26, 52, 104, 260)


class SourcesScreen(ModalScreen[None]):
    """Each place or event with the contacts met there, those touched lately, the customers
    and referrals they brought and the done touches they took. `+` `-` change how far back
    "touched" looks; escape closes."""

    BINDINGS = [
        Binding(
            "plus",
            "span(1)",
            "Longer",
            key_display="+",
            id="sources.longer",
            tooltip="Count touches over a longer span",
        ),
        Binding(
            "minus",
            "span(-1)",
            "Shorter",
            key_display="-",
            id="sources.shorter",
            tooltip="Count touches over a shorter span",
        ),
        Binding("down,j", "scroll(1)", "Scroll", show=False),
        Binding("up,k", "scroll(-1)", "Scroll", show=False),
        Binding("escape,enter,q", "dismiss", "Close", id="sources.close"),
    ]

    def __init__(self, weeks: int = DEFAULT_WEEKS) -> None:
        super().__init__()
        self.weeks = weeks

    @property
    def planner(self) -> PlannerApp:
        return cast("PlannerApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form card", id="sources"):
            yield Static("Where customers come from", classes="form-title")
            with VerticalScroll(classes="card-body"):
                yield Static(id="sources-table")
            yield Static(id="sources-summary", markup=False)
            yield Static("+ - span of “touched” · esc close", classes="field-hint")

    def on_mount(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        planner = self.planner
        found = service.sources(planner.store, planner.today, self.weeks)
        table = Table(box=None, pad_edge=False, header_style="bold", expand=True)
        table.add_column("where met", ratio=1, no_wrap=True, overflow="ellipsis")
        for column in ("contacts", f"touched ({self.weeks} wk)", "customers", "referrals"):
            table.add_column(column, justify="right")
        table.add_column("touches", justify="right")
        for source in found:
            table.add_row(
                Text(source.source, style="dim" if source.source == UNKNOWN else ""),
                f"{source.contacts:,}",
                f"{source.touched:,}",
                Text(f"{source.customers:,}", style="bold" if source.customers else "dim"),
                f"{source.referrals:,}",
                f"{source.touches:,}",
            )
        self.query_one("#sources-table", Static).update(
            table if found else Text("No contacts yet: add some, or import a file (c, then i).")
        )
        self.query_one("#sources-summary", Static).update(summary(found))

    def action_span(self, step: int) -> None:
        later = [span for span in SPANS if span > self.weeks]
        earlier = [span for span in SPANS if span < self.weeks]
        if step > 0 and later:
            self.weeks = later[0]
        elif step < 0 and earlier:
            self.weeks = earlier[-1]
        self.redraw()

    def action_scroll(self, lines: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=lines, animate=False)


def summary(found: list[service.Source]) -> str:
    """`Customers come most from Trade fair (12 of 40 met there, 30 %)`, naming the known
    place with the most customers and the one where the most of those met became one."""
    known = [source for source in found if source.source != UNKNOWN and source.contacts]
    if not known or not any(source.customers for source in known):
        return "No customer has a known place where you met yet: fill in “Where you met”."
    most = known[0]
    best = max(known, key=lambda source: (source.customers / source.contacts, source.customers))
    text = (
        f"Most customers: {most.source} ({most.customers} of {most.contacts} met there). "
        f"Best share: {best.source} ({best.customers / best.contacts:.0%})."
    )
    return text
