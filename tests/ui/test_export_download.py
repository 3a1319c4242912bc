"""`e` on the week screen when the app runs in a browser: the .ics is offered as a download under
a name the user may change, never written on the server's disk at a path typed in the page.
tests/web/test_browser.py downloads it in a real browser; here the page is stood in for by
recording what the app hands over for download."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from planner.ui.app import PlannerApp
from planner.ui.modals.form import FieldError
from planner.ui.modals.transfer import ExportForm
from tests.ui.conftest import SIZE


@pytest.fixture
def delivered(monkeypatch) -> list[tuple[bytes, dict[str, Any]]]:
    """The app believes it runs in a browser; what it delivers is kept here."""
    handed: list[tuple[bytes, dict[str, Any]]] = []

    def deliver_binary(app: PlannerApp, file: Any, **options: Any) -> str:
        handed.append((file.read(), options))
        return "key"

    monkeypatch.setattr(PlannerApp, "is_web", property(lambda app: True))
    monkeypatch.setattr(PlannerApp, "deliver_binary", deliver_binary)
    return handed


async def test_the_week_is_delivered_under_a_checked_name(demo_app, delivered, tmp_path):
    async with demo_app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("e")
        form = demo_app.screen
        assert isinstance(form, ExportForm)
        field = form.query_one("#field-path", Input)
        assert field.value == "planner-2026-W48.ics"
        for bad in ("../week.ics", str(tmp_path / "week.ics"), "my week.ics", 'a";b.ics'):
            field.value = bad
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert demo_app.screen is form, "the form stays open"
            error = str(form.query_one("#error-path", FieldError).render())
            assert "letters, digits" in error
        assert delivered == [] and list(tmp_path.rglob("*.ics")) == []

        field.value = "week-48"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(demo_app.screen, ExportForm)
        [(data, options)] = delivered
        assert options["save_filename"] == "week-48.ics"
        assert options["mime_type"] == "text/calendar"
        assert data.startswith(b"BEGIN:VCALENDAR")
        messages = [n.message for n in demo_app._notifications]
        assert "Sent 2026-W48 to your browser as week-48.ics." in messages
