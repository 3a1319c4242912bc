"""`plan`, `touches`, `done`, `skip`, `pin`, `move`, `review`, `heatmap` on a temporary database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_commands import CLI, refused


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> CLI:
    cli = CLI(db_path, capsys)
    cli.ok("demo")
    return cli


def test_plan_prints_the_agenda_and_saves_it(cli):
    out = cli.ok("plan")
    assert out.startswith("2026-W48  23–29 Nov 2026:") and "Monday 23 November" in out
    planned = cli.json("touches")
    assert planned and all(t["reason"] for t in planned)
    assert all(t["id"] > 0 and t["contact_name"] for t in planned)
    assert {t["block_id"] for t in planned} - {None}


def test_plan_json_has_the_documented_shape_and_is_deterministic(cli, tmp_path, capsys):
    first = cli.json("plan")
    assert set(first) == {"week", "touches", "unplaced", "summary"}
    assert set(first["summary"]) == {
        "blocked_minutes",
        "planned_minutes",
        "prospecting_share",
        "by_tier",
        "by_purpose",
        "goals",
        "busy_minutes",
        "to_sort",
    }
    assert first["summary"]["blocked_minutes"] == {
        "prospecting": 300,
        "networking": 180,
        "follow_up": 60,
        "admin": 60,
    }
    assert all({"contact_id", "name", "reason"} == set(u) for u in first["unplaced"])
    other = CLI(tmp_path / "again" / "planner.json", capsys)
    other.ok("demo")
    second = other.json("plan")
    assert first == second, "the same data and today must give the same plan"


def test_replanning_keeps_done_and_pinned_touches(cli):
    touches = cli.json("plan")["touches"]
    done, pinned = touches[0]["id"], touches[1]["id"]
    assert "is done" in cli.ok("done", str(done), "--note", "Booked a demo", "--follow-up")
    assert "pinned" in cli.ok("pin", str(pinned))
    replanned = {t["id"]: t for t in cli.json("plan")["touches"]}
    assert replanned[done]["status"] == "done" and replanned[done]["note"] == "Booked a demo"
    assert replanned[done]["follow_up"] is True
    assert replanned[pinned]["pinned"] is True
    replaced = {t["id"] for t in touches} - {done, pinned}
    assert not replaced & set(replanned)


def test_a_touch_moved_by_hand_survives_replanning(cli):
    touches = cli.json("plan")["touches"]
    moved = touches[0]
    assert "moved to" in cli.ok(
        "move", str(moved["id"]), "--date", moved["date"], "--start", moved["start"]
    )
    replanned = {t["id"]: t for t in cli.json("plan")["touches"]}
    assert replanned[moved["id"]]["manual"] is True
    assert set(replanned) & {t["id"] for t in touches} == {moved["id"]}


def test_a_done_touch_marked_for_follow_up_is_followed_up_next_week(cli):
    touch = cli.json("plan")["touches"][0]
    cli.ok("done", str(touch["id"]), "--follow-up")
    following = cli.json("plan", "--week", "2026-W49")["touches"]
    (follow_up,) = [t for t in following if t["origin_id"] == touch["id"]]
    assert follow_up["purpose"] == "follow_up" and follow_up["contact_id"] == touch["contact_id"]


def test_planning_ahead_leaves_out_people_already_planned_this_week(cli):
    this_week = {t["contact_id"] for t in cli.json("plan")["touches"]}
    next_week = cli.json("plan", "--week", "2026-W49")["touches"]
    assert next_week, "the next week still gets the people due then"
    assert not this_week & {t["contact_id"] for t in next_week if t["purpose"] != "follow_up"}
    again = {t["contact_id"] for t in cli.json("plan")["touches"]}
    assert again == this_week, "re-planning this week keeps everyone planned in it"


def test_skip_toggles_and_touches_filters_by_status(cli):
    touch = cli.json("plan")["touches"][0]["id"]
    assert "skipped" in cli.ok("skip", str(touch))
    assert [t["id"] for t in cli.json("touches", "--status", "skipped")] == [touch]
    assert "planned again" in cli.ok("skip", str(touch))
    assert cli.json("touches", "--status", "skipped") == []
    assert "Status 'gone'" in refused(cli, "touches", "--status", "gone")


def test_move_refuses_overlaps_and_times_outside_blocks(cli):
    touches = cli.json("plan")["touches"]
    first, second = touches[0], touches[1]
    clash = refused(
        cli, "move", str(second["id"]), "--date", first["date"], "--start", first["start"]
    )
    assert "overlap" in clash.lower()
    assert "block" in refused(
        cli, "move", str(second["id"]), "--date", first["date"], "--start", "03:00"
    )
    assert "25:00" in refused(
        cli, "move", str(second["id"]), "--date", first["date"], "--start", "25:00"
    )
    assert "no touch with id 999999" in refused(
        cli, "move", "999999", "--date", "2026-11-24", "--start", "09:00"
    )


def test_done_and_friends_unknown_ids(cli):
    assert "no touch with id 424242" in refused(cli, "done", "424242")
    assert "not a number" in refused(cli, "skip", "x1")


def test_a_finished_week_cannot_be_planned(cli):
    assert "is over" in refused(cli, "plan", "--week", "2026-W40")
    assert "W99" in refused(cli, "plan", "--week", "2026-W99")


def test_review_counts_planned_against_done(cli):
    touches = cli.json("plan")["touches"]
    cli.ok("done", str(touches[0]["id"]))
    review = cli.json("review")
    total = sum(t["planned"] for t in review["by_tier"].values())
    done = sum(t["done"] for t in review["by_tier"].values())
    assert (total, done) == (len(touches), 1)
    assert len(review["unfinished"]) == len(touches) - 1
    assert all(c["warmth"] < 0.25 for c in review["cold"])
    text = cli.ok("review")
    assert "Prospecting:" in text and "Goals:" in text


def test_heatmap_json_and_grid(cli):
    heat = cli.json("heatmap", "--weeks", "8")
    assert len(heat["weeks"]) == 8 and heat["weeks"][-1] == "2026-W48"
    tiers = [row["tier"] for row in heat["rows"]]
    assert tiers == sorted(tiers), "rows are grouped A, then B, then C"
    for tier in "ABC":
        warmths = [row["warmth"] for row in heat["rows"] if row["tier"] == tier]
        assert warmths == sorted(warmths), "coldest first within a tier"
    assert all(len(row["counts"]) == 8 for row in heat["rows"])
    grid = cli.ok("heatmap")
    assert "W48" in grid and "done touches a week" in grid and "Tier A:" in grid
    assert "--weeks" in refused(cli, "heatmap", "--weeks", "3")


def test_a_touch_done_before_its_day_is_recorded_today(cli):
    touches = cli.json("plan")["touches"]
    later = next(t for t in touches if t["date"] > "2026-11-23" and t["start"])
    out = cli.ok("done", str(later["id"]))
    assert f"planned for {cli_day(later['date'])} and happened today" in out
    (done,) = [t for t in cli.json("touches", "--status", "done") if t["id"] == later["id"]]
    assert done["date"] == "2026-11-23" and done["status"] == "done"
    contact = cli.json("contacts", "show", str(later["contact_id"]))
    assert contact["last_touch"] == "2026-11-23" and contact["warmth"] == 1.0


def test_a_touch_done_early_keeps_its_time_only_if_nothing_else_is_planned_then_today(cli):
    touches = cli.json("plan")["touches"]
    today = {t["start"] for t in touches if t["date"] == "2026-11-23" and t["start"]}
    clash = next(t for t in touches if t["date"] > "2026-11-23" and t["start"] in today)
    free = next(
        t
        for t in touches
        if t["date"] > "2026-11-23"
        and t["start"]
        and not any(
            t["start"] < o["end"] and o["start"] < t["end"]
            for o in touches
            if o["date"] == "2026-11-23" and o["start"]
        )
    )
    cli.ok("done", str(clash["id"]))
    cli.ok("done", str(free["id"]))
    after = {t["id"]: t for t in cli.json("touches", "--status", "done")}
    assert after[clash["id"]]["date"] == "2026-11-23" and after[clash["id"]]["start"] is None
    assert after[free["id"]]["start"] == free["start"] and after[free["id"]]["end"] == free["end"]


def cli_day(text: str) -> str:
    from datetime import date

    return f"{date.fromisoformat(text):%a %d %b}"


def test_a_week_whose_blocked_time_is_over_points_to_the_next(cli):
    saturday = "2026-11-28"
    message = refused(cli, "plan", today=saturday)
    assert "blocked time of 2026-W48 is over" in message and "Fri 27 Nov 10:00" in message
    assert "planner plan --week 2026-W49" in message
    code, out, err = cli("plan", "--week", "2026-W49", today=saturday)
    assert code == 0 and out.startswith("2026-W49"), err
