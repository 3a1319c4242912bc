"""`planner serve`: the app in a browser, one app process per page, behind a token.

textual-serve does the work: each websocket starts the app in its own process (with Textual's
web driver) and relays the terminal both ways. This module adds what it lacks: the token
(planner.web.auth), a page that loads nothing from other hosts, app processes started without
a shell and ended with their page, and an address printed once the port is open.

When a page closes (a reload, a closed tab) its app is asked to quit and, should it not end
within a few seconds, is ended; a new page waits for apps still ending, so a reloaded page
finds the database free and opens it writable, not read-only.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import os
import secrets
import signal
import socket
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from planner.domain.errors import PlannerError
from planner.web.auth import WEBSOCKET_PATH, TokenGuard, new_token

log = logging.getLogger("planner.web")

#: The web driver each app process runs with (it also ends the app if the server goes away).
DRIVER = "planner.ui.web_driver:BrowserDriver"
#: Seconds an app gets to quit after its page closed before it is ended.
STOP_GRACE = 5.0
#: Seconds a new page waits for apps of closed pages to end.
WAIT_FOR_ENDING = STOP_GRACE + 3.0
#: Largest terminal a page may ask for, in cells.
MAX_COLUMNS, MAX_ROWS = 500, 200
STATIC = Path(textual_serve.__file__).with_name("static")


@dataclass(frozen=True)
class Binding:
    """Where the server listens: the host as given, the addresses it stands for, the port."""

    host: str
    addresses: tuple[str, ...]
    port: int

    @property
    def remote(self) -> bool:
        """True when other machines can reach it (an address that is not loopback)."""
        return not all(ipaddress.ip_address(address).is_loopback for address in self.addresses)

    def url(self, port: int, token: str) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{port}/?token={token}"


def resolve(host: str, port: int) -> Binding:
    """The addresses `host` stands for, or an error in words."""
    if not host.strip():
        raise PlannerError("--host is empty: give an address to listen on, e.g. 127.0.0.1.")
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as error:
        reason = error.strerror if isinstance(error, socket.gaierror) else str(error)
        raise PlannerError(
            f"--host '{host}' is not an address this machine can listen on ({reason}); "
            "give one such as 127.0.0.1."
        ) from None
    addresses = tuple(dict.fromkeys(str(info[4][0]).split("%")[0] for info in found))
    return Binding(host, addresses, port)


class AppProcess(AppService):
    """One planner app for one page: started without a shell, ended with its page."""

    def __init__(self, argv: Sequence[str], **options: Any) -> None:
        super().__init__(" ".join(argv), **options)
        self.argv = list(argv)

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["TEXTUAL_DRIVER"] = DRIVER
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
        )
        self._stdin = process.stdin
        return process

    @property
    def ended(self) -> bool:
        return self._process is not None and self._process.returncode is not None

    async def run(self) -> None:
        await super().run()
        # The app has ended (quit, or it could not start): the page says so.
        try:
            await self.remote_close()
        except Exception:  # the page may be gone already
            pass

    async def on_data(self, payload: bytes) -> None:
        try:
            await super().on_data(payload)
        except ConnectionError:
            pass  # the page has gone: keep reading so the app can finish and end

    async def stop(self) -> None:
        """Ask the app to quit; end it if it has not within STOP_GRACE seconds."""
        task, process = self._task, self._process
        if task is None or process is None:
            return
        self._task = None
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        await self.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(process.wait(), STOP_GRACE)
        except TimeoutError:
            log.warning("app process %s did not quit in %s s; ending it", process.pid, STOP_GRACE)
            process.kill()
            await process.wait()
        await task


class PlannerServer(Server):
    """textual-serve's server with the token, the planner's page and its app processes."""

    def __init__(self, app_argv: Sequence[str], binding: Binding, *, title: str) -> None:
        super().__init__(
            " ".join(app_argv),
            host=binding.host,
            port=binding.port,
            title=title,
            statics_path=STATIC,
        )
        self.app_argv = list(app_argv)
        self.binding = binding
        self.token = new_token()
        self.guard = TokenGuard(self.token, binding.port)
        self.live: dict[web.WebSocketResponse, AppProcess] = {}
        """The open pages and their apps."""
        self.ending: set[asyncio.Task[None]] = set()
        """Apps of closed pages still ending."""

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard.middleware])
        templates = resources.files("planner.web") / "templates"
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(str(templates)), autoescape=True)
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get(WEBSOCKET_PATH, self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        nonce = secrets.token_urlsafe(16)
        try:
            font_size = min(max(int(request.query.get("fontsize", "16")), 8), 48)
        except ValueError:
            font_size = 16
        context = {
            "title": self.title,
            "static": "/static/",
            "nonce": nonce,
            "font_size": font_size,
        }
        response = aiohttp_jinja2.render_template("index.html", request, context)
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        )
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _clamp(request.query.get("width"), 80, MAX_COLUMNS)
        height = _clamp(request.query.get("height"), 24, MAX_ROWS)
        await websocket.prepare(request)
        if self.ending:
            # A reload: let the app of the page it replaces end and release the database.
            await asyncio.wait(set(self.ending), timeout=WAIT_FOR_ENDING)
        if websocket.closed:
            return websocket
        app = AppProcess(
            self.app_argv,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        self.live[websocket] = app
        try:
            await app.start(width, height)
            await self._process_messages(websocket, app)
        except Exception as error:  # a broken message from the page: end its app
            if not isinstance(error, ConnectionError):
                log.warning("page connection failed: %r", error)
        finally:
            del self.live[websocket]
            ending = asyncio.ensure_future(app.stop())
            self.ending.add(ending)
            ending.add_done_callback(self.ending.discard)
            await asyncio.shield(ending)
        return websocket

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints a banner here; the address is printed once the port is open."""

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every page; each page's app then quits (see handle_websocket)."""
        for websocket in list(self.live):
            await websocket.close(code=1001, message=b"the planner server stopped")

    async def run(
        self, stop: asyncio.Event, *, heading: str = "", printed: list[str] | None = None
    ) -> None:
        """Listen; once listening, print `heading` and the address; serve until `stop` is set,
        then end every app."""
        runner = web.AppRunner(
            await self._make_app(),
            handle_signals=False,
            access_log=None,
            shutdown_timeout=STOP_GRACE + 1,
        )
        await runner.setup()
        try:
            port = await self._listen(runner)
            url = self.binding.url(port, self.token)
            lines = [
                *([heading] if heading else []),
                "Open this address in a browser (its token lets you in; ctrl+c stops the server):",
                url,
            ]
            for line in lines:
                print(line, flush=True)
            if printed is not None:
                printed.extend(lines)
            await stop.wait()
        finally:
            await runner.cleanup()
            if self.ending:
                await asyncio.wait(set(self.ending), timeout=WAIT_FOR_ENDING)

    async def _listen(self, runner: web.AppRunner) -> int:
        """Open the port on every address the host stands for (the first one decides the port
        when 0 was asked for); the port, or an error in words."""
        port = self.binding.port
        for number, address in enumerate(self.binding.addresses):
            site = web.TCPSite(runner, address, port)
            try:
                await site.start()
            except OSError as error:
                if number:
                    continue  # e.g. IPv6 switched off: the first address serves
                raise PlannerError(_bind_message(self.binding, error)) from None
            if number == 0 and port == 0:
                port = runner.addresses[0][1]
        self.guard.name_cookie(port)
        return port


def _clamp(text: str | None, default: int, largest: int) -> int:
    try:
        value = int(text) if text is not None else default
    except ValueError:
        return default
    return min(max(value, 1), largest)


def _bind_message(binding: Binding, error: OSError) -> str:
    where = f"{binding.host} port {binding.port}"
    if error.errno == errno.EADDRINUSE:
        return f"Cannot listen on {where}: the port is in use; pick another with --port."
    if error.errno == errno.EACCES:
        return f"Cannot listen on {where}: not allowed; pick a port above 1023 with --port."
    return f"Cannot listen on {where}: {error.strerror or error}."


def serve(
    app_argv: Sequence[str], binding: Binding, *, heading: str = "", title: str = "planner"
) -> None:
    """Serve until ctrl+c or SIGTERM; every app process has ended when this returns."""
    server = PlannerServer(app_argv, binding, title=title)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(number, stop.set)
            except (NotImplementedError, RuntimeError):  # not on this platform
                pass
        await server.run(stop, heading=heading)

    asyncio.run(main())


def app_command(db_path: Path, today: str | None) -> list[str]:
    """How each page's app is started: this Python, this planner, this database."""
    argv = [sys.executable, "-m", "planner", "--db", os.fspath(db_path)]
    if today is not None:
        argv += ["--today", today]
    return argv
