"""Whatever a file holds, reading it raises nothing but `ValidationError` (for a file of no known
format); what is read obeys the domain's rules, and importing it twice changes nothing."""

import csv
import io
import os
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain import ValidationError
from planner.domain.validation import clean_emails, clean_name, clean_phones, clean_tags
from planner.io import ParsedFile, plan_import, read_contacts
from planner.io.csvformats import GOOGLE_SEPARATOR
from planner.io.plannercsv import COLUMNS
from tests.io.conftest import TODAY

FUZZ = settings(
    max_examples=int(os.environ.get("PLANNER_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"])


def read(data: bytes, fmt: str = "auto") -> ParsedFile | None:
    try:
        return read_contacts(data, fmt, today=TODAY)
    except ValidationError as error:
        assert error.field == "format"
        return None


def check(parsed: ParsedFile | None) -> None:
    """What was read is valid, nothing is lost or counted twice, no reader stumbled."""
    if parsed is None:
        return
    assert parsed.entries >= len(parsed.items)
    # every entry not read is named in a problem
    assert parsed.refused <= len({problem.source for problem in parsed.problems})
    for problem in parsed.problems:
        assert "could not be read" not in problem.reason, problem
    for item in parsed.items:
        assert clean_name(item.name) == item.name
        assert clean_emails(item.emails) == item.emails
        assert clean_phones(item.phones) == item.phones
        assert clean_tags(item.tags) == item.tags
        assert not any(unicodedata.category(char) in ("Cc", "Cs") for char in item.name)
    first = plan_import([], parsed, next_id=1, today=TODAY)
    assert first.read == parsed.entries, "every entry is counted once in the report"
    again = plan_import(first.added, parsed, next_id=len(first.added) + 1, today=TODAY)
    assert again.added == [] and again.merged == []
    assert again.read == parsed.entries and again.unchanged == len(parsed.items)


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes(data):
    check(read(data))


@FUZZ
@given(st.binary(max_size=500), st.sampled_from(["vcard", "linkedin", "google", "planner"]))
def test_any_bytes_read_as_any_format(data, fmt):
    check(read(data, fmt))


PROPERTY_NAMES = st.sampled_from(
    [
        "FN",
        "N",
        "ORG",
        "EMAIL",
        "TEL",
        "NOTE",
        "CATEGORIES",
        "URL",
        "TITLE",
        "PHOTO",
        "AGENT",
        "X-SOCIALPROFILE",
        "item1.EMAIL",
        "begin",
        "END",
    ]
)
PARAMETERS = st.sampled_from(
    [
        "",
        ";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE",
        ";ENCODING=QUOTED-PRINTABLE",
        ";QUOTED-PRINTABLE;CHARSET=ISO-8859-1",
        ";CHARSET=ISO-8859-1",
        ";CHARSET=hex;ENCODING=QUOTED-PRINTABLE",
        ";CHARSET=utf-16;ENCODING=QUOTED-PRINTABLE",
        ";CHARSET=no-such-charset",
        ";ENCODING=b",
        ";ENCODING=BASE64;JPEG",
        ';TYPE="work,voice";PREF=1',
        ';X-BROKEN="unterminated',
        ";VALUE=uri",
    ]
)
VCARD_LINES = st.one_of(
    st.sampled_from(
        [
            "BEGIN:VCARD",
            "END:VCARD",
            "VERSION:2.1",
            "VERSION:3.0",
            "VERSION:4.0",
            "",
            " folded continuation",
            "\tfolded",
            "=C3=91=",
            "=80=",
            "AAgAAgESAAMAAAABAAEAAIdpAAQ",
        ]
    ),
    st.builds(
        lambda name, params, value: f"{name}{params}:{value}",
        PROPERTY_NAMES,
        PARAMETERS,
        st.text(max_size=40),
    ),
    st.text(max_size=40),
)


@FUZZ
@given(
    st.lists(VCARD_LINES, max_size=40),
    st.sampled_from(["\r\n", "\n", "\r", "\r\r\n"]),
    ENCODINGS,
    st.binary(max_size=20),
)
def test_vcard_like_files(lines, line_end, encoding, noise):
    text = line_end.join(["BEGIN:VCARD", *lines])
    data = text.encode(encoding, errors="replace") + noise
    check(read(data))
    check(read(data, "vcard"))


HEADERS = [
    ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
    ["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"],
    [
        "Name",
        "Given Name",
        "Family Name",
        "Group Membership",
        "E-mail 1 - Value",
        "Notes",
        "Phone 1 - Value",
        "Organization 1 - Name",
        "Organization 1 - Title",
        "Website 1 - Value",
    ],
    [
        "First Name",
        "Middle Name",
        "Last Name",
        "Labels",
        "E-mail 1 - Value",
        "E-mail 2 - Value",
        "Phone 1 - Value",
        "Organization Name",
        "Organization Title",
        "Notes",
    ],
    list(COLUMNS),
]
CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "30 May 2024",
            "1/8/18, 6:14 PM",
            "2/30/18",
            "a@b.example",
            "not an email",
            f"a@b.example{GOOGLE_SEPARATOR}c@d.example",
            f"* myContacts{GOOGLE_SEPARATOR}* starred{GOOGLE_SEPARATOR}Friends",
            "https://www.linkedin.com/in/someone/",
            "A",
            "customer",
            "2024-02-29",
            "yes",
            "'=1+1",
            'with "quotes", commas\nand lines',
        ]
    ),
)


@FUZZ
@given(
    st.sampled_from(HEADERS),
    st.lists(st.lists(CELLS, max_size=12), max_size=12),
    st.sampled_from([",", ";", "\t"]),
    ENCODINGS,
    st.booleans(),
    st.text(max_size=60),
)
def test_csv_like_files(header, rows, delimiter, encoding, quoted, preamble):
    buffer = io.StringIO(newline="")
    if quoted:
        writer = csv.writer(buffer, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
        text = buffer.getvalue()
    else:  # as a careless script writes it: no quoting at all
        text = "\n".join(delimiter.join(row) for row in [header, *rows])
    data = (preamble + "\n\n" + text).encode(encoding, errors="replace")
    check(read(data))
