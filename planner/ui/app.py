"""The planner app: six screens switched by one key each, every change saved at once."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen
    from textual.timer import Timer

    from planner.ui.screens.looking_back import LookingBack

from planner.domain.errors import PlannerError, ValidationError
from planner.domain.weeks import Week
from planner.store import Store
from planner.store.errors import LockTimeout
from planner.store.session import Session
from planner.ui.finders import Finders
from planner.ui.publishing import Publisher
from planner.ui.screens import heatmap, review
from planner.ui.screens.blocks import BlocksScreen
from planner.ui.screens.contacts import ContactsScreen
from planner.ui.screens.goals import GoalsScreen
from planner.ui.screens.heatmap import HeatData, HeatmapScreen
from planner.ui.screens.review import ReviewScreen
from planner.ui.screens.sorting import SortQueue
from planner.ui.screens.week import WeekScreen

T = TypeVar("T")

#: How long the app waits for another planner to finish saving before saying so.
APP_LOCK_TIMEOUT = 3.0
#: How often the app looks whether the other planner has finished.
LOCK_POLL = 0.05
#: Quiet seconds after a change before the heat map is worked out again in the background.
AHEAD_AFTER_CHANGES = 2.0


def heat_map_since(today: date) -> date:
    """The first day the longest heat map shows."""
    return Week.of(today).shift(-(heatmap.MAX_WEEKS - 1)).monday


def _planner_commands() -> type[Provider]:
    """The command palette's provider, loaded when the palette first opens."""
    from planner.ui.commands import PlannerCommands

    return PlannerCommands


def _keep_variables(variables: dict[str, str]) -> None:
    """Stands in for `Stylesheet.set_variables` when the variables are the ones it has."""


def _keep_rules() -> None:
    """Stands in for `Stylesheet.reparse` when nothing it would parse with has changed."""


class PlannerApp(App[None]):
    """Open on this week; `w c g b h r` switch screens; `T` sorts new contacts; `?` lists the
    keys; ctrl+p finds any action by name."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "planner"
    MODES = {
        "week": WeekScreen,
        "contacts": ContactsScreen,
        "goals": GoalsScreen,
        "blocks": BlocksScreen,
        "heatmap": HeatmapScreen,
        "review": ReviewScreen,
    }
    DEFAULT_MODE = "week"
    COMMANDS = App.COMMANDS | {_planner_commands}
    COMMAND_PALETTE_BINDING = "ctrl+p"

    BINDINGS = [
        Binding(
            "w",
            "switch_mode('week')",
            "Week",
            show=False,
            id="app.week",
            tooltip="This week's plan and check-offs",
        ),
        Binding(
            "c",
            "switch_mode('contacts')",
            "Contacts",
            show=False,
            id="app.contacts",
            tooltip="Everyone in the network",
        ),
        Binding(
            "g",
            "switch_mode('goals')",
            "Goals",
            show=False,
            id="app.goals",
            tooltip="Weekly targets and progress",
        ),
        Binding(
            "b",
            "switch_mode('blocks')",
            "Blocks",
            show=False,
            id="app.blocks",
            tooltip="Time set aside each week",
        ),
        Binding(
            "h",
            "switch_mode('heatmap')",
            "Heat map",
            show=False,
            id="app.heatmap",
            tooltip="Who is going cold",
        ),
        Binding(
            "r",
            "switch_mode('review')",
            "Review",
            show=False,
            id="app.review",
            tooltip="The week looked back on, then the next one planned",
        ),
        Binding(
            "T",
            "sort_contacts",
            "Sort new contacts",
            show=False,
            id="app.sort",
            tooltip="Contacts imported without a tier, one at a time",
        ),
        Binding(
            "question_mark",
            "toggle_keys",
            "Keys",
            id="app.keys",
            tooltip="Show or hide every key of this screen",
        ),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave planner"),
    ]

    def __init__(
        self,
        store: Store,
        *,
        now: datetime | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self._fixed_now = now
        self._clock = clock or datetime.now
        self.data_version = 0
        """Goes up with every saved change; screens redraw when they see a new number."""
        self.store_busy = False
        """True while a worker thread writes to the store (TinyDB is not thread-safe)."""
        self.session: Session | None = None
        """This app's claim on the database (released when the app ends)."""
        self.heat_data: tuple[int, HeatData] | None = None
        """The heat map worked out ahead, with the data version it was worked out from."""
        self._network_read = False
        self._ahead: Timer | None = None
        self.finders = Finders(self)
        """Contacts as the filters and the picker find them (no case, no accents, typos)."""
        self._review_months: list[date] | None = None
        self.review_ahead: tuple[int, date, LookingBack] | None = None
        """The review of the week it opens on, read ahead, with the data version and day."""
        self.sort_queue = SortQueue()
        """Where sorting new contacts stands: `T` resumes there for the whole session."""
        self.publisher = Publisher(self)
        """Brings the calendar that receives the week up to date after changes."""
        self._css_variables: dict[str, str] | None = None

    def refresh_css(self, animate: bool = True) -> None:
        """Textual parses the whole stylesheet again whenever it refreshes the CSS, twice on
        the first showing of each screen, though nothing it is parsed with has changed: that
        was most of the first switch to the heat map right after a change. While the CSS
        variables (the theme) stay those of the last full parse, the rules parsed are kept
        (CSS that new widgets bring is still parsed when it is added, on its own); styles are
        applied and the layout refreshed as Textual does."""
        variables = self.get_css_variables()
        if variables != self._css_variables:
            self._css_variables = variables
            super().refresh_css(animate)
            return
        stylesheet = self.stylesheet
        # Shadow, for this refresh only, the two steps that would start the parse over.
        stylesheet.set_variables = _keep_variables  # type: ignore[method-assign]
        stylesheet.reparse = _keep_rules  # type: ignore[method-assign]
        try:
            super().refresh_css(animate)
        finally:
            del stylesheet.set_variables, stylesheet.reparse

    @classmethod
    def on_path(cls, db_path: Path, now: datetime | None = None) -> PlannerApp:
        """The app on a database file. If another planner app has it open, this one opens it
        read-only and says so, rather than showing two screens that drift apart."""
        session = Session(db_path)
        read_only: bool | str
        try:
            holder = session.claim()
            read_only = False if holder is None else f"{holder} has it open"
        except OSError as error:
            # A read-only disk or a folder without write permission: show it, change nothing.
            folder = session.paths.folder
            read_only = f"{folder} cannot be written here ({error.strerror or error})"
        try:
            store = Store.open(db_path, lock_timeout=APP_LOCK_TIMEOUT, read_only=read_only)
        except BaseException:
            session.release()
            raise
        app = cls(store, now=now)
        app.session = session
        return app

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.release()
        if self._network_read:
            gc.unfreeze()  # what was read for this session may go now

    # ---------------------------------------------------------------- time

    def now(self) -> datetime:
        if self._fixed_now is not None:
            return self._fixed_now
        return self._clock().replace(second=0, microsecond=0)

    @property
    def today(self) -> date:
        return self.now().date()

    @property
    def this_week(self) -> Week:
        return Week.of(self.today)

    # ---------------------------------------------------------------- saving

    async def run_store_job(self, job: Callable[[], T]) -> T:
        """Run slow store work (an import) in a thread while the screen stays live; other
        changes wait politely until it is done."""
        self.store_busy = True
        try:
            return await asyncio.to_thread(job)
        finally:
            self.store_busy = False

    def save(
        self,
        change: Callable[[], T],
        *,
        done: str | Callable[[T], str] | None = None,
        waited: bool = False,
    ) -> T | None:
        """Run a change through the store and say `done` (a text, or one made from the result).
        A refusal or a failed write is shown in words and returns None; the app carries on and
        nothing half-saved remains. While another planner holds the write lock, the change
        waits for it in the background (the screen keeps answering) and None is returned."""
        if self.store_busy:
            self.notify("Still saving the import; try again in a moment.", severity="warning")
            return None
        if not waited and not self.store.lock_free():
            self.run_worker(self._save_when_free(change, done), group="save-later")
            return None
        try:
            result = change()
        except ValidationError as error:  # a rule said no: nothing went wrong with the data
            self.notify(error.message, severity="warning", timeout=10, markup=False)
            return None
        except PlannerError as error:
            self.notify(
                error.message, title="Not saved", severity="error", timeout=10, markup=False
            )
            return None
        self.changed()
        if done:
            self.notify(done if isinstance(done, str) else done(result), markup=False)
        return result

    async def _save_when_free(
        self, change: Callable[[], T], done: str | Callable[[T], str] | None
    ) -> None:
        if await self.wait_for_lock():
            self.save(change, done=done, waited=True)

    async def wait_for_lock(self) -> bool:
        """Wait, without holding up the screen, while another planner saves (at most
        APP_LOCK_TIMEOUT seconds). False, with the reason shown, if it is still saving then."""
        if self.store.lock_free():
            return True
        self.notify("Another planner is saving; this change follows as soon as it is done.")
        deadline = asyncio.get_running_loop().time() + APP_LOCK_TIMEOUT
        while asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(LOCK_POLL)
            if self.store.lock_free():
                return True
        self.notify(
            self.lock_timeout_message(),
            title="Not saved",
            severity="error",
            timeout=10,
            markup=False,
        )
        return False

    def lock_timeout_message(self) -> str:
        return LockTimeout(self.store.path, APP_LOCK_TIMEOUT).message

    def changed(self) -> None:
        """Tell the screens the data changed (after a save, an import, a re-read)."""
        self.data_version += 1
        self.publisher.changed()
        if self._network_read:
            # Once the changes pause, work out the heat map again for its next showing.
            if self._ahead is not None:
                self._ahead.stop()
            self._ahead = self.set_timer(AHEAD_AFTER_CHANGES, self._work_out_ahead)
        screen = self.screen
        refresh = getattr(screen, "refresh_data", None)
        if refresh is not None:
            refresh()

    def on_mount(self) -> None:
        reason = self.store.read_only_reason
        if reason:
            self.notify(
                f"Read-only: {reason}.",
                title="Read-only",
                severity="warning",
                timeout=15,
                markup=False,
            )
        self.set_interval(2.0, self._watch_disk)
        # Once the first screen is up, read the rest of the network in small slices.
        self._reader = self.set_interval(0.02, self._read_ahead, pause=True)
        self.set_timer(0.25, self._reader.resume)

    def _read_ahead(self) -> None:
        """While the user looks at the first screen, read the rest of the network a slice at
        a time, so that contacts, heat map and planning open without waiting."""
        if self.store_busy:
            return
        try:
            more = self.store.load_some(0.015, since=heat_map_since(self.today))
        except PlannerError as error:
            self._reader.stop()
            self.notify(
                error.message,
                title="Cannot read everything",
                severity="error",
                timeout=20,
                markup=False,
            )
            return
        if not more:
            more = self._read_review_weeks()
        if not more:
            self._reader.stop()
            # What was read stays for the session: let the cycle collector stop rescanning it.
            gc.freeze()
            self._network_read = True
            ready = getattr(self.screen, "network_read", None)
            if ready is not None:
                ready()
            self._work_out_ahead()
            self.run_worker(self.finders.warm(), name="finders", group="finders")
            if self.current_mode != "review":
                review.read_ahead(self)

    def _read_review_weeks(self) -> bool:
        """Read the touches of the weeks the review charts, a month at a time, so that `r`
        finds them read; False once they are."""
        from planner.service import TREND_WEEKS

        if self._review_months is None:
            first = self.this_week.shift(-TREND_WEEKS).monday
            months = []
            month = first.replace(day=1)
            while month <= self.today:
                months.append(month)
                month = (month + timedelta(days=32)).replace(day=1)
            self._review_months = months
        if not self._review_months:
            return False
        month = self._review_months.pop(0)
        following = (month + timedelta(days=32)).replace(day=1)
        self.store.touches_between(month, following - timedelta(days=1))
        return True

    def _work_out_ahead(self) -> None:
        """Work out what the heat map shows while the user is on another screen."""
        if self.store_busy:
            self._ahead = self.set_timer(AHEAD_AFTER_CHANGES, self._work_out_ahead)
        elif self.current_mode != "heatmap":
            heatmap.work_out_ahead(self)

    def _watch_disk(self) -> None:
        """Pick up what another planner (or the command line) saved meanwhile."""
        if self.store_busy:
            return
        try:
            if self.store.refresh():
                self.changed()
        except PlannerError as error:
            self.notify(error.message, severity="error", timeout=15, markup=False)

    # ---------------------------------------------------------------- keys

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands, with its Keys entry opening this app's list of keys."""
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                yield SystemCommand(
                    "Keys", "Every key of this screen, in a list that scrolls (?)", self.show_keys
                )
            else:
                yield command

    def show_keys(self) -> None:
        from planner.ui.modals.keys import KeysScreen

        if not isinstance(self.screen, KeysScreen):
            self.action_toggle_keys()

    def action_toggle_keys(self) -> None:
        """Every key of this screen, in a list that scrolls (`?` again closes it)."""
        from planner.ui.modals.keys import KeysScreen

        screen = self.screen
        if isinstance(screen, KeysScreen):
            screen.dismiss()
            return
        name = getattr(screen, "SCREEN_NAME", "") or screen.title or "planner"
        self.push_screen(KeysScreen(screen, name))

    def action_sort_contacts(self) -> None:
        """Sort new contacts, one at a time (resuming where the last sort stopped)."""
        from planner.ui.screens.sorting import SortScreen

        if not isinstance(self.screen, SortScreen):
            self.push_screen(SortScreen())

    async def run_in_mode(self, mode: str, action: str) -> None:
        """Switch to `mode` (if needed) and run one of its screen's actions: used by the
        command palette so that every action of every screen can be found from anywhere."""
        if self.current_mode != mode:
            await self.switch_mode(mode)
        await self.screen.run_action(action)
