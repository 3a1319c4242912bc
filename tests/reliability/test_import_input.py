"""Issue 7, item 7 (imports): fuzzed vCard and CSV files through the real import path.

The io fuzz tests (`tests/io/test_fuzz.py`) check the readers and `plan_import` alone; here the
same kinds of files go where a user sends them, into a database holding a network:

- `service.import_contacts(..., dry_run=True)`: raises nothing but a `PlannerError` in words,
  names every problem by its row (or card) number, drops no row silently (not even behind a
  stray quote), and leaves every file of the database and the open store as they were;
- `planner import FILE --dry-run` (in process, and a few times as the installed command):
  exit 0 with a report or exit 1 with one message, never a traceback, files unchanged; the
  real import then does what the dry run said, or is refused the same way;
- a real import whose save fails at each call of the write path: says it was not saved, files
  unchanged;
- the app's import form, used for a dry run and then cancelled: files unchanged.

`PLANNER_FUZZ_EXAMPLES` sets the examples per fuzz test (default 200; the command line test
runs a quarter of that).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import service
from planner.domain import PlannerError, ValidationError
from planner.io import ImportPlan, ParsedFile, plan_import, read_contacts
from planner.store import Store, WriteFailed
from tests.io.test_fuzz import CELLS, ENCODINGS, HEADERS, VCARD_LINES
from tests.reliability.damages import DAY_TWO, build
from tests.reliability.faults import FaultPlan, inject
from tests.reliability.harness import TODAY, Result, cli, content, disk_content, files, temp_files

EXAMPLES = int(os.environ.get("PLANNER_FUZZ_EXAMPLES", "200"))
# The database is built once per test (not per example): a dry run must not change it, and
# each example checks that it did not.
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FUZZ_CLI = settings(FUZZ, max_examples=max(5, EXAMPLES // 4))
DAY = date.fromisoformat(TODAY)
FORMATS = ["auto", "vcard", "linkedin", "google", "planner"]
#: What the last line of a traceback or a leaked exception looks like.
LEAKED = re.compile(r"Traceback|Error\(|Exception\(| object at 0x")

# -- a network to import into ---------------------------------------------------------------

KNOWN = [
    ("Cem Yılmaz", "Yılmaz GmbH", "cem@yilmaz.example", "https://www.linkedin.com/in/cem-yilmaz"),
    ("Dana Ortiz", "Northwind", "dana@northwind.example", ""),
]


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with contacts (two with emails and a LinkedIn profile), touches, a block, a
    goal and two backups, built once."""
    db = tmp_path_factory.mktemp("network") / "planner.json"
    build(db)
    store = Store.open(db, clock=lambda: DAY_TWO)
    for name, company, email, url in KNOWN:
        service.add_contact(
            store, today=DAY_TWO.date(), name=name, company=company, emails=[email], url=url
        )
    service.archive_contact(store, 2)
    return db


@pytest.fixture
def db(network: Path, tmp_path: Path) -> Path:
    shutil.copytree(network.parent, tmp_path / "data")
    return tmp_path / "data" / "planner.json"


# -- files ----------------------------------------------------------------------------------

#: Values that match someone in the network, so merges happen as well as additions.
KNOWN_VALUES = [value for person in KNOWN for value in person if value] + ["Ana", "Müller"]
KNOWN_LINES = st.sampled_from(
    [
        "FN:Ana Müller",
        "N:Müller;Ana;;;",
        "FN:Cem Yılmaz",
        "ORG:Yılmaz GmbH",
        "EMAIL;TYPE=work:cem@yilmaz.example",
        "EMAIL:DANA@northwind.example",
        "URL:linkedin.com/in/cem-yilmaz/",
        "X-SOCIALPROFILE;TYPE=linkedin:https://de.linkedin.com/in/Cem-Yilmaz?x=1",
        "CATEGORIES:friends,* starred,myContacts",
        "TEL:+49 30 1234567",
    ]
)
ROW_CELLS = st.one_of(CELLS, st.sampled_from(KNOWN_VALUES))


NAME_LINES = st.builds(
    lambda prop, name: f"{prop}:{name}",
    st.sampled_from(["FN", "N", "ORG", "EMAIL", "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE"]),
    st.text(max_size=30),
)


@st.composite
def vcard_files(draw: st.DrawFn) -> bytes:
    """Cards made of real and broken lines, some naming people already known; the last one
    may be cut off."""
    lines = st.one_of(VCARD_LINES, KNOWN_LINES, NAME_LINES)
    cards = draw(st.lists(st.lists(lines, max_size=12), min_size=1, max_size=6))
    text = [line for card in cards for line in ("BEGIN:VCARD", *card, "END:VCARD")]
    if draw(st.booleans()):
        text.pop()
    line_end = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    data = line_end.join(text).encode(draw(ENCODINGS), errors="replace")
    return data + draw(st.binary(max_size=20))


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """A LinkedIn, Google or planner header under a preamble, and rows of any shape."""
    header = draw(st.sampled_from(HEADERS))
    rows = draw(st.lists(st.lists(ROW_CELLS, max_size=12), max_size=12))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    buffer = io.StringIO(newline="")
    if draw(st.booleans()):
        writer = csv.writer(buffer, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    else:  # as a careless script writes it: no quoting at all
        buffer.write("\n".join(delimiter.join(row) for row in [header, *rows]))
    preamble = draw(st.text(max_size=60))
    data = (preamble + "\n\n" + buffer.getvalue()).encode(draw(ENCODINGS), errors="replace")
    return data + draw(st.binary(max_size=10))


ANY_FILE = st.one_of(vcard_files(), csv_files(), st.binary(max_size=1000))
TAGS = st.sampled_from([(), ("linkedin",), ("Müller", "linkedin"), ("x" * 61,), ("",)])


# -- what must hold -------------------------------------------------------------------------


def in_words(message: str) -> None:
    """A message for a person: a sentence, not a traceback or an exception's repr."""
    assert message.strip(), "an empty message"
    assert len(re.findall(r"[^\W\d_]{2,}", message)) >= 3, f"not words: {message!r}"
    assert not LEAKED.search(message), f"an exception leaked into the message: {message!r}"


def control_characters(text: str, allowed: str = "") -> set[str]:
    """The control characters in `text` (a value of the file quoted raw in a message can break
    the report's lines or drive the terminal that shows it)."""
    return {
        char for char in text if char not in allowed and unicodedata.category(char) in ("Cc", "Cs")
    }


def check_report(
    store: Store, plan: ImportPlan, data: bytes, fmt: str, tags: tuple[str, ...]
) -> None:
    """Every problem names its row in words; no row that held anything is silently lost."""
    report = plan.report()
    problems = report["problems"]
    assert isinstance(problems, list)
    for problem in problems:
        assert set(problem) == {"row", "reason"}, problem
        assert isinstance(problem["row"], int) and problem["row"] >= 1, problem
        in_words(problem["reason"])
        assert not control_characters(problem["reason"]), problem
        assert "could not be read (" not in problem["reason"], f"a reader stumbled: {problem}"
    rows = [problem["row"] for problem in problems]
    assert rows == sorted(rows), "problems are not in file order"
    assert plan.skipped <= len(set(rows)), "a skipped row is not named in the problems"

    parsed = read_contacts(data, fmt, today=DAY)  # the same file, read again for the counts
    assert plan.skipped == parsed.refused, "the import and the reader disagree on the skipped"
    people = len(plan.added) + len(plan.merged) + plan.unchanged
    assert people <= len(parsed.items)
    assert people >= min(1, len(parsed.items)), "people were read but none counted"
    assert plan.skipped + len(parsed.items) == parsed.entries
    assert_nothing_lost(store, plan, parsed, tags)


def assert_nothing_lost(
    store: Store, plan: ImportPlan, parsed: ParsedFile, tags: tuple[str, ...]
) -> None:
    """Had the plan been saved, importing the same file again would find every person in it:
    each row read became, or was merged into, a contact."""
    after = dict(store.contacts)
    after.update({contact.id: contact for contact in (*plan.merged, *plan.added)})
    again = plan_import(
        list(after.values()), parsed, tags=tags, next_id=max(after, default=0) + 1, today=DAY
    )
    assert again.added == [], "a person read from the file is in no contact"


def import_dry(store: Store, data: bytes, fmt: str, tags: tuple[str, ...]) -> ImportPlan | None:
    """The import as the app and the command line run it; None when it is refused."""
    try:
        return service.import_contacts(store, data, today=DAY, fmt=fmt, tags=tags, dry_run=True)
    except PlannerError as error:
        in_words(error.message)
        if isinstance(error, ValidationError):
            assert error.field in ("format", "tag"), error.field
        return None


# -- (1) the service ------------------------------------------------------------------------


class Unchanged:
    """A store on the database, and a check that nothing of it changed since."""

    def __init__(self, db: Path) -> None:
        self.store = Store.open(db)
        self.folder = db.parent
        self.files, self.content = files(self.folder), content(self.store)

    def check(self) -> None:
        assert files(self.folder) == self.files, "a dry run changed a file of the database"
        assert content(self.store) == self.content, "a dry run changed the open store"


@pytest.fixture
def unchanged(db: Path) -> Unchanged:
    return Unchanged(db)


@FUZZ
@given(vcard_files(), st.sampled_from(["auto", "vcard"]), TAGS)
def test_fuzzed_vcard_dry_run(unchanged: Unchanged, data: bytes, fmt: str, tags: tuple[str, ...]):
    plan = import_dry(unchanged.store, data, fmt, tags)
    if plan is not None:
        check_report(unchanged.store, plan, data, fmt, tags)
    unchanged.check()


@FUZZ
@given(csv_files(), st.sampled_from(FORMATS), TAGS)
def test_fuzzed_csv_dry_run(unchanged: Unchanged, data: bytes, fmt: str, tags: tuple[str, ...]):
    plan = import_dry(unchanged.store, data, fmt, tags)
    if plan is not None:
        check_report(unchanged.store, plan, data, fmt, tags)
    unchanged.check()


@FUZZ
@given(st.binary(max_size=1000), st.sampled_from(FORMATS))
def test_any_bytes_dry_run(unchanged: Unchanged, data: bytes, fmt: str):
    plan = import_dry(unchanged.store, data, fmt, ())
    if plan is not None:
        check_report(unchanged.store, plan, data, fmt, ())
    unchanged.check()


@FUZZ
@given(
    st.sampled_from(HEADERS),
    st.lists(st.lists(ROW_CELLS, max_size=12), max_size=12),
    st.sampled_from([",", ";", "\t"]),
)
def test_every_row_of_a_csv_file_is_imported_or_named(
    unchanged: Unchanged, header: list[str], rows: list[list[str]], delimiter: str
):
    """Counted without the reader: each data row that holds anything became a person or is
    named in a problem (a spreadsheet row number: the header is row 1)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows([header, *rows])
    data = buffer.getvalue().encode()
    plan = import_dry(unchanged.store, data, "auto", ())
    assert plan is not None
    check_report(unchanged.store, plan, data, "auto", ())
    filled = {number for number, row in enumerate(rows, 2) if any(cell.strip() for cell in row)}
    named = {problem.source for problem in plan.problems}
    people = {item.source for item in read_contacts(data, today=DAY).items}
    assert filled <= named | people, f"rows lost: {sorted(filled - named - people)}"
    assert people <= filled, "a person came from a row that holds nothing"
    assert plan.skipped == len(filled - people)
    unchanged.check()


PLAIN = st.text(
    st.characters(codec="utf-8", exclude_characters=',;\t"\r\n\x0b\x0c\x1c\x1d\x1e\x85'),
    max_size=12,
)


@FUZZ
@given(
    st.sampled_from(HEADERS),
    st.data(),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["", 'at the start"', 'in"side', '"at the end']),
)
def test_a_stray_quote_never_swallows_rows_silently(
    unchanged: Unchanged, header: list[str], data: st.DataObject, delimiter: str, closing: str
):
    """A row written without quoting whose cell starts with a quote: the csv module reads on to
    the next quote (`closing`, in a later row) or to the end of the file, taking the rows in
    between into one value. Every filled line is still imported, named in a problem, or counted
    in the problem of the row that took it in."""
    width = len(header)
    rows = data.draw(st.lists(st.lists(PLAIN, min_size=width, max_size=width), max_size=8))
    if rows:
        row = data.draw(st.integers(0, len(rows) - 1))
        column = data.draw(st.integers(0, width - 1))
        rows[row][column] = '"' + rows[row][column]
        if closing and row + 1 < len(rows):
            later = data.draw(st.integers(row + 1, len(rows) - 1))
            rows[later][data.draw(st.sampled_from([column, *range(width)]))] = closing
    text = "\n".join(delimiter.join(row) for row in [header, *rows])
    plan = import_dry(unchanged.store, text.encode(), "auto", ())
    assert plan is not None
    check_report(unchanged.store, plan, text.encode(), "auto", ())
    filled = sum(1 for row in rows if any(cell.strip(' "') for cell in row))
    runaway = [re.search(r"runs on over the next (\d+) line", str(p)) for p in plan.problems]
    swallowed = sum(int(match[1]) for match in runaway if match)
    people = len(read_contacts(text.encode(), today=DAY).items)
    assert people + len({p.source for p in plan.problems}) + swallowed >= filled, "rows lost"
    unchanged.check()


def test_a_stray_quote_is_named_and_the_rows_after_it_are_read(unchanged: Unchanged):
    data = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        'Ana,Müller,,,"Northwind,Sales,30 May 2024\n'
        "Eva,Lind,,eva@lind.example,Lind AB,CEO,1 Feb 2023\n"
        "Fritz,Ohm,,,Ohm KG,CTO,1 Feb 2023\n"
        'Gus,Tan,,,"Tan" Ltd,CTO,1 Feb 2023\n'
        "Hana,Ito,,,Ito KK,COO,1 Feb 2023\n"
    ).encode()
    plan = import_dry(unchanged.store, data, "auto", ())
    assert plan is not None
    assert [str(problem) for problem in plan.problems] == [
        'row 2: A quote (") in this row opens a value that runs on over the next 3 lines of '
        "the file, which look like rows of their own; the row and those lines were not "
        "imported. Check the quotes in this row."
    ]
    assert [contact.name for contact in plan.added] == ["Hana Ito"]
    unchanged.check()


def test_an_email_shared_with_a_known_contact_keeps_a_reimport_a_no_op(unchanged: Unchanged):
    data = (
        b"BEGIN:VCARD\nFN:Jo Park\nTEL:+1 555 0100\nEMAIL:team@yilmaz.example\nEND:VCARD\n"
        b"BEGIN:VCARD\nEMAIL:cem@yilmaz.example\nEMAIL:team@yilmaz.example\nEND:VCARD\n"
    )
    store = unchanged.store
    plan = service.import_contacts(store, data, today=DAY, dry_run=True)
    assert [contact.name for contact in plan.added] == ["Jo Park"]
    after = dict(store.contacts)
    after.update({contact.id: contact for contact in (*plan.merged, *plan.added)})
    parsed = read_contacts(data, today=DAY)
    again = plan_import(list(after.values()), parsed, next_id=max(after) + 1, today=DAY)
    assert again.added == [] and again.merged == [], [c.name for c in again.merged]


# -- (2) the command line -------------------------------------------------------------------


def check_cli_dry_run(code: int, out: str, err: str) -> None:
    """Exit 0 with a report whose every further line names a row, or exit 1 with one message."""
    assert code in (0, 1), (code, out, err)
    assert "Traceback" not in err and "Traceback" not in out
    if code == 1:
        assert out == "", out
        assert err.startswith("planner: ") and err.count("\n") == 1, err
        assert not control_characters(err, allowed="\n"), err
        in_words(err)
        return
    assert err == "", err
    assert not control_characters(out, allowed="\n"), out
    lines = out.removesuffix("\n").split("\n")
    assert lines[0].startswith("Would add ") and "(dry run: nothing was saved)" in lines[0]
    for line in lines[1:]:  # one line per problem, naming its row or card
        assert re.match(r"  (row|card) \d+: \S", line), line


def planner(db: Path, *args: str) -> Result:
    return cli(db, *args)


@FUZZ_CLI
@given(ANY_FILE, st.sampled_from(FORMATS))
def test_fuzzed_file_through_the_command_line(db: Path, tmp_path: Path, data: bytes, fmt: str):
    """A dry run reports in words and changes nothing; the real import then does exactly what
    the dry run said, or is refused with the same message and changes nothing either."""
    before = files(db.parent)
    path = tmp_path / "contacts.import"
    path.write_bytes(data)
    command = ("import", str(path), "--format", fmt)
    result = planner(db, *command, "--dry-run")
    check_cli_dry_run(result.code, result.out, result.err)
    dry = planner(db, *command, "--dry-run", "--json")
    assert dry.code == result.code
    assert files(db.parent) == before, "a dry run changed a file of the database"

    real_db = fresh(db, tmp_path / "real")
    real = planner(real_db, *command, "--json")
    assert (real.code, real.err) == (dry.code, dry.err)
    if real.code == 1:
        assert files(real_db.parent) == before, "a refused import changed a file"
        return
    said, done = json.loads(dry.out), json.loads(real.out)
    assert said | {"dry_run": False} == done, "the import did not do what the dry run said"
    contacts = len(disk_content(real_db)["contacts"])
    assert contacts == len(disk_content(db)["contacts"]) + done["added"]


#: A few files that go wrong in different ways, for the installed command.
MESSY = [
    b"BEGIN:VCARD\r\nFN:Ana M\xfcller\r\nEMAIL:nope\r\nEND:VCARD\r\nBEGIN:VCARD\r\nN:;;;;\r\n"
    b"ORG:\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN=C3=91\r\nPHOTO;ENCODING=b:@@@\r\n",
    'Notes:\n"x\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n'
    'Cem,Yılmaz,,cem@yilmaz.example,,,31 Feb 2024\n,,,,,,\n"unterminated,x\n'.encode("utf-16"),
    b"First Name,Last Name,Labels,E-mail 1 - Value\n\x00\x00,\xff\xfe,* myContacts,a@\n",
    b"\xef\xbb\xbf\x00\x00\x00",
]


def installed_planner() -> list[str]:
    script = Path(sys.executable).with_name("planner")
    return [str(script)] if script.exists() else [sys.executable, "-m", "planner"]


@pytest.mark.parametrize("data", MESSY, ids=["vcard", "linkedin-utf16", "google", "nul"])
def test_messy_file_through_the_installed_command(db: Path, tmp_path: Path, data: bytes):
    before = files(db.parent)
    path = tmp_path / "contacts.import"
    path.write_bytes(data)
    command = [*installed_planner(), "--db", str(db), "--today", TODAY]
    done = subprocess.run(
        [*command, "import", str(path), "--dry-run"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )
    check_cli_dry_run(done.returncode, done.stdout, done.stderr)
    assert files(db.parent) == before, "a dry run changed a file of the database"


# -- (3) an import whose save fails ---------------------------------------------------------

FAILING = {
    "linkedin": (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Eva,Lind,,eva@lind.example,Lind AB,CEO,30 May 2024\n"
        b",,,,,,\n"
        b",,https://www.linkedin.com/in/nobody,,,,2 Feb 2023\n"
        b"Dana,Ortiz,,dana@northwind.example,Northwind,Head of Sales,1/8/18\n"
    ),
    "vcard": (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Fritz Ohm\nEMAIL:not an address\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Cem Yılmaz\nTEL:+90 212 555 0101\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n"
    ).encode(),
}


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EIO], ids=errno.errorcode.get)
@pytest.mark.parametrize("kind", sorted(FAILING))
def test_an_import_whose_save_fails_changes_nothing_and_says_so(
    network: Path, tmp_path: Path, kind: str, error: int
):
    data = FAILING[kind]
    path = tmp_path / f"contacts.{kind}"
    path.write_bytes(data)

    db = fresh(network, tmp_path / "dry")
    with inject(FaultPlan()) as counted:
        assert planner(db, "import", str(path)).code == 0
    expected_after = disk_content(db)
    assert len(expected_after["contacts"]) > len(disk_content(network)["contacts"])
    assert {"write", "fsync", "replace"} <= set(counted.calls), counted.calls

    for number, call in enumerate(counted.calls, 1):
        where = f"call {number} ({call})"
        # through the service, on an open store: an error in words, nothing shown as saved
        db = fresh(network, tmp_path / "service")
        store = Store.open(db)
        before_files, before = files(db.parent), content(store)
        with inject(FaultPlan(fail_at=number, errno=error)) as plan:
            with pytest.raises(WriteFailed) as caught:
                service.import_contacts(store, data, today=DAY)
        assert plan.injected == call, where
        in_words(caught.value.message)
        assert "not saved" in caught.value.message, where
        assert content(store) == before, f"{where}: the open store shows the unsaved import"
        assert_unchanged(db, before_files, call)

        # through the command line: exit 1, one message, nothing printed as imported
        db = fresh(network, tmp_path / "cli")
        before_files = files(db.parent)
        with inject(FaultPlan(fail_at=number, errno=error)):
            result = planner(db, "import", str(path))
        assert result.code == 1, f"{where}: exit {result.code}, {result.err}"
        assert result.out == "", f"{where}: printed as imported: {result.out}"
        assert result.err.startswith("planner: Could not save to "), where
        assert "not saved" in result.err and result.err.count("\n") == 1, where
        assert_unchanged(db, before_files, call)

        again = planner(db, "import", str(path))
        assert again.code == 0, f"{where}: the retry failed: {again.err}"
        assert disk_content(db) == expected_after, f"{where}: the retry differs"


def fresh(start: Path, where: Path) -> Path:
    if where.exists():
        shutil.rmtree(where)
    shutil.copytree(start.parent, where)
    return where / start.name


def assert_unchanged(db: Path, before: dict[str, bytes], call: str) -> None:
    """Every file as it was, no temp file left. (When the folder could not be synced after the
    root was replaced, the old root is put back and the new parts go at the next start; see
    `test_faults.assert_unchanged`.)"""
    assert not temp_files(db.parent), f"{call}: temp files left"
    if call == "fsync-dir":
        now = files(db.parent)
        kept = {name: now[name] for name in now if name in before or "parts/" not in name}
        assert kept == before, f"{call}: a file changed"
        Store.open(db)
    assert files(db.parent) == before, f"{call}: a file changed"


# -- (4) the app's import form --------------------------------------------------------------


async def test_the_import_form_dry_run_then_cancel_changes_nothing(db: Path, tmp_path: Path):
    from textual.widgets import Checkbox, Input, Static

    from planner.ui.app import PlannerApp
    from planner.ui.modals.transfer import ImportForm
    from planner.ui.screens.contacts import ContactsScreen

    path = tmp_path / "Connections.csv"
    path.write_bytes(FAILING["linkedin"])
    app = PlannerApp(
        Store.open(db, lock_timeout=0.5), now=datetime.combine(DAY, datetime.min.time())
    )
    before = files(db.parent)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("c", "i")
        form = app.screen
        assert isinstance(form, ImportForm)
        form.query_one("#field-path", Input).value = str(path)
        form.query_one("#field-dry_run", Checkbox).value = True
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        report = str(form.query_one("#import-report", Static).render())
        assert "Would add 1" in report and "merged 1" in report, report
        assert "row 4: " in report and "Nothing was saved" in report, report
        assert files(db.parent) == before, "the dry run in the app changed a file"

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        assert files(db.parent) == before, "a cancelled import changed a file"
    assert "Eva Lind" not in {contact.name for contact in Store.open(db).contacts.values()}
