"""The first session: an empty database opens on a checklist that ticks itself off."""

from __future__ import annotations

from pathlib import Path

from planner import service
from planner.ui.screens.week import WeekScreen
from tests.ui.conftest import NOW, SIZE, reopen

CARDS = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Lindqvist\nEMAIL:ana@lindqvist.example\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Ben Okafor\nORG:Okafor Ltd\nEND:VCARD\n"
)


def checklist(app) -> str:
    return str(app.screen.query_one("#first-session").render())


async def test_an_empty_database_opens_on_a_checklist_that_ticks_itself_off(app, tmp_path: Path):
    cards = tmp_path / "phone.vcf"
    cards.write_text(CARDS)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WeekScreen)
        assert screen.query_one("#first-session").display and not screen.agenda.display
        text = checklist(app)
        for words in (
            "○ 1   i   Import your contacts",
            "from LinkedIn, Google or a phone (.vcf)",
            "Connections.csv",
            "Google Contacts: Export › Google CSV",
            "○ 2   b   Block your week",
            "○ 3   g   Write your goals",
            "○ 4   p   Plan the week",
            "planner --demo",
        ):
            assert words in text

        await pilot.press("i")  # the import form, from the checklist's own key
        await pilot.pause()
        form = app.screen
        form.query_one("#field-path").value = str(cards)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert len(reopen(app).contacts) == 2
        text = checklist(app)
        assert "✓ 1   i   Import your contacts    2 contacts, 2 to sort into tiers (T)" in text
        assert "○ 2" in text

        store = app.store
        service.add_block(store, kind="prospecting", day="mon", start="09:00", end="12:00")
        service.add_goal(store, metric="touches_done", target="5")
        app.changed()
        await pilot.pause()
        text = checklist(app)
        assert "✓ 2   b   Block your week         1 time block" in text
        assert "✓ 3   g   Write your goals        1 goal" in text

        # Planning with everyone still to sort plans nobody: the checklist stays and says why.
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.query_one("#first-session").display
        said = [str(notification.message) for notification in app._notifications]
        assert any("2 contacts to sort: press T" in message for message in said)
        for contact in service.contacts_to_sort(store):
            service.sort_contact(store, contact.id, tier="A")
        app.changed()
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert reopen(app).week_touches(screen.shown_week)
        assert not screen.query_one("#first-session").display and screen.agenda.display


async def test_the_empty_contacts_screen_names_the_import_key(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        empty = app.screen.table.render_line(1).text
        assert "press i to import your LinkedIn connections, Google contacts" in empty


async def test_a_database_that_has_had_touches_opens_on_the_week(demo_app):
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not demo_app.screen.query_one("#first-session").display
        assert demo_app.screen.agenda.display
        assert NOW.date() in demo_app.screen.shown_week
