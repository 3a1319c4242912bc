"""What a user can do, as functions over a `Store`: validate the input, change, save.

The command line and the app both call these, so a rule holds the same way everywhere. Every
function either saves its whole change or raises a `PlannerError` and saves nothing. One module
per concern; `from planner import service` gives every name:

    contacts    add, edit, tier, archive, remove, search; a contact's history today
    touches     check off, skip, pin, note; log a touch that happened
    blocks      the hours set aside each week
    goals       the weekly targets and each week's progress
    planning    what the engine is given, saving its plan, moving and adding by hand
    review      the week looked back on
    heatmap     who was touched in which week
    transfer    importing contacts, exporting the week and the tables
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner.service.blocks import add_block, blocks_in_week, edit_block, remove_block
from planner.service.contacts import (
    CONTACT_FIELDS,
    ContactView,
    KnownContacts,
    add_contact,
    archive_contact,
    edit_contact,
    haystack,
    referrals_of,
    remove_contact,
    search_contacts,
    set_tier,
    view_contact,
    view_contacts,
)
from planner.service.goals import (
    add_goal,
    edit_goal,
    goal_progress,
    goals_over_weeks,
    goals_progress,
    remove_goal,
)
from planner.service.heatmap import (
    HEAT_LEGEND,
    HEAT_SHADES,
    HeatInputs,
    heat,
    heat_inputs,
    heat_shade,
)
from planner.service.planning import (
    add_planned_touch,
    apply_plan,
    compute_plan,
    move_touch,
    now_from,
    plan,
    plan_request,
)
from planner.service.review import review
from planner.service.touches import (
    NOTE_LIMIT,
    log_touch,
    log_touch_with_new_contact,
    mark_done,
    purpose_refused,
    set_note,
    skip,
    toggle_done,
    toggle_pin,
)
from planner.service.transfer import (
    export_csv,
    export_week_ics,
    import_contacts,
    read_file,
    write_export,
)

if TYPE_CHECKING:
    from planner.io import ImportPlan


def __getattr__(name: str) -> Any:
    """`ImportPlan` (what an import did or would do) loads the file readers on first use only:
    the app's start-up does not need them."""
    if name == "ImportPlan":
        from planner.io import ImportPlan

        return ImportPlan
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CONTACT_FIELDS",
    "HEAT_LEGEND",
    "HEAT_SHADES",
    "NOTE_LIMIT",
    "ContactView",
    "HeatInputs",
    "ImportPlan",
    "KnownContacts",
    "add_block",
    "add_contact",
    "add_goal",
    "add_planned_touch",
    "apply_plan",
    "archive_contact",
    "blocks_in_week",
    "compute_plan",
    "edit_block",
    "edit_contact",
    "edit_goal",
    "export_csv",
    "export_week_ics",
    "goal_progress",
    "goals_over_weeks",
    "goals_progress",
    "haystack",
    "heat",
    "heat_inputs",
    "heat_shade",
    "import_contacts",
    "log_touch",
    "log_touch_with_new_contact",
    "mark_done",
    "move_touch",
    "now_from",
    "plan",
    "plan_request",
    "purpose_refused",
    "read_file",
    "referrals_of",
    "remove_block",
    "remove_contact",
    "remove_goal",
    "review",
    "search_contacts",
    "set_note",
    "set_tier",
    "skip",
    "toggle_done",
    "toggle_pin",
    "view_contact",
    "view_contacts",
    "write_export",
]
