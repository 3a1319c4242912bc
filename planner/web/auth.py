"""Who may use `planner serve`: whoever holds the token it printed.

The address printed carries a random token. The first visit with it sets a cookie (HttpOnly,
SameSite=Strict) and redirects to the same address without the token, so the token leaves the
address bar and the history; the page, its files, its downloads and its websocket are then let
in by the cookie alone. The websocket also checks that the page opening it comes from this
server (its Origin header names the host the request was sent to): another site cannot open
one, even in a browser that holds the cookie. Everything else gets 403 and no app.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode, urlsplit

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

#: Paths whose requests open an app: they also need an Origin from this server.
WEBSOCKET_PATH = "/ws"

FORBIDDEN_TEXT = (
    "403 Forbidden: open the address that `planner serve` printed; its token lets you in.\n"
)
FOREIGN_ORIGIN_TEXT = "403 Forbidden: the page asking for the app does not come from this server.\n"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class TokenGuard:
    """aiohttp middleware letting in the holder of `token` (in the address once, then in a
    cookie named after the port, so two servers on one machine do not shut each other out)."""

    def __init__(self, token: str, port: int) -> None:
        self.token = token
        self.cookie = ""
        self.name_cookie(port)

    def name_cookie(self, port: int) -> None:
        """Name the cookie after the port listened on (known once bound when 0 was asked)."""
        self.cookie = f"planner-{port}"

    def holds_token(self, text: str | None) -> bool:
        given = None if text is None else text.encode("utf-8", "surrogatepass")
        return given is not None and secrets.compare_digest(given, self.token.encode())

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if "token" in request.query:
            if request.path != "/" or not self.holds_token(request.query["token"]):
                return forbidden(FORBIDDEN_TEXT)
            return self._let_in(request)
        if not self.holds_token(request.cookies.get(self.cookie)):
            return forbidden(FORBIDDEN_TEXT)
        if request.path == WEBSOCKET_PATH and not same_origin(request):
            return forbidden(FOREIGN_ORIGIN_TEXT)
        return await handler(request)

    def _let_in(self, request: web.Request) -> web.StreamResponse:
        """The cookie, and the same address without the token."""
        rest = [(key, value) for key, value in request.query.items() if key != "token"]
        location = request.path + (f"?{urlencode(rest)}" if rest else "")
        response = web.Response(status=303, text="See Other\n", headers={"Location": location})
        response.set_cookie(
            self.cookie,
            self.token,
            path="/",
            httponly=True,
            samesite="Strict",
            secure=request.headers.get("X-Forwarded-Proto", "").lower() == "https",
        )
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response


def same_origin(request: web.Request) -> bool:
    """True when the Origin header names the host the request was sent to (behind a reverse
    proxy, the proxy passes the host the browser used)."""
    origin = request.headers.get("Origin")
    if not origin:
        return False
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == request.host.lower()


def forbidden(text: str) -> web.Response:
    return web.Response(
        status=403,
        text=text,
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )
