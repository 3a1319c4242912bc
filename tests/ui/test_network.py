"""Who is who in the app: referrals on the contact card (and the heat map's details), and
merging one person's two contacts with M."""

from __future__ import annotations

from planner import service
from planner.ui.modals.contact import ContactCard
from tests.ui.conftest import NOW, SIZE, reopen

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


def two_anas(app) -> dict[str, int]:
    """Ana Müller (one touch) and Ana Muller of Northwind (two touches, and she referred Ben):
    one person, two contacts."""
    store = app.store
    ana = service.add_contact(store, today=TODAY, name="Ana Müller", emails=["ana@x.example"])
    other = service.add_contact(
        store, today=TODAY, name="Ana Muller", company="Northwind", emails=["ANA@x.example"]
    )
    ben = service.add_contact(store, today=TODAY, name="Ben Okafor", referred_by=other.id)
    for whose in (ana.id, other.id, other.id):
        service.log_touch(store, whose, channel="call", purpose="value", day=TODAY)
    return {"ana": ana.id, "other": other.id, "ben": ben.id}


def assert_merged(app, people: dict[str, int]) -> None:
    saved = reopen(app)
    assert people["other"] not in saved.contacts
    assert len(saved.touches_of(people["ana"])) == 3 and saved.touch_count == 3
    assert saved.contact(people["ana"]).company == "Northwind"
    assert saved.contact(people["ben"]).referred_by == people["ana"]


async def test_shift_m_merges_someone_picked_by_name_after_showing_what_moves(app):
    from planner.ui.modals.merge import MergeForm
    from planner.ui.widgets.picker import ContactPicker

    people = two_anas(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        app.screen.table.move_cursor_to(people["ana"])
        await pilot.press("M")
        form = app.screen
        assert isinstance(form, MergeForm)
        await pilot.press(*"muller")
        picker = form.query_one(ContactPicker)
        assert [c.id for c in picker.matches] == [people["other"]], "not Ana herself"
        await pilot.press("enter")
        preview = str(form.query_one("#merge-preview").render())
        assert "Ana Muller (#2) is removed; 2 touches and 1 referral move to Ana Müller" in (
            preview
        )
        assert "gains: company" in preview
        assert reopen(app).touch_count == 3 and len(reopen(app).contacts) == 3, "not yet"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, MergeForm)
        assert_merged(app, people)
        assert app.screen.table.cursor_key == people["ana"]


async def test_escape_merges_nothing(app):
    people = two_anas(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        app.screen.table.move_cursor_to(people["ana"])
        await pilot.press("M", *"muller", "enter", "escape")
        await pilot.pause()
        assert len(reopen(app).contacts) == 3


async def test_the_duplicates_list_opens_the_merge_of_a_pair(app):
    from planner.ui.modals.merge import DuplicatesScreen, MergeForm

    people = two_anas(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "ctrl+p")
        await pilot.press(*"Contacts: Duplicates")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DuplicatesScreen)
        assert [(p.keep.id, p.other.id, p.why) for p in app.screen.pairs] == [
            (people["ana"], people["other"], "same email ana@x.example")
        ]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MergeForm)
        assert "2 touches and 1 referral move" in str(
            app.screen.query_one("#merge-preview").render()
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert_merged(app, people)


async def test_the_add_form_says_when_the_name_is_taken_and_offers_that_contact(app):
    from planner.ui.modals.contact import ContactForm

    people = two_anas(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("c", "a")
        form = app.screen
        assert isinstance(form, ContactForm)
        await pilot.press(*"ben okafor")
        hint = form.query_one("#namesake")
        assert hint.display
        assert "Ben Okafor (#3) already has this name: ctrl+o takes them" in str(hint.render())
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert not isinstance(app.screen, ContactForm)
        assert len(reopen(app).contacts) == 3, "nobody was added"
        assert app.screen.table.cursor_key == people["ben"]
        # Another person of the same name can still be added on purpose.
        await pilot.press("a", *"Ben Okafor")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [c.name for c in reopen(app).contacts.values()].count("Ben Okafor") == 2
