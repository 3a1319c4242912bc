"""Contacts in from vCard, LinkedIn and Google Contacts files; the week out as iCalendar and CSV.

Pure functions over bytes and domain values: no screen, no database, no clock (`today` comes in).

    parsed = read_contacts(data, "auto", today=today)      # who is in the file, what is wrong
    plan = plan_import(existing, parsed, next_id=..., today=today)
    # the store writes plan.added and plan.merged in one go; plan.report() for the user
    ics = touches_to_ics(touches, contacts_by_id, week=week, blocks=blocks)
"""

from planner.io.exports import (
    local_zone,
    touch_rows_to_csv,
    touch_summary,
    touches_to_csv,
    touches_to_ics,
)
from planner.io.imports import FormatChoice, detect_format, read_contacts
from planner.io.merge import Duplicate, ImportPlan, likely_duplicates, merged_contact, plan_import
from planner.io.plannercsv import contacts_to_csv
from planner.io.records import FORMATS, Format, Incoming, ParsedFile, Problem

__all__ = [
    "FORMATS",
    "Duplicate",
    "Format",
    "FormatChoice",
    "ImportPlan",
    "Incoming",
    "ParsedFile",
    "Problem",
    "contacts_to_csv",
    "detect_format",
    "likely_duplicates",
    "local_zone",
    "merged_contact",
    "plan_import",
    "read_contacts",
    "touch_rows_to_csv",
    "touch_summary",
    "touches_to_csv",
    "touches_to_ics",
]
