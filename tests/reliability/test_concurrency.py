"""Issue 7, item 3: several planners writing to one database at the same time.

Four processes each keep one store open (as the app does) and add 100 contacts, logging a
touch with each, all at once. Every contact and touch must be there with its own id, no
process may see an error, and the database must check healthy. Meanwhile a reader opens the
database over and over and must never find it damaged or half-saved. The same with the
command line: four processes running `planner contacts add` in a loop. And a session: a
second planner learns that another one has the database open, and opens it read-only.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from planner import service
from planner.store import ReadOnlyDatabase, Store
from planner.store.doctor import check_database
from planner.store.session import Session
from tests.reliability.harness import REPO, child_env, orphan_parts, temp_files

WRITERS = 4
EACH = 100

WRITER = """
import sys
from datetime import date
from planner import service
from planner.store import Store

db, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = Store.open(db)
print("ready", flush=True)
sys.stdin.readline()  # everyone starts together
for number in range(count):
    contact = service.add_contact(store, today=date(2026, 11, 23), name=f"{name} {number}")
    service.log_touch(
        store, contact.id, channel="call", purpose="networking", day="2026-11-23",
        note=f"{name} {number}",
    )
print("done", flush=True)
"""

READER = """
import sys, time
from planner.store import Store

db, seconds = sys.argv[1], float(sys.argv[2])
opened = 0
end = time.monotonic() + seconds
while time.monotonic() < end:
    store = Store.open(db, read_only=True)
    # Each contact is saved before its touch: a reader never sees a touch without its contact.
    assert all(touch.contact_id in store.contacts for touch in store.all_touches())
    opened += 1
print(opened, flush=True)
"""


def start(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env=child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_four_writers_at_once_lose_nothing_and_share_out_ids(tmp_path: Path) -> None:
    db = tmp_path / "planner.json"
    writers = [start(WRITER, str(db), f"Writer {w}", str(EACH)) for w in range(WRITERS)]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
    started = time.perf_counter()
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    reader = start(READER, str(db), "3")
    outputs = [writer.communicate(timeout=300) for writer in writers]
    seconds = time.perf_counter() - started
    read_out, read_err = reader.communicate(timeout=60)
    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0 and out.strip() == "done" and err == "", err
    assert reader.returncode == 0 and read_err == "", read_err
    print(
        f"{WRITERS} writers, {WRITERS * EACH * 2} commits in {seconds:.1f} s; "
        f"the reader opened the database {read_out.strip()} times meanwhile"
    )

    store = Store.open(db)
    assert sorted(store.contacts) == list(range(1, WRITERS * EACH + 1))
    names = {contact.name for contact in store.contacts.values()}
    assert names == {f"Writer {w} {n}" for w in range(WRITERS) for n in range(EACH)}
    assert store.touch_count == WRITERS * EACH
    for touch in store.all_touches():
        assert touch.note == store.contact(touch.contact_id).name, "a touch went to someone else"
    assert check_database(db).healthy
    assert not temp_files(tmp_path) and not orphan_parts(db)


CLI_WRITER = """
import sys
from planner.cli import run

db, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()
for number in range(count):
    argv = ["--db", db, "--today", "2026-11-23", "contacts", "add", "--name", f"{name} {number}"]
    assert run(argv) == 0
print("done", flush=True)
"""


def test_four_command_lines_at_once(tmp_path: Path) -> None:
    """Each command opens the database afresh, as separate `planner` runs do."""
    db = tmp_path / "planner.json"
    writers = [start(CLI_WRITER, str(db), f"Cli {w}", "40") for w in range(WRITERS)]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0 and err == "", err
    store = Store.open(db)
    assert sorted(store.contacts) == list(range(1, WRITERS * 40 + 1))
    assert check_database(db).healthy


HOLDER = """
import sys, time
from planner.store.session import Session
session = Session(sys.argv[1])
assert session.claim() is None
print("claimed", flush=True)
time.sleep(60)
"""


def test_a_second_planner_learns_the_database_is_open_and_opens_it_read_only(
    tmp_path: Path,
) -> None:
    db = tmp_path / "planner.json"
    Store.open(db)
    holder = start(HOLDER, str(db))
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "claimed\n"
        session = Session(db)
        other = session.claim()
        assert other is not None and other.pid == holder.pid and other.since is not None
        assert f"process {holder.pid}" in str(other)
        store = Store.open(db, read_only=f"{other} has it open")
        with pytest.raises(ReadOnlyDatabase, match=f"process {holder.pid}"):
            service.add_contact(store, today=date(2026, 11, 23), name="X")
    finally:
        holder.kill()  # however it ends, the claim ends with it
        holder.wait()
    with Session(db) as claim:
        assert claim is None, "a killed planner still holds the database"
        assert Session(db).claim() is not None, "two sessions at once in one process"
    assert Session(db).claim() is None


def test_an_open_store_notices_a_save_even_when_the_file_looks_the_same(tmp_path: Path) -> None:
    """Where timestamps are coarse (FAT, many network shares, kernels that stamp files per
    clock tick) two saves in one tick can leave a root with the same size and time, and ext4
    soon hands a freed inode number out again. A store that judged "changed since I read it"
    by those alone wrote over the other planner's save with stale data and reused its ids."""
    import os

    db = tmp_path / "planner.json"
    other = Store.open(db)
    for number in range(12):
        service.add_contact(other, today=date(2026, 11, 23), name=f"Early {number}")
    app = Store.open(db)
    seen = os.stat(db)
    for attempt in range(1, 200):
        service.add_contact(other, today=date(2026, 11, 23), name=f"Other {attempt}")
        now = os.stat(db)
        if now.st_ino == seen.st_ino and now.st_size == seen.st_size:
            break
    else:
        pytest.skip("this filesystem does not hand inode numbers out again soon")
    os.utime(db, ns=(seen.st_atime_ns, seen.st_mtime_ns))  # the same clock tick
    ben = service.add_contact(app, today=date(2026, 11, 23), name="Ben")
    names = [contact.name for contact in Store.open(db).contacts.values()]
    assert len(names) == 12 + attempt + 1, f"saves of the other planner were lost: {names}"
    assert ben.id == 12 + attempt + 1, "an id was handed out twice"
