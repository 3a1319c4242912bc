"""Heat map (`h`): every contact by tier, coldest first, with done touches week by week.

The heat data is the command line's (`service.heat`), computed in a worker thread once per
change of the data for the longest span the screen shows; showing fewer weeks takes the last
columns of it. Filters only build a new list of row keys, and the table draws only the rows
on screen, so 30,000 contacts stay quick.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import Input
from textual.worker import WorkType

from planner import service
from planner.domain.enums import Relationship, Tier, TouchStatus
from planner.domain.model import Touch
from planner.engine import HeatMap, HeatRow, TierHeat
from planner.ui.render import Palette, contact_kind, day_label, tier_badge, warmth_bar
from planner.ui.screens.base import FilteredScreen
from planner.ui.widgets.charts import heat_cells, heat_legend
from planner.ui.widgets.fitline import FitLine
from planner.ui.widgets.table import Column, Section, VirtualTable

if TYPE_CHECKING:
    from planner.ui.app import PlannerApp

MIN_WEEKS, MAX_WEEKS, DEFAULT_WEEKS = 4, 52, 12
#: `+` and `-` step through these week counts.
WEEK_STEPS = (4, 8, 12, 16, 20, 26, 39, 52)
#: `R` cycles through these: every relationship, then each one.
RELATIONSHIPS: tuple[Relationship | None, ...] = (None, *Relationship)

NAME_MIN = 18
RELATION_WIDTH = 10
WARMTH_WIDTH = 10


@dataclass(frozen=True)
class HeatData:
    """The heat map with what the filters need, prepared once per change of the data, and the
    inputs it was worked out from (so that the next one only works out what changed)."""

    heat: HeatMap
    inputs: service.HeatInputs
    rows: dict[int, HeatRow]
    groups: dict[Tier, list[HeatRow]]
    tiers: dict[Tier, TierHeat]
    keys: dict[Tier, list[int]]
    """Each tier's contact ids in order (the rows shown when nothing is filtered)."""

    @classmethod
    def of(cls, heat: HeatMap, inputs: service.HeatInputs) -> HeatData:
        """Built at C speed from the map's rows (grouped by tier already): after a change the
        map comes with its rows by contact known, and this costs a millisecond or two."""
        groups = heat.groups()
        return cls(
            heat=heat,
            inputs=inputs,
            rows=heat.by_contact,
            groups=groups,
            tiers={summary.tier: summary for summary in heat.tiers},
            keys={tier: list(map(itemgetter(0), group)) for tier, group in groups.items()},
        )


def work_out(
    app: PlannerApp, before: HeatData | None
) -> Callable[[], Coroutine[Any, Any, HeatData]]:
    """The heat map of the data as it is now. What it needs is read from the store at once,
    and a thread (which touches no store) starts working it out; the coroutine function
    returned waits for it and keeps it as `app.heat_data` while the data stays the same (a
    function, not a coroutine, so that a worker cancelled before it starts leaves nothing
    unawaited). `before`: heat data worked out earlier, whose rows are kept where nothing
    changed."""
    version = app.data_version
    since = None if before is None else before.inputs
    inputs = service.heat_inputs(app.store, app.today, MAX_WEEKS, since=since)
    earlier = None if before is None else (before.inputs, before.heat)
    # Started at once, so that the thread works while the screen draws what it has.
    working = asyncio.get_running_loop().run_in_executor(
        None, lambda: HeatData.of(inputs.compute(earlier), inputs)
    )

    async def finish() -> HeatData:
        data = await working
        if app.data_version == version:
            app.heat_data = (version, data)
        return data

    return finish


def work_out_ahead(app: PlannerApp) -> None:
    """Work out the heat map while the user is elsewhere, so that `h` draws it at once."""
    before = None if app.heat_data is None else app.heat_data[1]
    finish = work_out(app, before)

    async def ahead() -> None:
        await finish()

    work: WorkType[None] = ahead
    app.run_worker(work, name="heat map ahead", group="heat-ahead", exclusive=True)


def pause_collector(app: PlannerApp) -> Callable[[], None] | None:
    """Pause the cycle collector while a heat map is worked out and drawn: the rows it makes
    (one per contact) would set off collections that scan them all, mid-drawing. Returns what
    turns it back on, to call once drawn (it is back on within a second in any case); None if
    it was off."""
    if not gc.isenabled():
        return None
    gc.disable()
    app.set_timer(1.0, gc.enable)
    return gc.enable


def week_width(weeks: int, width: int) -> int:
    """Cells per week: 4 while there is room (`W37` headings over every week), down to 1."""
    room = width - NAME_MIN - RELATION_WIDTH - WARMTH_WIDTH - 3
    return max(1, min(4, room // max(1, weeks)))


def week_heading(labels: list[str], cell: int) -> str:
    """Week labels over their columns, skipping a label where the one before needs the room."""
    heading = ""
    for index, label in enumerate(labels):
        position = index * cell
        if position >= len(heading) + (1 if heading else 0):
            heading = heading.ljust(position) + label
    return heading


def status_lines(
    view: service.ContactView, today: date, planned: list[Touch] | None, palette: Palette
) -> list[Text]:
    """The line about the highlighted contact: tier, relationship, company, cadence, last
    touch, how overdue, what is planned. Versions fullest first: on a narrow terminal the
    company, the cadence and the last touch give way, in that order."""
    contact = view.contact
    overdue = view.overdue_days(today)

    def line(*, company: bool = True, cadence: bool = True, last: bool = True) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(contact.name, style="bold")
        if contact.to_sort:
            text.append(f"  {contact.relationship.label}, to sort (T)")
        else:
            text.append(f"  {contact.tier.value} {contact.relationship.label}")
        if contact.company and company:
            text.append(f", {contact.company}")
        if cadence:
            text.append(f" · every {view.cadence} days")
        if last:
            text.append(f" · last touch {day_label(view.last_touch)}")
        if overdue > 0:
            text.append(f" · {overdue} days overdue", style=palette.warning)
        else:
            text.append(f" · due {day_label(view.due)}")
        if planned:
            touch = planned[0]
            when = f"{touch.date:%a %d %b}" + (f" {touch.start:%H:%M}" if touch.start else "")
            text.append(f" · planned: {touch.channel.label} {when}")
        return text

    return [
        line(),
        line(company=False),
        line(company=False, cadence=False),
        line(company=False, cadence=False, last=False),
    ]


class HeatTable(VirtualTable):
    """A VirtualTable whose columns follow its width (the week cells narrow as weeks grow)."""

    def __init__(self, layout: Callable[[int], list[Column]], *args: Any, **kwargs: Any) -> None:
        super().__init__([], *args, **kwargs)
        self.layout_columns = layout
        self.laid_out = -1

    def relayout(self) -> None:
        self.laid_out = -1
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_width
        if width != self.laid_out:
            self.columns = self.layout_columns(width)
            self.laid_out = width
        return super().render_line(y)


TIER_KEYS = Binding.Group("Tier", compact=True)
WEEKS_KEYS = Binding.Group("Weeks", compact=True)


class HeatmapScreen(FilteredScreen):
    SCREEN_NAME = "Heat map"
    MODE = "heatmap"
    FILTER_ID = "heat-filter"

    BINDINGS = [
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            id="heatmap.filter",
            tooltip="Filter by name as you type (esc clears)",
        ),
        Binding(
            "enter",
            "open",
            "Open",
            id="heatmap.open",
            tooltip="The selected contact: details and touch history",
        ),
        Binding(
            "p",
            "plan",
            "Plan touch",
            id="heatmap.plan",
            tooltip="Plan a touch with the selected contact in this week's next free slot",
        ),
        Binding(
            "plus,equals_sign",
            "weeks(1)",
            "More weeks",
            key_display="+",
            id="heatmap.more",
            group=WEEKS_KEYS,
            tooltip=f"Show more weeks (up to {MAX_WEEKS})",
        ),
        Binding(
            "minus",
            "weeks(-1)",
            "Fewer weeks",
            key_display="-",
            id="heatmap.fewer",
            group=WEEKS_KEYS,
            tooltip=f"Show fewer weeks (down to {MIN_WEEKS})",
        ),
        Binding(
            "1",
            "tier('A')",
            "Tier A",
            id="heatmap.tier_a",
            group=TIER_KEYS,
            tooltip="Show tier A only",
        ),
        Binding(
            "2",
            "tier('B')",
            "Tier B",
            id="heatmap.tier_b",
            group=TIER_KEYS,
            tooltip="Show tier B only",
        ),
        Binding(
            "3",
            "tier('C')",
            "Tier C",
            id="heatmap.tier_c",
            group=TIER_KEYS,
            tooltip="Show tier C only",
        ),
        Binding(
            "0",
            "tier('')",
            "All tiers",
            id="heatmap.tier_all",
            group=TIER_KEYS,
            tooltip="Show every tier",
        ),
        Binding(
            "R",
            "relationship",
            "Relationship",
            id="heatmap.relationship",
            tooltip="Show customers, prospects, connectors, friends, peers, or everyone",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: HeatData | None = None
        self.weeks = DEFAULT_WEEKS
        self.tier: Tier | None = None
        self.relationship: Relationship | None = None
        self.planned: dict[int, list[Touch]] = {}
        self.shown: dict[Tier, int] = {}
        self.palette: Palette | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Input(placeholder="Filter by name (esc clears)", id="heat-filter")
        yield FitLine(id="heat-filters")
        yield HeatTable(
            self.columns,
            self.render_row,
            id="heat-table",
            empty_text="Working out who is going cold…",
        )
        yield FitLine(id="heat-status")
        yield from self.compose_footer()

    @property
    def table(self) -> HeatTable:
        return self.query_one("#heat-table", HeatTable)

    def on_mount(self) -> None:
        self.table.focus()
        self._draw_filters()

    def on_resize(self) -> None:
        self._draw_filters()

    # ---------------------------------------------------------------- data

    def redraw(self) -> None:
        """Read the store again: the heat data is computed in a worker thread; meanwhile the
        screen shows what it had, or the map worked out ahead before the latest changes, or
        (the first time, before anything was worked out) a loading indicator."""
        planner = self.planner
        self.palette = Palette.of(planner)
        self.planned = {}
        for touch in planner.store.week_touches(planner.this_week):
            if touch.status is TouchStatus.PLANNED:
                self.planned.setdefault(touch.contact_id, []).append(touch)
        self.table.refresh()
        ready = planner.heat_data
        if ready is not None and ready[0] == planner.data_version:
            self.data = ready[1]
            self.apply_filter()
            return
        if self.data is None and ready is not None:
            # Shown at once: the map as it was a change or two ago, until the new one is in.
            self.data = ready[1]
            self.apply_filter()
        resume = pause_collector(self.planner)
        pending = work_out(self.planner, self.data)

        async def show() -> None:
            await self._show(pending, resume)

        work: WorkType[None] = show
        self.run_worker(work, name="heat map", group="heatmap", exclusive=True)

    async def _show(
        self,
        pending: Callable[[], Awaitable[HeatData]],
        resume: Callable[[], None] | None = None,
    ) -> None:
        """Until the first result arrives the table says it is working (a loading overlay
        would take the focus away from it). `resume`: called once the map is drawn."""
        try:
            self.data = await pending()
            self.apply_filter()
        finally:
            if resume is not None:
                self.app.call_after_refresh(resume)

    def week_labels(self, cell: int) -> list[str]:
        """`W37` over each week; `37` where a week has 3 cells (so that every week is named)."""
        if self.data is None:
            return []
        weeks = self.data.heat.weeks[-self.weeks :]
        if cell == 3:
            return [f"{week.number:02d}" for week in weeks]
        return [f"W{week.number:02d}" for week in weeks]

    def columns(self, width: int) -> list[Column]:
        cell = week_width(self.weeks, width)
        return [
            Column("name", "Contact", 0, min_width=NAME_MIN),
            Column("relationship", "Relation", RELATION_WIDTH),
            Column("weeks", week_heading(self.week_labels(cell), cell), cell * self.weeks),
            Column("warmth", "Warmth", WARMTH_WIDTH),
        ]

    def apply_filter(self) -> None:
        """The rows that pass the tier, relationship and name filters, tier by tier."""
        data = self.data
        table = self.table
        if data is None:
            return
        query = self.filter_input.value
        names = self.planner.finders.get(service.contact_name) if query.strip() else None
        found = None if names is None else names.matching(query)
        relationship = self.relationship
        keys: list[object] = []
        sections: list[object] = []
        self.shown = {}
        for tier in Tier:
            if self.tier is not None and tier is not self.tier:
                continue
            if relationship is None:
                chosen = data.keys[tier]
            else:
                chosen = [
                    row.contact_id for row in data.groups[tier] if row.relationship is relationship
                ]
            if found is not None:
                chosen = [key for key in chosen if key in found]
            self.shown[tier] = len(chosen)
            if not chosen:
                continue
            section = f"tier-{tier.value}"
            keys.append(section)
            sections.append(section)
            keys.extend(chosen)
        if not data.rows:
            table.empty_text = "No contacts yet: press c, then a, to add one (or i to import)."
        else:
            table.empty_text = (
                "Nobody matches: esc clears the name, 0 shows every tier, R the next relationship."
            )
        table.set_rows(keys, sections=sections)
        table.relayout()
        self._draw_filters()
        self._draw_status()

    # ---------------------------------------------------------------- drawing

    def render_row(self, key: object) -> list[Text | str] | Section:
        data = self.data
        assert data is not None
        palette = self.palette or Palette.of(self.planner)
        if isinstance(key, str):
            return Section(self._tier_heading(data.tiers[Tier(key.removeprefix("tier-"))]))
        assert isinstance(key, int)
        row = data.rows[key]
        cell = week_width(self.weeks, self.table.content_width)
        name = Text(row.name)
        if key in self.planned:
            name.append("  ○ planned", style="dim")
        contact = self.planner.store.contacts.get(key)
        return [
            name,
            contact_kind(contact, palette) if contact is not None else row.relationship.label,
            heat_cells(row.counts[-self.weeks :], cell, palette),
            warmth_bar(row.warmth, palette, cells=5),
        ]

    def _tier_heading(self, summary: TierHeat) -> Text:
        palette = self.palette or Palette.of(self.planner)
        weeks = summary.touches[-self.weeks :]
        per_week = sum(weeks) / len(weeks) if weeks else 0.0
        heading = Text(no_wrap=True, overflow="ellipsis")
        heading.append("Tier ", style="bold")
        heading.append_text(tier_badge(summary.tier, palette))
        heading.append(
            f"  {summary.contacts:,} contacts · {per_week:.1f} touches a week · "
            f"{summary.in_cadence_share:.0f} % touched within their cadence"
        )
        shown = self.shown.get(summary.tier, 0)
        if shown != summary.contacts:
            heading.append(f" · {shown:,} shown", style="dim")
        return heading

    def _draw_filters(self) -> None:
        palette = self.palette or Palette.of(self.planner)
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append("Tier ", style="dim")
        line.append(self.tier.value if self.tier else "all", style="bold")
        line.append("  Relationship ", style="dim")
        line.append(self.relationship.label if self.relationship else "all", style="bold")
        if self.data is not None:
            total = len(self.data.rows)
            shown = sum(self.shown.values())
            line.append(f"  {shown:,} of {total:,} contacts", style="dim")
        versions = []
        width = self.size.width or 120
        for short in range(3):
            legend = heat_legend(palette, short=short)
            gap = max(2, width - 2 - line.cell_len - legend.cell_len)
            version = line.copy()
            version.append(" " * gap)
            version.append_text(legend)
            versions.append(version)
        self.query_one("#heat-filters", FitLine).show(*versions)
        if self.data is not None:
            weeks = self.data.heat.weeks[-self.weeks :]
            self.set_title(f"{self.weeks} weeks", f"{weeks[0]} to {weeks[-1]}")

    def _draw_status(self) -> None:
        """One line about the highlighted contact: cadence, last touch, due, planned."""
        status = self.query_one("#heat-status", FitLine)
        contact_id = self.table.cursor_key
        store = self.planner.store
        if not isinstance(contact_id, int) or contact_id not in store.contacts:
            status.show("")
            return
        today = self.planner.today
        view = service.view_contact(store, store.contacts[contact_id], today)
        palette = self.palette or Palette.of(self.planner)
        status.show(*status_lines(view, today, self.planned.get(contact_id), palette))

    # ---------------------------------------------------------------- filters

    def action_tier(self, tier: str) -> None:
        self.tier = Tier(tier) if tier else None
        self.apply_filter()

    def action_relationship(self) -> None:
        index = RELATIONSHIPS.index(self.relationship)
        self.relationship = RELATIONSHIPS[(index + 1) % len(RELATIONSHIPS)]
        self.apply_filter()

    def action_weeks(self, step: int) -> None:
        if step > 0:
            wider = [count for count in WEEK_STEPS if count > self.weeks]
            weeks = wider[0] if wider else MAX_WEEKS
        else:
            narrower = [count for count in WEEK_STEPS if count < self.weeks]
            weeks = narrower[-1] if narrower else MIN_WEEKS
        if weeks == self.weeks:
            limit = "most" if step > 0 else "fewest"
            self.notify(f"{weeks} weeks is the {limit} the heat map shows.")
            return
        self.weeks = weeks
        self.table.relayout()
        self._draw_filters()

    # ---------------------------------------------------------------- actions

    @on(VirtualTable.Highlighted, "#heat-table")
    def _highlighted(self) -> None:
        self._draw_status()

    @on(VirtualTable.Selected, "#heat-table")
    def _chosen(self) -> None:
        self.action_open()

    def _selected(self) -> int | None:
        key = self.table.cursor_key
        if not isinstance(key, int) or key not in self.planner.store.contacts:
            self.notify("No contact selected.", severity="warning")
            return None
        return key

    def action_open(self) -> None:
        from planner.ui.modals.contact import ContactCard, ContactForm
        from planner.ui.modals.log import LogTouchForm

        contact_id = self._selected()
        if contact_id is None:
            return
        contact = self.planner.store.contact(contact_id)

        def after(choice: str | None) -> None:
            if choice == "log":
                self.app.push_screen(LogTouchForm(contact=contact), self._after_form)
            elif choice == "edit":
                self.app.push_screen(ContactForm(contact), self._after_form)

        self.app.push_screen(ContactCard(contact_id), after)

    def _after_form(self, result: object) -> None:
        if result is not None:
            self.planner.changed()

    def action_plan(self) -> None:
        contact_id = self._selected()
        if contact_id is None:
            return
        planner = self.planner
        store = planner.store
        name = store.contact(contact_id).name
        before = len(self.planned.get(contact_id, []))

        def planned(touch: Touch) -> str:
            when = f"{touch.date:%A %d %b}" + (f" at {touch.start:%H:%M}" if touch.start else "")
            message = f"Planned a {touch.purpose.label} {touch.channel.label} with {name}, {when}."
            if before:
                message += f" {name} now has {before + 1} touches planned this week."
            return message

        planner.save(
            lambda: service.add_planned_touch(
                store, contact_id, week=planner.this_week, now=planner.now()
            ),
            done=planned,
        )
