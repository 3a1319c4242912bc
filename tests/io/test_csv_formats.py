"""LinkedIn and Google Contacts CSV files as their exports write them, built by the tests."""

import csv
import io
from datetime import date

import pytest

from planner.domain import ValidationError
from planner.io import detect_format, read_contacts
from planner.io.csvformats import parse_connected_on
from tests.io.conftest import TODAY

LINKEDIN_PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more about this at "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
LINKEDIN_CURRENT = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]
LINKEDIN_OLD = ["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"]
GOOGLE_OLD = (
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,"
    "Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,"
    "Gender,Location,Billing Information,Directory Server,Mileage,Occupation,Hobby,Sensitivity,"
    "Priority,Subject,Notes,Language,Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
    "E-mail 2 - Type,E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,"
    "Phone 2 - Value,Address 1 - Type,Address 1 - Formatted,Address 1 - Street,Address 1 - City,"
    "Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,"
    "Address 1 - Extended Address,Organization 1 - Type,Organization 1 - Name,"
    "Organization 1 - Yomi Name,Organization 1 - Title,Organization 1 - Department,"
    "Organization 1 - Symbol,Organization 1 - Location,Organization 1 - Job Description,"
    "Website 1 - Type,Website 1 - Value"
).split(",")
GOOGLE_CURRENT = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,"
    "E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,"
    "Phone 2 - Label,Phone 2 - Value,Address 1 - Label,Address 1 - Formatted,Website 1 - Label,"
    "Website 1 - Value"
).split(",")


def csv_text(header, rows, *, preamble="", delimiter=",", line_end="\r\n") -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return preamble + buffer.getvalue()


def read(data: bytes, fmt="auto"):
    return read_contacts(data, fmt, today=TODAY)


def reasons(parsed):
    return [str(problem) for problem in parsed.problems]


# -- LinkedIn -----------------------------------------------------------------------------------

LINKEDIN_ROWS = [
    {
        "First Name": "Ana",
        "Last Name": "Müller",
        "URL": "https://www.linkedin.com/in/ana-m%C3%BCller-123",
        "Company": "Acme, Inc.",
        "Position": "Head of Sales,\nEMEA",
        "Connected On": "30 May 2024",
    },
    {
        "First Name": "",
        "Last Name": "Ōsaka 大阪",
        "Company": "Kansai",
        "Connected On": "1 Jan 2020",
    },
    {"First Name": "", "Last Name": "", "URL": "https://www.linkedin.com/in/hidden"},
    {
        "First Name": "Bob",
        "Last Name": "Smith",
        "Email Address": "bob@example.com",
        "Connected On": "someday",
    },
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_current_linkedin_export_with_preamble(encoding):
    data = csv_text(LINKEDIN_CURRENT, LINKEDIN_ROWS, preamble=LINKEDIN_PREAMBLE).encode(encoding)
    assert detect_format(data) == "linkedin"
    parsed = read(data)
    assert parsed.format == "linkedin"
    assert parsed.entries == 4
    ana, osaka, bob = parsed.items
    # Rows as a spreadsheet numbers them: Notes, paragraph, blank line, header, then people.
    assert [ana.source, osaka.source, bob.source] == [5, 6, 8]
    assert ana.name == "Ana Müller"
    assert ana.company == "Acme, Inc."
    assert ana.title == "Head of Sales, EMEA"
    assert ana.url == "https://www.linkedin.com/in/ana-m%C3%BCller-123"
    # The connection date goes with where they met; the contact is new to the planner today,
    # so an old connection is not years overdue the moment it is imported.
    assert ana.added == TODAY
    assert ana.met_at == "LinkedIn, connected 2024-05-30"
    assert osaka.name == "Ōsaka 大阪"  # no first name: the last name alone
    assert bob.emails == ("bob@example.com",)
    assert bob.added == TODAY
    assert bob.met_at == "LinkedIn"
    assert reasons(parsed) == [
        "row 7: No first or last name; not imported.",
        "row 8: Connected On 'someday' is not a date such as 30 May 2024 or 1/8/18; "
        "the contact was imported without it.",
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_old_linkedin_export_without_preamble_or_url(encoding):
    rows = [
        {
            "First Name": "José",
            "Last Name": "Núñez",
            "Company": "Café",
            "Connected On": "1/8/18, 6:14 PM",
        },
        {"First Name": "Li", "Last Name": "Wei", "Connected On": "12/31/19, 11:59 AM"},
    ]
    data = csv_text(LINKEDIN_OLD, rows, line_end="\n").encode(encoding)
    parsed = read(data)
    assert parsed.format == "linkedin"
    jose, li = parsed.items
    assert (jose.source, jose.name, jose.company) == (2, "José Núñez", "Café")
    assert jose.met_at == "LinkedIn, connected 2018-01-08"  # month first
    assert jose.added == TODAY
    assert jose.url == ""
    assert li.met_at == "LinkedIn, connected 2019-12-31"
    assert parsed.problems == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30 May 2024", date(2024, 5, 30)),
        ("03 Sep 2019", date(2019, 9, 3)),
        ("1/8/18, 6:14 PM", date(2018, 1, 8)),
        ("1/8/18", date(2018, 1, 8)),
        ("12/31/2019", date(2019, 12, 31)),
        ("May 30, 2024", date(2024, 5, 30)),
        ("2024-05-30", date(2024, 5, 30)),
        ("31 Feb 2024", None),
        ("13/1/18, 6:14 PM", None),
        ("30 Mai 2024", None),
        ("", None),
    ],
)
def test_connected_on_dates(text, expected):
    assert parse_connected_on(text) == expected


def test_a_spreadsheet_saved_with_semicolons_is_read():
    rows = [
        {"First Name": "Ana", "Last Name": "Díaz", "Company": "A;B", "Connected On": "2 Feb 2022"}
    ]
    data = csv_text(LINKEDIN_OLD, rows, delimiter=";").encode("cp1252")
    (ana,) = read(data).items
    assert (ana.name, ana.company, ana.met_at) == (
        "Ana Díaz",
        "A;B",
        "LinkedIn, connected 2022-02-02",
    )


def test_a_row_with_more_cells_than_the_header_is_a_problem():
    text = csv_text(LINKEDIN_OLD, [{"First Name": "Ana", "Last Name": "X"}])
    text += "Bo,Y,,Acme, Inc.,CEO,1 Jan 2020\r\n"  # the comma in the company lost its quotes
    text += "Cy,Z,,,,1 Jan 2020,,,\r\n"  # empty cells at the end are harmless
    parsed = read(text.encode())
    assert [item.name for item in parsed.items] == ["Ana X", "Cy Z"]
    assert reasons(parsed) == [
        "row 3: The row has 7 cells where the header has 6; a value with a comma in it may "
        "have lost its quotes. Not imported."
    ]


def test_a_row_with_fewer_cells_is_read_with_the_rest_empty():
    text = csv_text(LINKEDIN_CURRENT, []) + "Ana,Ng\r\n"
    (ana,) = read(text.encode()).items
    assert (ana.name, ana.company, ana.met_at) == ("Ana Ng", "", "LinkedIn")


def test_an_unclosed_quote_gives_problems_not_a_crash():
    text = csv_text(LINKEDIN_OLD, [{"First Name": "Ana", "Last Name": "X"}])
    text += 'Bo,"Y,,,,1 Jan 2020\r\n' + "Cy,Z,,,,1 Jan 2020\r\n" * 50
    parsed = read(text.encode())
    assert parsed.items[0].name == "Ana X"
    assert parsed.entries == 2
    assert parsed.refused == 1


def test_a_cell_too_large_for_the_csv_reader_stops_with_a_problem():
    text = csv_text(LINKEDIN_OLD, [{"First Name": "Ana", "Last Name": "X"}])
    text += 'Bo,"' + "y" * 200_000 + '",,,,\r\nCy,Z,,,,\r\n'
    parsed = read(text.encode())
    assert [item.name for item in parsed.items] == ["Ana X"]
    assert parsed.problems[0].source == 3
    assert "cannot be read from this row on" in parsed.problems[0].reason


# -- Google -------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le"])
def test_older_google_layout(encoding):
    rows = [
        {
            "Name": "Zoë Ångström",
            "Given Name": "Zoë",
            "Family Name": "Ångström",
            "Notes": 'Met at "Web Summit", Lisbon\nlikes tea',
            "Group Membership": "* myContacts ::: Friends ::: * Starred",
            "E-mail 1 - Type": "* Work",
            "E-mail 1 - Value": "zoe@work.example ::: zoe@old.example",
            "E-mail 2 - Type": "Home",
            "E-mail 2 - Value": "ZOE@work.example",
            "Phone 1 - Type": "Mobile",
            "Phone 1 - Value": "+46 70 123 45 67",
            "Organization 1 - Name": "Volvo, AB",
            "Organization 1 - Title": "CTO",
            "Website 1 - Type": "Profile",
            "Website 1 - Value": "https://se.linkedin.com/in/zoe",
        },
        {"Given Name": "Kim", "Family Name": "Lee", "Group Membership": "* myContacts"},
        {"E-mail 1 - Value": "only@email.example"},
        {"Organization 1 - Name": "Only Org"},
        {"Phone 1 - Value": "123"},
    ]
    data = csv_text(GOOGLE_OLD, rows).encode(encoding)
    assert detect_format(data) == "google"
    parsed = read(data)
    zoe, kim, email, org = parsed.items
    assert zoe.name == "Zoë Ångström"
    assert zoe.emails == ("zoe@work.example", "zoe@old.example")
    assert zoe.phones == ("+46 70 123 45 67",)
    assert (zoe.company, zoe.title) == ("Volvo, AB", "CTO")
    assert zoe.tags == ("myContacts", "Friends", "Starred")  # groups lose their star
    assert zoe.url == "https://se.linkedin.com/in/zoe"
    assert zoe.notes == 'Met at "Web Summit", Lisbon\nlikes tea'
    assert (kim.name, kim.tags) == ("Kim Lee", ("myContacts",))
    assert email.name == "only@email.example"
    assert org.name == "Only Org"
    assert reasons(parsed) == ["row 6: No name, email or organisation; not imported."]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_current_google_layout(encoding):
    rows = [
        {
            "First Name": "Łukasz",
            "Middle Name": "J.",
            "Last Name": "Żółć",
            "Organization Name": "Żabka",
            "Organization Title": "Manager",
            "Labels": "* myContacts ::: * starred ::: Kunden",
            "E-mail 1 - Label": "* Work",
            "E-mail 1 - Value": "lukasz@zabka.example",
            "E-mail 2 - Value": "not-an-address",
            "Phone 1 - Value": "+48 600 ::: +48 601",
            "Website 1 - Value": "https://zabka.example",
        },
    ]
    data = csv_text(GOOGLE_CURRENT, rows).encode(encoding)
    parsed = read(data, "google")
    (lukasz,) = parsed.items
    assert lukasz.source == 2
    assert lukasz.name == "Łukasz J. Żółć"
    assert (lukasz.company, lukasz.title) == ("Żabka", "Manager")
    assert lukasz.tags == ("myContacts", "starred", "Kunden")
    assert lukasz.emails == ("lukasz@zabka.example",)
    assert lukasz.phones == ("+48 600", "+48 601")
    assert lukasz.url == "https://zabka.example"
    assert reasons(parsed) == [
        "row 2: Email 'not-an-address' does not look like an address (name@example.com). "
        "It was left out."
    ]


def test_google_columns_vary_with_the_data():
    header = ["First Name", "Last Name", "E-mail 1 - Value", "E-mail 3 - Value", "Labels"]
    data = csv_text(header, [{"First Name": "A", "E-mail 3 - Value": "a@x.example"}]).encode()
    (person,) = read(data).items
    assert (person.name, person.emails) == ("A", ("a@x.example",))


# -- files of no known format -------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xef\xbb\xbf  \r\n",
        b"\x00\x01\x02\x03\xff\xfe\xfd binary \x89PNG\r\n\x1a\n" * 50,
        b"id,title,price\r\n1,Lamp,20\r\n",
        b"First Name,Last Name\r\nAna,X\r\n",
        "Name;Vorname\r\nMüller;Ana\r\n".encode("cp1252"),
    ],
)
def test_a_file_of_no_known_format_is_refused_naming_what_was_expected(data):
    with pytest.raises(ValidationError) as caught:
        read(data)
    assert caught.value.field == "format"
    assert "vCard (BEGIN:VCARD)" in caught.value.message
    assert "LinkedIn Connections.csv" in caught.value.message
    assert "Google Contacts CSV" in caught.value.message


def test_a_format_asked_for_that_the_file_is_not_is_refused():
    linkedin = csv_text(LINKEDIN_CURRENT, LINKEDIN_ROWS, preamble=LINKEDIN_PREAMBLE).encode()
    with pytest.raises(ValidationError, match="not a Google Contacts CSV"):
        read(linkedin, "google")
    with pytest.raises(ValidationError, match="not a vCard file"):
        read(linkedin, "vcard")
    with pytest.raises(ValidationError, match="not a LinkedIn Connections.csv"):
        read(b"BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n", "linkedin")
    with pytest.raises(ValidationError, match="Format 'xls' is not one of auto, vcard"):
        read(linkedin, "xls")
    assert read(linkedin, "LinkedIn").format == "linkedin"
