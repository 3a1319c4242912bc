"""`planner serve` on the command line: what it prints, what it refuses, what it cleans up."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from planner.store import Store
from tests.web.conftest import need_browser


def run_serve(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "planner", "--db", str(db), "serve", *args]
    return subprocess.run(
        argv, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL
    )


def status(url: str) -> int:
    """The status of a visit by a fresh client that keeps cookies."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    try:
        with opener.open(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_address_is_printed_once_the_port_is_open(demo_db, serve):
    served = serve(demo_db)
    served.read_until(lambda line: line == f"Serving {demo_db}.")
    url = served.read_until(lambda line: line.startswith("http://"))
    assert url.startswith("http://127.0.0.1:") and "/?token=" in url and " " not in url
    assert len(url.split("token=")[1]) >= 40
    assert status(url) == 200  # no wait: it was printed once the port was open
    assert status(url.split("?")[0]) == 403
    assert served.stop() == 0


def test_another_machine_needs_allow_remote(demo_db, serve):
    refused = run_serve(demo_db, "--host", "0.0.0.0", "--port", "0")
    assert refused.returncode == 1
    assert "--allow-remote" in refused.stderr and "http://" not in refused.stdout

    served = serve(demo_db, "--host", "0.0.0.0", "--allow-remote")
    warning = served.read_until(lambda line: "warning" in line)
    assert "not encrypted" in warning and "reverse proxy with TLS" in warning
    url = served.read_until(lambda line: line.startswith("http://"))
    assert url.startswith("http://0.0.0.0:"), "the address names the host it listens on"
    assert served.stop() == 0


def test_a_port_in_use_or_no_port_at_all_is_said_in_words(demo_db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = run_serve(demo_db, "--port", str(port))
    assert busy.returncode == 1
    assert (
        f"port {port}" in busy.stderr
        and "in use" in busy.stderr
        and "Traceback" not in (busy.stderr)
    )
    for bad in ("http", "70000", "-1"):
        wrong = run_serve(demo_db, "--port", bad)
        assert wrong.returncode in (1, 2) and "--port" in wrong.stderr, wrong.stderr
        assert "Traceback" not in wrong.stderr


def test_a_damaged_database_is_reported_before_serving(tmp_path):
    db = tmp_path / "planner.json"
    db.write_text("{ not json", encoding="utf-8")
    result = run_serve(db, "--port", "0")
    assert result.returncode == 1
    assert str(db) in result.stderr and "Traceback" not in result.stderr
    assert "http://" not in result.stdout
    assert db.read_text(encoding="utf-8") == "{ not json", "left exactly as it was"


def test_serve_takes_db_after_the_command_too(tmp_path):
    db = tmp_path / "elsewhere" / "mine.json"
    argv = [sys.executable, "-m", "planner", "serve", "--db", str(db), "--port", "0"]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == f"Serving {db}."
        assert process.stdout.readline().startswith("Open this address")
        assert process.stdout.readline().startswith("http://127.0.0.1:")
        process.send_signal(signal.SIGINT)
        assert process.wait(15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_demo_serves_fresh_demo_data_and_removes_it(tmp_path, serve):
    mine = tmp_path / "mine.json"
    served = serve(mine, "--demo")
    line = served.read_until(lambda line: line.startswith("Serving a demo network from "))
    demo = Path(line.removeprefix("Serving a demo network from ").split(" (")[0])
    served.url = served.read_until(lambda line: line.startswith("http://"))
    assert len(Store.open(demo).contacts) >= 50
    assert status(served.url) == 200
    assert served.stop() == 0
    assert not demo.parent.exists(), "the demo folder is removed when the server stops"
    assert not mine.exists(), "your own database is not touched"


def test_the_server_does_not_load_textual():
    """The server only relays; Textual runs in each page's app process."""
    code = (
        "import sys, planner.cli.serve, planner.web.server; "
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_browser_tests_fail_instead_of_skipping_when_required(monkeypatch):
    monkeypatch.delenv("PLANNER_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
        need_browser("Chromium is not installed")
    monkeypatch.setenv("PLANNER_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="PLANNER_REQUIRE_BROWSER=1 requires it"):
        need_browser("Chromium is not installed")
