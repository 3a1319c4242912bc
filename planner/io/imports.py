"""Reading contacts from the files people already have: which format, and who is in it."""

from __future__ import annotations

from datetime import date
from typing import Literal

from planner.domain.errors import ValidationError
from planner.io.csvformats import Layout, find_layout, read_rows
from planner.io.decoding import decode_text
from planner.io.records import FORMATS, Format, ParsedFile
from planner.io.vcard import has_vcard, read_vcards

#: What `read_contacts` accepts as `fmt`: a format, or "auto" to detect it from the content.
FormatChoice = Format | Literal["auto"]

_EXPECTED = (
    "expected a vCard (BEGIN:VCARD), a LinkedIn Connections.csv (First Name, Last Name, …, "
    "Connected On), a Google Contacts CSV (First Name or Name, …, E-mail 1 - Value) or a "
    "contacts CSV exported by planner"
)
_WHAT = {
    "vcard": "a vCard file: there is no BEGIN:VCARD at its top",
    "linkedin": (
        "a LinkedIn Connections.csv: no row near the top has the columns First Name, "
        "Last Name and Connected On"
    ),
    "google": (
        "a Google Contacts CSV: no row near the top has the columns First Name and Last Name "
        "(or Name, Given Name and Family Name) with Labels, E-mail 1 - Value or similar"
    ),
    "planner": (
        "a contacts CSV exported by planner: no row near the top has the columns Name, Tier "
        "and Relationship"
    ),
}


def detect_format(data: bytes) -> Format:
    """The format of a file, from its content; a `ValidationError` naming what was expected
    when it is none of them."""
    return _detect(decode_text(data))[0]


def read_contacts(data: bytes, fmt: FormatChoice | str = "auto", *, today: date) -> ParsedFile:
    """Everyone in a file of format `fmt` ("auto": detect it), with what could not be read.

    Never raises for what is inside the file: unreadable cards and rows, bad values and
    encodings are `problems` of the result. Raises `ValidationError` (field "format") only when
    the file as a whole is not of the format: empty, of no known format, or not of the format
    asked for. `today` is the date added of contacts whose file gives none.
    """
    choice = str(fmt).strip().lower()
    text = decode_text(data)
    layout: Layout | None
    if choice == "auto":
        wanted, layout = _detect(text)
    elif choice in FORMATS:
        wanted = choice
        if wanted == "vcard":
            if not has_vcard(text):
                raise ValidationError("format", f"This is not {_WHAT['vcard']}.")
            layout = None
        else:
            layout = find_layout(text, wanted)
            if layout is None:
                raise ValidationError("format", f"This is not {_WHAT[wanted]}.")
    else:
        raise ValidationError(
            "format",
            f"Format '{fmt}' is not one of auto, {', '.join(FORMATS[:-1])} or {FORMATS[-1]}.",
        )
    if layout is None:
        return read_vcards(data, today=today)
    return read_rows(text, layout, today=today)


def _detect(text: str) -> tuple[Format, Layout | None]:
    if not text.strip("\ufeff \t\r\n\x00"):
        raise ValidationError("format", f"The file is empty; {_EXPECTED}.")
    if has_vcard(text):
        return "vcard", None
    layout = find_layout(text)
    if layout is None:
        raise ValidationError("format", f"This file is not one planner can import: {_EXPECTED}.")
    return layout.format, layout
