"""Issue 7, items 3 and 8: the app with a storage error, and a second app on the same file."""

from __future__ import annotations

import errno

from textual.widgets import Input

from planner.store import files as store_files
from planner.store.session import Session
from planner.ui.app import PlannerApp
from planner.ui.modals.contact import ContactForm
from planner.ui.screens.contacts import ContactsScreen
from tests.ui.conftest import NOW, SIZE, make_app, reopen


def full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


async def test_a_form_that_cannot_be_saved_keeps_what_was_typed(db_path, monkeypatch):
    app = make_app(db_path, demo=True)
    before = set(reopen(app).contacts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "a")
        form = app.screen
        assert isinstance(form, ContactForm)
        form.query_one("#field-name", Input).value = "Ines Duarte"
        form.query_one("#field-company", Input).value = "Duarte & Filhos"
        monkeypatch.setattr(store_files.os, "fsync", full_disk)
        await pilot.press("ctrl+s")
        assert app.screen is form, "the form must stay open when saving fails"
        assert "No space left on device" in str(form.query_one("#error-form").render())
        assert form.query_one("#field-name", Input).value == "Ines Duarte"
        assert form.query_one("#field-company", Input).value == "Duarte & Filhos"
        assert set(reopen(app).contacts) == before
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        names = {c.name for c in reopen(app).contacts.values()}
        assert "Ines Duarte" in names


async def test_a_second_app_opens_read_only_and_says_so(db_path):
    make_app(db_path, demo=True)  # builds the demo database
    first = Session(db_path)
    assert first.claim() is None
    try:
        second = PlannerApp.on_path(db_path, now=NOW)
        assert second.store.read_only_reason is not None
        assert "has it open" in second.store.read_only_reason
        before = {p: p.read_bytes() for p in db_path.parent.rglob("*.json")}
        async with second.run_test(size=SIZE, notifications=True) as pilot:
            assert "read-only" in str(second.screen.query_one("#mode-bar").render())
            assert any("Read-only" in n.title for n in second._notifications)
            await pilot.press("p")
            await second.workers.wait_for_complete()
            await pilot.pause()
            assert any("read-only" in n.message for n in second._notifications)
            assert second.is_running
        assert {p: p.read_bytes() for p in db_path.parent.rglob("*.json")} == before
    finally:
        first.release()
    third = PlannerApp.on_path(db_path, now=NOW)
    try:
        assert third.store.read_only_reason is None, "the claim ends with the first app"
    finally:
        assert third.session is not None
        third.session.release()


def hold_lock(app: PlannerApp):
    """The write lock, taken the way another planner process takes it."""
    import filelock

    lock = filelock.FileLock(str(app.store.paths.lock))
    lock.acquire(timeout=1)
    return lock


async def test_while_another_planner_saves_the_screen_answers_and_the_change_follows(db_path):
    from planner.domain import TouchStatus
    from planner.ui.widgets.table import VirtualTable

    app = make_app(db_path, demo=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        agenda = app.screen.query_one("#agenda", VirtualTable)
        touch = app.store.touch(agenda.cursor_key)
        lock = hold_lock(app)
        try:
            await pilot.press("space", "down", "down")
            assert agenda.cursor_key != touch.id, "the screen kept answering keys"
            assert reopen(app).touch(touch.id).status is TouchStatus.PLANNED
            said = [str(note.message) for note in app._notifications]
            assert any("Another planner is saving" in text for text in said), said
        finally:
            lock.release()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert reopen(app).touch(touch.id).status is TouchStatus.DONE


async def test_a_form_waits_for_another_planner_and_says_so_if_it_never_finishes(
    db_path, monkeypatch
):
    from planner.ui import app as app_module

    monkeypatch.setattr(app_module, "APP_LOCK_TIMEOUT", 0.3)
    app = make_app(db_path, demo=True)
    before = set(reopen(app).contacts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "a")
        form = app.screen
        form.query_one("#field-name", Input).value = "Ines Duarte"
        lock = hold_lock(app)
        try:
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause(0.5)
            assert app.screen is form, "the form stays open"
            assert "being saved by another planner" in str(form.query_one("#error-form").render())
            assert form.query_one("#field-name", Input).value == "Ines Duarte"
            assert set(reopen(app).contacts) == before
        finally:
            lock.release()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        assert "Ines Duarte" in {c.name for c in reopen(app).contacts.values()}
