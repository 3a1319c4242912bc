"""Sorting new contacts (`T`): one at a time, each decision saved at once, undo, resume."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from planner import service
from planner.domain import Relationship, Tier
from planner.store import Store
from planner.ui.screens.contacts import ContactsScreen
from planner.ui.screens.sorting import SortScreen
from tests.ui.conftest import NOW, SIZE, make_app, reopen

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
PEOPLE = [
    ("Ana", "Lindqvist", "ana@lindqvist.example", "Northwind", "Head of Sales"),
    ("Ben", "Okafor", "", "Okafor Ltd", "CEO"),
    ("Chloé", "Dubois", "chloe@dubois.example", "Atelier Dubois", "Founder"),
    ("Dev", "Patel", "", "Contoso", "CTO"),
]


def linkedin(rows: list[tuple[str, str, str, str, str]]) -> bytes:
    lines = [
        f"{first},{last},https://www.linkedin.com/in/{first.lower()}-{last.lower()},{email},"
        f"{company},{title},1 Feb 2023\n"
        for first, last, email, company, title in rows
    ]
    return (HEADER + "".join(lines)).encode()


def with_new_contacts(db_path: Path, rows=PEOPLE, *, demo: bool = True):
    app = make_app(db_path, demo=demo)
    service.import_contacts(app.store, linkedin(rows), today=NOW.date())
    return app


def shown(app) -> str:
    """The contact's card as the terminal shows it."""
    card = app.screen.query_one("#sort-contact")
    console = Console(width=card.content_region.width or 76, record=True, file=io.StringIO())
    console.print(card.content)
    return console.export_text()


def head(app) -> str:
    return str(app.screen.query_one("#sort-head").render())


def on_disk(app, name: str):
    store = Store.open(app.store.path)  # what a fresh start (after a crash) reads
    return next(c for c in store.contacts.values() if c.name == name)


async def test_each_decision_is_saved_at_once_and_u_takes_it_back(db_path):
    app = with_new_contacts(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        assert "4 to sort (T)" in str(app.screen.query_one("#contacts-status").render())
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, SortScreen)
        assert "1 of 4" in head(app)
        card = shown(app)
        for words in (
            "Ana Lindqvist",
            "Head of Sales at Northwind",
            "LinkedIn, connected 2023-02-01",
            "https://www.linkedin.com/in/ana-lindqvist",
            "ana@lindqvist.example",
        ):
            assert words in card

        await pilot.press("c")  # customer: saved, and still on Ana
        ana = on_disk(app, "Ana Lindqvist")
        assert ana.relationship is Relationship.CUSTOMER and not ana.to_sort
        assert "Ana Lindqvist" in shown(app) and "a customer (saved)" in shown(app)
        await pilot.press("1")  # tier A: saved, and on to Ben
        assert on_disk(app, "Ana Lindqvist").tier is Tier.A
        assert "Ben Okafor" in shown(app) and "2 of 4" in head(app)

        await pilot.press("s")  # Ben later: Chloé now, Ben still to sort
        assert "Chloé Dubois" in shown(app) and "1 put off for later" in head(app)
        assert on_disk(app, "Ben Okafor").to_sort
        await pilot.press("x")  # Chloé archived
        chloe = on_disk(app, "Chloé Dubois")
        assert chloe.archived and not chloe.to_sort
        assert "Dev Patel" in shown(app) and "3 of 4" in head(app)

        await pilot.press("u")  # the archive taken back: Chloé on the card, to sort again
        chloe = on_disk(app, "Chloé Dubois")
        assert not chloe.archived and chloe.to_sort
        assert "Chloé Dubois" in shown(app) and "2 of 4" in head(app)
        await pilot.press("u", "u")  # Ben back from later; Ana's tier taken back
        assert "Ana Lindqvist" in shown(app) and "a customer (saved)" in shown(app)
        ana = on_disk(app, "Ana Lindqvist")
        assert ana.tier is Tier.C and ana.relationship is Relationship.CUSTOMER
        await pilot.press("u")
        ana = on_disk(app, "Ana Lindqvist")
        assert ana.to_sort and ana.relationship is Relationship.PROSPECT
        assert "to sort" in shown(app) and "1 of 4" in head(app)


async def test_leaving_and_coming_back_resumes_where_it_stopped(db_path):
    app = with_new_contacts(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "T")
        await pilot.press("2", "s")  # Ana tier B; Ben put off
        assert "Chloé Dubois" in shown(app)
        await pilot.press("escape")
        assert isinstance(app.screen, ContactsScreen)
        assert "3 to sort (T)" in str(app.screen.query_one("#contacts-status").render())
        await pilot.press("w", "T")  # from another screen, later in the session
        await pilot.pause()
        assert "Chloé Dubois" in shown(app) and "2 of 4" in head(app)
        await pilot.press("3", "3")  # Chloé, Dev; then Ben, put off, comes back last
        assert "Ben Okafor" in shown(app) and "4 of 4" in head(app)
        await pilot.press("e", "3")
        assert "Every contact is sorted" in shown(app)
        assert service.contacts_to_sort(reopen(app)) == []
        assert on_disk(app, "Ben Okafor").relationship is Relationship.PEER


async def test_a_sort_of_300_survives_a_crash_after_150_and_resumes(db_path):
    rows = [(f"Person{n:03d}", "Test", "", "Acme", "Buyer") for n in range(300)]
    app = with_new_contacts(db_path, rows, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        await pilot.press(*["3"] * 150)
        await pilot.pause()
        assert "151 of 300" in head(app)
        # The process could die now: everything decided is on disk already.
        crashed = Store.open(app.store.path)
        waiting = service.contacts_to_sort(crashed)
        assert len(waiting) == 150
        assert [c.name for c in waiting][:1] == ["Person150 Test"]
    again = make_app(db_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        await pilot.pause()
        assert "1 of 150" in head(again) and "Person150 Test" in shown(again)


async def test_contacts_to_sort_are_shown_as_such_and_a_tier_key_sorts_them(db_path):
    app = with_new_contacts(db_path, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        table = app.screen.table
        first = table.cursor_key
        tier, relationship = table.render_row(first)[2:4]
        assert (tier.plain, relationship.plain) == ("?", "to sort")
        await pilot.press("enter")
        await pilot.pause()
        assert "to sort" in str(app.screen.query_one("#card-title").render())
        await pilot.press("escape", "2")
        contact = reopen(app).contact(first)
        assert contact.tier is Tier.B and not contact.to_sort
        await pilot.press("enter")
        await pilot.pause()
        assert "to sort" not in str(app.screen.query_one("#card-title").render())
        await pilot.press("escape", "h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        heat = app.screen.table
        relations = [heat.render_row(key)[1] for key in heat.keys if isinstance(key, int)]
        assert sum(1 for each in relations if str(each) == "to sort") == len(PEOPLE) - 1


async def test_the_palette_finds_sorting_and_its_decisions(db_path):
    app = with_new_contacts(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"Sort new")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, SortScreen) and "Ana Lindqvist" in shown(app)
        await pilot.press("ctrl+p", *"Sort new contacts: Tier B")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, SortScreen) and "Ben Okafor" in shown(app)
        assert on_disk(app, "Ana Lindqvist").tier is Tier.B
