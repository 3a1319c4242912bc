"""The weekly planner: pure functions over the domain, `now`/`today` passed in, no I/O.

`plan_week` turns a `PlanRequest` into a `Plan` (changes for the store to apply);
`check_move` and `free_slot` help the user place touches by hand; `review_week` looks back on a
week; `heatmap` shows who is going cold (`heatmap_update` after a few changes). Every result
has a deterministic `to_json()`.
"""

from planner.engine.choose import (
    BLOCK_KIND,
    block_kind_for,
    channel_options,
    choose_channel,
    choose_purpose,
    purpose_allowed,
)
from planner.engine.heatmap import HeatMap, HeatRow, TierHeat, heatmap, heatmap_update
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
from planner.engine.review import (
    ColdContact,
    Review,
    Streak,
    Tally,
    WeekNumbers,
    cold_in_heatmap,
    gone_cold,
    review_week,
    streak,
    week_numbers,
    week_to_review,
)
from planner.engine.slots import Slot, check_move, free_slot
from planner.engine.summary import Summary, summarize_week

__all__ = [
    "BLOCK_KIND",
    "NEVER_TOUCHED",
    "ColdContact",
    "ContactHistory",
    "HeatMap",
    "HeatRow",
    "Plan",
    "PlanRequest",
    "Review",
    "Slot",
    "Streak",
    "Summary",
    "Tally",
    "TierHeat",
    "Unplaced",
    "WeekNumbers",
    "block_kind_for",
    "channel_options",
    "check_move",
    "cold_in_heatmap",
    "choose_channel",
    "choose_purpose",
    "free_slot",
    "gone_cold",
    "heatmap",
    "heatmap_update",
    "plan_week",
    "purpose_allowed",
    "review_week",
    "streak",
    "summarize_week",
    "touch_order",
    "touch_to_json",
    "week_numbers",
    "week_to_review",
]
