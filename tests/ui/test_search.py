"""Finding people as they are typed, in the app: the contacts and heat map filters and the
contact picker ignore case and accents and forgive typos."""

from __future__ import annotations

from planner import service
from planner.ui.modals.log import LogTouchForm
from planner.ui.screens.week import WeekScreen
from planner.ui.widgets.picker import ContactPicker
from planner.ui.widgets.table import VirtualTable
from tests.ui.conftest import NOW, SIZE, reopen

TODAY = NOW.date()


def network(app) -> dict[str, int]:
    """Ana and Ben Müller, Zoë Ørsted and John Smith; their ids by first name."""
    store = app.store
    ids = {}
    for name, company in (
        ("Ana Müller", "Northwind"),
        ("Ben Müller", "Contoso"),
        ("Zoë Ørsted", "Initech"),
        ("John Smith", "Fabrikam"),
    ):
        contact = service.add_contact(store, today=TODAY, name=name, company=company)
        ids[name.split()[0]] = contact.id
    return ids


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(char, char) for char in text])


def shown(app, table_id: str) -> set[str]:
    table = app.screen.query_one(table_id, VirtualTable)
    return {app.store.contact(key).name for key in table.keys if isinstance(key, int)}


async def test_the_contacts_filter_ignores_accents_and_forgives_a_typo(app):
    network(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "slash")
        await type_text(pilot, "muller")
        assert shown(app, "#contacts-table") == {"Ana Müller", "Ben Müller"}
        await pilot.press("escape", "slash")
        await type_text(pilot, "ZOE ORSTED")
        assert shown(app, "#contacts-table") == {"Zoë Ørsted"}
        await pilot.press("escape", "slash")
        await type_text(pilot, "ana mulelr")  # two letters swapped
        assert shown(app, "#contacts-table") == {"Ana Müller"}
        await pilot.press("escape", "slash")
        await type_text(pilot, "smiht")
        assert shown(app, "#contacts-table") == {"John Smith"}


async def test_the_heat_map_filter_ignores_accents_and_forgives_a_typo(app):
    network(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.press("slash")
        await type_text(pilot, "muller")
        assert shown(app, "#heat-table") == {"Ana Müller", "Ben Müller"}
        await pilot.press("escape", "slash")
        await type_text(pilot, "zoe orsted")
        assert shown(app, "#heat-table") == {"Zoë Ørsted"}


async def test_the_picker_finds_muller_without_the_accent_and_logs_with_her(app):
    ids = network(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert isinstance(app.screen, LogTouchForm)
        await type_text(pilot, "muller")
        picker = app.screen.query_one(ContactPicker)
        assert [contact.name for contact in picker.matches] == ["Ana Müller", "Ben Müller"]
        await pilot.press("enter")  # the first line: Ana
        assert picker.chosen is not None and picker.chosen.id == ids["Ana"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)
        store = reopen(app)
        assert len(store.contacts) == 4, "no new contact was made"
        assert len(store.touches_of(ids["Ana"])) == 1


async def test_the_picker_forgives_a_typo(app):
    ids = network(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await type_text(pilot, "jhon smiht")
        picker = app.screen.query_one(ContactPicker)
        assert [contact.id for contact in picker.matches] == [ids["John"]]


async def test_the_picker_says_when_the_typed_name_is_a_contact_already(app):
    ids = network(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await type_text(pilot, "ana muller")
        picker = app.screen.query_one(ContactPicker)
        assert [contact.id for contact in picker.namesakes] == [ids["Ana"]]
        options = picker.options
        new_line = str(options.get_option_at_index(options.option_count - 1).prompt)
        assert "Ana Müller is already a contact" in new_line
        assert options.highlighted == 0 and picker.matches[0].id == ids["Ana"], (
            "the existing contact is offered first"
        )
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        store = reopen(app)
        assert len(store.contacts) == 4, "the namesake was taken, not a second Ana Müller"
        assert len(store.touches_of(ids["Ana"])) == 1
