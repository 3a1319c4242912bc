"""The app in a real browser through `planner serve`: keys pressed on the page, what the page
shows, what was saved."""

from __future__ import annotations

import signal
import time
from urllib.parse import urlsplit

from planner.domain import TouchStatus
from planner.domain.weeks import Week
from planner.store import Store
from planner.store.session import Session
from tests.web.conftest import TODAY, WAIT, Served, open_app, wait_for_db

WEEK = Week.of(TODAY)


def server_store(server: Served) -> Store:
    return Store.open(server.db)


def planned(store) -> list:
    return [t for t in store.week_touches(WEEK) if t.status is TouchStatus.PLANNED]


def test_a_weekly_session_in_the_browser(context, server: Served):
    page, term = open_app(context, server)
    assert "read-only" not in term.text

    # p plans the empty week at once.
    term.press("p")
    store = wait_for_db(lambda s: len(s.week_touches(WEEK)) >= 10, server.db)
    first = min(store.week_touches(WEEK), key=lambda t: (t.date, t.start))
    term.wait_for(store.contact(first.contact_id).name)

    # space checks the selected touch off.
    term.press("Space")
    store = wait_for_db(
        lambda s: any(t.status is TouchStatus.DONE for t in s.week_touches(WEEK)), server.db
    )
    done = [t for t in store.week_touches(WEEK) if t.status is TouchStatus.DONE]
    assert [t.id for t in done] == [first.id]

    # p again asks first; escape says no, and nothing changes.
    before = sorted(t.id for t in store.week_touches(WEEK))
    term.press("p")
    term.wait_for("Re-plan 2026-W48?")
    term.press("Escape")
    term.wait_until_gone("Re-plan 2026-W48?")
    assert sorted(t.id for t in server_store(server).week_touches(WEEK)) == before
    # y re-plans, keeping the touch done.
    term.press("p")
    term.wait_for("Re-plan 2026-W48?")
    term.press("y")
    store = wait_for_db(lambda s: sorted(t.id for t in s.week_touches(WEEK)) != before, server.db)
    assert store.touch(first.id).status is TouchStatus.DONE

    # c opens the contacts; a adds one, ctrl+s saves it.
    term.press("c")
    term.wait_for(f"{len(store.contacts)} contacts · A", "/ Filter")
    term.press("a")
    term.wait_for("Add a contact", "Save  ctrl+s")
    page.keyboard.type("Brigitte Browser")
    term.press("Control+s")
    wait_for_db(lambda s: any(c.name == "Brigitte Browser" for c in s.contacts.values()), server.db)

    # ctrl+p opens the command palette; typing finds the goals screen.
    term.press("Control+p")
    term.wait_for("Search for commands")
    page.keyboard.type("go to goals")
    term.wait_for("Switch to the Goals screen")
    term.press("Enter")
    term.wait_for("Target")

    # Everything the page loaded came from this server, and nothing went wrong on the page
    # (its content security policy refused nothing).
    host = urlsplit(server.url).netloc
    assert term.requests, "the page loaded nothing?"
    assert {urlsplit(url).netloc for url in term.requests} == {host}
    # (textual.js sends the terminal size as soon as it is measured, which can be before its
    # websocket is open; the browser refuses that send and the size goes again once it is.)
    early = "Failed to execute 'send' on 'WebSocket': Still in CONNECTING state."
    assert [error for error in term.errors if early not in error] == []


def test_export_is_a_browser_download(context, server: Served):
    page, term = open_app(context, server)
    term.press("p")
    store = wait_for_db(lambda s: len(planned(s)) >= 10, server.db)
    term.press("e")
    term.wait_for("File name", "planner-2026-W48.ics")
    # The page opens the download in a tab of its own that closes at once; the download is
    # the page's.
    with page.expect_download(timeout=WAIT * 1000) as started:
        term.press("Control+s")
    download = started.value
    assert download.suggested_filename == "planner-2026-W48.ics"
    text = open(download.path(), encoding="utf-8").read()
    assert text.startswith("BEGIN:VCALENDAR")
    names = {store.contact(t.contact_id).name for t in planned(store)}
    assert any(name in text for name in names)
    term.wait_for("Sent 2026-W48 to your browser as planner-2026-W48.ics")


def test_no_token_or_a_wrong_one_gets_403_and_no_app(context, server: Served):
    page = context.new_page()
    sockets: list[str] = []
    page.on("websocket", lambda websocket: sockets.append(websocket.url))
    for address in (server.base, server.base + "?token=" + "x" * 43, server.url + "x"):
        response = page.goto(address)
        assert response is not None and response.status == 403
        assert "token" in page.inner_text("body")
    page.wait_for_timeout(300)
    assert sockets == [] and server.apps() == []
    # The right token lets in; a wrong one is refused even with the cookie.
    _, term = open_app(context, server)
    response = page.goto(server.base + "?token=wrong")
    assert response is not None and response.status == 403


def test_a_reload_gets_a_working_app(context, server: Served):
    page, term = open_app(context, server)
    [old] = server.wait_for_apps(1)
    page.reload()
    term.wait_for_socket(2)
    term.wait_for("2026-W48", "Plan")
    [new] = server.wait_for_apps(1)
    assert new != old, "the reloaded page has an app of its own; the old one ended"
    assert "read-only" not in term.text
    term.press("p")
    wait_for_db(lambda s: len(planned(s)) >= 10, server.db)


def test_two_tabs_on_one_database(context, server: Served):
    first, first_term = open_app(context, server)
    second, second_term = open_app(context, server)
    second_term.wait_for("read-only", "Read-only")
    assert "read-only" not in first_term.text

    second_term.press("p")
    second.wait_for_timeout(500)
    assert server_store(server).week_touches(WEEK) == [], "the read-only tab saved nothing"

    first_term.press("p")
    store = wait_for_db(lambda s: len(planned(s)) >= 10, server.db)
    # The second tab shows what the first saved (it reads the disk again every 2 s).
    touch = min(planned(store), key=lambda t: (t.date, t.start))
    second_term.wait_for(store.contact(touch.contact_id).name)

    # Closing the first tab ends its app; a new tab gets the database for writing.
    first.close()
    server.wait_for_apps(1)
    third, third_term = open_app(context, server)
    assert "read-only" not in third_term.text
    third_term.press("Space")
    store = wait_for_db(
        lambda s: any(t.status is TouchStatus.DONE for t in s.week_touches(WEEK)), server.db
    )
    assert len(store.week_touches(WEEK)) == len(planned(store)) + 1, "nothing was lost"


def test_q_ends_the_app_and_the_page_can_open_it_again(context, server: Served):
    page, term = open_app(context, server)
    [app] = server.wait_for_apps(1)
    term.press("q")
    page.wait_for_selector("body.-closed", timeout=WAIT * 1000)
    server.wait_for_apps(0)
    page.click("text=Open it again")
    term.wait_for_socket(2)
    term.wait_for("2026-W48", "Plan")
    [again] = server.wait_for_apps(1)
    assert again != app
    term.press("p")
    wait_for_db(lambda s: len(planned(s)) >= 10, server.db)


def test_stopping_the_server_ends_every_app(context, server: Served):
    page, term = open_app(context, server)
    [app] = server.wait_for_apps(1)
    started = time.monotonic()
    assert server.stop(signal.SIGINT) == 0
    assert time.monotonic() - started < 5
    assert not alive(app)
    page.wait_for_selector("body.-closed", timeout=WAIT * 1000)
    assert Session(server.db).claim() is None, "the database is free again"


def test_an_app_ends_when_its_server_is_killed(context, server: Served):
    page, term = open_app(context, server)
    [app] = server.wait_for_apps(1)
    server.process.kill()
    server.process.wait()
    deadline = time.monotonic() + WAIT
    while alive(app):
        assert time.monotonic() < deadline, "the app outlived its server"
        time.sleep(0.05)
    assert Session(server.db).claim() is None, "the database is free again"


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
