"""Real servers for the calendar tests: Radicale (CalDAV) and a small HTTP server for .ics URLs.

Both run in this process on a free port of 127.0.0.1, in threads, and stop when the test ends.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} seconds")


class Radicale:
    """A Radicale CalDAV server on `port`, keeping its collections in `folder`.

    `auth type = none` is set explicitly (Radicale's default refuses everyone); with `users`
    (name to password) it uses a plain htpasswd file instead, to test refused logins. It can be
    stopped and started again on the same port with the same data.
    """

    def __init__(self, folder: Path, users: dict[str, str] | None = None) -> None:
        self.folder = folder
        self.port = free_port()
        self.users = users
        self._shutdown: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        import radicale.config
        import radicale.server

        auth: dict[str, str] = {"type": "none"}
        if self.users is not None:
            users = self.folder / "users"
            users.write_text("".join(f"{name}:{word}\n" for name, word in self.users.items()))
            auth = {
                "type": "htpasswd",
                "htpasswd_filename": str(users),
                "htpasswd_encryption": "plain",
                "delay": "0",
            }
        configuration = radicale.config.load([])
        configuration.update(
            {
                "server": {"hosts": f"127.0.0.1:{self.port}"},
                "storage": {"filesystem_folder": str(self.folder / "collections")},
                "auth": auth,
            },
            "planner tests",
            privileged=True,
        )
        self._shutdown, theirs = socket.socketpair()
        self._thread = threading.Thread(
            target=radicale.server.serve, args=(configuration, theirs), daemon=True
        )
        self._thread.start()
        wait_for_port(self.port)

    def stop(self) -> None:
        if self._shutdown is not None:
            self._shutdown.close()
            self._shutdown = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def make_calendar(self, user: str, name: str, password: str | None = None) -> str:
        """Create the calendar collection `/user/name/` and return its URL."""
        from caldav.davclient import DAVClient

        with DAVClient(
            url=f"{self.base}/",
            username=user,
            password=password if password is not None else "any",
            timeout=10,
            enable_rfc6764=False,
        ) as client:
            calendar = client.principal().make_calendar(name=name, cal_id=name)
            return str(calendar.url)


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class IcsServer:
    """An HTTP server answering each path from `routes`; unknown paths get 404. A route with
    an ETag header answers 304 to a request that sends it back. `requests` records each request's
    path and headers."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                server.requests.append((self.path, dict(self.headers.items())))
                route = server.routes.get(self.path, Route(404, b"not found"))
                if route.delay:
                    time.sleep(route.delay)
                tag = route.headers.get("ETag")
                if tag and self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
