"""`planner serve`: the app in a browser, for whoever has the address it prints."""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
from pathlib import Path

from planner.cli.common import Context
from planner.domain.errors import ValidationError
from planner.store import Store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve",
        help="open the app in a browser: print an address with a token to open",
        description="Serve the app to a browser: each page opens its own app on the database. "
        "The address printed carries a random token; without it the server answers 403 and "
        "shows nothing. It listens on this machine only unless --host names another address "
        "and --allow-remote is given; the connection is not encrypted, so reach it from "
        "elsewhere only through a reverse proxy with TLS. Ctrl+C stops it.",
    )
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}, this machine only)",
    )
    serve.add_argument(
        "--port",
        default=str(DEFAULT_PORT),
        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    serve.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="database file (as the global --db)",
    )
    serve.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow an address other machines can reach (--host 0.0.0.0, a LAN address)",
    )
    serve.add_argument(
        "--demo",
        dest="serve_demo",
        action="store_true",
        help="serve fresh demo data in a temporary folder (removed when the server stops)",
    )
    serve.set_defaults(handler=cmd_serve)


def cmd_serve(ctx: Context, args: argparse.Namespace) -> int:
    from planner.web.server import app_command, resolve, serve

    port = _port(args.port)
    binding = resolve(args.host, port)
    if binding.remote and not args.allow_remote:
        raise ValidationError(
            "host",
            f"--host {args.host} can be reached from other machines; add --allow-remote to "
            f"mean it, or leave --host out to serve this machine only ({DEFAULT_HOST}).",
        )
    folder: Path | None = None
    try:
        db_path = ctx.db_path
        if args.serve_demo:
            from planner.demo import build_demo

            folder = Path(tempfile.mkdtemp(prefix="planner-demo-"))
            db_path = folder / "planner.json"
            build_demo(Store.open(db_path), ctx.today)
            heading = f"Serving a demo network from {db_path} (removed when the server stops)."
        else:
            # A damaged file is reported here, once, rather than to every page.
            store = Store.open(db_path)
            reason = store.read_only_reason
            heading = f"Serving {store.path}" + (f" (read-only: {reason})." if reason else ".")
        if binding.remote:
            print(
                f"planner: warning: serving on {args.host}, which other machines can reach. "
                "The connection is not encrypted: anyone on the way can read the token and "
                "your data. Put a reverse proxy with TLS in front (see the README).",
                file=sys.stderr,
                flush=True,
            )
        gc.enable()  # the command line turns it off for short commands; a server runs for long
        serve(app_command(db_path, args.today), binding, heading=heading)
        return 0
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _port(text: str) -> int:
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 5 or int(value) > 65535:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise ValidationError(
            "port",
            f"--port '{shown}' is not a port number; give one from 1 to 65535, e.g. 8000 "
            "(0 picks a free one).",
        )
    return int(value)
