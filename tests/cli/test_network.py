"""The command line for who is who in the network: search, where customers come from, who
referred whom, merging one person's two contacts, and honest prospecting."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_commands import CLI, TODAY, refused


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> CLI:
    return CLI(db_path, capsys)


def test_list_search_ignores_case_and_accents_but_not_typos(cli: CLI):
    for name in ("Ana Müller", "Ben Müller", "Cem Yıldız"):
        cli.ok("contacts", "add", "--name", name)
    found = cli.json("contacts", "list", "--search", "muller")
    assert [contact["name"] for contact in found] == ["Ana Müller", "Ben Müller"]
    assert [c["name"] for c in cli.json("contacts", "list", "--search", "MÜLLER")] == [
        "Ana Müller",
        "Ben Müller",
    ]
    assert cli.json("contacts", "list", "--search", "mulelr") == [], "scripts get exact matches"
    assert "No contacts match." in cli.ok("contacts", "list", "--search", "mulelr")


def test_show_and_json_say_since_when_a_contact_is_a_customer(cli: CLI):
    ana = cli.ok("contacts", "add", "--name", "Ana", "--relationship", "customer").strip()
    ben = cli.ok("contacts", "add", "--name", "Ben").strip()
    assert cli.json("contacts", "show", ana)["customer_since"] == "2026-11-23"
    assert "Customer since: 2026-11-23" in cli.ok("contacts", "show", ana)
    assert cli.json("contacts", "show", ben)["customer_since"] is None
    assert "Customer since" not in cli.ok("contacts", "show", ben)
    cli("contacts", "edit", ben, "--relationship", "customer", today="2026-12-01")
    assert cli.json("contacts", "list", "--search", "ben")[0]["customer_since"] == "2026-12-01"


def test_done_and_log_ask_whether_prospecting_over_coffee_was_stated(cli: CLI):
    cli.ok("contacts", "add", "--name", "Ana")
    coffee = ("log", "1", "--channel", "coffee", "--purpose", "prospecting")
    message = refused(cli, *coffee)
    assert "--stated" in message and "--not-stated" in message
    stated = cli.json(*coffee, "--stated")
    assert stated["purpose"] == "prospecting"
    quiet = cli.json(*coffee, "--not-stated", "--note", "Met at the fair")
    assert quiet["purpose"] == "networking"
    assert quiet["note"].startswith("Met at the fair\nPlanned as prospecting")
    said = cli.ok(*coffee, "--not-stated")
    assert "as networking: the purpose was not stated" in said
    assert cli.json("log", "1", "--channel", "call", "--purpose", "prospecting")["purpose"] == (
        "prospecting"
    ), "a call needs no flag"


def test_done_on_a_planned_prospecting_meeting(cli: CLI, db_path):
    from datetime import date

    from planner.domain import Channel, Purpose
    from planner.domain.model import Touch
    from planner.store import Store

    cli.ok("contacts", "add", "--name", "Ana")
    store = Store.open(db_path)
    with store.transaction() as tx:
        for ident in (1, 2):
            tx.put_touch(Touch(ident, 1, Purpose.PROSPECTING, Channel.MEETING, date(2026, 11, 23)))
    assert "--not-stated" in refused(cli, "done", "1")
    assert "is done" in cli.ok("done", "1", "--stated")
    said = cli.ok("done", "2", "--not-stated", "--note", "Coffee only")
    assert "recorded as networking (the purpose was not stated)" in said
    touches = {touch["id"]: touch for touch in cli.json("touches")}
    assert touches[1]["purpose"] == "prospecting" and touches[1]["status"] == "done"
    assert touches[2]["purpose"] == "networking"
    assert touches[2]["note"].startswith("Coffee only\nPlanned as prospecting")


def test_show_lists_the_referrals_a_contact_gave_and_what_became_of_them(cli: CLI):
    ana = cli.ok("contacts", "add", "--name", "Ana", "--relationship", "customer").strip()
    ben = cli.ok("contacts", "add", "--name", "Ben", "--referred-by", ana).strip()
    cli.ok("contacts", "add", "--name", "Cem", "--referred-by", ana, "--relationship", "peer")
    cli("contacts", "edit", ben, "--relationship", "customer", today="2026-11-30")
    cli.ok("contacts", "add", "--name", "Dana", "--referred-by", ana)
    text = cli.ok("contacts", "show", ana)
    assert "Referrals (3):" in text
    assert f"Ben (#{ben}): now a customer (since 2026-11-30)" in text
    assert "Cem (#3): now a peer" in text and "Dana (#4): still a prospect" in text
    referrals = cli.json("contacts", "show", ana)["referrals"]
    assert referrals[0] == {
        "id": int(ben),
        "name": "Ben",
        "relationship": "customer",
        "customer_since": "2026-11-30",
        "outcome": "now a customer (since 2026-11-30)",
    }
    assert [item["outcome"] for item in referrals[1:]] == ["now a peer", "still a prospect"]


def test_sources_prints_where_customers_come_from(cli: CLI):
    assert "No contacts yet" in cli.ok("sources")
    cli.ok("contacts", "add", "--name", "Ana", "--met-at", "BNI", "--relationship", "customer")
    cli.ok("contacts", "add", "--name", "Ben", "--met-at", "bni ", "--referred-by", "1")
    cli.ok("contacts", "add", "--name", "Cem", "--met-at", "Golf club")
    cli.ok("log", "2", "--channel", "call", "--purpose", "value", "--date", "2026-10-01")
    data = cli.json("sources")
    assert data == {
        "sources": [
            {
                "source": "BNI",
                "contacts": 2,
                "touched": 1,
                "customers": 1,
                "referrals": 1,
                "touches": 1,
            },
            {
                "source": "Golf club",
                "contacts": 1,
                "touched": 0,
                "customers": 0,
                "referrals": 0,
                "touches": 0,
            },
        ]
    }
    assert cli.json("sources", "--weeks", "4")["sources"][0]["touched"] == 0
    text = cli.ok("sources")
    assert text.index("BNI") < text.index("Golf club")
    assert "last 52 weeks" in text


def test_duplicates_then_merge(cli: CLI):
    assert "No two contacts look like one person." in cli.ok("contacts", "duplicates")
    cli.ok("contacts", "add", "--name", "Ana Müller", "--email", "ana@x.example")
    cli.ok("contacts", "add", "--name", "Ana Muller", "--company", "Northwind")
    cli.ok("contacts", "add", "--name", "A. Müller", "--email", "ANA@x.example", "--tag", "golf")
    cli.ok("contacts", "add", "--name", "Ben", "--referred-by", "3")
    cli.ok("log", "3", "--channel", "call", "--purpose", "value")
    pairs = cli.json("contacts", "duplicates")
    assert pairs == {"pairs": [{"keep": 1, "other": 3, "why": "same email ana@x.example"}]}
    assert "#1 Ana Müller  <-  #3 A. Müller: same email" in cli.ok("contacts", "duplicates")
    merged = cli.json("contacts", "merge", "1", "3")
    assert merged["keep"] == 1 and merged["other"] == 3
    assert merged["touches_moved"] == 1 and merged["referrals_moved"] == [4]
    assert merged["changed"] == ["tags"]
    assert merged["contact"]["tags"] == ["golf"] and merged["contact"]["last_touch"] == TODAY
    assert cli.json("contacts", "show", "4")["referred_by"] == 1
    assert sorted(c["id"] for c in cli.json("contacts", "list")) == [1, 2, 4]
    assert cli.json("contacts", "duplicates") == {"pairs": []}
    text = cli.ok("contacts", "merge", "1", "2")
    assert "Ana Muller (#2) is removed; 0 touches and 0 referrals move" in text
    assert "gains: company" in text
