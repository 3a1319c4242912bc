"""The weekly planner: pure functions over the domain, `now`/`today` passed in, no I/O.

`plan_week` turns a `PlanRequest` into a `Plan` (changes for the store to apply);
`check_move` and `free_slot` help the user place touches by hand. Every result has a
deterministic `to_json()`.
"""

from planner.engine.choose import (
    BLOCK_KIND,
    block_kind_for,
    channel_options,
    choose_channel,
    choose_purpose,
    purpose_allowed,
)
from planner.engine.model import (
    NEVER_TOUCHED,
    ContactHistory,
    Plan,
    PlanRequest,
    Unplaced,
    touch_order,
    touch_to_json,
)
from planner.engine.plan import plan_week
from planner.engine.slots import Slot, check_move, free_slot
from planner.engine.summary import Summary, summarize_week

__all__ = [
    "BLOCK_KIND",
    "NEVER_TOUCHED",
    "ContactHistory",
    "Plan",
    "PlanRequest",
    "Slot",
    "Summary",
    "Unplaced",
    "block_kind_for",
    "channel_options",
    "check_move",
    "choose_channel",
    "choose_purpose",
    "free_slot",
    "plan_week",
    "purpose_allowed",
    "summarize_week",
    "touch_order",
    "touch_to_json",
]
