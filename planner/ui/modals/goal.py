"""The goal form: a metric picked by name, a target, and a tier and a channel where the metric
has them."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from planner import service
from planner.domain.enums import Channel, GoalMetric, Tier
from planner.domain.errors import ValidationError
from planner.domain.model import Goal
from planner.ui.modals.form import FormScreen

#: The tier select's value for "count every tier".
EVERY_TIER = "every"
#: The channel select's value for "count every channel".
EVERY_CHANNEL = "every"

TARGET_HINTS = {
    GoalMetric.PROSPECTING_SHARE: "Percent of the week's blocked time, 0 to 100 (40 is a start).",
    GoalMetric.PROSPECTING_MINUTES: "Minutes of done prospecting and referral-ask touches a week.",
    GoalMetric.TOUCHES_DONE: "Touches checked off as done, a whole number a week.",
    GoalMetric.REFERRAL_ASKS: "Referral asks done a week (they go to customers only).",
    GoalMetric.NEW_CONTACTS: "People added to the network a week.",
    GoalMetric.MEETINGS_BOOKED: "Meetings and coffees done a week.",
}


class GoalForm(FormScreen[Goal]):
    """Add a goal (no `goal` given) or edit one."""

    def __init__(self, goal: Goal | None = None) -> None:
        super().__init__()
        self.goal = goal

    def form_title(self) -> str:
        return f"Edit the goal “{self.goal.describe()}”" if self.goal else "Add a weekly goal"

    def compose_fields(self) -> Iterable[Widget]:
        goal = self.goal
        metric = goal.metric if goal else GoalMetric.PROSPECTING_SHARE
        yield from self.field(
            "metric",
            "Metric",
            Select(
                [(each.label, each.value) for each in GoalMetric],
                value=metric.value,
                allow_blank=False,
            ),
        )
        yield from self.field(
            "target",
            "Target (at least)",
            Input(value="" if goal is None else f"{goal.target:g}"),
            TARGET_HINTS[metric],
        )
        tier = goal.tier.value if goal and goal.tier else EVERY_TIER
        yield from self.field(
            "tier",
            "Tier",
            Select(
                [("Every tier", EVERY_TIER)] + [(f"Tier {t.value} only", t.value) for t in Tier],
                value=tier,
                allow_blank=False,
            ),
            "Count only touches with contacts of one tier, or all of them.",
        )
        channel = goal.channel.value if goal and goal.channel else EVERY_CHANNEL
        yield from self.field(
            "channel",
            "Channel",
            Select(
                [("Every channel", EVERY_CHANNEL)]
                + [(f"{c.label.capitalize()} only", c.value) for c in Channel],
                value=channel,
                allow_blank=False,
            ),
            "Count only touches by one channel (a goal each makes the mix of activities).",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self._show_metric(self.metric)

    @property
    def metric(self) -> GoalMetric:
        value = self.value("metric")
        return GoalMetric(value) if value else GoalMetric.PROSPECTING_SHARE

    @on(Select.Changed, "#field-metric")
    def _metric_changed(self) -> None:
        self._show_metric(self.metric)

    def _show_metric(self, metric: GoalMetric) -> None:
        """Tier and channel only where they apply; the target's hint and example fit the
        metric."""
        self.query_one("#group-tier").display = metric.takes_tier
        self.query_one("#group-channel").display = metric.takes_channel
        self.query_one("#group-target .field-hint", Static).update(TARGET_HINTS[metric])
        target = self.query_one("#field-target", Input)
        target.placeholder = "40" if metric.is_share else "5"

    def submit(self) -> Goal:
        store = self.planner.store
        metric = self.metric
        target = self.value("target").strip()
        if not target:
            raise ValidationError(
                "target",
                f"Target is required: type a number, e.g. {'40' if metric.is_share else '5'}.",
            )
        tier = self.value("tier") if metric.takes_tier else ""
        if tier == EVERY_TIER:
            tier = ""
        channel = self.value("channel") if metric.takes_channel else ""
        if channel == EVERY_CHANNEL:
            channel = ""
        if self.goal is None:
            return service.add_goal(
                store,
                metric=metric.value,
                target=target,
                tier=tier or None,
                channel=channel or None,
            )
        return service.edit_goal(
            store, self.goal.id, metric=metric.value, target=target, tier=tier, channel=channel
        )
