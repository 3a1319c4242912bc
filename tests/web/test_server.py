"""The server on its own, with a plain HTTP client: who gets in, and how the app processes of
closed pages end before a new page's app starts.

The app each page starts is a small stand-in here (a real process speaking textual-serve's
protocol, claiming the database as the planner app does), so that it can take its time to quit,
or never quit, on purpose."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
import yarl

from planner.web import server as web_server
from planner.web.server import PlannerServer, resolve

#: Claims the database like the app, says whether it got it, and takes QUIT_DELAY seconds to
#: quit when asked (never, if negative). Each start leaves a file behind, to count them.
STAND_IN = r"""
import os, sys, time
from pathlib import Path
from planner.store.session import Session

db, quit_delay, starts = sys.argv[1], float(sys.argv[2]), Path(sys.argv[3])
(starts / str(os.getpid())).touch()
session = Session(db)  # held while the process lives, as the app holds its claim
said = b"writable" if session.claim() is None else b"read-only"
out = sys.stdout.buffer
out.write(b"__GANGLION__\n" + b"D" + len(said).to_bytes(4, "big") + said)
out.flush()
data = b""
while b'"quit"' not in data:
    chunk = os.read(0, 4096)
    if not chunk:
        sys.exit(0)
    data += chunk
time.sleep(quit_delay if quit_delay >= 0 else 3600)
"""


@dataclass
class Running:
    server: PlannerServer
    url: str
    client: aiohttp.ClientSession
    starts: Path

    @property
    def base(self) -> str:
        return self.url.split("?", 1)[0]

    @property
    def origin(self) -> str:
        return self.base.rstrip("/")

    async def page(self) -> aiohttp.ClientWebSocketResponse:
        return await self.client.ws_connect(self.base + "ws", headers={"Origin": self.origin})

    def started(self) -> int:
        return len(list(self.starts.iterdir()))


@asynccontextmanager
async def running(tmp_path: Path, quit_delay: float) -> AsyncIterator[Running]:
    starts = tmp_path / "starts"
    starts.mkdir()
    argv = [sys.executable, "-c", STAND_IN, str(tmp_path / "planner.json"), str(quit_delay)]
    server = PlannerServer([*argv, str(starts)], resolve("127.0.0.1", 0), title="planner")
    stop = asyncio.Event()
    printed: list[str] = []
    task = asyncio.create_task(server.run(stop, printed=printed))
    async with asyncio.timeout(10):
        while not printed:
            await asyncio.sleep(0.01)
    url = printed[-1]
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
            async with client.get(url) as response:
                assert response.status == 200
            yield Running(server, url, client, starts)
    finally:
        stop.set()
        await task


async def said(page: aiohttp.ClientWebSocketResponse) -> bytes:
    message = await page.receive(timeout=15)
    assert message.type is aiohttp.WSMsgType.BINARY, message
    return message.data


async def test_a_page_after_a_closed_one_waits_for_its_app_to_end(tmp_path):
    async with running(tmp_path, quit_delay=1.0) as served:
        first = await served.page()
        assert await said(first) == b"writable"
        other = await served.page()
        assert await said(other) == b"read-only", "two live pages: the second is read-only"
        await other.close()
        await first.close()  # its app takes a second to let the database go
        again = await served.page()
        assert await said(again) == b"writable"
        await again.close()


async def test_an_app_that_does_not_quit_is_ended(tmp_path, monkeypatch):
    monkeypatch.setattr(web_server, "STOP_GRACE", 0.5)
    async with running(tmp_path, quit_delay=-1) as served:
        first = await served.page()
        assert await said(first) == b"writable"
        [app] = served.server.live.values()
        await first.close()
        again = await served.page()
        assert await said(again) == b"writable"
        assert app.ended
        await again.close()
    assert not served.server.live


async def test_the_websocket_needs_the_cookie_and_this_origin(tmp_path):
    async with running(tmp_path, quit_delay=0) as served:
        for origin in ("http://attacker.example", "null", ""):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                headers = {"Origin": origin} if origin else {}
                await served.client.ws_connect(served.base + "ws", headers=headers)
            assert refused.value.status == 403
        async with aiohttp.ClientSession() as stranger:  # no cookie
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await stranger.ws_connect(served.base + "ws", headers={"Origin": served.origin})
            assert refused.value.status == 403
            for path in (
                "static/js/textual.js",
                "download/anything",
                "?token=" + "a" * 43,
                "?token=%ff%fe",
                "?token=%ED%A0%80",
                "ws?token=" + served.url.split("token=")[1],
            ):
                address = yarl.URL(served.base + path, encoded=True)
                async with stranger.get(address) as response:
                    assert response.status == 403, path
        assert served.started() == 0, "no app was started for a refused page"
        page = await served.page()
        assert await said(page) == b"writable"
        assert served.started() == 1
        await page.close()


async def test_the_page_loads_nothing_from_elsewhere_and_cannot_be_framed(tmp_path):
    async with running(tmp_path, quit_delay=0) as served:
        async with served.client.get(served.base) as response:
            html = await response.text()
            policy = response.headers["Content-Security-Policy"]
        links = re.findall(r"""(?:src|href)=["']([^"']*)|url\(["']?([^"')]*)""", html)
        assert links, "the page links its script, styles and fonts"
        for link in ("".join(found) for found in links):
            assert link.startswith("/") and not link.startswith("//") or link == "data:,", link
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "token" not in response.url.query, "the token leaves the address bar"
