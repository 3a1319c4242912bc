"""Issue 7, item 7: every option of every command fed values it must refuse.

Each row is one command line. A refusal is: exit 1, one message on stderr that starts with
`planner: ` and contains the words given, no traceback, nothing on stdout, and every file of
the database byte for byte as it was. Usage errors (a required option missing, two options
that exclude each other, an unknown command) exit 2 with argparse's usage text instead. A few
rows (`fine`) feed an absurd value that is still a valid one (a search for 100,000 characters):
exit 0, the normal answer on stdout, nothing on stderr, the database as it was.

A new command or option is covered by adding its rows to BAD (one line each);
`test_every_argument_has_rows` names any argument of any command that has none.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.reliability.harness import TODAY, cli, files

LONG_ID = "9" * 5000
UNDECODABLE = "Ana \udcff"  # how Python hands over a byte that is not UTF-8 in argv


@dataclass(frozen=True)
class Bad:
    argv: tuple[str, ...]
    words: str
    today: str = TODAY
    code: int = 1

    @property
    def id(self) -> str:
        shown = " ".join(
            arg if len(arg) <= 24 else arg[:20] + f"…({len(arg)})" for arg in self.argv
        )
        return (f"--today {self.today} " if self.today != TODAY else "") + shown


def bad(*argv: str, words: str, today: str = TODAY) -> Bad:
    return Bad(tuple(argv), words, today)


def usage(*argv: str, words: str = "usage:") -> Bad:
    return Bad(tuple(argv), words, code=2)


def fine(*argv: str, words: str) -> Bad:
    """A value no one would type that is still valid: answered normally, `words` on stdout."""
    return Bad(tuple(argv), words, code=0)


def controls(*argv: str, name: str) -> list[Bad]:
    """`argv` ended by text with a NUL, then by text with a terminal escape sequence: refused
    in words that name the argument (`name`), never dropped unseen or saved."""
    return [
        bad(*argv, "a\x00b", words=f"{name} 'a\\x00b' contains a control character (U+0000)"),
        bad(*argv, "\x1b[2Jred", words=f"{name} '\\x1b[2Jred' contains a control character"),
    ]


def ids(command: tuple[str, ...], what: str, *rest: str) -> list[Bad]:
    """Ids that name nothing or are not ids at all, for a command taking one (then `rest`)."""
    return [
        bad(*command, "abc", *rest, words=f"{what} id 'abc' is not a number"),
        bad(*command, "", *rest, words=f"{what} id '' is not a number"),
        bad(*command, "1.5", *rest, words="is not a number"),
        bad(*command, "-1", *rest, words="is not a number"),
        bad(*command, "²", *rest, words="is not a number"),
        bad(*command, "٣", *rest, words="is not a number"),
        bad(*command, "0", *rest, words="with id 0"),
        bad(*command, "99", *rest, words="with id 99"),
        bad(*command, LONG_ID, *rest, words="with id 9999"),
    ]


ADD = ("contacts", "add", "--name", "Cem")
BLOCK = ("blocks", "add", "--kind", "admin", "--day", "tue", "--start", "10:00", "--end", "11:00")
LOG = ("log", "1", "--channel", "call", "--purpose", "networking")
COFFEE = ("log", "1", "--channel", "coffee", "--purpose", "prospecting")
GOAL = ("goals", "add", "--metric", "referral_asks", "--target", "2")
GOAL_DONE = ("goals", "add", "--metric", "touches_done", "--target", "2")
MOVE_TO = ("--date", "2026-11-24", "--start", "09:00")
TOO_LONG = "too long"
CARD = "<card.vcf>"  # stands for a vCard that imports cleanly (see `card`)
NAME_TOO_LONG = "File name too long"  # the system's words for a path it refuses outright
CAL = ("calendars", "add", "work")
DAV = "https://dav.example.com/ana/work/"

BAD: list[Bad] = [
    # global options
    bad("contacts", "list", words="does not exist: February 2026 has 28 days", today="2026-02-30"),
    bad("contacts", "list", words="is not a date", today="25:00"),
    bad("contacts", "list", words="--today is required", today=""),
    bad("contacts", "list", words="from 1900 to 2999", today="0000-01-01"),
    bad("contacts", "list", words="from 1900 to 2999", today="9999-12-31"),
    bad(
        "contacts",
        "list",
        words="--today '2026-11-23\\x00' contains a control",
        today=TODAY + "\x00",
    ),
    # contacts add
    bad("contacts", "add", "--name", "", words="Name is required"),
    bad("contacts", "add", "--name", "   ", words="Name is required"),
    bad("contacts", "add", "--name", "x" * 201, words=TOO_LONG),
    bad("contacts", "add", "--name", UNDECODABLE, words="not valid UTF-8"),
    bad(*ADD, "--company", "x" * 201, words="Company is too long"),
    bad(*ADD, "--title", "x" * 201, words="Title is too long"),
    bad(*ADD, "--email", "not-an-address", words="does not look like an address"),
    bad(*ADD, "--email", "a@b." + "x" * 200, words="does not look like an address"),
    bad(*ADD, "--phone", "call me", words="Phone 'call me'"),
    bad(*ADD, "--phone", "1" * 61, words="Phone '11111111111111111111…' is too long"),
    bad(*ADD, "--tier", "D", words="Tier 'D' is not one of A, B or C"),
    bad(*ADD, "--tier", "", words="Tier is required"),
    bad(*ADD, "--tier", "1", words="Tier '1'"),
    bad(*ADD, "--relationship", "boss", words="Relationship 'boss'"),
    bad(*ADD, "--relationship", "", words="Relationship is required"),
    bad(*ADD, "--tag", "x" * 61, words="Tag"),
    bad(*ADD, "--met-at", "x" * 201, words="Where met is too long"),
    bad(*ADD, "--referred-by", "abc", words="'abc' is not a contact id"),
    bad(*ADD, "--referred-by", "99", words="no contact with id 99"),
    bad(*ADD, "--referred-by", "²", words="'²' is not a contact id"),
    bad(*ADD, "--referred-by", "-1", words="'-1' is not a contact id"),
    bad(*ADD, "--referred-by", "1.5", words="'1.5' is not a contact id"),
    bad(*ADD, "--referred-by", "0", words="no contact with id 0"),
    bad(*ADD, "--referred-by", LONG_ID, words="no contact with id 9999"),
    bad(*ADD, "--cadence", "-3", words="Cadence must be a whole number"),
    bad(*ADD, "--cadence", "0", words="Cadence must be a whole number"),
    bad(*ADD, "--cadence", "3651", words="from 1 to 3650"),
    bad(*ADD, "--cadence", "abc", words="Cadence"),
    bad(*ADD, "--cadence", "1.5", words="Cadence"),
    bad(*ADD, "--cadence", "1_0", words="Cadence must be a whole number"),
    bad(*ADD, "--cadence", "٣٠", words="Cadence must be a whole number"),
    bad(*ADD, "--cadence", "1e3", words="Cadence"),
    bad(*ADD, "--cadence", LONG_ID, words="Cadence"),
    bad(*ADD, "--notes", "x" * 100_001, words="Notes is too long (100,001 characters)"),
    bad(*ADD, "--url", "x" * 501, words="URL is too long"),
    *controls("contacts", "add", "--name", name="--name"),
    *controls(*ADD, "--company", name="--company"),
    *controls(*ADD, "--email", name="--email"),
    *controls(*ADD, "--phone", "+49 30 1234", "--phone", name="--phone"),
    *controls(*ADD, "--tag", name="--tag"),
    *controls(*ADD, "--notes", name="--notes"),
    # contacts list
    bad("contacts", "list", "--tier", "D", words="Tier 'D'"),
    bad("contacts", "list", "--relationship", "boss", words="Relationship 'boss'"),
    bad("contacts", "list", "--tier", "", words="Tier is required"),
    bad("contacts", "list", "--relationship", "", words="Relationship is required"),
    # --search takes any text: an absurd one finds no one (no limit, nothing to refuse), and
    # only text no one can type (a control character, bytes that are not UTF-8) is refused.
    fine("contacts", "list", "--search", "x" * 100_000, words="No contacts match."),
    fine("contacts", "list", "--search", "[bold]%s{0}\\", words="No contacts match."),
    fine("contacts", "list", "--search", "Ana" * 20_000, "--json", words="[]"),
    *controls("contacts", "list", "--search", name="--search"),
    bad("contacts", "list", "--search", UNDECODABLE, words="--search 'Ana \\xff' is not valid"),
    usage("contacts", "list", "--to-sort=yes", words="ignored explicit argument 'yes'"),
    bad("contacts", "list", "--to-sort", "--tier", "D", words="Tier 'D'"),
    # contacts show, edit, archive, remove
    *ids(("contacts", "show"), "Contact"),
    *ids(("contacts", "archive"), "Contact"),
    *ids(("contacts", "remove"), "Contact"),
    *ids(("contacts", "edit"), "Contact"),
    bad("contacts", "edit", "1", "--name", "", words="Name is required"),
    bad("contacts", "edit", "1", "--name", "x" * 201, words=TOO_LONG),
    bad("contacts", "edit", "1", "--tier", "Z", words="Tier 'Z'"),
    bad("contacts", "edit", "1", "--relationship", "enemy", words="Relationship 'enemy'"),
    bad("contacts", "edit", "1", "--email", "@", words="does not look like an address"),
    bad("contacts", "edit", "1", "--referred-by", "1", words="cannot be referred by themselves"),
    bad("contacts", "edit", "1", "--referred-by", "x", words="not a contact id"),
    bad("contacts", "edit", "1", "--cadence", "0", words="Cadence"),
    bad("contacts", "edit", "1", "--notes", "x" * 100_001, words=TOO_LONG),
    bad("contacts", "edit", "1", "--company", UNDECODABLE, words="not valid UTF-8"),
    bad("contacts", "edit", "1", "--title", "x" * 201, words="Title is too long"),
    *controls("contacts", "edit", "1", "--title", name="--title"),
    bad("contacts", "edit", "1", "--phone", "call me", words="Phone 'call me' has no digits"),
    bad("contacts", "edit", "1", "--phone", "+", words="Phone '+' has no digits"),
    bad("contacts", "edit", "1", "--phone", "1" * 61, words="Phone '1111"),
    bad("contacts", "edit", "1", "--phone", "030 1234", "--phone", "x", words="Phone 'x'"),
    *controls("contacts", "edit", "1", "--phone", name="--phone"),
    bad("contacts", "edit", "1", "--tag", "x" * 61, words="keep tags to 60"),
    bad("contacts", "edit", "1", "--tag", "vip", "--tag", "y" * 1000, words="Tag 'yyyy"),
    *controls("contacts", "edit", "1", "--tag", name="--tag"),
    bad("contacts", "edit", "1", "--met-at", "x" * 201, words="Where met is too long"),
    bad("contacts", "edit", "1", "--met-at", "x" * 100_000, words="Where met is too long"),
    *controls("contacts", "edit", "1", "--met-at", name="--met-at"),
    bad("contacts", "edit", "1", "--url", "x" * 501, words="URL is too long"),
    *controls("contacts", "edit", "1", "--url", name="--url"),
    # contacts merge and duplicates
    *ids(("contacts", "merge"), "Contact", "2"),
    *ids(("contacts", "merge", "1"), "Contact"),
    *ids(("contacts", "merge"), "Contact", "2", "--json"),
    bad("contacts", "merge", "1", "1", words="Contact 1 cannot be merged into itself"),
    bad("contacts", "merge", "2", "2", "--json", words="cannot be merged into itself"),
    bad("contacts", "merge", "1", "01", words="cannot be merged into itself"),
    *controls("contacts", "merge", "1", name="OTHER"),
    bad("contacts", "merge", "1", UNDECODABLE, words="OTHER 'Ana \\xff' is not valid UTF-8"),
    usage("contacts", "merge", "1"),
    usage("contacts", "merge"),
    usage("contacts", "merge", "1", "2", "3"),
    usage("contacts", "duplicates", "1"),
    usage("contacts", "duplicates", "--bogus"),
    # blocks add
    bad("blocks", "add", "--kind", "sales", *BLOCK[4:], words="Kind 'sales'"),
    bad("blocks", "add", "--kind", "", *BLOCK[4:], words="Kind is required"),
    bad(*BLOCK[:6], "--start", "25:00", "--end", "26:00", words="Start '25:00' is not a time"),
    bad(*BLOCK[:6], "--start", "12:60", "--end", "13:00", words="Start '12:60'"),
    bad(*BLOCK[:6], "--start", "9", "--end", "10:00", words="Start '9'"),
    bad(*BLOCK[:6], "--start", "", "--end", "10:00", words="Start is required"),
    bad(*BLOCK[:6], "--start=-1:00", "--end", "10:00", words="Start '-1:00'"),
    bad(*BLOCK[:6], "--start", "9:00am", "--end", "10:00", words="Start '9:00am'"),
    bad(*BLOCK[:6], "--start", "10:00", "--end", "24:00", words="End '24:00'"),
    bad(*BLOCK[:6], "--start", "10:00", "--end", "09:00", words="must be after start"),
    bad(*BLOCK[:6], "--start", "10:00", "--end", "10:00", words="must be after start"),
    bad(*BLOCK[:4], "--day", "xyz", *BLOCK[6:], words="Day 'xyz'"),
    bad(*BLOCK[:4], "--day", "", *BLOCK[6:], words="needs a weekday"),
    bad(*BLOCK[:4], "--date", "2026-02-30", *BLOCK[6:], words="February 2026 has 28 days"),
    bad(*BLOCK[:4], "--date", "2026-13-01", *BLOCK[6:], words="has no month 13"),
    bad(*BLOCK[:4], "--date", "26-1-1", *BLOCK[6:], words="is not a date"),
    bad(*BLOCK[:4], "--date", "0000-01-01", *BLOCK[6:], words="from 1900 to 2999"),
    bad(*BLOCK[:4], "--date", "10000-01-01", *BLOCK[6:], words="is not a date"),
    bad(*BLOCK, "--label", "x" * 81, words="Label is too long"),
    *controls(*BLOCK, "--label", name="--label"),
    bad(*BLOCK[:4], "--day", "mon", *BLOCK[6:], words="overlaps block 1"),
    # blocks list, edit, remove
    bad("blocks", "list", "--week", "2026-W54", words="2026 has no week 54"),
    bad("blocks", "list", "--week", "2026-W00", words="has no week 0"),
    bad("blocks", "list", "--week", "abc", words="is not an ISO week"),
    bad("blocks", "list", "--week", "9999-W52", words="from 1900 to 2999"),
    bad("blocks", "list", "--week", "", words="Week '' is not an ISO week"),
    *ids(("blocks", "remove"), "Block"),
    *ids(("blocks", "edit"), "Block"),
    bad("blocks", "edit", "1", "--kind", "nap", words="Kind 'nap'"),
    bad("blocks", "edit", "1", "--start", "25:00", words="Start '25:00'"),
    bad("blocks", "edit", "1", "--end", "08:00", words="must be after start"),
    bad("blocks", "edit", "1", "--day", "someday", words="Day 'someday'"),
    bad("blocks", "edit", "1", "--date", "2026-02-29", words="February 2026 has 28 days"),
    bad("blocks", "edit", "1", "--label", "x" * 81, words="Label is too long"),
    # goals
    bad("goals", "add", "--metric", "fun", "--target", "2", words="Metric 'fun'"),
    bad("goals", "add", "--metric", "", "--target", "2", words="Metric is required"),
    bad("goals", "add", "--metric", "referral_asks", "--target", "-2", words="cannot be negative"),
    bad("goals", "add", "--metric", "referral_asks", "--target", "abc", words="not a number"),
    bad("goals", "add", "--metric", "referral_asks", "--target", "", words="is required"),
    bad("goals", "add", "--metric", "referral_asks", "--target", "nan", words="not a number"),
    bad("goals", "add", "--metric", "referral_asks", "--target", "inf", words="not a number"),
    bad("goals", "add", "--metric", "referral_asks", "--target", "1.5", words="whole numbers"),
    bad("goals", "add", "--metric", "referral_asks", "--target", "10000000", words="too large"),
    bad("goals", "add", "--metric", "referral_asks", "--target", "1e7", words="not a number"),
    bad("goals", "add", "--metric", "referral_asks", "--target", "1_000", words="not a number"),
    bad("goals", "add", "--metric", "referral_asks", "--target", "٣", words="not a number"),
    bad("goals", "add", "--metric", "prospecting_share", "--target", "140", words="more than 100"),
    bad("goals", "add", "--metric", "touches_done", "--target", "2", "--tier", "D", words="Tier"),
    bad("goals", "add", "--metric", "new_contacts", "--target", "2", "--tier", "A", words="tier"),
    bad(*GOAL_DONE, "--channel", "fax", words="Channel 'fax' is not one of call, email"),
    bad(*GOAL_DONE, "--channel", "x" * 5000, words="Channel 'xxxxxxxx"),
    bad(*GOAL, "--channel", "call", words="A channel only applies to touches done"),
    *controls(*GOAL_DONE, "--channel", name="--channel"),
    bad("goals", "list", "--week", "2026-W60", words="2026 has no week 60"),
    bad("goals", "list", "--week", "", words="Week '' is not an ISO week"),
    *ids(("goals", "remove"), "Goal"),
    *ids(("goals", "edit"), "Goal"),
    bad("goals", "edit", "1", "--target", "-1", words="cannot be negative"),
    bad("goals", "edit", "1", "--target", "2.5", words="whole numbers"),
    bad("goals", "edit", "1", "--metric", "fun", words="Metric 'fun'"),
    bad("goals", "edit", "1", "--tier", "Q", words="Tier 'Q'"),
    bad("goals", "edit", "1", "--channel", "fax", words="Channel 'fax'"),
    bad(
        "goals",
        "edit",
        "1",
        "--metric",
        "referral_asks",
        "--channel",
        "call",
        words="A channel only applies to touches done, not to referral asks",
    ),
    # log
    *ids(("log",), "Contact", *LOG[2:]),
    bad("log", "1", "--channel", "fax", "--purpose", "networking", words="Channel 'fax'"),
    bad("log", "1", "--channel", "", "--purpose", "networking", words="Channel is required"),
    bad("log", "1", "--channel", "call", "--purpose", "sales", words="Purpose 'sales'"),
    bad("log", "1", "--channel", "call", "--purpose", "", words="Purpose is required"),
    bad(*LOG, "--date", "2026-02-30", words="February 2026 has 28 days"),
    bad(*LOG, "--date", "2026-11-24", words="after today"),
    bad(*LOG, "--date", "0000-01-01", words="from 1900 to 2999"),
    bad(*LOG, "--date", "9999-12-31", words="from 1900 to 2999"),
    bad(*LOG, "--date", "tomorrow", words="is not a date"),
    bad(*LOG, "--time", "25:00", words="Time '25:00' is not a time"),
    bad(*LOG, "--time", "noon", words="Time 'noon'"),
    bad(*LOG, "--note", "x" * 10_001, words="Note is too long"),
    bad(*LOG, "--note", UNDECODABLE, words="--note 'Ana \\xff' is not valid UTF-8"),
    *controls(*LOG, "--note", name="--note"),
    bad(*LOG, "--date", "", words="Date is required"),
    bad(*LOG, "--time", "", words="Time is required"),
    bad("log", "2", "--channel", "call", "--purpose", "prospecting", words="marked as a friend"),
    bad("log", "2", "--channel", "call", "--purpose", "referral_ask", words="marked as a friend"),
    # log: prospecting over coffee, a meeting or an event says whether they knew the purpose
    bad(*COFFEE, words="add --stated if they did, or --not-stated to record it as networking"),
    bad("log", "1", "--channel", "event", "--purpose", "prospecting", words="--not-stated"),
    usage(*COFFEE, "--stated", "--not-stated", words="not allowed with argument --stated"),
    bad(*COFFEE, "--stated", "--date", "2026-11-24", words="after today"),
    bad(*COFFEE, "--not-stated", "--note", "x" * 10_001, words="Note is too long"),
    bad("log", "2", "--channel", "coffee", "--purpose", "prospecting", "--stated", words="friend"),
    # demo
    bad("demo", words="already holds data"),
    bad("demo", "--contacts", "0", words="--contacts must be a whole number from 1"),
    bad("demo", "--contacts", "abc", words="--contacts"),
    bad("demo", "--contacts", "²", words="--contacts"),
    bad("demo", "--contacts", "-5", words="--contacts"),
    bad("demo", "--contacts=--5", words="--contacts"),
    bad("demo", "--contacts", "100001", words="--contacts"),
    bad("demo", "--contacts", LONG_ID, words="--contacts"),
    bad("demo", "--weeks", "-1", words="--weeks"),
    bad("demo", "--weeks", "521", words="--weeks"),
    bad("demo", "--seed", "x", words="--seed"),
    # plan, touches and the check-off commands (touch 1 is a done touch with Ana)
    bad("plan", "--week", "2026-W54", words="2026 has no week 54"),
    bad("plan", "--week", "2026-W40", words="is over"),
    bad("plan", "--week", "9999-W01", words="from 1900 to 2999"),
    bad("touches", "--week", "abc", words="is not an ISO week"),
    bad("touches", "--status", "gone", words="Status 'gone'"),
    bad("touches", "--status", "", words="Status is required"),
    bad("touches", "--week", "", words="Week '' is not an ISO week"),
    bad("plan", "--week", "", words="Week '' is not an ISO week"),
    bad("review", "--week", "", words="Week '' is not an ISO week"),
    *ids(("done",), "Touch"),
    bad("done", "1", "--note", "x" * 10_001, words="Note is too long"),
    *controls("done", "1", "--note", name="--note"),
    bad("done", "1\x00", words="ID '1\\x00' contains a control character"),
    # touch 2 is a planned prospecting coffee with Ana: checking it off needs the answer
    bad("done", "2", words="A prospecting coffee counts as prospecting only if"),
    bad("done", "2", "--follow-up", words="add --stated if they did, or --not-stated"),
    usage("done", "2", "--stated", "--not-stated", words="not allowed with argument --stated"),
    bad("done", "2", "--not-stated", "--note", "x" * 10_001, words="Note is too long"),
    *ids(("done",), "Touch", "--stated"),
    *ids(("skip",), "Touch"),
    *ids(("pin",), "Touch"),
    *ids(("move",), "Touch", "--date", "2026-11-24", "--start", "09:00"),
    bad("move", "1", "--date", "2026-02-30", "--start", "09:00", words="has 28 days"),
    bad("move", "1", "--date", "2026-11-24", "--start", "25:00", words="Start '25:00'"),
    bad("move", "1", "--date", "2026-11-30", "--start", "09:00", words="Only planned touches"),
    bad("review", "--week", "2026-W99", words="has no week 99"),
    bad("heatmap", "--weeks", "3", words="--weeks must be a whole number from 4 to 52"),
    bad("heatmap", "--weeks", "53", words="--weeks must be a whole number from 4 to 52"),
    bad("heatmap", "--weeks", "abc", words="--weeks"),
    # sources
    bad("sources", "--weeks", "0", words="--weeks must be a whole number from 1 to 520"),
    bad("sources", "--weeks", "521", words="--weeks must be a whole number from 1 to 520"),
    bad("sources", "--weeks", "-4", words="--weeks must be a whole number"),
    bad("sources", "--weeks", "abc", words="not 'abc'"),
    bad("sources", "--weeks", "", words="--weeks must be a whole number"),
    bad("sources", "--weeks", "٣", words="--weeks must be a whole number"),
    bad("sources", "--weeks", LONG_ID, words="--weeks must be a whole number"),
    *controls("sources", "--weeks", name="--weeks"),
    usage("sources", "--bogus"),
    bad("heatmap", "--limit", "0", words="--limit must be a whole number from 1 to 1000000"),
    bad("heatmap", "--limit", "ten", words="--limit must be a whole number"),
    # import and export
    bad("import", "/no/such/file.vcf", words="There is no file /no/such/file.vcf"),
    bad("import", "/", words="is a folder"),
    bad("import", "/dev/null", words="The file is empty"),
    bad("import", "/proc/version", words="not one planner can import"),
    bad("import", "/proc/version", "--format", "xml", words="Format 'xml' is not one of"),
    bad("import", "/proc/version", "--format", "vcard", words="This is not"),
    bad("import", "/proc/version", "--tier", "D", words="Tier 'D'"),
    bad("import", "/proc/version", "--relationship", "boss", words="Relationship 'boss'"),
    bad("import", "", words="FILE is empty"),
    bad("import", "/tmp/" + "x" * 300, words=NAME_TOO_LONG),
    *controls("import", name="FILE"),
    bad("import", CARD, "--tier", "", words="Tier is required"),
    bad("import", CARD, "--tag", "x" * 61, words="keep tags to 60"),
    bad("import", CARD, "--tag", "vip", "--tag", "y" * 100_000, words="Tag 'yyyy"),
    *controls("import", CARD, "--tag", name="--tag"),
    bad("import", CARD, "--tag", "ok", "--tag", UNDECODABLE, words="--tag 'Ana \\xff' is not"),
    bad("export", "ics", "-o", "/no/such/folder/week.ics", words="does not exist"),
    bad("export", "ics", "--week", "2026-W54", "-o", "/no/week.ics", words="has no week 54"),
    bad("export", "csv", "contacts", "-o", "/", words="is a folder"),
    bad("export", "csv", "contacts", "-o", "", words="--output is empty"),
    bad("export", "ics", "-o", " ", words="--output is empty"),
    bad("export", "ics", "--week", "", "-o", "-", words="Week '' is not an ISO week"),
    bad("export", "csv", "touches", "-o", "/tmp/" + "x" * 300, words=NAME_TOO_LONG),
    bad("export", "ics", "-o", "x" * 5000, words=NAME_TOO_LONG),
    *controls("export", "csv", "contacts", "-o", name="--output"),
    usage("export", "csv", "people", "-o", "x.csv"),
    usage("export", "ics"),
    usage("move", "1", "--date", "2026-11-24"),
    # usage errors
    usage("contacts", "add"),
    usage("contacts", "show"),
    usage("contacts"),
    usage("contacts", "list", "--bogus"),
    usage("frobnicate"),
    usage("blocks", "add", "--kind", "admin", "--start", "09:00", "--end", "10:00"),
    usage(*BLOCK, "--date", "2026-11-24", words="not allowed with argument"),
    usage("goals", "add", "--metric", "touches_done"),
    usage("log", "1", "--channel", "call"),
    usage("log"),
    usage("doctor", "--bogus"),
    usage("restore"),
    bad("restore", "nope.json", words="There is no backup nope.json"),
    bad("restore", "", words="BACKUP is empty"),
    bad("restore", "x" * 5000, words=NAME_TOO_LONG),
    *controls("restore", name="BACKUP"),
    bad("serve", "--port", "http", words="--port 'http' is not a port number"),
    bad("serve", "--port", "70000", words="--port '70000' is not a port number"),
    bad("serve", "--port", "-1", words="--port '-1' is not a port number"),
    bad("serve", "--port", "٨٠", words="is not a port number"),
    bad("serve", "--port", LONG_ID, words="is not a port number"),
    bad("serve", "--host", "0.0.0.0", words="add --allow-remote"),
    bad("serve", "--host", "::", words="add --allow-remote"),
    bad("serve", "--host", "", words="--host is empty"),
    *controls("serve", "--host", name="--host"),
    *controls("serve", "--port", name="--port"),
    # calendars, busy time and publishing (nothing is fetched: each is refused before)
    bad("calendars", "add", "", "--ics", "/tmp/a.ics", words="A calendar needs a name"),
    bad("calendars", "add", "x" * 41, "--ics", "/tmp/a.ics", words="at most 40 characters"),
    bad("calendars", "add", UNDECODABLE, "--ics", "/tmp/a.ics", words="not valid UTF-8"),
    *controls("calendars", "add", "--ics", "/tmp/a.ics", name="NAME"),
    bad(*CAL, "--ics", "", words="Give the calendar's file or its address after --ics"),
    bad(*CAL, "--ics", "ftp://example.com/a.ics", words="'ftp://' addresses cannot be read"),
    *controls(*CAL, "--ics", name="--ics"),
    bad(*CAL, "--caldav", "dav.example.com/cal", words="is not an http(s) address"),
    bad(*CAL, "--caldav", "https://ana:hunter2@dav.example.com/", words="never stored"),
    bad(*CAL, "--caldav", "", words="is not an http(s) address"),
    *controls(*CAL, "--caldav", name="--caldav"),
    bad(*CAL, "--ics", "/tmp/a.ics", "--user", "ana", words="A file needs no user"),
    bad(*CAL, "--caldav", "https://ana@dav.example.com/c/", "--user", "bo", words="user once"),
    *controls(*CAL, "--caldav", DAV, "--user", name="--user"),
    bad(*CAL, "--ics", "/tmp/a.ics", "--password-command", "pass x", words="needs no password"),
    *controls(*CAL, "--caldav", DAV, "--password-command", name="--password-command"),
    bad(*CAL, "--ics", "/tmp/a.ics", "--all-day", "maybe", words="--all-day is busy or free"),
    bad(*CAL, "--ics", "/tmp/a.ics", "--all-day", "", words="--all-day is busy or free"),
    bad(*CAL, "--ics", "/tmp/a.ics", "--buffer", "-5", words="whole number of minutes, not '-5'"),
    bad(*CAL, "--ics", "/tmp/a.ics", "--buffer", "300", words="0 to 240 minutes, not 300"),
    bad(*CAL, "--ics", "/tmp/a.ics", "--buffer", "٣", words="whole number of minutes"),
    bad(*CAL, "--ics", "/tmp/a.ics", "--publish", words="Only a CalDAV calendar can receive"),
    bad(*CAL, "--caldav", DAV, "--alarm", "5", words="--alarm is for the calendar that receives"),
    bad(*CAL, "--caldav", DAV, "--publish", "--alarm", "2000", words="0 to 1440 minutes"),
    bad(*CAL, "--caldav", DAV, "--publish", "--alarm", "soon", words="not 'soon'"),
    usage(*CAL),
    usage(*CAL, "--ics", "/tmp/a.ics", "--caldav", DAV, words="not allowed with argument"),
    usage("calendars"),
    usage("calendars", "add"),
    bad("calendars", "remove", "nope", words="There is no calendar named 'nope'"),
    bad("calendars", "remove", "", words="There is no calendar named ''"),
    *controls("calendars", "remove", name="NAME"),
    bad("calendars", "refresh", "nope", words="There is no calendar named 'nope'"),
    *controls("calendars", "refresh", name="NAME"),
    bad("calendars", "met", "--days", "0", words="--days must be a whole number from 1 to 365"),
    bad("calendars", "met", "--days", "366", words="--days must be a whole number from 1 to"),
    bad("calendars", "met", "--days", "two", words="--days"),
    bad("busy", "--week", "2026-W99", words="has no week 99"),
    bad("busy", "--week", "", words="Week '' is not an ISO week"),
    bad("publish", words="No calendar receives the week"),
    bad("publish", "--week", "2026-W54", words="has no week 54"),
]


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ana (1, an A customer), Ben (2, a friend), block 1, goal 1, a logged touch (1) and a
    prospecting coffee with Ana planned for tomorrow (2)."""
    from datetime import date, time

    from planner.domain import Channel, Purpose
    from planner.domain.model import Touch
    from planner.store import Store

    db = tmp_path_factory.mktemp("network") / "planner.json"
    for argv in (
        ("contacts", "add", "--name", "Ana Müller", "--tier", "A", "--relationship", "customer"),
        ("contacts", "add", "--name", "Ben Okafor", "--relationship", "friend"),
        ("blocks", "add", "--kind", "prospecting", "--day", "mon", "--start", "09:00"),
        ("goals", "add", "--metric", "touches_done", "--target", "5", "--tier", "A"),
        ("log", "1", "--channel", "coffee", "--purpose", "networking"),
    ):
        if argv[:2] == ("blocks", "add"):
            argv = (*argv, "--end", "11:00")
        result = cli(db, *argv)
        assert result.code == 0, result.err
    store = Store.open(db)
    with store.transaction() as tx:
        tx.put_touch(
            Touch(
                id=tx.new_touch_id(),
                contact_id=1,
                purpose=Purpose.PROSPECTING,
                channel=Channel.COFFEE,
                date=date(2026, 11, 24),
                start=time(12, 0),
                end=time(13, 0),
            )
        )
    return db


@pytest.fixture
def db(network: Path, tmp_path: Path) -> Path:
    shutil.copytree(network.parent, tmp_path / "data")
    return tmp_path / "data" / "planner.json"


@pytest.fixture(scope="module")
def card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vCard that imports cleanly (one new person), so that only the options are wrong."""
    path = tmp_path_factory.mktemp("files") / "card.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Vega\r\nEND:VCARD\r\n")
    return path


@pytest.mark.parametrize("case", BAD, ids=lambda case: case.id)
def test_bad_input_is_refused_in_words_and_changes_nothing(case: Bad, db: Path, card: Path) -> None:
    before = files(db.parent)
    argv = [str(card) if arg == CARD else arg for arg in case.argv]
    result = cli(db, *argv, today=case.today)
    assert result.code == case.code, (result.out[:500], result.err[:500])
    assert "Traceback" not in result.err
    if case.code == 0:
        assert result.err == ""
        assert case.words in result.out, result.out[:500]
    else:
        assert result.out == ""
        assert case.words in result.err, result.err[:500]
    if case.code == 1:
        assert result.err.startswith("planner: "), result.err
        assert result.err.count("\nplanner: ") == 0, "more than one message"
    assert files(db.parent) == before, "a refused command changed the database"


def test_the_vcard_of_the_import_rows_imports(db: Path, card: Path) -> None:
    """The import rows refuse for their options, not for the file."""
    result = cli(db, "import", str(card), "--tag", "vip", "--dry-run")
    assert result.code == 0 and "Would add 1," in result.out, result


def test_white_space_is_not_a_control_character(db: Path) -> None:
    """Tabs and new lines are refused nowhere: notes keep their lines, a name its words."""
    result = cli(db, "contacts", "add", "--name", "Cem\tYıldız", "--notes", "one\ntwo\tthree")
    assert result.code == 0, result.err
    shown = cli(db, "contacts", "show", result.out.strip(), "--json")
    assert '"name": "Cem Yıldız"' in shown.out and "one\\ntwo\\tthree" in shown.out


def test_every_command_has_rows(db: Path) -> None:
    """Adding a command without rows in BAD fails here."""
    from planner.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    covered = {case.argv[0] for case in BAD if case.argv}
    missing = sorted(name for name in commands if name not in covered)
    assert not missing, f"commands with no bad-input rows: {missing}"


def _scaffold(*argvs: tuple[str, ...]) -> dict[str, set[str]]:
    """The values of the options in `argvs`, by option."""
    values: dict[str, set[str]] = {}
    for argv in argvs:
        for flag, value in zip(argv, argv[1:], strict=False):
            if flag.startswith("--"):
                values.setdefault(flag, set()).add(value)
    return values


#: Values rows pass only to complete a command line around the bad one; each is valid where it
#: appears, so giving it is not a row *for* that argument.
SCAFFOLD = _scaffold(ADD, BLOCK, LOG, GOAL, GOAL_DONE, MOVE_TO) | {
    "ID": {"1", "2"},
    "NAME": {"work"},
    "--caldav": {DAV},
    "--ics": {"/tmp/a.ics"},
    "CONTACT_ID": {"1", "2"},
    "FILE": {CARD},
    "what": {"contacts", "touches"},
}

#: Arguments whose bad values are tried by a test of their own rather than by rows of BAD.
ELSEWHERE = {"--db": "test_an_empty_or_unusable_database_path_is_refused"}


def _arguments(
    parser: argparse.ArgumentParser, command: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.Action]]:
    """Every argument that takes a value (options and positionals, not flags), with the
    command it belongs to (`()` for the global options)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _arguments(sub, (*command, name))
        elif action.nargs != 0:
            yield command, action


def _name(action: argparse.Action) -> str:
    """How argparse names an argument in its errors: `-o/--output`, `ID`, `what`."""
    if action.option_strings:
        return "/".join(action.option_strings)
    return str(action.metavar or action.dest)


def _targets(parser: argparse.ArgumentParser, case: Bad) -> set[tuple[tuple[str, ...], str]]:
    """The arguments a row feeds a bad value: those given anything but scaffolding, or the one
    argparse itself refused (for usage rows)."""
    targets = set()
    if case.today != TODAY:
        targets.add(((), "--today"))
    command: tuple[str, ...] = ()
    sub: argparse.ArgumentParser = parser
    for word in case.argv:
        choices = next(
            (a.choices for a in sub._actions if isinstance(a, argparse._SubParsersAction)), {}
        )
        if word not in choices:
            break
        command, sub = (*command, word), choices[word]
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            namespace = parser.parse_args(case.argv)
    except SystemExit:
        refused = re.search(r"error: argument ([^:]+):", err.getvalue())
        if refused:
            targets.add((command, refused.group(1)))
        return targets
    for action in sub._actions:
        value = getattr(namespace, action.dest, None)
        if action.nargs == 0 or value is None or value == action.default:
            continue
        given = value if isinstance(value, list) else [value]
        if any(each not in SCAFFOLD.get(_name(action).split("/")[-1], ()) for each in given):
            targets.add((command, _name(action)))
    return targets


def test_every_argument_has_rows() -> None:
    """Adding an option (or an argument) without a row in BAD that feeds it a bad value fails
    here, naming it."""
    from planner.cli import build_parser

    parser = build_parser()
    covered = set().union(*(_targets(parser, case) for case in BAD))
    missing = [
        " ".join((*command, _name(action)))
        for command, action in _arguments(parser)
        if (command, _name(action)) not in covered and _name(action) not in ELSEWHERE
    ]
    assert not missing, f"arguments with no bad-input row in BAD: {', '.join(missing)}"


def test_an_empty_or_unusable_database_path_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x")
    too_long = tmp_path / ("x" * 300) / "planner.json"
    for db, words, commands in (
        ("", "--db is empty", ()),
        (str(folder), "Is a directory", ()),
        (str(not_a_folder / "planner.json"), "Not a directory", ()),
        (str(too_long), "File name too long", (("doctor",), ("restore", "b.json"))),
        (str(tmp_path / "a\x00b.json"), "--db '", (("doctor",),)),
    ):
        for argv in (("contacts", "list"), ("contacts", "add", "--name", "Ana"), *commands):
            result = cli(Path(db) if db else Path(), *argv) if db else cli_raw(argv)
            assert result.code == 1, (db, argv, result)
            assert result.err.startswith("planner: ") and words in result.err, result.err
            assert "Traceback" not in result.err
    assert list(folder.iterdir()) == [] and not_a_folder.read_text() == "x"
    made = {path.name for path in tmp_path.iterdir()} - {"home"}  # home: the isolated one
    assert made == {"a-file", "a-folder"}, "a refused --db made a file or folder"
    assert not (tmp_path / "home" / ".local").exists(), "an empty --db fell back to the default"


def cli_raw(argv: tuple[str, ...]):  # type: ignore[no-untyped-def]
    import contextlib
    import io

    from planner.cli import run
    from tests.reliability.harness import Result

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["--db", "", *argv])
    return Result(code, out.getvalue(), err.getvalue())


def test_the_store_refuses_text_it_cannot_save_and_keeps_the_old_state(db: Path) -> None:
    """The app and the importers reach the store without the command line's check: text with
    lone surrogates (undecodable bytes read with `surrogateescape`) must be refused in words,
    with memory and disk as they were."""
    from planner import service
    from planner.domain.errors import PlannerError
    from planner.store import Store
    from tests.reliability.harness import content

    store = Store.open(db)
    before, before_files = content(store), files(db.parent)
    for change in (
        lambda: service.add_contact(store, today=store.contact(1).added, name=UNDECODABLE),
        lambda: service.edit_contact(store, 1, notes="fine\n" + UNDECODABLE),
        lambda: service.log_touch(
            store, 1, channel="call", purpose="networking", day=TODAY, note=UNDECODABLE
        ),
    ):
        with pytest.raises(PlannerError, match="cannot be saved") as caught:
            change()
        assert str(db) in caught.value.message
        assert content(store) == before
        assert files(db.parent) == before_files
    service.add_contact(store, today=store.contact(1).added, name="Cem")
    assert max(store.contacts) == 3, "a refused change used up an id"


def test_the_first_and_last_accepted_days_work_everywhere_afterwards(db: Path) -> None:
    """A date at either end of the accepted range must not break any later command (a due
    date or a week computed from it once ran past the calendar and crashed every listing)."""
    for day in ("1900-01-01", "2999-12-31"):
        logged = cli(
            db, "log", "1", "--channel", "call", "--purpose", "value", "--date", day, today=day
        )
        assert logged.code == 0, logged.err
        assert cli(db, *BLOCK[:4], "--date", day, "--start", "07:00", "--end", "08:00").code == 0
    for today in ("1900-01-01", "2999-12-31"):
        for argv in (
            ("contacts", "show", "1"),
            ("contacts", "list"),
            ("blocks", "list"),
            ("goals", "list"),
            ("blocks", "list", "--week", "2999-W52"),
            ("goals", "list", "--week", "1900-W01"),
        ):
            result = cli(db, *argv, "--json", today=today)
            assert result.code == 0, (today, argv, result.err)
