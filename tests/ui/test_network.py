"""Who is who in the app: referrals on the contact card (and the heat map's details), and
merging one person's two contacts with M."""

from __future__ import annotations

from planner import service
from planner.ui.modals.contact import ContactCard
from tests.ui.conftest import NOW, SIZE

TODAY = NOW.date()


def card_text(app) -> str:
    return str(app.screen.query_one("#card-body").render())


def shown(widget) -> str:
    """What a widget holding a rich renderable (a table) shows, as text."""
    from rich.console import Console

    console = Console(width=98, color_system=None)
    with console.capture() as captured:
        console.print(widget.content)
    return captured.get()


def referrals(app) -> dict[str, int]:
    """Ana, a customer who referred Ben (who bought since) and Cem (still a prospect)."""
    store = app.store
    ana = service.add_contact(store, today=TODAY, name="Ana Müller", relationship="customer")
    ben = service.add_contact(store, today=TODAY, name="Ben Okafor", referred_by=ana.id)
    service.edit_contact(store, ben.id, today=TODAY, relationship="customer")
    cem = service.add_contact(store, today=TODAY, name="Cem Yıldız", referred_by=ana.id)
    return {"ana": ana.id, "ben": ben.id, "cem": cem.id}


async def test_the_card_lists_referrals_and_what_became_of_them(app):
    people = referrals(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        app.screen.table.move_cursor_to(people["ana"])
        await pilot.press("enter")
        assert isinstance(app.screen, ContactCard)
        text = card_text(app)
        assert "Referrals   Ben Okafor — now a customer (since 2026-11-23)" in text
        assert "Cem Yıldız — still a prospect" in text
        assert "Customer    since 2026-11-23" in text


async def test_the_heat_map_details_show_the_same_referrals(app):
    people = referrals(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.table.move_cursor_to(people["ana"])
        await pilot.press("enter")
        assert isinstance(app.screen, ContactCard)
        assert "Ben Okafor — now a customer" in card_text(app)


async def test_o_and_the_palette_open_where_customers_come_from(app):
    from planner.ui.modals.sources import SourcesScreen

    store = app.store
    for name, met_at, relationship in (
        ("Ana", "Trade fair", "customer"),
        ("Ben", "trade fair", "customer"),
        ("Cem", "Trade fair", "prospect"),
        ("Dana", "Golf club", "customer"),
        ("Eli", "Golf club", "prospect"),
        ("Fay", "Golf club", "prospect"),
    ):
        service.add_contact(store, today=TODAY, name=name, met_at=met_at, relationship=relationship)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "o")
        assert isinstance(app.screen, SourcesScreen)
        table = shown(app.screen.query_one("#sources-table"))
        assert table.index("Trade fair") < table.index("Golf club"), "most customers first"
        summary = str(app.screen.query_one("#sources-summary").render())
        assert "Most customers: Trade fair (2 of 3 met there)" in summary
        assert "touched (52 wk)" in table
        await pilot.press("plus")
        assert "touched (104 wk)" in shown(app.screen.query_one("#sources-table"))
        await pilot.press("escape")
        assert not isinstance(app.screen, SourcesScreen)
        await pilot.press("w", "ctrl+p")
        await pilot.press(*"Contacts: Sources")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
