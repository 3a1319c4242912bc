"""Large outputs: `contacts list` and the heat map written a row at a time in the layout of the
Rich tables they replace, the heat map's coldest contacts of each tier by default, and JSON
written as the standard module writes it."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text

from planner import service
from planner.cli.tables import write_lines
from planner.domain import Relationship, Tier
from planner.store import Store
from tests.cli.test_commands import CLI, refused

TODAY = date(2026, 11, 23)
NAMES = [
    ("Ana Müller", "Northwind", "A", "customer"),
    ("Ben Okafor", "", "B", "connector"),
    ("Chen Wei 陈伟", "上海贸易", "C", "prospect"),
    ("Dana O'Brien-Smythe", "Contoso, Ltd.", "A", "friend"),
    ("Émile Zola", "Les Rougon", "C", "peer"),
]


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> CLI:
    cli = CLI(db_path, capsys)
    cli.ok("demo")  # 80 contacts with ten weeks of touches
    for name, company, tier, relationship in NAMES:
        cli.ok(
            "contacts", "add", "--name", name, "--company", company, "--tier", tier,
            "--relationship", relationship,
        )  # fmt: skip
    cli.ok("contacts", "archive", "3")
    return cli


def _rich(table: Table) -> str:
    """A table as the command line printed it with Rich (to a pipe: 160 columns, no colour)."""
    out = io.StringIO()
    console = Console(file=out, highlight=False, markup=False, emoji=False, width=160)
    console.print(table)
    return out.getvalue()


def _rich_contacts(db: Path, **filters) -> str:
    """`contacts list` as earlier versions printed it: a Rich table of every row."""
    store = Store.open(db)
    contacts = service.search_contacts(store.contacts.values(), **filters)
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("id", "name", "company", "tier", "relationship", "last touch", "due", "warmth"):
        table.add_column(column, justify="right" if column in ("id", "warmth") else "left")
    for contact in contacts:
        view = service.view_contact(store, contact, TODAY)
        table.add_row(
            str(contact.id),
            Text(contact.name + (" (archived)" if contact.archived else "")),
            Text(contact.company),
            contact.tier.value,
            contact.relationship.value,
            view.last_touch.isoformat() if view.last_touch else "never",
            view.due.isoformat(),
            f"{view.warmth:.2f}",
        )
    return _rich(table)


@pytest.mark.parametrize(
    ("options", "filters"),
    [
        ((), {}),
        (("--archived",), {"include_archived": True}),
        (("--tier", "A"), {"tier": Tier.A}),
        (("--search", "o"), {"text": "o"}),
        (("--relationship", "peer"), {"relationship": Relationship.PEER}),
    ],
)
def test_contacts_list_is_laid_out_as_the_rich_table_was(cli, options, filters):
    assert cli.json("contacts", "list", *options), "the filter finds someone"
    assert cli.ok("contacts", "list", *options) == _rich_contacts(cli.db, **filters)


def test_contacts_list_cuts_very_long_names_and_companies(cli):
    name = "Maximiliane Alexandra von Hohenzollern-Sigmaringen"
    company = "International Business Machines Corporation Europe"
    added = cli.json("contacts", "add", "--name", name, "--company", company)
    row = next(line for line in cli.ok("contacts", "list").splitlines() if "Maximiliane" in line)
    assert name[:39] + "…" in row and company[:31] + "…" in row
    assert name in cli.ok("contacts", "show", str(added["id"]))
    assert {"name": name, "company": company}.items() <= cli.json(
        "contacts", "list", "--search", "Hohenzollern"
    )[0].items()


def _rich_heatmap(db: Path, weeks: int) -> str:
    """The heat map's grid as earlier versions printed it: a Rich table of every row."""
    heat = service.heat(Store.open(db), TODAY, weeks)
    table = Table(
        box=None,
        pad_edge=False,
        header_style="bold",
        caption="· none  ▒ 1  ▓ 2  █ 3+ done touches a week",
    )
    table.add_column("tier")
    table.add_column("contact", no_wrap=True, max_width=28)
    for week in heat.weeks:
        table.add_column(f"W{week.number:02d}", justify="center", min_width=3)
    table.add_column("warmth", justify="right")
    for row in heat.rows:
        cells = [service.heat_shade(count) for count in row.counts]
        table.add_row(row.tier.value, Text(row.name), *cells, f"{row.warmth:.2f}")
    return _rich(table)


@pytest.mark.parametrize("weeks", [4, 12])
def test_heatmap_all_is_laid_out_as_the_rich_grid_was(cli, weeks):
    grid = cli.ok("heatmap", "--weeks", str(weeks), "--all")
    table, _, summaries = grid.rpartition(" done touches a week")
    caption_end, _, summaries = summaries.partition("\n")
    assert table + " done touches a week" + caption_end + "\n" == _rich_heatmap(cli.db, weeks)
    assert "more in tier" not in grid and "--all" not in grid
    assert [line[:7] for line in summaries.splitlines()] == ["Tier A:", "Tier B:", "Tier C:"]


def test_heatmap_shows_the_coldest_of_each_tier_and_how_many_more(cli):
    heat = cli.json("heatmap")
    lines = cli.ok("heatmap").splitlines()
    for tier in "ABC":
        rows = [row for row in heat["rows"] if row["tier"] == tier]
        assert len(rows) > 20, "the demo network has more than 20 contacts in each tier"
        shown = [line for line in lines if line.startswith(f"{tier}  ")]
        assert len(shown) == 20
        for line, row in zip(shown, rows, strict=False):
            assert row["name"][:20] in line, "the coldest first, as the JSON lists them"
        more = f"      … and {len(rows) - 20} more in tier {tier}"
        assert more in lines
        assert lines.index(more) == lines.index(shown[-1]) + 1, "right under the tier's rows"
    assert (
        f"The 20 coldest contacts of each tier: --all shows all {len(heat['rows'])}, "
        "--limit N the N coldest." in lines
    )


def test_heatmap_limit_shows_that_many_of_each_tier(cli):
    lines = cli.ok("heatmap", "--limit", "3", "--weeks", "4").splitlines()
    for tier in "ABC":
        assert len([line for line in lines if line.startswith(f"{tier}  ")]) == 3
    assert any(line.startswith("The 3 coldest contacts of each tier") for line in lines)
    assert len(cli.ok("heatmap", "--limit", "1000").splitlines()) == len(
        cli.ok("heatmap", "--all").splitlines()
    ), "a limit above every tier's size shows everyone, with no line about more"
    assert "--limit" in refused(cli, "heatmap", "--limit", "0")
    assert "--limit" in refused(cli, "heatmap", "--limit", "many")


@pytest.mark.parametrize(
    "command",
    [
        ("contacts", "list"),
        ("contacts", "show", "1"),
        ("heatmap",),
        ("review",),
        ("plan",),
        ("touches",),
        ("doctor",),
    ],
)
def test_json_is_written_as_the_standard_module_writes_it(cli, command):
    code, out, err = cli(*command, "--json")
    assert code == 0, err
    assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"


class _Recorder(io.StringIO):
    """An output that notes how many lines the table had produced at each flush."""

    def __init__(self) -> None:
        super().__init__()
        self.produced = 0
        self.flushed_at: list[tuple[int, int]] = []

    def flush(self) -> None:
        self.flushed_at.append((self.produced, self.getvalue().count("\n")))


def test_the_first_rows_are_written_before_the_rest_are_worked_out():
    out = _Recorder()

    def rows():
        for number in range(5000):
            out.produced = number + 1
            yield f"row {number}"

    write_lines(out, rows())
    produced, written = out.flushed_at[0]
    assert written > 0 and produced < 100, "the first rows went out while most were still to come"
    assert out.getvalue().splitlines() == [f"row {number}" for number in range(5000)]
