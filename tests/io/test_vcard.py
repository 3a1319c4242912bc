"""vCard import: the real files of shared/testdata/vcf give the people a person would expect."""

import re

import pytest

from planner.io import read_contacts
from planner.io.vcard import read_vcards
from tests.io.conftest import TODAY

ALL_FILES = [
    "ezvcard__John_Doe_ANDROID.vcf",
    "ezvcard__John_Doe_IPHONE.vcf",
    "ezvcard__John_Doe_MS_OUTLOOK.vcf",
    "ezvcard__fullcontact.vcf",
    "ezvcard__gmail-single2.vcf",
    "ezvcard__rfc6350-example.vcf",
    "py-vobject__radicale-1587.vcf",
    "syncevolution__eds_contact.vcf",
    "syncevolution__vcard21.vcf",
]
N = "\u00d1"  # Ñ, written quoted-printable as =C3=91 by the Android export

EXPECTED_NAMES = {
    # Two cards have neither FN nor N: their email is their name.
    "ezvcard__John_Doe_ANDROID.vcf": [
        "john.doe@company.com",
        "jane.doe@company.com",
        " ".join([N] * 5),
        " ".join([N] * 11),  # across a quoted-printable soft line break
        " ".join([N] * 4),
        N * 4,
    ],
    "ezvcard__John_Doe_IPHONE.vcf": ["Mr. John Richter James Doe Sr."],
    "ezvcard__John_Doe_MS_OUTLOOK.vcf": ["Mr. John Richter James Doe Sr."],
    "ezvcard__fullcontact.vcf": ["Prefix FirstName MiddleName LastName Suffix"],
    "ezvcard__gmail-single2.vcf": ["VCard Test"],
    "ezvcard__rfc6350-example.vcf": ["Simon Perreault"],
    "py-vobject__radicale-1587.vcf": ["Given Family"],
    "syncevolution__eds_contact.vcf": [
        "parserbug=",
        "incomplete",
        "long line",
        "xml entities",
        "colon",
        "quotation marks",
        "spouse name",
        "charset",
        "Umlaut Ä Ö Ü ß",
        "special characters",
        "line breaks",
        "John Doe",
        "Ms. JPG",
        "Mrs. PNG",
        "Mr. First ; special ; middle Last",
        "Mr. GIF",
        "large vcard",
    ],
    "syncevolution__vcard21.vcf": [
        "incomplete",
        "long line",
        "John Doe",
        "Ms. JPG",
        "Mrs. PNG",
        "Mr. First ; special ; middle Last",
        "Mr. GIF",
        "large vcard",
        "xml entities",
        "colon",
        "quotation marks",
        "spouse name",
        "charset",
        "Umlaut Ä Ö Ü ß",
        "special characters",
        "line breaks",
    ],
}


def read(data: bytes, **kwargs):
    return read_contacts(data, "auto", today=TODAY, **kwargs)


def by_name(parsed):
    return {item.name: item for item in parsed.items}


@pytest.mark.parametrize("name", ALL_FILES)
def test_every_card_of_every_real_file_is_imported_with_the_expected_name(vcf, name):
    data = vcf(name)
    parsed = read(data)
    assert parsed.format == "vcard"
    cards = len(re.findall(rb"^BEGIN:VCARD", data, re.MULTILINE | re.IGNORECASE))
    assert parsed.entries == cards
    assert [item.name for item in parsed.items] == EXPECTED_NAMES[name]
    assert [item.source for item in parsed.items] == list(range(1, cards + 1))
    assert all(item.added == TODAY for item in parsed.items)


@pytest.mark.parametrize("name", ALL_FILES)
def test_the_line_based_reader_alone_reads_every_real_file_the_same(vcf, name):
    """Where vobject rejects a property the line-based reader takes over; on its own it must
    give the very same people, so either path is trustworthy."""
    data = vcf(name)
    with_vobject = read_vcards(data, today=TODAY, use_vobject=True)
    alone = read_vcards(data, today=TODAY, use_vobject=False)
    assert alone == with_vobject


def test_android_21_quoted_printable_charset_soft_breaks_and_folded_photo(vcf):
    parsed = read(vcf("ezvcard__John_Doe_ANDROID.vcf"))
    first, second, third, fourth, fifth, sixth = parsed.items
    assert first.emails == ("john.doe@company.com",)
    assert first.tags == ("My Contacts",)  # its group, as Android names it
    assert third.phones == ("123456789",)
    assert fourth.phones == ("123456", "234567", "3456789", "45678901")
    assert fourth.notes.startswith(f"{N} {N} {N}")
    assert fifth.company == N * 12
    assert fifth.emails == ("bob@company.com",)
    assert fifth.phones == ("123456",)
    assert fifth.url == "www.company.com"
    assert sixth.company == N * 44  # the first ORG; a later one has a stray =80 byte
    assert sixth.emails == ("henry@company.com",)
    # The quoted-printable "email" of card 5 is a name, not an address: left out, said so.
    assert [str(problem) for problem in parsed.problems] == [
        f"card 5: Email '{N * 14}' does not look like an address (name@example.com). "
        "It was left out."
    ]


def test_iphone_30_with_cr_cr_lf_lines_groups_and_a_46_kb_photo(vcf):
    (card,) = read(vcf("ezvcard__John_Doe_IPHONE.vcf")).items
    assert card.company == "IBM"
    assert card.title == "Money Counter"
    assert card.emails == ("john.doe@ibm.com",)
    assert len(card.phones) == 7
    assert card.url == "http://www.ibm.com"  # `http\://` unescaped


def test_outlook_21_quoted_printable_label_does_not_swallow_the_rest(vcf):
    parsed = read(vcf("ezvcard__John_Doe_MS_OUTLOOK.vcf"))
    (card,) = parsed.items
    assert (card.company, card.title) == ("IBM", "Money Counter")
    assert card.emails == ("john.doe@ibm.cm",)
    assert card.phones == ("(905) 555-1234", "(905) 666-1234")
    assert card.notes.startswith("THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD")
    assert parsed.problems == []


def test_gmail_and_fullcontact_keep_every_email_and_phone(vcf):
    (gmail,) = read(vcf("ezvcard__gmail-single2.vcf")).items
    assert len(gmail.emails) == 5
    assert len(gmail.phones) == 11
    assert (gmail.company, gmail.title) == ("TheCompany", "TheJobTitle")
    assert gmail.notes == "note line 1\nnote line 2\nCustomField: field value"
    (full,) = read(vcf("ezvcard__fullcontact.vcf")).items
    assert len(full.emails) == 5
    assert len(full.phones) == 9
    assert full.company == "Organization1"
    assert full.tags == ("Tag",)


def test_rfc6350_phone_uris_become_numbers(vcf):
    (simon,) = read(vcf("ezvcard__rfc6350-example.vcf")).items
    assert simon.phones == ("+1-418-656-9254 ext. 102", "+1-418-262-6501")
    assert simon.emails == ("simon.perreault@viagenie.ca",)
    assert simon.company == "Viagenie"


@pytest.mark.parametrize("name", ["syncevolution__eds_contact.vcf", "syncevolution__vcard21.vcf"])
def test_evolution_30_and_21_agree_on_the_person(vcf, name):
    people = by_name(read(vcf(name)))
    john = people["John Doe"]
    assert john.company == "Test Inc."
    assert john.title == "Senior Tester"
    assert john.tags == ("TEST",)
    assert john.url == "http://john.doe.com"
    assert john.emails[:2] == ("john.doe@work.com", "john.doe@home.priv")
    umlaut = people["Umlaut Ä Ö Ü ß"]
    assert umlaut.tags == ("Business",)
    assert "comma ,\ncolon :\nsemicolon ;\nbackslash \\\n" in umlaut.notes
    assert "A tab \ttab done\n\tline starts with tab" in umlaut.notes
    breaks = people["line breaks"].notes
    assert breaks.startswith("This test case uses line breaks. This is line 1.\nLine 2.\n\n")
    assert people["special characters"].notes == (
        "Here are some special characters: comma , colon : semicolon ;"
    )
    assert people["incomplete"].emails == ()  # `EMAIL:` with nothing in it


def vcard(*lines: str, end: bool = True) -> bytes:
    body = ["BEGIN:VCARD", *lines] + (["END:VCARD"] if end else [])
    return ("\r\n".join(body) + "\r\n").encode()


def test_name_falls_back_from_fn_to_n_to_org_to_email():
    data = b"".join(
        [
            vcard("VERSION:3.0", "N:Doe;John;Q.;Dr.;Jr."),
            vcard("VERSION:3.0", "ORG:Acme\\, Inc.;Sales", "EMAIL:x@acme.com"),
            vcard("VERSION:3.0", "EMAIL;TYPE=INTERNET:mailto:Ana@Example.com"),
            vcard("VERSION:3.0", "TEL:555 1234"),
            vcard("VERSION:3.0", "FN:   ", "N:;;;;", "ORG:Beta"),
        ]
    )
    parsed = read(data)
    assert [item.name for item in parsed.items] == [
        "John Q. Doe",
        "Acme, Inc.",
        "Ana@Example.com",
        "Beta",
    ]
    assert parsed.items[1].company == "Acme, Inc."
    assert [str(problem) for problem in parsed.problems] == [
        "card 4: No name, email or organisation; not imported."
    ]
    assert parsed.refused == 1


def test_a_card_cut_off_by_the_end_of_the_file_is_a_problem_not_a_crash():
    data = vcard("VERSION:3.0", "FN:Ana") + vcard("VERSION:3.0", "FN:Bo", "EMAIL:b@x.", end=False)
    parsed = read(data)
    assert [item.name for item in parsed.items] == ["Ana"]
    assert [str(problem) for problem in parsed.problems] == [
        "card 2: The card has no END:VCARD (the file may be cut off); not imported."
    ]


def test_a_card_cut_off_by_the_next_card_is_a_problem_and_the_next_card_is_read():
    data = vcard("VERSION:3.0", "FN:Ana", end=False) + vcard("VERSION:3.0", "FN:Bo")
    parsed = read(data)
    assert [(item.source, item.name) for item in parsed.items] == [(2, "Bo")]
    assert [problem.source for problem in parsed.problems] == [1]


def test_garbage_between_and_inside_cards_loses_only_what_is_garbage():
    data = (
        vcard("VERSION:2.1", "FN:Ana")
        + b"\x00\xff\xfe garbage \x89PNG\r\n\r\n"
        + vcard(
            "VERSION:2.1",
            "\x01\x02 nonsense without colon",
            'FN;X-BROKEN="unterminated:Bo Li',
            "EMAIL;ENCODING=QUOTED-PRINTABLE:bo=40example.com",
            "NOTE;ENCODING=BASE64:@@@not base64@@@",
            "PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQ",
            "AAgAAgESAAMAAAABAAEAAIdpAAQ",  # base64 continued without indentation
            "",
        )
    )
    parsed = read(data)
    assert [item.name for item in parsed.items] == ["Ana", "Bo Li"]
    assert parsed.items[1].emails == ("bo@example.com",)
    assert read_vcards(data, today=TODAY, use_vobject=False) == parsed


def test_latin1_and_windows_1252_cards_are_decoded():
    data = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1:Jürgen Müller\r\n"
        "ORG:Café Crème\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:Ren=E9e =80 Dupr=E9\r\n"
        "END:VCARD\r\n"
    ).encode("cp1252")
    parsed = read(data)
    assert [(item.name, item.company) for item in parsed.items] == [
        ("Jürgen Müller", "Café Crème"),
        ("Renée € Dupré", ""),
    ]


def test_utf16_vcard_file():
    data = vcard("VERSION:3.0", "FN:Zoë Ångström", "CATEGORIES:a,b\\,c;d").decode()
    parsed = read(data.encode("utf-16"))
    (zoe,) = parsed.items
    assert zoe.name == "Zoë Ångström"
    assert zoe.tags == ("a", "b,c", "d")


def test_a_nested_agent_card_stays_inside_its_card():
    data = vcard(
        "VERSION:2.1",
        "AGENT:",
        "BEGIN:VCARD",
        "VERSION:2.1",
        "FN:The Assistant",
        "END:VCARD",
        "FN:The Boss",
    )
    parsed = read(data)
    assert [item.name for item in parsed.items] == ["The Boss"]
    assert parsed.problems == []


def test_values_breaking_the_rules_are_left_out_with_a_problem_and_the_card_kept():
    data = vcard(
        "VERSION:3.0",
        "FN:Ana",
        "EMAIL:not an address",
        "EMAIL:ana@example.com",
        "EMAIL:ANA@example.com",
        "TEL:no digits here",
        "TEL:+49 30 1234",
        "TEL:+49 (30) 1234",
        f"TITLE:{'x' * 250}",
        f"CATEGORIES:ok,{'t' * 70}",
        "URL:https://www.linkedin.com/in/ana/",
    )
    parsed = read(data)
    (ana,) = parsed.items
    assert ana.emails == ("ana@example.com",)
    assert ana.phones == ("+49 30 1234", "+49 (30) 1234")
    assert ana.title == ""
    assert ana.tags == ("ok",)
    assert ana.url == "https://www.linkedin.com/in/ana/"
    reasons = [problem.reason for problem in parsed.problems]
    assert len(reasons) == 4
    assert all(reason.endswith("It was left out.") for reason in reasons)
    assert all(problem.unit == "card" and problem.source == 1 for problem in parsed.problems)


def test_a_name_too_long_refuses_the_card():
    parsed = read(vcard("VERSION:3.0", f"FN:{'A' * 201}") + vcard("VERSION:3.0", "FN:Bo"))
    assert [item.name for item in parsed.items] == ["Bo"]
    assert str(parsed.problems[0]).startswith("card 1: Name is too long (201 characters)")


def test_linkedin_profile_is_preferred_over_a_home_page():
    data = vcard(
        "VERSION:3.0",
        "FN:Ana",
        "URL:https://acme.example",
        "X-SOCIALPROFILE;TYPE=linkedin:https://linkedin.com/in/ana",
    )
    (ana,) = read(data).items
    assert ana.url == "https://linkedin.com/in/ana"


def test_several_notes_are_kept_once_each():
    data = vcard("VERSION:3.0", "FN:Ana", "NOTE:one\\ntwo", "NOTE:one\\ntwo", "NOTE:three")
    (ana,) = read(data).items
    assert ana.notes == "one\ntwo\n\nthree"
