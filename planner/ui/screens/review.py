"""Review (`r`): the week looked back on, then the next one planned, in one sitting.

Opens on the last week that has ended (this week once its last time block is over). At a
glance: prospecting done against its goal, planned against done per tier, purpose and channel
(the same numbers as `planner review`), each goal met or missed with its streak, the channel
mix of the last four weeks, and charts of the last twelve. Below, the week's unfinished touches
(each carried over unless skipped or moved) and the contacts gone cold (one key plans a touch
with them in the coming week). `P` plans the coming week and shows it; `T` sorts new contacts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from planner import service
from planner.domain.enums import TouchStatus
from planner.domain.model import Touch
from planner.domain.weeks import Week
from planner.ui.render import Palette
from planner.ui.screens.base import OneWeekScreen, sort_new_binding, week_bindings
from planner.ui.screens.looking_back import (
    COLD_COLUMNS,
    UNFINISHED_COLUMNS,
    LookingBack,
    cold_row,
    goals_text,
    mix_text,
    prospecting_line,
    share_text,
    tally_table,
    tiers_text,
    unfinished_row,
)
from planner.ui.widgets.table import VirtualTable

if TYPE_CHECKING:
    from planner.engine import ColdContact
    from planner.ui.app import PlannerApp


def read_ahead(app: PlannerApp) -> None:
    """Read the review of the week it opens on while the user is elsewhere (once the network
    is read), so that `r` draws at once; kept while the data and the day stay the same."""
    week = service.week_to_review(app.store, app.now())
    data = LookingBack.read(app.store, week, week.shift(1), app.today)
    app.review_ahead = (app.data_version, app.today, data)


T = TypeVar("T")


class ReviewScreen(OneWeekScreen):
    SCREEN_NAME = "Review"
    MODE = "review"

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    BINDINGS = [
        Binding(
            "o",
            "carry",
            "Carry over",
            id="review.carry",
            tooltip="The selected unfinished touch goes into the next plan (what happens unless "
            "it is skipped or moved)",
        ),
        Binding(
            "s",
            "skip",
            "Skip",
            id="review.skip",
            tooltip="The selected unfinished touch is not carried over",
        ),
        Binding(
            "m",
            "move",
            "Move",
            id="review.move",
            tooltip="Carry the selected unfinished touch to a day and time you choose",
        ),
        Binding(
            "p",
            "plan_touch",
            "Plan touch",
            id="review.plan_touch",
            tooltip="Plan a touch with the selected cold contact in the coming week",
        ),
        Binding(
            "P",
            "plan_week",
            "Plan next week",
            id="review.plan_week",
            tooltip="Plan the coming week and show it",
        ),
        Binding(
            "S",
            "sources",
            "Sources",
            id="review.sources",
            tooltip="Which places and events bring customers: the network by where each "
            "contact was met",
        ),
        sort_new_binding("review", show=False),
        Binding(
            "enter",
            "open",
            "Open",
            id="review.open",
            tooltip="The selected contact: details and touch history",
            show=False,
        ),
        *week_bindings(
            "review", "Review the week before", "Review the week after", show_this_week=False
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: LookingBack | None = None
        self.palette: Palette | None = None
        self._read_for: tuple[int, date] | None = None
        #: A change made here (a skip, a carry-over, a touch planned) leaves who went cold as
        #: it was: no done touch changes.
        self._keeps_cold = False

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with VerticalScroll(id="review-body"):
            yield Static(id="review-prospecting", markup=False)
            with Horizontal(id="review-top", classes="review-row"):
                yield Static(id="review-tally")
                yield Static(id="review-goals", markup=False)
            with Horizontal(id="review-middle", classes="review-row"):
                yield Static(id="review-share", classes="review-chart", markup=False)
                yield Static(id="review-tiers", classes="review-chart", markup=False)
                yield Static(id="review-mix", markup=False)
            with Vertical(id="review-sources"):
                yield Static(
                    "Where your customers come from, place by place and event by event: S",
                    id="review-sources-hint",
                    markup=False,
                )
            with Horizontal(id="review-lists"):
                with Vertical(id="review-unfinished-pane"):
                    yield Static(id="review-unfinished-title", markup=False)
                    yield VirtualTable(
                        UNFINISHED_COLUMNS,
                        self.render_unfinished,
                        id="review-unfinished",
                        empty_text="Nothing left unfinished.",
                    )
                with Vertical(id="review-cold-pane"):
                    yield Static(id="review-cold-title", markup=False)
                    yield VirtualTable(
                        COLD_COLUMNS,
                        self.render_cold,
                        id="review-cold",
                        empty_text="Nobody has gone cold.",
                    )
        yield from self.compose_footer()

    @property
    def unfinished_table(self) -> VirtualTable:
        return self.query_one("#review-unfinished", VirtualTable)

    @property
    def cold_table(self) -> VirtualTable:
        return self.query_one("#review-cold", VirtualTable)

    @property
    def coming(self) -> Week:
        """The week a review leads to: the one after the last week that has ended."""
        planner = self.planner
        return service.week_to_review(planner.store, planner.now()).shift(1)

    def on_mount(self) -> None:
        self.week = self.coming.shift(-1)
        self.unfinished_table.focus(scroll_visible=False)

    # ---------------------------------------------------------------- drawing

    def redraw(self) -> None:
        planner = self.planner
        week = self.shown_week
        self.week = week
        self.palette = palette = Palette.of(planner)
        coming = self.coming
        data = None
        ahead = planner.review_ahead
        if ahead is not None:
            planner.review_ahead = None  # used once: later drawings read afresh
            version, today, known = ahead
            if (version, today, known.week, known.coming) == (
                planner.data_version,
                planner.today,
                week,
                coming,
            ):
                data = known
        if data is None:
            data = LookingBack.read(planner.store, week, coming, planner.today, self._known_cold())
        self.data = data
        self._read_for = (planner.data_version, planner.today)
        self.title_week(week)
        self.query_one("#review-prospecting", Static).update(prospecting_line(data, palette))
        self.query_one("#review-tally", Static).update(tally_table(data))
        self.query_one("#review-goals", Static).update(goals_text(data, palette))
        self.query_one("#review-share", Static).update(share_text(data, palette))
        self.query_one("#review-tiers", Static).update(tiers_text(data, palette))
        self.query_one("#review-mix", Static).update(mix_text(data, palette))
        self._draw_titles()
        self.unfinished_table.set_rows(list(data.unfinished))
        self.cold_table.set_rows(list(data.cold))

    def _known_cold(self) -> tuple[ColdContact, ...] | None:
        """Who went cold, if already known for the data as it is today: it depends on the
        data and the day, not on the week (kept while the user steps through weeks), and the
        heat map worked out ahead has it too."""
        from planner.engine import cold_in_heatmap

        planner = self.planner
        now = (planner.data_version, planner.today)
        if self.data is not None and (self._read_for == now or self._keeps_cold):
            return tuple(self.data.cold.values())
        ready = planner.heat_data
        if ready is not None and (ready[0], ready[1].inputs.today) == now:
            return cold_in_heatmap(ready[1].heat, planner.store.settings.cold_below)
        return None

    def _save(self, change: Callable[[], T], done: str | Callable[[T], str]) -> None:
        self._keeps_cold = True
        try:
            self.planner.save(change, done=done)
        finally:
            self._keeps_cold = False

    def _draw_titles(self) -> None:
        data = self.data
        if data is None:
            return
        touches = data.unfinished.values()
        carried = sum(1 for touch in touches if touch.status is not TouchStatus.SKIPPED)
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(f"Unfinished {len(data.unfinished)}", style="bold")
        title.append(f"  {carried} to carry over · o carry  s skip  m move", style="dim")
        self.query_one("#review-unfinished-title", Static).update(title)
        cold = Text(no_wrap=True, overflow="ellipsis")
        cold.append(f"Gone cold {len(data.cold):,}", style="bold")
        cold.append(
            f"  warmth < {self.planner.store.settings.cold_below:g} · p plans a touch in "
            f"W{data.coming.number:02d}",
            style="dim",
        )
        self.query_one("#review-cold-title", Static).update(cold)

    def render_unfinished(self, key: object) -> list[Text | str]:
        assert self.data is not None and isinstance(key, int)
        touch = self.data.unfinished[key]
        contact = self.planner.store.find_contact(touch.contact_id)
        return unfinished_row(self.data, touch, contact, self.palette or Palette.of(self.planner))

    def render_cold(self, key: object) -> list[Text | str]:
        assert self.data is not None and isinstance(key, int)
        cold = self.data.cold[key]
        contact = self.planner.store.find_contact(cold.contact_id)
        return cold_row(self.data, cold, contact, self.palette or Palette.of(self.planner))

    # ---------------------------------------------------------------- the unfinished touches

    def _unfinished(self) -> Touch | None:
        key = self.unfinished_table.cursor_key
        if self.data is None or not isinstance(key, int) or key not in self.data.unfinished:
            self.notify("No unfinished touch selected.", severity="warning")
            return None
        return self.data.unfinished[key]

    def _contact_name(self, touch: Touch) -> str:
        contact = self.planner.store.find_contact(touch.contact_id)
        return contact.name if contact is not None else "a removed contact"

    def action_carry(self) -> None:
        touch = self._unfinished()
        if touch is None:
            return
        name = self._contact_name(touch)
        if touch.status is not TouchStatus.SKIPPED:
            copy = self.data.carried.get(touch.id) if self.data else None
            where = f" into {copy.week}" if copy is not None else " into the next plan"
            self.notify(f"{name}: carried over{where} already.", markup=False)
            return
        store = self.planner.store
        self._save(
            lambda: service.carry_over(store, touch.id),
            done=f"{name}: carried over into the next plan.",
        )

    def action_skip(self) -> None:
        touch = self._unfinished()
        if touch is None:
            return
        name = self._contact_name(touch)
        if touch.status is TouchStatus.SKIPPED:
            self.notify(f"{name}: skipped already (o carries it over again).", markup=False)
            return
        copy = self.data.carried.get(touch.id) if self.data else None
        said = f"{name}: skipped, not carried over."
        if copy is not None and copy.is_open:
            said = f"{name}: skipped; its copy in {copy.week} stays until you skip it there."
        store = self.planner.store
        self._save(lambda: service.skip(store, touch.id), done=said)

    def action_move(self) -> None:
        from planner.engine import free_slot
        from planner.ui.modals.touch import CarryForm, MoveForm

        touch = self._unfinished()
        if touch is None or self.data is None:
            return
        name = self._contact_name(touch)
        if touch.status is TouchStatus.SKIPPED:
            self.notify(f"{name}: skipped; o carries it over first.", markup=False)
            return
        if self.data.week >= self.data.coming:  # a week still under way: an ordinary move
            self.app.push_screen(MoveForm(touch, name), self._after_move)
            return
        planner = self.planner
        store = planner.store
        coming = self.data.coming
        contact = store.find_contact(touch.contact_id)
        slot = None
        if contact is not None:  # the first free time of the coming week, to start from
            slot = free_slot(
                contact,
                touch.purpose,
                week=coming,
                blocks=list(store.blocks.values()),
                week_touches=store.week_touches(coming),
                settings=store.settings,
                now=planner.now(),
                channel=touch.channel,
            )
        day = slot.date if slot is not None else max(coming.monday, planner.today)
        start = slot.start if slot is not None else touch.start
        self.app.push_screen(CarryForm(touch, name, day=day, start=start), self._after_move)

    def _after_move(self, moved: Touch | None) -> None:
        if moved is None:
            return
        self._keeps_cold = True
        try:
            self.planner.changed()
        finally:
            self._keeps_cold = False
        when = f"{moved.date:%a %d %b}" + (f" {moved.start:%H:%M}" if moved.start else "")
        self.notify(f"{self._contact_name(moved)}: moved to {when}.", markup=False)

    # ---------------------------------------------------------------- the cold contacts

    def _cold(self) -> int | None:
        key = self.cold_table.cursor_key
        if self.data is None or not isinstance(key, int) or key not in self.data.cold:
            self.notify("No cold contact selected.", severity="warning")
            return None
        return key

    def action_plan_touch(self) -> None:
        contact_id = self._cold()
        if contact_id is None or self.data is None:
            return
        planner = self.planner
        store = planner.store
        coming = self.data.coming
        name = self.data.cold[contact_id].name

        def planned(touch: Touch) -> str:
            when = f"{touch.date:%A %d %b}" + (f" at {touch.start:%H:%M}" if touch.start else "")
            return f"Planned a {touch.purpose.label} {touch.channel.label} with {name}, {when}."

        self._save(
            lambda: service.add_planned_touch(store, contact_id, week=coming, now=planner.now()),
            done=planned,
        )

    def action_open(self) -> None:
        from planner.ui.modals.contact import ContactCard, ContactForm
        from planner.ui.modals.log import LogTouchForm

        focused = self.focused
        contact_id: int | None
        if focused is self.cold_table:
            contact_id = self._cold()
        else:
            touch = self._unfinished()
            contact_id = None if touch is None else touch.contact_id
        if contact_id is None:
            return
        contact = self.planner.store.find_contact(contact_id)
        if contact is None:
            self.notify("That contact was removed.", severity="warning")
            return

        def after(choice: str | None) -> None:
            if choice == "log":
                self.app.push_screen(LogTouchForm(contact=contact), self._after_form)
            elif choice == "edit":
                self.app.push_screen(ContactForm(contact), self._after_form)

        self.app.push_screen(ContactCard(contact_id), after)

    def action_sources(self) -> None:
        """Which places and events bring customers (the same as `planner sources`)."""
        from planner.ui.modals.sources import SourcesScreen

        self.app.push_screen(SourcesScreen())

    def _after_form(self, result: object) -> None:
        if result is not None:
            self.planner.changed()

    @on(VirtualTable.Selected)
    def _chosen(self) -> None:
        self.action_open()

    # ---------------------------------------------------------------- on to the next week

    async def action_plan_week(self) -> None:
        """Plan the coming week and show it: review to plan in one key."""
        coming = self.coming
        planner = self.planner
        await planner.switch_mode("week")
        from planner.ui.screens.week import WeekScreen

        week_screen = planner.screen
        if not isinstance(week_screen, WeekScreen):  # something left open over the week
            self.notify("Close what is open on the week screen, then press p.")
            return
        week_screen.show_week(coming)
        week_screen.action_plan()
