"""The command line end to end on a temporary database: good input, bad input, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import run

TODAY = "2026-11-23"


class CLI:
    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = db
        self.capsys = capsys

    def __call__(self, *args: str, today: str = TODAY) -> tuple[int, str, str]:
        code = run(["--db", str(self.db), "--today", today, *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> object:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, err
        return out

    def files(self) -> dict[str, bytes]:
        folder = self.db.parent
        if not folder.exists():
            return {}
        return {
            str(p): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file() and not p.name.endswith(".lock")
        }


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> CLI:
    return CLI(db_path, capsys)


def refused(cli: CLI, *args: str, today: str = TODAY) -> str:
    """Run a command that must fail as a user error: exit 1, words on stderr, nothing saved."""
    before = cli.files()
    code, out, err = cli(*args, today=today)
    assert code == 1, (out, err)
    assert err.startswith("planner: ") and "Traceback" not in err
    assert cli.files() == before, "a refused command changed the database"
    return err


def test_add_list_show_edit_archive_remove_a_contact(cli):
    ana = cli.ok(
        "contacts",
        "add",
        "--name",
        "Ana Müller",
        "--company",
        "Northwind",
        "--email",
        "ana@northwind.example",
        "--tier",
        "a",
        "--relationship",
        "customer",
        "--tag",
        "golf",
        "--met-at",
        "Chamber breakfast",
    ).strip()
    assert ana == "1"
    ben = cli.json("contacts", "add", "--name", "Ben Okafor", "--referred-by", ana)
    assert ben["referred_by"] == 1 and ben["tier"] == "C" and ben["relationship"] == "prospect"
    assert set(ben) >= {
        "id",
        "name",
        "company",
        "title",
        "emails",
        "phones",
        "tier",
        "relationship",
        "tags",
        "met_at",
        "referred_by",
        "cadence_days",
        "notes",
        "archived",
        "last_touch",
        "due",
        "warmth",
    }
    assert ben["cadence_days"] == 90 and ben["due"] == TODAY and ben["warmth"] == 0.0

    listed = cli.json("contacts", "list", "--tier", "A")
    assert [c["name"] for c in listed] == ["Ana Müller"]
    assert [c["name"] for c in cli.json("contacts", "list", "--search", "golf")] == ["Ana Müller"]

    shown = cli.ok("contacts", "show", ana)
    assert "Ana Müller" in shown and "Ben Okafor (#2)" in shown and "Chamber breakfast" in shown

    edited = cli.json("contacts", "edit", "2", "--tier", "B", "--cadence", "21")
    assert edited["tier"] == "B" and edited["cadence_days"] == 21

    cli.ok("contacts", "archive", "2")
    assert [c["id"] for c in cli.json("contacts", "list")] == [1]
    assert len(cli.json("contacts", "list", "--archived")) == 2

    assert "Removed Ana Müller" in cli.ok("contacts", "remove", ana)
    assert cli.json("contacts", "show", "2")["referred_by"] is None


def test_bad_contact_input_is_refused_in_words(cli):
    cli.ok("contacts", "add", "--name", "Ana")
    assert "Name is required" in refused(cli, "contacts", "add", "--name", "   ")
    assert "Tier 'D'" in refused(cli, "contacts", "add", "--name", "Bo", "--tier", "D")
    assert "Relationship 'boss'" in refused(
        cli, "contacts", "add", "--name", "Bo", "--relationship", "boss"
    )
    assert "no contact with id 9" in refused(
        cli, "contacts", "add", "--name", "Bo", "--referred-by", "9"
    )
    assert "Cadence" in refused(cli, "contacts", "add", "--name", "Bo", "--cadence", "-3")
    assert "200" in refused(cli, "contacts", "add", "--name", "x" * 201)
    assert "no contact with id 7" in refused(cli, "contacts", "show", "7")
    assert "not a number" in refused(cli, "contacts", "edit", "abc", "--tier", "A")


def test_usage_errors_exit_2(cli):
    with pytest.raises(SystemExit) as caught:
        run(["contacts", "add"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        run(["frobnicate"])
    assert caught.value.code == 2


def test_blocks_refuse_overlaps_and_end_before_start(cli):
    first = cli.json(
        "blocks",
        "add",
        "--kind",
        "prospecting",
        "--day",
        "mon",
        "--start",
        "09:00",
        "--end",
        "11:00",
        "--label",
        "Calls",
    )
    assert first == {
        "id": 1,
        "kind": "prospecting",
        "day": "mon",
        "date": None,
        "start": "09:00",
        "end": "11:00",
        "label": "Calls",
        "minutes": 120,
    }
    clash = refused(
        cli,
        "blocks",
        "add",
        "--kind",
        "networking",
        "--day",
        "mon",
        "--start",
        "10:00",
        "--end",
        "12:00",
    )
    assert "overlaps block 1" in clash and "prospecting Mon 09:00–11:00" in clash
    assert "after start" in refused(
        cli,
        "blocks",
        "add",
        "--kind",
        "admin",
        "--day",
        "tue",
        "--start",
        "10:00",
        "--end",
        "09:00",
    )
    assert "25:00" in refused(
        cli,
        "blocks",
        "add",
        "--kind",
        "admin",
        "--day",
        "tue",
        "--start",
        "25:00",
        "--end",
        "26:00",
    )
    assert "February 2026 has 28 days" in refused(
        cli,
        "blocks",
        "add",
        "--kind",
        "admin",
        "--date",
        "2026-02-30",
        "--start",
        "10:00",
        "--end",
        "11:00",
    )
    assert "Kind 'sales'" in refused(
        cli,
        "blocks",
        "add",
        "--kind",
        "sales",
        "--day",
        "tue",
        "--start",
        "10:00",
        "--end",
        "11:00",
    )
    one_off = cli.json(
        "blocks",
        "add",
        "--kind",
        "networking",
        "--date",
        "2026-11-26",
        "--start",
        "18:00",
        "--end",
        "20:00",
    )
    assert [b["id"] for b in cli.json("blocks", "list")] == [1, one_off["id"]]
    assert [b["id"] for b in cli.json("blocks", "list", "--week", "2026-W49")] == [1]
    moved = cli.json("blocks", "edit", "1", "--day", "tue")
    assert moved["day"] == "tue"
    cli.ok("blocks", "remove", "1")
    assert "no time block with id 1" in refused(cli, "blocks", "remove", "1")


def test_goals_with_progress_and_bad_targets(cli):
    cli.ok("contacts", "add", "--name", "Ana", "--tier", "A")
    cli.ok(
        "blocks",
        "add",
        "--kind",
        "prospecting",
        "--day",
        "mon",
        "--start",
        "09:00",
        "--end",
        "10:00",
    )
    share = cli.json("goals", "add", "--metric", "prospecting_share", "--target", "40")
    assert share == {
        "id": 1,
        "metric": "prospecting_share",
        "target": 40,
        "tier": None,
        "channel": None,
        "progress": 0,
        "met": False,
    }
    cli.ok("goals", "add", "--metric", "touches_done", "--target", "1", "--tier", "A")
    cli.ok("log", "1", "--channel", "call", "--purpose", "prospecting", "--time", "09:00")
    goals = cli.json("goals", "list")
    assert [(g["progress"], g["met"]) for g in goals] == [(25, False), (1, True)]
    assert "more than 100" in refused(
        cli, "goals", "add", "--metric", "prospecting_share", "--target", "140"
    )
    assert "negative" in refused(cli, "goals", "add", "--metric", "referral_asks", "--target", "-2")
    assert "Metric 'fun'" in refused(cli, "goals", "add", "--metric", "fun", "--target", "2")
    edited = cli.json("goals", "edit", "2", "--target", "3")
    assert edited["target"] == 3 and edited["tier"] == "A" and not edited["met"]
    cli.ok("goals", "remove", "1")
    assert [g["id"] for g in cli.json("goals", "list")] == [2]


def test_log_records_a_done_touch_and_refuses_soft_selling_a_friend(cli):
    cli.ok("contacts", "add", "--name", "Ana", "--relationship", "friend")
    touch = cli.json(
        "log",
        "1",
        "--channel",
        "coffee",
        "--purpose",
        "networking",
        "--time",
        "12:30",
        "--note",
        "Kids are well",
    )
    assert touch["status"] == "done" and touch["date"] == TODAY
    assert (touch["start"], touch["end"]) == ("12:30", "13:30")
    assert touch["contact_name"] == "Ana" and touch["note"] == "Kids are well"
    assert cli.json("contacts", "show", "1")["last_touch"] == TODAY
    assert "friend" in refused(cli, "log", "1", "--channel", "call", "--purpose", "prospecting")
    assert "Channel 'fax'" in refused(
        cli, "log", "1", "--channel", "fax", "--purpose", "networking"
    )
    assert "does not exist" in refused(
        cli, "log", "1", "--channel", "call", "--purpose", "networking", "--date", "2026-02-30"
    )


def test_today_must_be_a_real_date(cli):
    assert "--today '2026-13-01'" in refused(cli, "contacts", "list", today="2026-13-01")


def test_demo_fills_an_empty_database_and_refuses_a_full_one(cli):
    out = cli.ok("demo")
    assert "80 contacts" in out
    contacts = cli.json("contacts", "list")
    tiers = {c["tier"] for c in contacts}
    relationships = {c["relationship"] for c in contacts}
    assert tiers == {"A", "B", "C"}
    assert relationships == {"customer", "prospect", "connector", "friend", "peer"}
    assert any(c["referred_by"] for c in contacts) and any(c["met_at"] for c in contacts)
    warm = [c for c in contacts if c["warmth"] >= 0.5]
    cold = [c for c in contacts if c["warmth"] < 0.25]
    assert warm and cold, "the demo should leave some people warm and some cold"
    blocks = cli.json("blocks", "list")
    minutes = {
        kind: sum(b["minutes"] for b in blocks if b["kind"] == kind)
        for kind in ("prospecting", "networking", "follow_up", "admin")
    }
    assert all(minutes.values())
    assert minutes["prospecting"] / sum(minutes.values()) >= 0.4
    goals = cli.json("goals", "list")
    assert {"metric": "prospecting_share", "target": 40} in [
        {"metric": g["metric"], "target": g["target"]} for g in goals
    ]
    assert "already holds data" in refused(cli, "demo")


def test_demo_is_the_same_for_the_same_seed(tmp_path, capsys):
    outputs = []
    for name in ("one", "two"):
        db = tmp_path / name / "planner.json"
        assert run(["--db", str(db), "--today", TODAY, "demo", "--seed", "3"]) == 0
        capsys.readouterr()
        assert run(["--db", str(db), "--today", TODAY, "contacts", "list", "--json"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]


def test_db_option_beats_the_environment_variable(tmp_path, monkeypatch, capsys):
    env_db = tmp_path / "env" / "planner.json"
    opt_db = tmp_path / "opt" / "planner.json"
    monkeypatch.setenv("PLANNER_DB", str(env_db))
    assert run(["contacts", "add", "--name", "Env"]) == 0
    assert run(["--db", str(opt_db), "contacts", "add", "--name", "Opt"]) == 0
    capsys.readouterr()
    assert env_db.exists() and opt_db.exists()
    run(["contacts", "list", "--json"])
    assert [c["name"] for c in json.loads(capsys.readouterr().out)] == ["Env"]


def test_the_default_database_lives_in_the_user_data_folder(isolated_data_dir, capsys):
    assert run(["contacts", "add", "--name", "Ana"]) == 0
    expected = isolated_data_dir / ".local" / "share" / "planner" / "planner.json"
    assert expected.exists()


def test_the_installed_command_reports_user_errors_without_a_traceback(tmp_path):
    env = dict(os.environ, PLANNER_DB=str(tmp_path / "p.json"))
    result = subprocess.run(
        [sys.executable, "-m", "planner", "contacts", "add", "--name", ""],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "planner: Name is required: type the person's name."
    helped = subprocess.run(
        [sys.executable, "-m", "planner", "contacts", "add", "--help"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert helped.returncode == 0 and "--referred-by" in helped.stdout
