"""Goals (`g`): the written weekly targets, how far the week is, and the last eight weeks."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from planner import service
from planner.domain.enums import GoalMetric
from planner.domain.model import Goal, format_target
from planner.domain.rules import GoalProgress
from planner.domain.weeks import Week
from planner.ui.render import Palette
from planner.ui.screens.base import OneWeekScreen, week_bindings
from planner.ui.widgets.charts import progress_bar, sparkline
from planner.ui.widgets.table import Column, VirtualTable

#: Weeks in each goal's sparkline, ending with the week shown.
HISTORY_WEEKS = 8

#: What each metric counts, said once under the table for the highlighted goal.
COUNTS = {
    GoalMetric.PROSPECTING_SHARE: (
        "minutes of done prospecting and referral-ask touches, as a share of all the time "
        "blocked that week"
    ),
    GoalMetric.PROSPECTING_MINUTES: "minutes of done prospecting and referral-ask touches",
    GoalMetric.TOUCHES_DONE: "touches checked off as done",
    GoalMetric.REFERRAL_ASKS: "referral asks checked off as done",
    GoalMetric.NEW_CONTACTS: "people added to the network that week",
    GoalMetric.MEETINGS_BOOKED: "meetings and coffees checked off as done",
}

EMPTY_TEXT = "No goals yet: press a to write down what a good week looks like."
EMPTY_HELP = (
    "Goals turn a good week into numbers you can check: for example at least 40 % of blocked "
    "time spent prospecting, 2 referral asks, or 5 touches with tier A contacts.\n"
    "Press a to add one; the week screen then shows how far along you are, and this screen "
    "how the last eight weeks went."
)


def goal_name(goal: Goal) -> str:
    """`Touches done, tier A`, `Touches done by call`, `Referral asks`."""
    name = goal.metric.label
    if goal.tier is not None:
        name += f", tier {goal.tier.value}"
    if goal.channel is not None:
        name += f" by {goal.channel.label}"
    return name


def value_text(goal: Goal, value: float) -> str:
    return f"{value:.0f} %" if goal.metric.is_share else f"{value:g}"


class GoalsScreen(OneWeekScreen):
    SCREEN_NAME = "Goals"
    MODE = "goals"

    BINDINGS = [
        Binding("a", "add", "Add", id="goals.add", tooltip="Write down a new weekly goal"),
        Binding("e", "edit", "Edit", id="goals.edit", tooltip="Change the selected goal"),
        Binding("d", "delete", "Delete", id="goals.delete", tooltip="Delete the selected goal"),
        *week_bindings(
            "goals",
            "Progress in the week before",
            "Progress in the week after",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.goals: dict[int, Goal] = {}
        self.weeks: list[Week] = []
        self.progress: dict[tuple[int, Week], GoalProgress] = {}
        self.projected: dict[tuple[int, Week], GoalProgress] = {}
        self.palette: Palette | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield VirtualTable(
            self.columns(self.week), self.render_row, id="goals-table", empty_text=EMPTY_TEXT
        )
        yield Static(id="goal-detail", markup=False)
        yield from self.compose_footer()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#goals-table", VirtualTable)

    def on_mount(self) -> None:
        self.week = self.planner.this_week
        self.table.focus()

    @staticmethod
    def columns(week: Week | None) -> list[Column]:
        shown = "This week" if week is None else f"Week {week.number}"
        # On a narrow terminal the target goes first (the progress names it too), then the
        # count of weeks met (the detail under the table gives it for the highlighted goal).
        return [
            Column("goal", "Goal", 0, min_width=20),
            Column("target", "Target", 9, align="right", drop=1),
            Column("progress", shown, 30, shrink_to=27),
            Column("status", "", 9),
            Column(
                "history",
                f"Last {HISTORY_WEEKS} weeks",
                HISTORY_WEEKS + 1,
                short_label=f"{HISTORY_WEEKS} weeks",
            ),
            Column("met", "", 12, drop=2),
        ]

    # ---------------------------------------------------------------- data

    @property
    def week_is_over(self) -> bool:
        week = self.shown_week
        return week.sunday < self.planner.today

    def redraw(self) -> None:
        planner = self.planner
        store = planner.store
        week = self.shown_week
        self.week = week
        self.palette = Palette.of(planner)
        goals = sorted(store.goals.values(), key=lambda goal: goal.id)
        self.goals = {goal.id: goal for goal in goals}
        self.weeks = [week.shift(offset - HISTORY_WEEKS + 1) for offset in range(HISTORY_WEEKS)]
        self.progress = service.goals_over_weeks(store, goals, self.weeks)
        self.projected = (
            {}
            if self.week_is_over
            else service.goals_over_weeks(store, goals, [week], projected=True)
        )
        self.title_week(week)
        table = self.table
        table.columns = self.columns(None if week == planner.this_week else week)
        table.set_rows([goal.id for goal in goals])
        table.refresh_rows()
        self._draw_detail()

    def render_row(self, key: object) -> list[Text | str]:
        assert isinstance(key, int) and self.week is not None
        palette = self.palette or Palette.of(self.planner)
        goal = self.goals[key]
        now = self.progress[goal.id, self.week]
        bar = progress_bar(now.fraction, now.met, palette)
        bar.append(f" {now.text}")
        history = [self.progress[goal.id, week] for week in self.weeks]
        met = sum(1 for each in history if each.met)
        spark = sparkline(
            [each.fraction for each in history], [each.met for each in history], palette
        )
        return [
            Text(goal_name(goal)),
            f"≥ {format_target(goal)}",
            bar,
            self._status(now),
            spark,
            Text(f"met {met} of {len(history)}", style="dim"),
        ]

    def _status(self, progress: GoalProgress) -> Text:
        palette = self.palette or Palette.of(self.planner)
        if progress.met:
            return Text("✓ met", style=f"bold {palette.success}")
        if self.week_is_over:
            return Text("✗ missed", style=palette.warning)
        return Text("not yet", style="dim")

    def _draw_detail(self) -> None:
        detail = self.query_one("#goal-detail", Static)
        key = self.table.cursor_key
        week = self.week
        if not isinstance(key, int) or key not in self.goals or week is None:
            detail.update(EMPTY_HELP if not self.goals else "")
            return
        goal = self.goals[key]
        palette = self.palette or Palette.of(self.planner)
        text = Text()
        text.append(f"{goal_name(goal)}: at least {format_target(goal)} a week.", style="bold")
        text.append(" Counts ")
        counts = COUNTS[goal.metric]
        if goal.metric is GoalMetric.TOUCHES_DONE:
            counts += f" with tier {goal.tier.value} contacts" if goal.tier else ", every tier"
            counts += f", by {goal.channel.label} only" if goal.channel else ""
        text.append(counts + ", Monday to Sunday.")
        text.append("\nWeek by week  ", style="bold")
        for index, each_week in enumerate(self.weeks):
            each = self.progress[goal.id, each_week]
            if index:
                text.append(" · ", style="dim")
            text.append(f"W{each_week.number:02d} ", style="dim")
            text.append(value_text(goal, each.value), style=palette.success if each.met else "")
        history = [self.progress[goal.id, each_week] for each_week in self.weeks]
        met = sum(1 for each in history if each.met)
        text.append(f"\nMet in {met} of the last {len(history)} weeks.")
        projected = self.projected.get((goal.id, week))
        now = self.progress[goal.id, week]
        if projected is not None and projected.value != now.value:
            verdict = "met" if projected.met else "still short"
            text.append(
                f" If every touch still planned in {week} happens: {projected.text} ({verdict})."
            )
        detail.update(text)

    # ---------------------------------------------------------------- actions

    @on(VirtualTable.Highlighted, "#goals-table")
    def _highlighted(self) -> None:
        self._draw_detail()

    @on(VirtualTable.Selected, "#goals-table")
    def _chosen(self) -> None:
        self.action_edit()

    def selected(self) -> Goal | None:
        key = self.table.cursor_key
        if not isinstance(key, int) or key not in self.goals:
            self.notify("No goal selected: press a to add one.", severity="warning")
            return None
        return self.goals[key]

    def action_add(self) -> None:
        from planner.ui.modals.goal import GoalForm

        self.app.push_screen(GoalForm(), self._saved)

    def action_edit(self) -> None:
        goal = self.selected()
        if goal is not None:
            from planner.ui.modals.goal import GoalForm

            self.app.push_screen(GoalForm(goal), self._saved)

    def _saved(self, goal: Goal | None) -> None:
        if goal is not None:
            self.planner.changed()
            self.table.move_cursor_to(goal.id)
            self.notify(f"Saved: {goal.describe()}.", markup=False)

    def action_delete(self) -> None:
        from planner.ui.modals.form import ConfirmScreen

        goal = self.selected()
        if goal is None:
            return
        store = self.planner.store

        def answer(yes: bool | None) -> None:
            if yes:
                self.planner.save(
                    lambda: service.remove_goal(store, goal.id),
                    done=f"Deleted the goal {goal.describe()}.",
                )

        self.app.push_screen(
            ConfirmScreen(
                f"Delete the goal “{goal.describe()}”?",
                "Touches and time blocks stay as they are; only the goal goes.",
                yes="Delete",
            ),
            answer,
        )
