"""planner's own contacts CSV: written by `contacts_to_csv`, read back by `read_contacts` whole.

One row per contact under a header of readable names (`COLUMNS`). Several emails, phones or tags
share one cell, one per line: the domain rules keep line breaks out of each of them, so the cell
splits back exactly. A value a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
`@`, a tab or a carriage return: names come from other people's LinkedIn profiles) is written with
a leading `'`, which this reader removes again; a value that itself starts with `'` followed by
one of those, or by another `'`, gets one more, so every value comes back as it was.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from itertools import islice
from typing import TypeVar

from planner.domain.errors import ValidationError
from planner.domain.model import Contact
from planner.domain.validation import (
    clean_emails,
    parse_cadence,
    parse_date,
    parse_relationship,
    parse_tier,
)
from planner.io.records import EntryCleaner, Incoming

COLUMNS: tuple[str, ...] = (
    "Id",
    "Name",
    "Company",
    "Title",
    "Emails",
    "Phones",
    "Tier",
    "Relationship",
    "Tags",
    "Where met",
    "Referred by",
    "Cadence (days)",
    "Notes",
    "Archived",
    "Added",
    "URL",
    "Customer since",
)
#: A header with all of these (any case) is planner's own contacts CSV.
SIGNATURE = frozenset({"name", "tier", "relationship"})

_FORMULA_START = frozenset("=+-@\t\r")
_EMAIL_SPLIT = re.compile(r"[\s,;]+")
_TRUE = frozenset({"yes", "true", "1", "y", "x", "archived"})
_FALSE = frozenset({"", "no", "false", "0", "n"})


def guard(value: str) -> str:
    """`value` as a spreadsheet will not run it as a formula; `unguard` undoes it exactly."""
    if value[:1] in _FORMULA_START or (value[:1] == "'" and _guarded(value)):
        return "'" + value
    return value


def unguard(value: str) -> str:
    return value[1:] if value[:1] == "'" and _guarded(value) else value


def _guarded(value: str) -> bool:
    second = value[1:2]
    return second != "" and (second in _FORMULA_START or second == "'")


_NEEDS_QUOTES = re.compile(r'[",\r\n]')


def csv_cell(value: str) -> str:
    """One value as `csv_bytes` writes it: guarded against formulas, then quoted as the CSV
    writer quotes (only a value holding a comma, a quote or a line break, its quotes doubled).
    For writers that put rows together from values written once and used many times."""
    value = guard(value)
    if _NEEDS_QUOTES.search(value) is None:
        return value
    return '"' + value.replace('"', '""') + '"'


def csv_text(header: Sequence[str], lines: Iterable[str], *, bom: bool) -> bytes:
    """A CSV file of `header` and `lines` (rows already written with `csv_cell`, each ending
    in CRLF), in the dialect of `csv_bytes`. The lines are encoded a thousand at a time:
    joined whole first, a single character beyond Latin-1 (the byte-order mark is one) would
    make the text of the whole file twice or four times its size before it is encoded."""
    chunks, rest = [csv_bytes(header, (), bom=bom)], iter(lines)
    while batch := list(islice(rest, 1024)):
        chunks.append("".join(batch).encode("utf-8"))
    return b"".join(chunks)


class _Sink:
    """Where the CSV writer writes: straight into a list of lines."""

    write: Callable[[str], object]


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, bom: bool, guarded: bool = False
) -> bytes:
    """UTF-8 CSV with CRLF line ends, every value guarded against formulas (`guarded`: the
    caller has guarded every value that needs it already).

    With `bom` (the default of the exports) the file starts with a UTF-8 byte-order mark, which
    Excel needs to read UTF-8 rather than the Windows code page; LibreOffice, Numbers, Google
    Sheets and planner itself read it either way.
    """
    lines: list[str] = []
    sink = _Sink()
    sink.write = lines.append
    writer = csv.writer(sink, lineterminator="\r\n")
    writer.writerow(header)
    write, append, separators = writer.writerow, lines.append, len(header) - 1
    for cells in rows:
        row = cells if guarded else [guard(cell) for cell in cells]
        line = ",".join(row)
        # Most rows need no quoting (no comma, quote or line break in any value): joined as
        # they are, which is what the writer would write, at a third of its cost.
        if (
            separators
            and line.count(",") == separators
            and '"' not in line
            and "\n" not in line
            and "\r" not in line
        ):
            append(line + "\r\n")
        else:
            write(row)
    text = "".join(lines)
    return ("\ufeff" + text if bom else text).encode("utf-8")


def contacts_to_csv(contacts: Iterable[Contact], *, bom: bool = True) -> bytes:
    """All fields of each contact, in the order given, under `COLUMNS`."""
    return csv_bytes(COLUMNS, (contact_row(contact) for contact in contacts), bom=bom)


def contact_row(contact: Contact) -> list[str]:
    """A contact still to sort has no tier in the file: read back, it is to sort again."""
    return [
        str(contact.id),
        contact.name,
        contact.company,
        contact.title,
        "\n".join(contact.emails),
        "\n".join(contact.phones),
        "" if contact.to_sort else contact.tier.value,
        contact.relationship.value,
        "\n".join(contact.tags),
        contact.met_at,
        "" if contact.referred_by is None else str(contact.referred_by),
        "" if contact.cadence_days is None else str(contact.cadence_days),
        contact.notes,
        "yes" if contact.archived else "",
        contact.added.isoformat(),
        contact.url,
        "" if contact.customer_since is None else contact.customer_since.isoformat(),
    ]


def read_row(cells: Mapping[str, str], cleaner: EntryCleaner, today: date) -> Incoming | None:
    """One row of planner's contacts CSV; `cells` maps lower-case column names to values.

    A bad tier or relationship falls back to the import's own (with a problem), a bad cadence
    to the tier's, a bad `Added` date to today; a bad `Id` or `Referred by` drops the link.
    """

    def cell(key: str) -> str:
        return unguard(cells.get(key, ""))

    name = cleaner.name(cell("name"), missing="No name; not imported.")
    if name is None:
        return None
    tier = _optional(cleaner, parse_tier, cell("tier"), "the import's tier was used")
    relationship = _optional(
        cleaner, parse_relationship, cell("relationship"), "the import's relationship was used"
    )
    cadence = _optional(cleaner, parse_cadence, cell("cadence (days)"), "the tier's is used")
    added_text = cell("added")
    added = _optional(cleaner, parse_date, added_text, "today was used") if added_text else None
    since = _optional(cleaner, _since, cell("customer since"), "it was left out")
    archived_text = cell("archived").strip().lower()
    if archived_text not in _TRUE | _FALSE:
        cleaner.note(f"Archived '{archived_text}' is neither yes nor no; taken as no.")
    return Incoming(
        source=cleaner.source,
        name=name,
        added=added or today,
        company=cleaner.text(cell("company"), "company", "Company"),
        title=cleaner.text(cell("title"), "title", "Title"),
        emails=cleaner.emails(_emails(cell("emails"))),
        phones=cleaner.phones(cell("phones").splitlines()),
        tags=cleaner.tags(cell("tags").splitlines()),
        met_at=cleaner.text(cell("where met"), "met_at", "Where met"),
        url=cleaner.url(cell("url")),
        notes=cleaner.notes(cell("notes")),
        tier=tier,
        relationship=relationship,
        cadence_days=cadence,
        archived=archived_text in _TRUE,
        referred_by=_id(cleaner, cell("referred by"), "Referred by", "the link was left out"),
        file_id=_id(cleaner, cell("id"), "Id", "contacts it referred cannot be linked to it"),
        customer_since=since,
    )


def _since(text: str) -> date:
    return parse_date(text, "customer_since", "Customer since")


_T = TypeVar("_T")


def _emails(text: str) -> list[str]:
    """One address per line as written; a line that is not one address (someone typed
    `a@x.example, b@y.example` into the cell) is split at commas, semicolons and spaces."""
    emails: list[str] = []
    for line in text.splitlines():
        try:
            emails.extend(clean_emails([line]))
        except ValidationError:
            emails.extend(_EMAIL_SPLIT.split(line))
    return emails


def _optional(
    cleaner: EntryCleaner, parse: Callable[[str], _T | None], text: str, instead: str
) -> _T | None:
    if not text.strip():
        return None
    try:
        return parse(text)
    except ValidationError as error:
        cleaner.note(f"{error.message} Instead {instead}.")
        return None


def _id(cleaner: EntryCleaner, text: str, what: str, instead: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit() and len(text) < 10:
        return int(text)
    cleaner.note(f"{what} '{text[:20]}' is not a contact id; {instead}.")
    return None
