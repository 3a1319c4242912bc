"""Who is who in the app: referrals on the contact card (and the heat map's details), and
merging one person's two contacts with M."""

from __future__ import annotations

from planner import service
from planner.ui.modals.contact import ContactCard
from tests.ui.conftest import NOW, SIZE

TODAY = NOW.date()


def card_text(app) -> str:
    return str(app.screen.query_one("#card-body").render())


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
