"""`planner serve` as a user meets it: a real server process on a free port, a real browser
(the system's Chromium, driven by Playwright) and a terminal emulator reading what the page's
terminal was sent.

The browser tests skip with the reason when Chromium or Playwright is missing, and fail instead
when PLANNER_REQUIRE_BROWSER=1 (CI sets it after installing Chromium).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from planner.demo import build_demo
from planner.store import Store

TODAY = date(2026, 11, 23)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Seconds to wait for anything a user would see (the app starting is the slowest, ~1 s).
WAIT = 15.0


def need_browser(reason: str) -> None:
    if os.environ.get("PLANNER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (PLANNER_REQUIRE_BROWSER=1 requires it)")
    pytest.skip(reason)


# ------------------------------------------------------------------------------- the server


@dataclass
class Served:
    """A running `planner serve`: its process, what it printed, the address with the token."""

    process: subprocess.Popen[str]
    db: Path
    lines: list[str] = field(default_factory=list)
    _queue: queue.Queue[str | None] = field(default_factory=queue.Queue)
    url: str = ""

    @property
    def base(self) -> str:
        """The address without the token."""
        return self.url.split("?", 1)[0]

    @property
    def token(self) -> str:
        return parse_qs(urlsplit(self.url).query)["token"][0]

    def read_until(self, predicate: Any, timeout: float = WAIT) -> str:
        """The first line (printed from now on) that `predicate` accepts."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            if predicate(line):
                return line
        raise AssertionError(f"the server did not print it; it printed: {self.lines}")

    def apps(self) -> list[int]:
        """The app processes running (the server's children)."""
        return children(self.process.pid)

    def wait_for_apps(self, count: int, timeout: float = WAIT) -> list[int]:
        deadline = time.monotonic() + timeout
        while len(found := self.apps()) != count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(found)} app process(es) running, not {count}")
            time.sleep(0.05)
        return found

    def stop(self, how: int = signal.SIGINT, timeout: float = WAIT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(how)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError("the server did not stop") from None


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def start_server(db: Path, *args: str, today: date | None = TODAY) -> Served:
    argv = [sys.executable, "-m", "planner", "--db", str(db)]
    if today is not None:
        argv += ["--today", today.isoformat()]
    argv += ["serve", "--port", "0", *args]
    process = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    served = Served(process, db)

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            served.lines.append(line.rstrip("\n"))
            served._queue.put(line.rstrip("\n"))
        served._queue.put(None)

    threading.Thread(target=read, daemon=True).start()
    return served


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """The demo network on 23 November 2026, nothing planned in its week yet."""
    db = tmp_path / "data" / "planner.json"
    build_demo(Store.open(db), TODAY)
    return db


@pytest.fixture
def serve() -> Iterator[Any]:
    """Start `planner serve` (as `start_server`); whatever a test leaves running is stopped."""
    started: list[Served] = []

    def start(db: Path, *args: str, today: date | None = TODAY) -> Served:
        started.append(start_server(db, *args, today=today))
        return started[-1]

    yield start
    for served in started:
        if served.process.poll() is None:
            served.stop()


@pytest.fixture
def server(demo_db: Path, serve: Any) -> Served:
    """`planner serve` on the demo database, its address printed."""
    served = serve(demo_db)
    served.url = served.read_until(lambda line: line.startswith("http://"))
    return served


# ------------------------------------------------------------------------------ the browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The system's Chromium, headless (Playwright gives each launch a fresh profile). Once
    per module: Playwright's synchronous API keeps an event loop of its own going, which
    asyncio tests elsewhere must not meet."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need_browser("Playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        need_browser(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser profile of its own (cookies, storage) for one test."""
    made = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    yield made
    made.close()


class Terminal:
    """What a page's terminal shows: the app's output, read off the page's websocket into a
    terminal emulator of the page's size (the page draws on a canvas, which has no text).
    A new websocket (a reload) starts a new screen."""

    def __init__(self, page: Any) -> None:
        import pyte

        self._pyte = pyte
        self.page = page
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.sockets = 0
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("websocket", self._attach)
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )

    def _attach(self, websocket: Any) -> None:
        query = parse_qs(urlsplit(websocket.url).query)
        self.screen = self._pyte.Screen(int(query["width"][0]), int(query["height"][0]))
        self.stream = self._pyte.ByteStream(self.screen)
        self.sockets += 1
        websocket.on("framereceived", self._received)
        websocket.on("framesent", self._sent)

    def _received(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            self.stream.feed(payload)

    def _sent(self, payload: bytes | str) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = json.loads(payload)[1]
            self.screen.resize(size["height"], size["width"])

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, *texts: str, timeout: float = WAIT) -> None:
        """Wait until every one of `texts` is on the screen."""
        deadline = time.monotonic() + timeout
        while not all(text in self.text for text in texts):
            if time.monotonic() > deadline:
                missing = [text for text in texts if text not in self.text]
                raise AssertionError(f"{missing} not on the screen:\n{self.text}")
            self.page.wait_for_timeout(50)

    def wait_until_gone(self, text: str, timeout: float = WAIT) -> None:
        deadline = time.monotonic() + timeout
        while text in self.text:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} still on the screen:\n{self.text}")
            self.page.wait_for_timeout(50)

    def wait_for_socket(self, count: int, timeout: float = WAIT) -> None:
        """Wait for the page's `count`th websocket (a reload opens a new one)."""
        deadline = time.monotonic() + timeout
        while self.sockets < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"the page opened {self.sockets} websocket(s), not {count}")
            self.page.wait_for_timeout(50)

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)


def open_app(context: Any, served: Served) -> tuple[Any, Terminal]:
    """A new tab on the printed address, once the app's week screen is up."""
    page = context.new_page()
    terminal = Terminal(page)
    response = page.goto(served.url)
    assert response is not None and response.status == 200
    terminal.wait_for("2026-W48", "Plan")
    return page, terminal


def wait_for_db(check: Any, db: Path, timeout: float = WAIT) -> Store:
    """The database once `check(store)` holds (the app saves a moment after the key)."""
    deadline = time.monotonic() + timeout
    while True:
        store = Store.open(db)
        if check(store):
            return store
        if time.monotonic() > deadline:
            raise AssertionError("the database never showed the change")
        time.sleep(0.05)
