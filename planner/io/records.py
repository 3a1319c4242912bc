"""What a reader hands on: people found in a file (`Incoming`) and what went wrong (`Problem`).

Every value in an `Incoming` has already been through `planner.domain.validation`, so building a
`Contact` from it cannot fail. A value that breaks a rule is left out of the entry with a
`Problem` saying so; an entry that cannot become a contact at all (no name, a name too long) is
not an `Incoming` but only a `Problem`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from planner.domain.enums import Relationship, Tier
from planner.domain.errors import ValidationError
from planner.domain.validation import (
    LONG_TEXT_LIMIT,
    SHORT_TEXT_LIMIT,
    clean_emails,
    clean_name,
    clean_phones,
    clean_tags,
    clean_text,
)

Format = Literal["vcard", "linkedin", "google", "planner"]
#: Every format `read_contacts` knows, in the order `detect_format` names them.
FORMATS: tuple[Format, ...] = ("vcard", "linkedin", "google", "planner")
#: How a person counts entries of a format: `card 3` in a vCard file, `row 17` in a CSV file.
Unit = Literal["row", "card"]

URL_LIMIT = 500


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in entry `source` (card or row number, see `Incoming.source`) was not imported.

    `reason` is a sentence without the entry number; `str(problem)` puts them together:
    `card 4: no name, email or organisation.`
    """

    source: int
    reason: str
    unit: Unit = "row"

    def __str__(self) -> str:
        return f"{self.unit} {self.source}: {self.reason}"

    def as_dict(self) -> dict[str, int | str]:
        """The JSON shape of the import report: `{"row": 4, "reason": "..."}` (cards too)."""
        return {"row": self.source, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Incoming:
    """One person read from a file, every field already valid.

    `source` is where the person is in the file as a person counts it: the card number in a
    vCard file (the 3rd `BEGIN:VCARD` is card 3), or the row number in a CSV file as a
    spreadsheet shows it: every record counts, the LinkedIn preamble, blank lines and the header
    included, so the first person of a current LinkedIn export is row 5. (A text editor shows the
    same number unless a cell above holds a line break.)

    `tier`, `relationship`, `cadence_days`, `archived`, `referred_by`, `file_id` and
    `customer_since` come only from planner's own contacts CSV; `referred_by` and `file_id`
    are ids *in that file*, which `plan_import` maps to the ids of the database it imports into.
    """

    source: int
    name: str
    added: date
    company: str = ""
    title: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    met_at: str = ""
    url: str = ""
    notes: str = ""
    tier: Tier | None = None
    relationship: Relationship | None = None
    cadence_days: int | None = None
    archived: bool = False
    referred_by: int | None = None
    file_id: int | None = None
    customer_since: date | None = None


@dataclass(slots=True)
class ParsedFile:
    """Everything read from one file.

    `entries` counts the cards or data rows that held anything (blank rows do not count);
    each of them became an item or is named in `problems` as not imported (`refused`).
    Problems about single values that were left out of an item are in `problems` too.
    """

    format: Format
    items: list[Incoming] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    entries: int = 0

    @property
    def refused(self) -> int:
        """Entries that did not become an item."""
        return self.entries - len(self.items)


class EntryCleaner:
    """Cleans the raw values of one entry through the domain rules, noting what it leaves out.

    A bad value (an email that is not an address, a company name of 300 characters, a tag of
    80) is dropped with a `Problem`; the rest of the entry is kept. Only a missing or overlong
    name refuses the whole entry (`name()` returns None).
    """

    def __init__(self, source: int, unit: Unit, problems: list[Problem]) -> None:
        self.source = source
        self.unit = unit
        self.problems = problems

    def note(self, reason: str) -> None:
        """Add a problem; a value of the file quoted in `reason` loses its control characters,
        which would break the report's lines or act on the terminal that shows it."""
        self.problems.append(Problem(self.source, _printable(reason), self.unit))

    def name(self, *candidates: str, missing: str) -> str | None:
        """The first candidate that is not blank, checked; None (with a problem) otherwise."""
        for candidate in candidates:
            text = _printable(candidate)
            if text.strip():
                try:
                    return clean_name(text)
                except ValidationError as error:
                    self.note(f"{error.message} Not imported.")
                    return None
        self.note(missing)
        return None

    def text(self, value: str, field_name: str, what: str, limit: int = SHORT_TEXT_LIMIT) -> str:
        try:
            return clean_text(_printable(value), field_name, what, limit)
        except ValidationError as error:
            self.note(f"{error.message} It was left out.")
            return ""

    def notes(self, value: str) -> str:
        text = _printable(value.replace("\r\n", "\n").replace("\r", "\n"), keep="\n\t")
        try:
            return clean_text(text, "notes", "Notes", LONG_TEXT_LIMIT, multiline=True)
        except ValidationError as error:
            self.note(f"{error.message} They were left out.")
            return ""

    def url(self, value: str) -> str:
        return self.text(value, "url", "URL", URL_LIMIT)

    def emails(self, values: Iterable[str]) -> tuple[str, ...]:
        return self._each(values, clean_emails, strip_prefix="mailto:")

    def phones(self, values: Iterable[str]) -> tuple[str, ...]:
        return self._each(values, clean_phones)

    def tags(self, values: Iterable[str]) -> tuple[str, ...]:
        return self._each(values, clean_tags)

    def _each(
        self,
        values: Iterable[str],
        clean: Callable[[Iterable[object]], tuple[str, ...]],
        strip_prefix: str = "",
    ) -> tuple[str, ...]:
        kept: list[str] = []
        for value in values:
            text = _printable(value).strip()
            if strip_prefix and text[: len(strip_prefix)].lower() == strip_prefix:
                text = text[len(strip_prefix) :].strip()
            if not text:
                continue
            try:
                kept.extend(clean([text]))
            except ValidationError as error:
                self.note(f"{error.message} It was left out.")
        try:
            return clean(kept)
        except ValidationError:  # pragma: no cover - each value passed alone
            return ()


def _printable(text: str, keep: str = "") -> str:
    """`text` without control characters, stray byte-order marks and undecodable bytes.

    Whitespace controls (tab, line break) become spaces unless named in `keep`.
    """
    if text.isprintable():
        return text
    return "".join(_char(char, keep) for char in text)


def _char(char: str, keep: str) -> str:
    if char in keep:
        return char
    if char == "\ufeff":
        return ""
    category = unicodedata.category(char)
    if category == "Cc":
        return " " if char.isspace() else ""
    if category == "Cs":  # a lone surrogate: an undecodable byte
        return ""
    return char
