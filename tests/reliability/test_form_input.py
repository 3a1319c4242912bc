"""Issue 7, item 7, the forms: every field of every form fed what it must refuse.

Each row types one bad value over a valid baseline and saves (ctrl+s), as a user would. What the
user must notice: the form is still open, one message says what is wrong in words that name the
field, what they typed is still in every field, and the database files are byte-identical to
before. After the rows, the baseline itself saves, so each refusal was the bad value's doing.

The tables are checked against the forms: a field in a form without an entry here, a text field
without a row, or a form in `planner.ui.modals` without a case makes a test fail.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, TextArea
from textual.widgets.select import InvalidSelectValueError

import planner.ui.modals
from planner import service
from planner.demo import build_demo
from planner.domain import Week
from planner.domain.validation import (
    LONG_TEXT_LIMIT,
    NAME_LIMIT,
    SHORT_TEXT_LIMIT,
)
from planner.service import NOTE_LIMIT
from planner.store import Store
from planner.ui.app import PlannerApp
from planner.ui.modals.block import ONCE, BlockForm
from planner.ui.modals.contact import ContactForm, referrer_label
from planner.ui.modals.form import FieldError, FormScreen
from planner.ui.modals.goal import GoalForm
from planner.ui.modals.log import LogTouchForm
from planner.ui.modals.merge import MergeForm
from planner.ui.modals.touch import CarryForm, MoveForm, NoteForm
from planner.ui.modals.transfer import ExportForm, ImportForm
from planner.ui.widgets.picker import ContactPicker
from tests.ui.conftest import NOW, SIZE, make_app

# Dates in the rows count from NOW: Monday 23 November 2026, 08:00.

#: Longer than any message a person should have to read under a field.
MESSAGE_LIMIT = 300

# ------------------------------------------------------------------------------ the table


@dataclass(frozen=True)
class Pick:
    """In the contact picker: type `name` and take the best match."""

    name: str


@dataclass(frozen=True)
class New:
    """In the contact picker: type `name` and take the last line, a new contact."""

    name: str


@dataclass
class Ctx:
    """What a value may depend on: the open form, the app and a folder for files."""

    form: Any
    app: PlannerApp
    tmp: Path


Value = str | bool | Pick | New | Callable[[Ctx], Any]


@dataclass(frozen=True)
class Row:
    field: str
    value: Value
    #: The field whose message must show ("form": the one above the buttons).
    error: str
    #: Words the message must contain (case-insensitive).
    words: tuple[str, ...]
    #: Other fields set first, over the baseline.
    setup: Mapping[str, Value] = field(default_factory=dict)
    why: str = ""
    message_limit: int | None = MESSAGE_LIMIT

    def label(self, case: str) -> str:
        shown = self.value if isinstance(self.value, str) else repr(self.value)
        if isinstance(shown, str) and len(shown) > 30:
            shown = f"{shown[:12]}…({len(shown)} chars)"
        return f"{case}: {self.field}={shown!r} {self.why}".strip()


def bad(
    name: str, value: Value, *words: str, error: str = "", why: str = "", **setup: Value
) -> Row:
    return Row(name, value, error or name, words, setup, why)


TEXT, CHOICE, FLAG = "text", "choice", "flag"


@dataclass(frozen=True)
class Case:
    id: str
    form: type[FormScreen[Any]]
    keys: tuple[str, ...]
    #: Every field of the form, with its kind: typed text, a choice from a list, a tick box.
    fields: Mapping[str, str]
    baseline: Mapping[str, Value]
    rows: tuple[Row, ...]
    #: Changes to the demo database before the app starts.
    prepare: Callable[[Store, Path], None] | None = None
    #: After the baseline saved: what must now be true.
    saved: Callable[[Ctx], None] | None = None
    #: Another planner removes what the form is about (an unknown id by the time it saves).
    gone: Callable[[Store, Ctx], object] | None = None


def long(n: int, char: str = "x") -> str:
    return char * n


def dates(name: str, what: str, **setup: Value) -> list[Row]:
    """A date field: empty, not a date, 30 February, month 13, out of range, too long."""
    return [
        bad(name, "", what, "required", **setup),
        bad(name, "tomorrow", what, "not a date", "YYYY-MM-DD", **setup),
        bad(name, "23/11/2026", what, "not a date", **setup),
        bad(name, "2026-02-30", what, "does not exist", "February 2026 has 28 days", **setup),
        bad(name, "2026-13-01", what, "no month 13", **setup),
        bad(name, "0001-01-01", what, "out of range", **setup),
        bad(name, "2026-11-23" * 500, what, "not a date", why="(too long)", **setup),
    ]


def times(name: str, what: str, *, optional: bool = False, **setup: Value) -> list[Row]:
    """A time field: 25:00, minute 60, letters, negative, a bare hour, too long (and empty)."""
    rows = [
        bad(name, "25:00", what, "25:00", "not a time of day", **setup),
        bad(name, "12:60", what, "not a time of day", **setup),
        bad(name, "9am", what, "not a time of day", "HH:MM", **setup),
        bad(name, "-1:00", what, "not a time of day", **setup),
        bad(name, "7", what, "not a time of day", **setup),
        bad(name, "09:00" * 1000, what, "not a time of day", why="(too long)", **setup),
    ]
    if not optional:
        rows.insert(0, bad(name, "", what, "required", **setup))
    return rows


def too_long(name: str, limit: int, *words: str, **setup: Value) -> Row:
    return bad(name, long(limit + 1), *words, "too long", f"{limit:,}", **setup)


def remove_contact(store: Store, ctx: Ctx) -> None:
    service.remove_contact(store, ctx.form.contact.id)


def remove_picked(store: Store, ctx: Ctx) -> None:
    service.remove_contact(store, ctx.form.query_one(ContactPicker).chosen.id)


def remove_touch(store: Store, ctx: Ctx) -> None:
    """The touch goes with its contact."""
    service.remove_contact(store, ctx.form.touch.contact_id)


# ----------------------------------------------------------------------------- contacts

CONTACT_FIELDS = {
    "name": TEXT,
    "company": TEXT,
    "title": TEXT,
    "tier": CHOICE,
    "relationship": CHOICE,
    "emails": TEXT,
    "phones": TEXT,
    "tags": TEXT,
    "met_at": TEXT,
    "referred_by": TEXT,
    "cadence": TEXT,
    "url": TEXT,
    "notes": TEXT,
}

CONTACT_BASELINE: dict[str, Value] = {
    "name": "Ines Duarte",
    "company": "Duarte & Filhos",
    "title": "Buyer",
    "tier": "B",
    "relationship": "customer",
    "emails": "ines@duarte.example",
    "phones": "+351 21 000 0000",
    "tags": "golf, board",
    "met_at": "Trade fair",
    "referred_by": "",
    "cadence": "30",
    "url": "https://example.com/ines",
    "notes": "Likes early calls.",
}

CONTACT_ROWS = [
    bad("name", "", "Name", "required"),
    bad("name", "   ", "Name", "required", why="(blanks only)"),
    bad("name", "\x1b\x00\x07", "Name", "required", why="(control characters only)"),
    bad("name", long(NAME_LIMIT + 1), "Name", "too long", str(NAME_LIMIT)),
    too_long("company", SHORT_TEXT_LIMIT, "Company"),
    too_long("title", SHORT_TEXT_LIMIT, "Title"),
    bad("emails", "not-an-email", "Email", "not-an-email", "does not look like an address"),
    bad("emails", "ok@example.com, nope", "Email", "nope", "does not look like an address"),
    bad("emails", long(SHORT_TEXT_LIMIT) + "@x.example", "Email", "does not look like"),
    bad("phones", "call me", "Phone", "no digits"),
    bad("phones", long(61, "1"), "Phone", "too long"),
    bad("tags", long(61, "t"), "Tag", "too long", "60"),
    too_long("met_at", SHORT_TEXT_LIMIT, "Where met"),
    bad("referred_by", "Nobody Atall", "Referred by", "no contact has that name"),
    bad("referred_by", "Sam Same", "Referred by", "several contacts have that name"),
    bad("referred_by", "99999", "Referred by", "no contact with id 99999"),
    bad("referred_by", "Nobody #99999", "Referred by", "no contact with id 99999"),
    bad("referred_by", "-3", "Referred by", "no contact has that name"),
    bad("referred_by", "²", "Referred by", why="(a digit int() refuses)"),
    bad("referred_by", long(500, "q"), "Referred by", why="(too long)"),
    bad("referred_by", long(5000, "9"), "Referred by", why="(more digits than int() reads)"),
    bad("referred_by", "Nobody #" + long(5000, "9"), "Referred by", why="(an id too long)"),
    bad("cadence", "abc", "Cadence", "whole number", "abc"),
    bad("cadence", "-5", "Cadence", "whole number", "from 1 to 3650"),
    bad("cadence", "0", "Cadence", "from 1 to 3650"),
    bad("cadence", "3651", "Cadence", "from 1 to 3650"),
    bad("cadence", "1.5", "Cadence", "whole number"),
    bad("cadence", "²", "Cadence", "whole number"),
    bad("cadence", long(5000, "9"), "Cadence", "whole number", why="(too long)"),
    too_long("url", 500, "URL"),
    too_long("notes", LONG_TEXT_LIMIT, "Notes"),
]


def add_namesakes(store: Store, _tmp: Path) -> None:
    for _ in range(2):
        service.add_contact(store, today=NOW.date(), name="Sam Same")


def contact_saved(ctx: Ctx) -> None:
    names = {c.name for c in Store.open(ctx.app.store.path).contacts.values()}
    assert "Ines Duarte" in names


def contact_edited(ctx: Ctx) -> None:
    saved = Store.open(ctx.app.store.path).contact(ctx.form.contact.id)
    assert saved.name == "Ines Duarte" and saved.cadence_days == 30


# ---------------------------------------------------------------------------- log a touch

TOUCH_FIELDS = {
    "channel": CHOICE,
    "purpose": CHOICE,
    "date": TEXT,
    "time": TEXT,
    "note": TEXT,
    "follow_up": FLAG,
}
TOUCH_BASELINE: dict[str, Value] = {
    "channel": "call",
    "purpose": "networking",
    "date": "2026-11-20",
    "time": "10:30",
    "note": "Went well",
    "follow_up": True,
}
TOUCH_ROWS = [
    *dates("date", "Date"),
    bad("date", "2026-11-24", "after today", why="(tomorrow: not happened yet)"),
    *times("time", "Time", optional=True),
    too_long("note", NOTE_LIMIT, "Note"),
]


def friend_name(ctx: Ctx) -> Pick:
    friend = min(
        (c for c in ctx.app.store.contacts.values() if c.is_friend and not c.archived),
        key=lambda c: c.id,
    )
    return Pick(friend.name)


def first_contact(ctx: Ctx) -> Pick:
    return Pick(min(ctx.app.store.contacts.values(), key=lambda c: c.id).name)


def touch_logged(ctx: Ctx) -> None:
    notes = [t.note for t in Store.open(ctx.app.store.path).all_touches()]
    assert "Went well" in notes


LOG_ROWS = [
    bad("who", "", "Pick who"),
    bad("who", "Nobody Atall", "Pick who", why="(typed, not picked: no such contact)"),
    bad("who", New(long(NAME_LIMIT + 1)), "Name", "too long", why="(a new contact)"),
    too_long("met_at", SHORT_TEXT_LIMIT, "Where met", who=New("Zara Quinn")),
    bad(
        "purpose",
        "prospecting",
        "friend",
        "networking",
        why="(with a friend)",
        who=friend_name,
    ),
    *TOUCH_ROWS,
]

# --------------------------------------------------------------------------------- blocks

BLOCK_FIELDS = {
    "kind": CHOICE,
    "day": CHOICE,
    "date": TEXT,
    "start": TEXT,
    "end": TEXT,
    "label": TEXT,
}
BLOCK_BASELINE: dict[str, Value] = {
    "kind": "prospecting",
    "day": "sat",
    "date": "2026-11-28",
    "start": "09:00",
    "end": "10:00",
    "label": "Saturday calls",
}
BLOCK_ROWS = [
    bad("day", "wed", "overlaps block 3", error="start", why="(clashes with Wednesday 09:00)"),
    *dates("date", "Date", day=ONCE),
    *times("start", "Start"),
    *times("end", "End"),
    bad("end", "08:00", "End 08:00 must be after start 09:00", why="(before the start)"),
    bad("end", "09:00", "must be after start", why="(equal to the start)"),
    too_long("label", 80, "Label"),
]


def block_saved(ctx: Ctx) -> None:
    labels = {b.label for b in Store.open(ctx.app.store.path).blocks.values()}
    assert "Saturday calls" in labels


# ---------------------------------------------------------------------------------- goals

GOAL_FIELDS = {"metric": CHOICE, "target": TEXT, "tier": CHOICE, "channel": CHOICE}
GOAL_BASELINE: dict[str, Value] = {
    "metric": "touches_done",
    "target": "12",
    "tier": "A",
    "channel": "call",
}
SHARE = {"metric": "prospecting_share"}
GOAL_ROWS = [
    bad("target", "", "Target is required"),
    bad("target", "   ", "Target is required", why="(blanks only)"),
    bad("target", "lots", "Target", "lots", "not a number"),
    bad("target", "-5", "Target", "cannot be negative"),
    bad("target", "-5", "Target", "cannot be negative", why="(a share)", **SHARE),
    bad("target", "140", "from 0 to 100", "140", why="(a share)", **SHARE),
    bad("target", "1.5", "whole numbers", "1.5"),
    bad("target", "1000000000", "Target", "too large"),
    bad("target", "1e9", "Target", "not a number"),
    bad("target", "nan", "Target", "not a number"),
    bad("target", "inf", "Target", "not a number"),
    bad("target", long(5000, "9"), "Target", why="(too long)"),
    bad(
        "metric",
        "new_contacts",
        "whole numbers",
        error="target",
        why="(12.5 new contacts)",
        target="12.5",
    ),
]


def goal_saved(ctx: Ctx) -> None:
    goals = Store.open(ctx.app.store.path).goals.values()
    assert any(
        g.target == 12
        and g.tier is not None
        and g.tier.value == "A"
        and g.channel is not None
        and g.channel.value == "call"
        for g in goals
    )


# -------------------------------------------------------------------------- note and move


def plan_the_week(store: Store, _tmp: Path) -> None:
    service.plan(store, Week.of(NOW.date()), NOW)


def touch_date(ctx: Ctx) -> str:
    return ctx.form.touch.date.isoformat()


def touch_start(ctx: Ctx) -> str:
    return f"{ctx.form.touch.start:%H:%M}"


def other_touch_start(ctx: Ctx) -> str:
    """The start of another touch planned on the same day as the form's."""
    touch = ctx.form.touch
    others = [
        t
        for t in ctx.app.store.week_touches(Week.of(touch.date))
        if t.id != touch.id and t.date == touch.date and t.start is not None and t.is_open
    ]
    assert others, "the plan puts another touch on the day of the first"
    return f"{others[0].start:%H:%M}"


def note_saved(ctx: Ctx) -> None:
    assert Store.open(ctx.app.store.path).touch(ctx.form.touch.id).note == "Wants a proposal"


def moved(ctx: Ctx) -> None:
    assert Store.open(ctx.app.store.path).touch(ctx.form.touch.id).manual


MOVE_ROWS = [
    *dates("date", "Date"),
    bad("date", "2026-11-29", "There is no", "block on Sun 29 Nov", why="(no block that day)"),
    bad("date", "2026-11-16", "already passed", error="start", why="(last week)"),
    *times("start", "Start"),
    bad("start", "23:00", "23:00 is outside the", why="(outside every block)"),
    bad("start", other_touch_start, "overlap", why="(on another touch)"),
]

# -------------------------------------------------------------------------------- merge


def merge_partner(ctx: Ctx) -> Pick:
    """Someone other than the selected contact, to merge into them."""
    keep = ctx.form.keep
    return Pick(
        min((c for c in ctx.app.store.contacts.values() if c.id != keep.id), key=id_of).name
    )


def id_of(contact: Any) -> int:
    return contact.id


def merged(ctx: Ctx) -> None:
    store = Store.open(ctx.app.store.path)
    assert ctx.form.other.id not in store.contacts and ctx.form.keep.id in store.contacts


MERGE_ROWS = [
    bad("other", "", "Pick who to merge into"),
    bad("other", "Nobody Atall", "Pick who to merge into", why="(typed, not picked)"),
]


def carried(ctx: Ctx) -> None:
    store = Store.open(ctx.app.store.path)
    (copy,) = store.copies_of(ctx.form.touch.id)
    assert copy.manual and copy.carried_over and copy.date == ctx.form.day


CARRY_ROWS = [
    *dates("date", "Date"),
    bad("date", "2026-11-29", "There is no", "block on Sun 29 Nov", why="(no block that day)"),
    bad("date", "2026-11-16", "already passed", error="start", why="(its own week)"),
    *times("start", "Start"),
    bad("start", "23:00", "23:00 is outside the", why="(outside every block)"),
]

# ------------------------------------------------------------------------ import and export


def write_files(_store: Store, tmp: Path) -> None:
    (tmp / "folder").mkdir()
    (tmp / "contacts.vcf").write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Zed Zulu\nEMAIL:zed@zulu.example\nEND:VCARD\n"
    )
    (tmp / "garbage.bin").write_bytes(bytes(range(256)) * 4)
    (tmp / "empty.vcf").write_bytes(b"")


def in_tmp(name: str) -> Callable[[Ctx], str]:
    return lambda ctx: str(ctx.tmp / name)


def imported(ctx: Ctx) -> None:
    assert "Added 1" in str(ctx.form.query_one("#import-report").render())
    names = {c.name for c in Store.open(ctx.app.store.path).contacts.values()}
    assert "Zed Zulu" in names


def exported(ctx: Ctx) -> None:
    assert (ctx.tmp / "week.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


IMPORT_ROWS = [
    bad("path", "", "path of the file"),
    bad("path", "   ", "path of the file", why="(blanks only)"),
    bad("path", in_tmp("missing.vcf"), "There is no file", "missing.vcf"),
    bad("path", in_tmp("folder"), "is a folder"),
    Row(
        "path",
        in_tmp(long(5000, "a")),
        "path",
        ("Cannot read", "File name too long"),
        why="(too long; planner.service quotes the whole path)",
        message_limit=None,
    ),
    bad("path", in_tmp("garbage.bin"), "not one planner can import", error="format"),
    bad("path", in_tmp("empty.vcf"), "The file is empty", error="format"),
    bad("format", "linkedin", "not a LinkedIn", why="(a vCard file)"),
    bad("tags", long(61, "t"), "Tag", "too long"),
]

EXPORT_ROWS = [
    bad("path", "", "file name"),
    bad("path", "   ", "file name", why="(blanks only)"),
    bad("path", in_tmp("folder"), "is a folder"),
    bad("path", in_tmp("missing/week.ics"), "folder", "does not exist"),
    bad("path", in_tmp(long(5000, "a") + ".ics"), "File name too long", why="(too long)"),
    bad(
        "path",
        lambda ctx: str(ctx.tmp / "garbage.bin" / "week.ics"),
        "does not exist",
        why="(a file as the folder)",
    ),
]

# ---------------------------------------------------------------------------------- cases

CASES = [
    Case(
        "contact-add",
        ContactForm,
        ("c", "a"),
        CONTACT_FIELDS,
        CONTACT_BASELINE,
        tuple(CONTACT_ROWS),
        prepare=add_namesakes,
        saved=contact_saved,
    ),
    Case(
        "contact-edit",
        ContactForm,
        ("c", "e"),
        CONTACT_FIELDS,
        CONTACT_BASELINE,
        (
            *CONTACT_ROWS,
            bad(
                "referred_by",
                lambda ctx: referrer_label(ctx.form.contact),
                "referred by themselves",
                why="(themselves)",
            ),
        ),
        prepare=add_namesakes,
        saved=contact_edited,
        gone=remove_contact,
    ),
    Case(
        "log",
        LogTouchForm,
        ("l",),
        {"who": TEXT, "met_at": TEXT, "tier": CHOICE, "relationship": CHOICE, **TOUCH_FIELDS},
        {
            "who": first_contact,
            "met_at": "",
            "tier": "C",
            "relationship": "prospect",
            **TOUCH_BASELINE,
        },
        tuple(LOG_ROWS),
        saved=touch_logged,
        gone=remove_picked,
    ),
    Case(
        "log-with-contact",
        LogTouchForm,
        ("c", "l"),
        TOUCH_FIELDS,
        TOUCH_BASELINE,
        tuple(TOUCH_ROWS),
        saved=touch_logged,
        gone=remove_contact,
    ),
    Case(
        "block-add",
        BlockForm,
        ("b", "a"),
        BLOCK_FIELDS,
        BLOCK_BASELINE,
        tuple(BLOCK_ROWS),
        saved=block_saved,
    ),
    Case(
        "block-edit",
        BlockForm,
        ("b", "e"),
        BLOCK_FIELDS,
        BLOCK_BASELINE,
        tuple(BLOCK_ROWS),
        saved=block_saved,
        gone=lambda store, ctx: service.remove_block(store, ctx.form.block.id),
    ),
    Case(
        "goal-add",
        GoalForm,
        ("g", "a"),
        GOAL_FIELDS,
        GOAL_BASELINE,
        tuple(GOAL_ROWS),
        saved=goal_saved,
    ),
    Case(
        "goal-edit",
        GoalForm,
        ("g", "e"),
        GOAL_FIELDS,
        GOAL_BASELINE,
        tuple(GOAL_ROWS),
        saved=goal_saved,
        gone=lambda store, ctx: service.remove_goal(store, ctx.form.goal.id),
    ),
    Case(
        "note",
        NoteForm,
        ("n",),
        {"note": TEXT},
        {"note": "Wants a proposal"},
        (too_long("note", NOTE_LIMIT, "Note"),),
        prepare=plan_the_week,
        saved=note_saved,
        gone=remove_touch,
    ),
    Case(
        "move",
        MoveForm,
        ("m",),
        {"date": TEXT, "start": TEXT},
        {"date": touch_date, "start": touch_start},
        tuple(MOVE_ROWS),
        prepare=plan_the_week,
        saved=moved,
        gone=remove_touch,
    ),
    Case(
        "merge",
        MergeForm,
        ("c", "M"),
        {"other": TEXT},
        {"other": merge_partner},
        tuple(MERGE_ROWS),
        saved=merged,
        gone=lambda store, ctx: service.remove_contact(store, ctx.form.other.id),
    ),
    Case(
        "carry",
        CarryForm,
        ("r", "m"),  # the review opens on last week, on its first unfinished touch
        {"date": TEXT, "start": TEXT},
        {
            "date": lambda ctx: ctx.form.day.isoformat(),
            "start": lambda ctx: f"{ctx.form.start:%H:%M}",
        },
        tuple(CARRY_ROWS),
        saved=carried,
        gone=remove_touch,
    ),
    Case(
        "import",
        ImportForm,
        ("c", "i"),
        {
            "path": TEXT,
            "format": CHOICE,
            "tier": CHOICE,
            "relationship": CHOICE,
            "tags": TEXT,
            "dry_run": FLAG,
        },
        {
            "path": in_tmp("contacts.vcf"),
            "format": "auto",
            "tier": "B",
            "relationship": "prospect",
            "tags": "fair",
            "dry_run": False,
        },
        tuple(IMPORT_ROWS),
        prepare=write_files,
        saved=imported,
    ),
    Case(
        "export",
        ExportForm,
        ("e",),
        {"path": TEXT, "blocks": FLAG},
        {"path": in_tmp("week.ics"), "blocks": True},
        tuple(EXPORT_ROWS),
        prepare=write_files,
        saved=exported,
    ),
]

# -------------------------------------------------------------------------------- helpers


def database_files(db_path: Path) -> dict[str, bytes]:
    """Every file of the database folder, by name, with its bytes."""
    folder = db_path.parent
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def field_of(widget: Widget) -> str:
    """The form field an input widget belongs to: its own `field-NAME` id or its picker's."""
    for node in widget.ancestors_with_self:
        if node.id and node.id.startswith("field-"):
            return node.id.removeprefix("field-")
    return f"<{type(widget).__name__} #{widget.id} outside any field>"


def form_fields(form: FormScreen[Any]) -> dict[str, str]:
    """What the mounted form asks for: every input, select, text area and tick box."""
    found: dict[str, str] = {}
    for widget in form.query("Input, Select, TextArea, Checkbox"):
        if isinstance(widget, Select | Checkbox):
            kind = CHOICE if isinstance(widget, Select) else FLAG
        elif any(isinstance(node, Select) for node in widget.ancestors):
            continue  # the select's own search box
        else:
            kind = TEXT
        found[field_of(widget)] = kind
    return found


def resolve(value: Value, ctx: Ctx) -> Any:
    return value(ctx) if callable(value) else value


async def fill(pilot: Pilot[Any], ctx: Ctx, values: Mapping[str, Value]) -> None:
    """Set fields as a user would leave them; the picker is typed into and picked from."""
    form = ctx.form
    for name, value in values.items():
        value = resolve(value, ctx)
        widget = form.query_one(f"#field-{name}")
        if isinstance(widget, ContactPicker):
            await pick(pilot, widget, value)
        elif isinstance(widget, Input):
            widget.value = value
        elif isinstance(widget, TextArea):
            widget.text = value
        elif isinstance(widget, Select | Checkbox):
            widget.value = value
        else:
            raise TypeError(f"cannot fill {widget!r}")
    await pilot.pause()


async def pick(pilot: Pilot[Any], picker: ContactPicker, value: str | Pick | New) -> None:
    box = picker.input
    box.value = ""
    await pilot.pause()
    box.focus()
    box.value = value.name if isinstance(value, Pick | New) else value
    await pilot.pause()
    if isinstance(value, New):
        await pilot.press("up", "enter")  # the last line: a new contact
        assert picker.new_name == value.name
    elif isinstance(value, Pick):
        await pilot.press("enter")
        assert picker.chosen is not None and picker.chosen.name == value.name


def typed(form: FormScreen[Any]) -> dict[str, object]:
    """What every field holds now, as the user sees it."""
    values: dict[str, object] = {}
    for widget in form.query("*"):
        if not (widget.id and widget.id.startswith("field-")):
            continue
        name = widget.id.removeprefix("field-")
        if isinstance(widget, ContactPicker):
            values[name] = (widget.input.value, widget.chosen, widget.new_name)
        elif isinstance(widget, Checkbox):
            values[name] = widget.value
        else:
            values[name] = form.value(name)
    return values


def shown_errors(form: FormScreen[Any]) -> dict[str, FieldError]:
    return {
        str(error.id).removeprefix("error-"): error
        for error in form.query(FieldError)
        if error.has_class("-shown")
    }


async def save(pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+s")
    if pilot.app.workers:  # the import runs in a worker
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_case(pilot: Pilot[Any], case: Case) -> FormScreen[Any]:
    await pilot.press(*case.keys)
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, case.form), f"{case.keys} opened {form!r}, not a {case.form}"
    return form


def build(case: Case, db_path: Path, tmp: Path) -> PlannerApp:
    store = Store.open(db_path)
    build_demo(store, NOW.date())
    if case.prepare is not None:
        case.prepare(store, tmp)
    return make_app(db_path)


def check(form: FormScreen[Any], row: Row, label: str, entered: dict[str, object]) -> list[str]:
    """What the user sees after saving `row`: one message, where it belongs, in words."""
    errors = shown_errors(form)
    messages = {name: str(error.render()) for name, error in errors.items()}
    if list(errors) != [row.error]:
        return [f"{label}: messages {messages}, wanted one under {row.error}"]
    failures = []
    error = errors[row.error]
    message = messages[row.error]
    missing = [word for word in row.words if word.lower() not in message.lower()]
    if missing:
        failures.append(f"{label}: {message!r} lacks {missing}")
    if row.message_limit is not None and len(message) > row.message_limit:
        failures.append(f"{label}: a message of {len(message)} characters")
    if not all(node.display for node in error.ancestors_with_self if node is not form):
        failures.append(f"{label}: the message is in a hidden part of the form")
    focused = form.focused
    if row.error != "form" and (
        focused is None or form.query_one(f"#group-{row.error}") not in focused.ancestors_with_self
    ):
        failures.append(f"{label}: the focus is on {focused!r}, not on the field")
    if typed(form) != entered:
        failures.append(f"{label}: what was typed changed")
    return failures


# ---------------------------------------------------------------------------------- tests


def test_every_form_has_a_case() -> None:
    forms = set()
    for module in pkgutil.iter_modules(planner.ui.modals.__path__):
        loaded = importlib.import_module(f"planner.ui.modals.{module.name}")
        forms |= {
            cls
            for _, cls in inspect.getmembers(loaded, inspect.isclass)
            if issubclass(cls, FormScreen) and cls is not FormScreen
        }
    assert forms == {case.form for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_every_text_field_has_rows(case: Case) -> None:
    for name, kind in case.fields.items():
        if kind == TEXT:
            assert any(row.field == name for row in case.rows), f"no row for {case.id} {name}"
    assert set(case.baseline) == set(case.fields)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
async def test_bad_input_is_refused_in_words_next_to_the_field(
    case: Case, db_path: Path, tmp_path: Path
) -> None:
    app = build(case, db_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_case(pilot, case)
        ctx = Ctx(form, app, tmp_path)
        assert form_fields(form) == dict(case.fields), "a field without an entry in the table"
        before = database_files(db_path)

        for name, kind in case.fields.items():
            if kind == CHOICE:
                select = form.query_one(f"#field-{name}", Select)
                with pytest.raises(InvalidSelectValueError):
                    select.clear()
                with pytest.raises(InvalidSelectValueError):
                    select.value = "not-one-of-the-choices"

        failures: list[str] = []
        await fill(pilot, ctx, case.baseline)
        restore: dict[str, Value] = {}  # the last row's fields, back to the baseline
        for row in case.rows:
            label = row.label(case.id)
            changed = {**row.setup, row.field: row.value}
            await fill(pilot, ctx, {**restore, **changed})
            restore = {name: case.baseline[name] for name in changed}
            entered = typed(form)
            await save(pilot)

            assert app.is_running, f"{label}: the app stopped"
            if app.screen is not form:
                failures.append(f"{label}: the form closed (the value was accepted)")
                form = ctx.form = await open_case(pilot, case)
                await fill(pilot, ctx, case.baseline)
                restore = {}
                before = database_files(db_path)
                continue
            failures += check(form, row, label, entered)
            if database_files(db_path) != before:
                failures.append(f"{label}: the database changed")
                before = database_files(db_path)
        assert not failures, "\n".join(failures)

        await fill(pilot, ctx, case.baseline)
        await save(pilot)
        assert not shown_errors(form), f"the baseline was refused: {shown_errors(form)}"
        if case.form is not ImportForm:
            assert app.screen is not form, "the baseline saves and closes the form"
        if case.saved is not None:
            case.saved(ctx)
        if case.gone is None:
            return

        # The same form again, while another planner removes what it is about.
        form = ctx.form = await open_case(pilot, case)
        await fill(pilot, ctx, case.baseline)
        case.gone(Store.open(db_path), ctx)
        before = database_files(db_path)
        entered = typed(form)
        await save(pilot)
        assert app.is_running and app.screen is form, "a form about something gone stays open"
        row = Row("(the record)", "", "form", ("There is no", "with id"), why="(removed meanwhile)")
        assert not check(form, row, f"{case.id}: removed meanwhile", entered)
        assert database_files(db_path) == before
