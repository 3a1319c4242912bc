"""The fixed vocabularies of the product: tiers, relationships, purposes, channels and so on.

Each value is the token used on the command line and in JSON; `label` is the word shown to people.
"""

from __future__ import annotations

from enum import StrEnum


class Vocabulary(StrEnum):
    # Members are dictionary keys everywhere in planning: hash them as the text they equal,
    # in C, rather than through Enum's own (slower) hash of the member's name.
    __hash__ = str.__hash__

    @property
    def label(self) -> str:
        """The value as a person reads it: `referral_ask` -> `referral ask`."""
        return self._value_.replace("_", " ")  # `_value_`: `.value` is a slow descriptor

    @classmethod
    def tokens(cls) -> list[str]:
        return [member.value for member in cls]


class Tier(Vocabulary):
    A = "A"
    B = "B"
    C = "C"

    @property
    def rank(self) -> int:
        """0 for A, 1 for B, 2 for C: lower is more important."""
        return "ABC".index(self._value_)


class Relationship(Vocabulary):
    CUSTOMER = "customer"
    PROSPECT = "prospect"
    CONNECTOR = "connector"
    FRIEND = "friend"
    PEER = "peer"


class Purpose(Vocabulary):
    PROSPECTING = "prospecting"
    NETWORKING = "networking"
    REFERRAL_ASK = "referral_ask"
    VALUE = "value"
    FOLLOW_UP = "follow_up"


class Channel(Vocabulary):
    CALL = "call"
    EMAIL = "email"
    MESSAGE = "message"
    SOCIAL = "social"
    NOTE = "note"
    MEETING = "meeting"
    COFFEE = "coffee"
    EVENT = "event"


class BlockKind(Vocabulary):
    PROSPECTING = "prospecting"
    NETWORKING = "networking"
    FOLLOW_UP = "follow_up"
    ADMIN = "admin"


class TouchStatus(Vocabulary):
    PLANNED = "planned"
    DONE = "done"
    SKIPPED = "skipped"
    MISSED = "missed"


class Weekday(Vocabulary):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """0 for Monday .. 6 for Sunday, as `date.weekday()` counts."""
        return list(Weekday).index(self)

    @property
    def label(self) -> str:
        return _DAY_NAMES[self.number]

    @classmethod
    def of(cls, index: int) -> Weekday:
        return list(cls)[index]


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class GoalMetric(Vocabulary):
    PROSPECTING_SHARE = "prospecting_share"
    PROSPECTING_MINUTES = "prospecting_minutes"
    TOUCHES_DONE = "touches_done"
    REFERRAL_ASKS = "referral_asks"
    NEW_CONTACTS = "new_contacts"
    MEETINGS_BOOKED = "meetings_booked"

    @property
    def label(self) -> str:
        return _METRIC_LABELS[self]

    @property
    def is_share(self) -> bool:
        return self is GoalMetric.PROSPECTING_SHARE

    @property
    def takes_tier(self) -> bool:
        """Only 'touches done' can be counted for one tier."""
        return self is GoalMetric.TOUCHES_DONE

    @property
    def takes_channel(self) -> bool:
        """Only 'touches done' can be counted for one channel (the mix of activities)."""
        return self is GoalMetric.TOUCHES_DONE


_METRIC_LABELS = {
    GoalMetric.PROSPECTING_SHARE: "Prospecting share of blocked time",
    GoalMetric.PROSPECTING_MINUTES: "Prospecting minutes",
    GoalMetric.TOUCHES_DONE: "Touches done",
    GoalMetric.REFERRAL_ASKS: "Referral asks",
    GoalMetric.NEW_CONTACTS: "New contacts",
    GoalMetric.MEETINGS_BOOKED: "Meetings booked",
}
