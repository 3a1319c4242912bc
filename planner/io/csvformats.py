"""LinkedIn `Connections.csv`, Google Contacts CSV (both layouts) and planner's contacts CSV.

The header is found by its column names within the first rows, after whatever preamble the file
has, with a comma, semicolon or tab between cells (a spreadsheet in a German locale saves CSV with
semicolons). Columns are looked up by name, in any order and any case; unknown columns are ignored.

- LinkedIn, current: a `Notes:` paragraph, a blank line, then
  `First Name,Last Name,URL,Email Address,Company,Position,Connected On`; older exports have no
  preamble and no URL column. `Connected On` is `30 May 2024` or `1/8/18, 6:14 PM` (US order).
- Google, older: `Name,Given Name,Additional Name,Family Name,...,Group Membership,
  E-mail 1 - Type,E-mail 1 - Value,...,Organization 1 - Name,Organization 1 - Title,...`.
- Google, current: `First Name,Middle Name,Last Name,...,Labels,E-mail 1 - Label,
  E-mail 1 - Value,...,Organization Name,Organization Title,...`.
  In both, a cell may hold several values separated by ` ::: `; groups and labels become tags
  without their `* ` mark (`* myContacts` -> `myContacts`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from planner.domain.text import count
from planner.io import plannercsv
from planner.io.records import EntryCleaner, Format, Incoming, ParsedFile, Problem
from planner.io.vcard import is_linkedin_profile

DELIMITERS = (",", ";", "\t")
#: The header must be within this many rows of the top.
HEADER_SEARCH_ROWS = 30
GOOGLE_SEPARATOR = " ::: "

_LINKEDIN = frozenset({"first name", "last name", "connected on"})
_GOOGLE_NAMES = (
    frozenset({"first name", "last name"}),
    frozenset({"given name", "family name"}),
    frozenset({"name"}),
)
_GOOGLE_MARKS = frozenset(
    {
        "labels",
        "group membership",
        "e-mail 1 - value",
        "phone 1 - value",
        "organization name",
        "organization 1 - name",
        "given name",
        "middle name",
        "name prefix",
        "file as",
    }
)
_EMAIL_VALUE = re.compile(r"^e-?mail \d+ - value$")
_PHONE_VALUE = re.compile(r"^phone \d+ - value$")
_WEBSITE_VALUE = re.compile(r"^website \d+ - value$")
_ORG_NAME = re.compile(r"^organi[sz]ation(?: \d+)? - name$|^organi[sz]ation name$")
_ORG_TITLE = re.compile(r"^organi[sz]ation(?: \d+)? - title$|^organi[sz]ation title$")

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ ,-]+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$")
_US_NUMERIC = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})"
    r"(?:,?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?)?$"
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the header is and what its columns are: `columns` maps each header name (lower
    case, spaces folded) to its first position."""

    format: Format
    delimiter: str
    header_row: int
    columns: dict[str, int]
    width: int

    def where(self, pattern: re.Pattern[str]) -> list[int]:
        """Positions of the columns whose name matches, left to right."""
        return sorted(index for key, index in self.columns.items() if pattern.match(key))


def header_key(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").split()).casefold()


def classify(keys: frozenset[str]) -> Format | None:
    """The format a header row belongs to, if any."""
    if _LINKEDIN <= keys:
        return "linkedin"
    if plannercsv.SIGNATURE <= keys:
        return "planner"
    if any(names <= keys for names in _GOOGLE_NAMES) and keys & _GOOGLE_MARKS:
        return "google"
    return None


def find_layout(text: str, wanted: Format | None = None) -> Layout | None:
    """The first header row of a known CSV format (of `wanted`, when given), or None."""
    for delimiter in DELIMITERS:
        if delimiter not in text:
            continue
        try:
            for number, row in rows(text, delimiter):
                if number > HEADER_SEARCH_ROWS:
                    break
                keys = [header_key(cell) for cell in row]
                found = classify(frozenset(keys))
                if found is not None and wanted in (None, found):
                    columns: dict[str, int] = {}
                    for index, key in enumerate(keys):
                        columns.setdefault(key, index)
                    return Layout(found, delimiter, number, columns, len(row))
        except csv.Error:
            continue
    return None


def rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with its row number as a spreadsheet counts them (from 1)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    yield from enumerate(reader, 1)


def read_rows(text: str, layout: Layout, *, today: date) -> ParsedFile:
    """The people in the rows below the header; rows that cannot be read are problems."""
    parsed = ParsedFile(layout.format)
    read = _reader(layout)
    number = layout.header_row
    try:
        for number, row in rows(text, layout.delimiter):
            if number <= layout.header_row or not any(cell.strip() for cell in row):
                continue
            parsed.entries += 1
            swallowed = runaway_lines(row, layout)
            if swallowed:
                parsed.problems.append(
                    Problem(
                        number,
                        f'A quote (") in this row opens a value that runs on over the next '
                        f"{count(swallowed, 'line')} of the file, which look like rows of "
                        "their own; "
                        "the row and those lines were not imported. Check the quotes in this row.",
                    )
                )
                continue
            if len(row) > layout.width and any(cell.strip() for cell in row[layout.width :]):
                parsed.problems.append(
                    Problem(
                        number,
                        f"The row has {len(row)} cells where the header has {layout.width}; "
                        "a value with a comma in it may have lost its quotes. Not imported.",
                    )
                )
                continue
            cleaner = EntryCleaner(number, "row", parsed.problems)
            try:
                item = read(Cells(layout.columns, row), cleaner, today)
            except Exception as error:  # noqa: BLE001 - one row must never sink the others
                cleaner.note(f"The row could not be read ({error!r}).")
                continue
            if item is not None:
                parsed.items.append(item)
    except csv.Error as error:
        parsed.entries += 1
        parsed.problems.append(
            Problem(
                number + 1,
                f"The file cannot be read from this row on ({error}); "
                "the rows from here to the end were not imported.",
            )
        )
    return parsed


def runaway_lines(row: list[str], layout: Layout) -> int:
    """How many more lines of the file the record `row` took in through a stray quote, which
    makes a value run on to the next quote or to the end of the file, swallowing the rows
    between; 0 for a record without one.

    A value with a line break is a runaway when it holds the delimiters of a whole row: in any
    cell but notes and addresses, counting those of the cells after it (which were on its last
    line). Notes and addresses have line breaks of their own, so there it must be one line
    that took in a whole row, a record that did not come out the header's width, or a value of
    two lines that together hold exactly the delimiters of one row (the end of its own row and
    the start of the next).
    """
    width = layout.width
    least = max(2, width - 1)
    for index, cell in enumerate(row):
        if "\n" not in cell and "\r" not in cell:
            continue
        lines = cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        counts = [line.count(layout.delimiter) for line in lines]
        after = len(row) - index - 1
        if index not in _free_text(layout):
            runaway = sum(counts) + after >= least
        else:
            runaway = (
                max(counts[1:]) >= least
                or (len(row) != width and counts[-1] + after >= least)
                or (len(lines) == 2 and len(row) == width and sum(counts) == least)
            )
        if runaway:
            return len(lines) - 1 - (lines[-1] == "" and after == 0)
    return 0


def _free_text(layout: Layout) -> set[int]:
    """Positions of the columns whose values may have line breaks of their own."""
    return {index for key, index in layout.columns.items() if "notes" in key or "address" in key}


class Cells(Mapping[str, str]):
    """One row's cells by column name (lower case); a column the row is too short for is ""."""

    __slots__ = ("columns", "row")

    def __init__(self, columns: dict[str, int], row: list[str]) -> None:
        self.columns = columns
        self.row = row

    def __getitem__(self, key: str) -> str:
        index = self.columns[key]
        return self.row[index] if index < len(self.row) else ""

    def get(self, key: str, default: str = "") -> str:  # type: ignore[override]
        index = self.columns.get(key)
        if index is None or index >= len(self.row):
            return default
        return self.row[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)

    def at(self, indices: list[int]) -> list[str]:
        """The values of the columns at `indices`, split at ` ::: `, blanks left out."""
        row = self.row
        return [
            value.strip()
            for index in indices
            if index < len(row)
            for value in row[index].split(GOOGLE_SEPARATOR)
            if value.strip()
        ]


_RowReader = Callable[[Cells, EntryCleaner, date], Incoming | None]


def _reader(layout: Layout) -> _RowReader:
    if layout.format == "linkedin":
        return _linkedin_row
    if layout.format == "planner":
        return plannercsv.read_row
    return _GoogleRows(layout)


# -- LinkedIn -----------------------------------------------------------------------------------


def _linkedin_row(cells: Cells, cleaner: EntryCleaner, today: date) -> Incoming | None:
    first, last = cells.get("first name", ""), cells.get("last name", "")
    name = cleaner.name(f"{first} {last}", missing="No first or last name; not imported.")
    if name is None:
        return None
    connected_text = " ".join(cells.get("connected on", "").split())
    connected = parse_connected_on(connected_text)
    if connected_text and connected is None:
        cleaner.note(
            f"Connected On '{connected_text[:40]}' is not a date such as 30 May 2024 or "
            "1/8/18; the contact was imported without it."
        )
    return Incoming(
        source=cleaner.source,
        name=name,
        added=today,
        company=cleaner.text(cells.get("company", ""), "company", "Company"),
        title=cleaner.text(cells.get("position", ""), "title", "Title"),
        emails=cleaner.emails([cells.get("email address", "")]),
        url=cleaner.url(cells.get("url", "").strip()),
        met_at=f"LinkedIn, connected {connected.isoformat()}" if connected else "LinkedIn",
    )


def parse_connected_on(text: str) -> date | None:
    """`30 May 2024`, `1/8/18, 6:14 PM` (month first, as LinkedIn writes it for US accounts),
    `May 30, 2024` or `2024-05-30`; None for anything else or a day that does not exist.
    Two-digit years are 2000 to 2099 (LinkedIn began in 2003)."""
    text = text.strip()
    year = month = day = 0
    if match := _DAY_MONTH_YEAR.match(text):
        day, month, year = int(match[1]), _MONTHS.get(match[2][:3].lower(), 0), int(match[3])
    elif match := _MONTH_DAY_YEAR.match(text):
        month, day, year = _MONTHS.get(match[1][:3].lower(), 0), int(match[2]), int(match[3])
    elif match := _US_NUMERIC.match(text):
        month, day, year = int(match[1]), int(match[2]), int(match[3])
        if len(match[3]) == 2:
            year += 2000
    elif match := _ISO.match(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    try:
        return date(year, month, day)
    except ValueError:
        return None


# -- Google -------------------------------------------------------------------------------------


class _GoogleRows:
    """Reads rows of either Google layout; the numbered columns are found once per file."""

    def __init__(self, layout: Layout) -> None:
        self.emails = layout.where(_EMAIL_VALUE)
        self.phones = layout.where(_PHONE_VALUE)
        self.websites = layout.where(_WEBSITE_VALUE)
        self.companies = layout.where(_ORG_NAME)
        self.titles = layout.where(_ORG_TITLE)

    def __call__(self, cells: Cells, cleaner: EntryCleaner, today: date) -> Incoming | None:
        def first(*keys: str) -> str:
            return next((value for key in keys if (value := cells.get(key)).strip()), "")

        values = cells.at
        company = cleaner.text(next(iter(values(self.companies)), ""), "company", "Company")
        emails = cleaner.emails(values(self.emails))
        built = " ".join(
            (
                first("first name", "given name"),
                first("middle name", "additional name"),
                first("last name", "family name"),
            )
        )
        name = cleaner.name(
            cells.get("name", ""),
            built,
            company,
            emails[0] if emails else "",
            missing="No name, email or organisation; not imported.",
        )
        if name is None:
            return None
        groups = first("labels", "group membership").split(GOOGLE_SEPARATOR)
        tags = [group.strip().removeprefix("* ") for group in groups]
        websites = values(self.websites)
        url = next((site for site in websites if is_linkedin_profile(site)), "")
        return Incoming(
            source=cleaner.source,
            name=name,
            added=today,
            company=company,
            title=cleaner.text(next(iter(values(self.titles)), ""), "title", "Title"),
            emails=emails,
            phones=cleaner.phones(values(self.phones)),
            tags=cleaner.tags(tags),
            url=cleaner.url(url or next(iter(websites), "")),
            notes=cleaner.notes(cells.get("notes", "")),
        )
