"""The domain: plain values and pure rules. No storage, no screen."""

from planner.domain.busy import Busy, busy_order
from planner.domain.calendars import Calendar, CalendarKind, CalendarSource, PublishState
from planner.domain.enums import (
    BlockKind,
    Channel,
    GoalMetric,
    Purpose,
    Relationship,
    Tier,
    TouchStatus,
    Weekday,
)
from planner.domain.errors import NotFoundError, PlannerError, ValidationError
from planner.domain.model import (
    DEFAULT_CADENCE_DAYS,
    DEFAULT_CHANNEL_MINUTES,
    Contact,
    ContactHistory,
    Goal,
    Settings,
    TimeBlock,
    Touch,
)
from planner.domain.weeks import Week

__all__ = [
    "DEFAULT_CADENCE_DAYS",
    "DEFAULT_CHANNEL_MINUTES",
    "BlockKind",
    "Busy",
    "Calendar",
    "CalendarKind",
    "CalendarSource",
    "Channel",
    "Contact",
    "ContactHistory",
    "Goal",
    "GoalMetric",
    "NotFoundError",
    "PlannerError",
    "PublishState",
    "Purpose",
    "Relationship",
    "Settings",
    "Tier",
    "TimeBlock",
    "Touch",
    "TouchStatus",
    "ValidationError",
    "Week",
    "Weekday",
    "busy_order",
]
