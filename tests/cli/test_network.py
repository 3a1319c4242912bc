"""The command line for who is who in the network: search, where customers come from, who
referred whom, merging one person's two contacts, and honest prospecting."""

from __future__ import annotations

from tests.cli.test_commands import CLI, cli  # noqa: F401 - the fixture


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
