"""What a user can do, as functions over a `Store`: validate the input, change, save.

The command line and the app both call these, so a rule holds the same way everywhere. Every
function either saves its whole change or raises a `PlannerError` and saves nothing. One module
per concern; `from planner import service` gives every name:

    contacts    add, edit, tier, archive, remove, search; a contact's history today
    touches     check off, skip, pin, note; log a touch that happened
    blocks      the hours set aside each week
    goals       the weekly targets and each week's progress
    planning    what the engine is given, saving its plan, moving and adding by hand
    calendars   the user's calendars: busy time, meetings to log, the week out
    review      the week looked back on
    search      finding people as they are typed (no case, no accents, typos forgiven)
    sources     where customers come from: the network by where each contact was met
    sorting     new contacts sorted into tiers one at a time
    heatmap     who was touched in which week
    merging     contacts that look like one person, and merging two into one
    transfer    importing contacts, exporting the week and the tables
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner.service.blocks import add_block, blocks_in_week, edit_block, remove_block
from planner.service.calendars import (
    MEETING_DAYS,
    CalendarAccess,
    CalendarRead,
    PublishJob,
    add_calendar,
    calendar_access,
    calendar_cache,
    calendars,
    copy_ages,
    describe_source,
    find_calendar,
    log_meeting,
    meetings,
    meetings_since,
    publish,
    publish_calendar,
    publish_job,
    publish_words,
    refresh_calendars,
    remove_calendar,
    save_publish_state,
    source_json,
    suggest_meetings,
    week_busy,
)
from planner.service.contacts import (
    CONTACT_FIELDS,
    ContactView,
    KnownContacts,
    add_contact,
    archive_contact,
    customer_since_words,
    edit_contact,
    haystack,
    referral_outcome,
    referrals_of,
    remove_contact,
    search_contacts,
    set_tier,
    view_contact,
    view_contacts,
)
from planner.service.goals import (
    WeekReads,
    add_goal,
    edit_goal,
    goal_progress,
    goal_streaks,
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
from planner.service.merging import Duplicate, MergePlan, duplicates, merge_contacts, merge_plan
from planner.service.planning import (
    add_planned_touch,
    apply_plan,
    blocked_time_over,
    compute_plan,
    move_touch,
    now_from,
    plan,
    plan_request,
)
from planner.service.review import (
    MIX_WEEKS,
    TREND_WEEKS,
    carried_copy,
    carry_over,
    gone_cold,
    move_unfinished,
    review,
    week_to_review,
    weeks_in_numbers,
)
from planner.service.search import Finder, contact_finder, contact_name, contact_text
from planner.service.sorting import contacts_to_sort, count_to_sort, sort_contact, undo_sort
from planner.service.sources import Source, sources
from planner.service.touches import (
    NOTE_LIMIT,
    log_touch,
    log_touch_with_new_contact,
    mark_done,
    purpose_refused,
    set_note,
    skip,
    stated_needed,
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
    "MIX_WEEKS",
    "TREND_WEEKS",
    "CONTACT_FIELDS",
    "HEAT_LEGEND",
    "HEAT_SHADES",
    "MEETING_DAYS",
    "NOTE_LIMIT",
    "Source",
    "CalendarAccess",
    "CalendarRead",
    "ContactView",
    "Duplicate",
    "Finder",
    "HeatInputs",
    "ImportPlan",
    "WeekReads",
    "KnownContacts",
    "MergePlan",
    "PublishJob",
    "add_block",
    "add_calendar",
    "add_contact",
    "add_goal",
    "add_planned_touch",
    "apply_plan",
    "archive_contact",
    "blocked_time_over",
    "blocks_in_week",
    "carried_copy",
    "carry_over",
    "compute_plan",
    "contact_finder",
    "contact_name",
    "contact_text",
    "customer_since_words",
    "contacts_to_sort",
    "count_to_sort",
    "calendar_access",
    "calendar_cache",
    "calendars",
    "copy_ages",
    "compute_plan",
    "describe_source",
    "edit_block",
    "duplicates",
    "edit_contact",
    "edit_goal",
    "export_csv",
    "export_week_ics",
    "find_calendar",
    "goal_progress",
    "goal_streaks",
    "gone_cold",
    "goals_over_weeks",
    "goals_progress",
    "haystack",
    "heat",
    "heat_inputs",
    "heat_shade",
    "import_contacts",
    "log_meeting",
    "log_touch",
    "log_touch_with_new_contact",
    "mark_done",
    "merge_contacts",
    "merge_plan",
    "meetings",
    "meetings_since",
    "move_touch",
    "move_unfinished",
    "now_from",
    "plan",
    "plan_request",
    "publish",
    "publish_calendar",
    "publish_job",
    "publish_words",
    "purpose_refused",
    "read_file",
    "referral_outcome",
    "referrals_of",
    "refresh_calendars",
    "remove_block",
    "remove_calendar",
    "remove_contact",
    "remove_goal",
    "review",
    "save_publish_state",
    "search_contacts",
    "set_note",
    "set_tier",
    "skip",
    "sources",
    "stated_needed",
    "sort_contact",
    "source_json",
    "suggest_meetings",
    "toggle_done",
    "toggle_pin",
    "undo_sort",
    "view_contact",
    "week_to_review",
    "weeks_in_numbers",
    "week_busy",
    "view_contacts",
    "write_export",
]
