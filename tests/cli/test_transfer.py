"""`planner import` and `planner export` end to end on a temporary database."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest

from tests.cli.test_commands import CLI, TODAY, refused
from tests.io.conftest import shared_testdata

LINKEDIN = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    'missing."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ana,Müller,https://www.linkedin.com/in/ana-muller,,Northwind,Head of Sales,30 May 2024\n"
    'Ben,Okafor,https://www.linkedin.com/in/ben-okafor,ben@okafor.example,"Okafor, Ltd",CEO,'
    "1 Feb 2023\n"
    ",,https://www.linkedin.com/in/nobody,,,,2 Feb 2023\n"
)


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> CLI:
    return CLI(db_path, capsys)


@pytest.fixture
def linkedin(tmp_path: Path) -> Path:
    path = tmp_path / "Connections.csv"
    path.write_text(LINKEDIN, encoding="utf-8")
    return path


def test_linkedin_import_adds_once_and_reports_each_problem(cli, linkedin):
    report = cli.json("import", str(linkedin), "--tag", "linkedin")
    assert report == {
        "read": 3,
        "added": 2,
        "merged": 0,
        "unchanged": 0,
        "skipped": 1,
        "dry_run": False,
        "problems": [{"row": 7, "reason": "No first or last name; not imported."}],
    }
    contacts = {c["name"]: c for c in cli.json("contacts", "list")}
    ana = contacts["Ana Müller"]
    assert ana["tier"] == "C" and ana["relationship"] == "prospect"
    assert ana["met_at"] == "LinkedIn, connected 2024-05-30" and ana["tags"] == ["linkedin"]
    assert ana["url"] == "https://www.linkedin.com/in/ana-muller"
    assert ana["due"] == TODAY, "a contact imported today is due from today"
    assert contacts["Ben Okafor"]["company"] == "Okafor, Ltd"

    again = cli.json("import", str(linkedin))
    assert (again["added"], again["merged"], again["unchanged"]) == (0, 0, 2)
    assert len(cli.json("contacts", "list")) == 2


def test_a_dry_run_changes_nothing(cli, linkedin):
    cli.ok("contacts", "add", "--name", "Zoe")
    before = cli.files()
    report = cli.json("import", str(linkedin), "--dry-run")
    assert report["added"] == 2 and report["dry_run"] is True
    assert cli.files() == before


def test_files_that_cannot_be_imported_are_refused_in_words(cli, tmp_path):
    cli.ok("contacts", "add", "--name", "Zoe")
    garbage = tmp_path / "photo.jpg"
    garbage.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    assert "expected" in refused(cli, "import", str(garbage))
    assert "There is no file" in refused(cli, "import", str(tmp_path / "missing.vcf"))
    assert "folder" in refused(cli, "import", str(tmp_path))
    assert "Tier 'Z'" in refused(cli, "import", str(garbage), "--tier", "Z")


def test_real_vcards_import_under_the_names_a_person_expects(cli):
    folder = shared_testdata() / "vcf"
    report = cli.json("import", str(folder / "syncevolution__eds_contact.vcf"))
    assert report["added"] >= 10
    names = {c["name"] for c in cli.json("contacts", "list")}
    assert "Umlaut Ä Ö Ü ß" in names


def test_export_the_week_as_icalendar(cli, tmp_path):
    cli.ok("demo")
    cli.ok("plan")
    planned = [t for t in cli.json("touches") if t["status"] == "planned"]
    target = tmp_path / "week.ics"
    out = cli.ok("export", "ics", "--blocks", "-o", str(target))
    assert len(planned) > 1
    assert f"Wrote {len(planned)} touches" in out
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    uids = {str(e["UID"]) for e in events}
    assert {f"touch-{t['id']}@planner" for t in planned} <= uids
    assert any(uid.startswith("block-") for uid in uids)
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar


def test_contacts_csv_export_reads_back_without_adding_anyone(cli, tmp_path):
    cli.ok("demo")
    target = tmp_path / "contacts.csv"
    cli.ok("export", "csv", "contacts", "-o", str(target))
    report = cli.json("import", str(target))
    assert report["added"] == 0 and report["merged"] == 0
    fresh = tmp_path / "fresh" / "planner.json"
    code = CLI(fresh, cli.capsys)("import", str(target), "--json")
    assert code[0] == 0
    assert json.loads(code[1])["added"] == len(cli.json("contacts", "list"))


def test_export_refuses_a_missing_folder(cli, tmp_path):
    cli.ok("demo")
    assert "does not exist" in refused(
        cli, "export", "ics", "-o", str(tmp_path / "nowhere" / "week.ics")
    )


REPEATED = {
    "Connections.csv": LINKEDIN
    + "Ana,Müller,https://www.linkedin.com/in/ana-muller/,ana@northwind.example,,,30 May 2024\n"
    + "Ben,Okafor,https://linkedin.com/in/ben-okafor,,,,1 Feb 2023\n",
    "contacts.vcf": "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEMAIL:{email}\r\n{extra}END:VCARD\r\n"
        for name, email, extra in (
            ("Ana Müller", "ana@northwind.example", ""),
            ("Ana Müller", "ANA@northwind.example", "TITLE:Head of Sales\r\n"),
            ("Ana Müller", "ana@northwind.example", ""),
            ("Ben Okafor", "ben@okafor.example", ""),
            ("", "", ""),
        )
    ),
    "google.csv": "Name,E-mail 1 - Value,Organization 1 - Name\n"
    "Ana Müller,ana@northwind.example,Northwind\n"
    "Ana Müller,ana@northwind.example,Northwind\n"
    "Ben Okafor,ben@okafor.example,\n",
}


@pytest.mark.parametrize("name", sorted(REPEATED))
def test_an_import_report_accounts_for_every_row_a_person_repeated_included(cli, tmp_path, name):
    path = tmp_path / name
    path.write_text(REPEATED[name], encoding="utf-8")
    first = cli.json("import", str(path))
    counts = first["added"] + first["merged"] + first["unchanged"] + first["skipped"]
    assert counts == first["read"] and first["added"] == 2
    assert first["merged"] + first["unchanged"] >= 1, "the repeated row is counted"
    unit = "cards" if name.endswith(".vcf") else "rows"
    again = cli.ok("import", str(path))
    assert f"Added 0, merged 0, unchanged {first['read'] - first['skipped']}" in again
    assert f"of the {first['read']} {unit} read." in again


def test_export_to_a_pipe_writes_into_it_and_leaves_it_a_pipe(cli, tmp_path):
    import os
    import stat
    import threading

    cli.ok("demo")
    pipe = tmp_path / "week.pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    cli.ok("export", "ics", "-o", str(pipe))
    reader.join(timeout=10)
    assert stat.S_ISFIFO(pipe.stat().st_mode), "the pipe is still a pipe"
    assert got and got[0].startswith(b"BEGIN:VCALENDAR")


def test_export_through_a_link_replaces_the_file_and_keeps_the_link(cli, tmp_path):
    cli.ok("demo")
    real = tmp_path / "synced" / "week.ics"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "week.ics"
    link.symlink_to(real)
    cli.ok("export", "ics", "-o", str(link))
    assert link.is_symlink() and real.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_touches_csv_export_of_a_damaged_touch_says_which_and_writes_nothing(cli, tmp_path):
    cli.ok("demo")
    part = sorted((cli.db.parent / "planner.parts").glob("touches-*"))[0]
    raw = part.read_bytes()
    # Same length, so only reading the touch itself can find it: a status no one knows.
    part.write_bytes(raw.replace(b'"status":"done"', b'"status":"dune"', 1))
    target = tmp_path / "touches.csv"
    err = refused(cli, "export", "csv", "touches", "-o", str(target))
    assert str(part) in err and "touches document" in err and "'dune'" in err, err
    assert not target.exists()
