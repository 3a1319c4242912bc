"""Pure rules over the model: cadence, due dates, warmth, blocked time and goal progress."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from planner.domain.enums import BlockKind, Channel, GoalMetric, Purpose, Tier, TouchStatus
from planner.domain.model import Contact, Goal, Settings, TimeBlock, Touch, format_target
from planner.domain.weeks import Week

#: Purposes whose time counts as prospecting: the other person knows there is an ask.
PROSPECTING_PURPOSES = frozenset({Purpose.PROSPECTING, Purpose.REFERRAL_ASK})
#: Channels that put two people in the same room (or call) for a meeting.
MEETING_CHANNELS = frozenset({Channel.MEETING, Channel.COFFEE})
#: Channels where a talk looks like networking: prospecting there counts as prospecting only
#: if the other person knew that was the purpose.
SOCIAL_CHANNELS = frozenset({Channel.COFFEE, Channel.MEETING, Channel.EVENT})
#: What the note of a prospecting touch whose purpose was not stated says.
NOT_STATED_NOTE = "Planned as prospecting; the purpose was not stated, so it counts as networking."


def purpose_to_state(purpose: Purpose, channel: Channel) -> bool:
    """Whether checking off or logging this touch needs to know if the other person knew the
    purpose: prospecting over coffee, a meeting or an event (a call, an email or a message
    says what it is about)."""
    return purpose is Purpose.PROSPECTING and channel in SOCIAL_CHANNELS


def due_date(contact: Contact, last_done: date | None, settings: Settings) -> date:
    """Last done touch + cadence; a contact never touched is due from the day it was added."""
    if last_done is None:
        return contact.added
    return last_done + timedelta(days=contact.cadence(settings))


def warmth(last_done: date | None, today: date, cadence_days: int) -> float:
    """0.5 ** (days since the last done touch / cadence): 1.0 today, 0.5 one cadence later."""
    if last_done is None:
        return 0.0
    days = max(0, (today - last_done).days)
    return float(0.5 ** (days / max(1, cadence_days)))


def touch_minutes(touch: Touch, settings: Settings) -> int:
    """The touch's own slot length, or its channel's default when it was logged without a time."""
    return touch.minutes or settings.minutes_for(touch.channel)


def blocked_minutes(blocks: Iterable[TimeBlock], week: Week) -> dict[BlockKind, int]:
    """Minutes set aside in `week`, per kind (every kind present, zero when none)."""
    totals = dict.fromkeys(BlockKind, 0)
    for block in blocks:
        totals[block.kind] += block.minutes * len(block.occurrences(week))
    return totals


def prospecting_share(minutes: int, blocked: Mapping[BlockKind, int]) -> float:
    """`minutes` as a percentage of all blocked time (0 when nothing is blocked)."""
    total = sum(blocked.values())
    return 100.0 * minutes / total if total else 0.0


@dataclass(frozen=True, slots=True)
class GoalProgress:
    goal: Goal
    value: float

    @property
    def met(self) -> bool:
        return self.value >= self.goal.target

    @property
    def fraction(self) -> float:
        """How far along, 0..1, for a progress bar."""
        if self.goal.target <= 0:
            return 1.0
        return max(0.0, min(1.0, self.value / self.goal.target))

    @property
    def text(self) -> str:
        """`32 % of 40 %`, `7 of 10`."""
        target = format_target(self.goal)
        if self.goal.metric.is_share:
            return f"{self.value:.0f} % of {target}"
        return f"{self.value:g} of {target}"


def measure_goal(
    goal: Goal,
    *,
    touches: Iterable[Touch],
    blocked: Mapping[BlockKind, int],
    tiers: Mapping[int, Tier],
    new_contacts: int,
    settings: Settings,
    projected: bool = False,
) -> GoalProgress:
    """Progress of `goal` over one week's `touches`.

    Counts done touches; with `projected`, also the planned ones (what the plan reaches if every
    touch happens).
    """
    counted = {TouchStatus.DONE, TouchStatus.PLANNED} if projected else {TouchStatus.DONE}
    chosen = [touch for touch in touches if touch.status in counted]
    metric = goal.metric
    value: float
    if metric in (GoalMetric.PROSPECTING_SHARE, GoalMetric.PROSPECTING_MINUTES):
        minutes = sum(
            touch_minutes(touch, settings)
            for touch in chosen
            if touch.purpose in PROSPECTING_PURPOSES
        )
        if metric is GoalMetric.PROSPECTING_SHARE:
            value = round(prospecting_share(minutes, blocked), 1)
        else:
            value = minutes
    elif metric is GoalMetric.TOUCHES_DONE:
        tier, channel = goal.tier, goal.channel
        value = sum(
            1
            for touch in chosen
            if (tier is None or tiers.get(touch.contact_id) == tier)
            and (channel is None or touch.channel is channel)
        )
    elif metric is GoalMetric.REFERRAL_ASKS:
        value = sum(1 for touch in chosen if touch.purpose is Purpose.REFERRAL_ASK)
    elif metric is GoalMetric.MEETINGS_BOOKED:
        value = sum(1 for touch in chosen if touch.channel in MEETING_CHANNELS)
    else:
        value = new_contacts
    return GoalProgress(goal, value)
