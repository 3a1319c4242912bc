"""The contacts screen, driven by the keyboard as a user would."""

from __future__ import annotations

from textual.widgets import Input

from planner.domain import Tier
from planner.ui.modals.contact import ContactForm
from planner.ui.screens.contacts import ContactsScreen
from planner.ui.widgets.table import VirtualTable
from tests.ui.conftest import SIZE, reopen


def table(app) -> VirtualTable:
    return app.screen.query_one("#contacts-table", VirtualTable)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(char, char) for char in text])


async def test_add_a_contact_with_bad_input_then_fix_it(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, ContactsScreen)
        await pilot.press("a")
        assert isinstance(app.screen, ContactForm)
        await pilot.press("ctrl+s")  # empty name
        assert isinstance(app.screen, ContactForm), "an invalid form must stay open"
        error = app.screen.query_one("#error-name")
        assert "Name is required" in str(error.render())
        assert reopen(app).contacts == {}

        await type_text(pilot, "Ana Müller")
        company = app.screen.query_one("#field-company", Input)
        company.value = "Northwind"
        emails = app.screen.query_one("#field-emails", Input)
        emails.value = "not-an-email"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ContactForm)
        assert "does not look like an address" in str(
            app.screen.query_one("#error-emails").render()
        )
        assert app.screen.query_one("#field-name", Input).value == "Ana Müller", "typing was lost"
        emails.value = "ana@northwind.example"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        saved = list(reopen(app).contacts.values())
        assert [(c.name, c.company, c.emails) for c in saved] == [
            ("Ana Müller", "Northwind", ("ana@northwind.example",))
        ]


async def test_number_keys_set_the_tier_of_the_selected_contact(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        first = table(app).cursor_key
        await pilot.press("2")
        assert reopen(app).contact(first).tier is Tier.B
        await pilot.press("1")
        assert reopen(app).contact(first).tier is Tier.A


async def test_slash_filters_as_you_type_and_escape_clears(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        everyone = table(app).row_count
        await pilot.press("slash")
        await type_text(pilot, "müller")
        shown = [app.store.contact(key).name for key in table(app).keys]
        assert shown and all("Müller" in name for name in shown)
        assert len(shown) < everyone
        await pilot.press("escape")
        assert table(app).row_count == everyone
        assert table(app).has_focus


async def test_a_name_that_looks_like_markup_is_shown_literally(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "a")
        app.screen.query_one("#field-name", Input).value = "[bold]Ann[/"
        await pilot.press("ctrl+s")
        await pilot.pause()
        rendered = table(app).render_line(1).text
        assert "[bold]Ann[/" in rendered


async def test_delete_asks_first(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        first = table(app).cursor_key
        await pilot.press("d", "n")
        assert first in reopen(app).contacts
        await pilot.press("d", "y")
        await pilot.pause()
        assert first not in reopen(app).contacts


async def test_l_logs_a_touch_with_the_selected_contact(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        chosen = table(app).cursor_key
        await pilot.press("l")
        from planner.ui.modals.log import LogTouchForm

        assert isinstance(app.screen, LogTouchForm)
        app.screen.query_one("#field-note", Input).value = "Coffee went well"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        notes = [t.note for t in reopen(app).touches_of(chosen)]
        assert "Coffee went well" in notes


def shown_names(app) -> list[str]:
    return [app.store.contact(key).name for key in table(app).keys]


async def test_s_cycles_the_sort_and_shift_s_reverses_it(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        names = shown_names(app)
        assert names == sorted(names, key=str.casefold)
        await pilot.press("s")  # company
        companies = [app.store.contact(key).company.casefold() for key in table(app).keys]
        assert companies == sorted(companies)
        await pilot.press("s", "s", "s", "s")  # tier, relationship, last touch, due
        dues = [app.screen.row(app.store.contact(key)).due for key in table(app).keys]
        assert dues == sorted(dues)
        assert "sorted by due" in str(app.screen.query_one("#contacts-status").render())
        await pilot.press("S")
        dues = [app.screen.row(app.store.contact(key)).due for key in table(app).keys]
        assert dues == sorted(dues, reverse=True)


async def test_deleting_letters_of_the_filter_widens_it_again(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "slash")
        await type_text(pilot, "mü")
        wide = shown_names(app)  # accents aside: Müller, but also Murphy
        first_name = [name for name in wide if "Müller" in name][-1].split()[0].casefold()
        await type_text(pilot, f"ller {first_name}")
        narrow = shown_names(app)
        assert narrow and all("Müller" in name and first_name in name.casefold() for name in narrow)
        assert len(narrow) < len(wide)
        await pilot.press(*["backspace"] * (len(first_name) + 5))
        assert shown_names(app) == wide


async def test_archived_contacts_leave_the_list_and_v_shows_them(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        chosen = table(app).cursor_key
        await pilot.press("x")
        await pilot.pause()
        assert reopen(app).contact(chosen).archived
        assert chosen not in table(app).keys
        await pilot.press("v")
        assert chosen in table(app).keys
        await pilot.press("v")
        assert chosen not in table(app).keys


async def test_a_touch_checked_off_on_the_week_shows_on_the_contacts_screen(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("c", "w")  # the contacts screen has drawn the network once
        agenda = app.screen.query_one("#agenda", VirtualTable)
        touch = app.store.touch(agenda.cursor_key)
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("c")
        contacts = table(app)
        assert contacts.move_cursor_to(touch.contact_id)
        await pilot.pause()
        line = contacts.render_line(contacts.cursor - contacts.scroll_offset.y + 1).text
        assert f"{app.today:%d %b %Y}" in line
