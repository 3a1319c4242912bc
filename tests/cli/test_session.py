"""The weekly session on the command line: contacts to sort, goals per channel, the review's
channel mix and goal streaks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_commands import CLI, refused
from tests.cli.test_transfer import LINKEDIN


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> CLI:
    return CLI(db_path, capsys)


@pytest.fixture
def linkedin(tmp_path: Path) -> Path:
    path = tmp_path / "Connections.csv"
    path.write_text(LINKEDIN, encoding="utf-8")
    return path


def week_of_blocks(cli: CLI) -> None:
    for day in ("mon", "tue", "wed"):
        for kind, start, end in (
            ("prospecting", "09:00", "12:00"),
            ("networking", "13:00", "15:00"),
        ):
            cli.ok("blocks", "add", "--kind", kind, "--day", day, "--start", start, "--end", end)


def test_an_import_without_a_tier_waits_to_be_sorted_and_is_never_planned(cli, linkedin):
    out = cli.ok("import", str(linkedin))
    assert out.startswith(
        "Added 2, merged 0, unchanged 0 and skipped 1 of the 3 rows read; "
        "2 to sort: press T in the app."
    )
    cli.ok("contacts", "add", "--name", "Cem Yilmaz")
    listed = {c["name"]: c for c in cli.json("contacts", "list")}
    assert listed["Ana Müller"]["to_sort"] is True and listed["Ben Okafor"]["to_sort"] is True
    assert listed["Cem Yilmaz"]["to_sort"] is False, "a contact added by hand is sorted"
    waiting = cli.json("contacts", "list", "--to-sort")
    assert [c["name"] for c in waiting] == ["Ana Müller", "Ben Okafor"]
    assert "to sort" in cli.ok("contacts", "list")
    assert "To sort: not planned until it has a tier" in cli.ok("contacts", "show", "1")

    week_of_blocks(cli)
    plan = cli.json("plan")
    assert {t["contact_name"] for t in plan["touches"]} == {"Cem Yilmaz"}
    assert plan["summary"]["to_sort"] == 2
    assert all(u["name"] == "Cem Yilmaz" for u in plan["unplaced"])
    assert "2 contacts to sort: press T" in cli.ok("plan")

    ana = next(c for c in waiting if c["name"] == "Ana Müller")
    cli.ok("contacts", "edit", str(ana["id"]), "--tier", "A")
    ben = next(c for c in waiting if c["name"] == "Ben Okafor")
    cli.ok("contacts", "edit", str(ben["id"]), "--notes", "met at the fair")
    assert [c["name"] for c in cli.json("contacts", "list", "--to-sort")] == ["Ben Okafor"]
    cli.ok("contacts", "edit", str(ben["id"]), "--relationship", "customer")
    assert cli.json("contacts", "list", "--to-sort") == []
    assert "No contacts to sort" in cli.ok("contacts", "list", "--to-sort")
    replanned = cli.json("plan")
    assert replanned["summary"]["to_sort"] == 0
    assert {"Ana Müller", "Ben Okafor"} <= {t["contact_name"] for t in replanned["touches"]}


def test_an_import_with_a_tier_is_sorted_and_a_merge_keeps_the_state(cli, linkedin):
    cli.ok("import", str(linkedin), "--tier", "B")
    assert cli.json("contacts", "list", "--to-sort") == []
    assert {c["tier"] for c in cli.json("contacts", "list")} == {"B"}
    cli.ok("contacts", "add", "--name", "Dana", "--company", "Acme")
    assert "to sort" not in cli.ok("import", str(linkedin))  # all known: nothing new to sort
    assert cli.json("contacts", "list", "--to-sort") == []


def test_to_sort_combines_with_the_other_filters(cli, linkedin):
    cli.ok("import", str(linkedin))
    assert [c["name"] for c in cli.json("contacts", "list", "--to-sort", "--search", "ben")] == [
        "Ben Okafor"
    ]
    assert cli.json("contacts", "list", "--to-sort", "--tier", "A") == []


def test_a_goal_per_channel_is_written_counted_and_refused_in_words(cli):
    cli.ok("contacts", "add", "--name", "Ana", "--tier", "A")
    goal = cli.json(
        "goals", "add", "--metric", "touches_done", "--target", "2", "--channel", "call"
    )
    assert (goal["channel"], goal["tier"], goal["progress"]) == ("call", None, 0)
    cli.ok("log", "1", "--channel", "call", "--purpose", "networking")
    cli.ok("log", "1", "--channel", "email", "--purpose", "networking")
    (listed,) = cli.json("goals", "list")
    assert (listed["channel"], listed["progress"], listed["met"]) == ("call", 1, False)
    assert "Touches done (call) ≥ 1" in cli.ok("goals", "edit", "1", "--target", "1")
    both = cli.json("goals", "edit", "1", "--tier", "A", "--channel", "email")
    assert (both["tier"], both["channel"], both["met"]) == ("A", "email", True)
    assert cli.json("goals", "edit", "1", "--channel", "")["channel"] is None
    assert "Channel 'fax' is not one of" in refused(
        cli, "goals", "add", "--metric", "touches_done", "--target", "2", "--channel", "fax"
    )
    assert "A channel only applies to touches done" in refused(
        cli, "goals", "add", "--metric", "referral_asks", "--target", "2", "--channel", "call"
    )
    assert "A channel only applies to touches done" in refused(
        cli, "goals", "edit", "1", "--metric", "meetings_booked", "--channel", "call"
    )
    share = cli.json("goals", "edit", "1", "--metric", "meetings_booked")
    assert share["channel"] is None and share["tier"] is None, "a new metric drops both"


def test_the_review_has_every_channel_and_says_how_long_a_goal_has_been_met(cli):
    cli.ok("contacts", "add", "--name", "Ana", "--tier", "A")
    cli.ok("goals", "add", "--metric", "touches_done", "--target", "1")
    for day in ("2026-11-04", "2026-11-10", "2026-11-17"):
        cli.ok("log", "1", "--channel", "call", "--purpose", "networking", "--date", day)
    review = cli.json("review", "--week", "2026-W47")
    assert list(review["by_channel"]) == [
        "call",
        "email",
        "message",
        "social",
        "note",
        "meeting",
        "coffee",
        "event",
    ]
    assert review["by_channel"]["call"] == {"planned": 1, "done": 1}
    assert "met 3 weeks running" in cli.ok("review", "--week", "2026-W47")
    assert "missed" in cli.ok("review", "--week", "2026-W48")
    assert "by call" in cli.ok("review", "--week", "2026-W47")


def test_after_the_weeks_last_block_planning_the_next_week_carries_its_unfinished_over(cli):
    for name in ("Ana", "Ben", "Cem"):
        cli.ok("contacts", "add", "--name", name, "--tier", "A")
    week_of_blocks(cli)  # Monday to Wednesday
    planned = cli.json("plan")["touches"]
    assert planned
    # Thursday: the week's blocks are over; the review opens on this week, and the next plan
    # carries what is left of it.
    code, out, err = cli("plan", "--week", "2026-W49", "--json", today="2026-11-26")
    assert code == 0, err
    following = json.loads(out)["touches"]
    carried = {t["origin_id"] for t in following if t["carried_over"]}
    assert carried == {t["id"] for t in planned}
    assert {t["status"] for t in cli.json("touches", "--week", "2026-W48")} == {"missed"}
