"""Kill a writer at random instants and check the database after every kill.

Used by `test_kill.py` (a CI-sized run) and `benchmarks/soak.py` (as long as you like).
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.store import Store
from tests.reliability.driver import Driver
from tests.reliability.harness import REPO, Content, child_env, content, orphan_parts, temp_files


class KillCheckFailed(AssertionError):
    pass


@dataclass
class KillStats:
    kills: int = 0
    early: int = 0  # killed while starting up (importing, opening, tidying)
    torn: int = 0  # the kill interrupted a write: temp files or unnamed parts were left
    committed_unacknowledged: int = 0  # killed after a commit, before its acknowledgement
    steps: int = 0  # steps acknowledged in total
    seconds: float = 0.0
    writers: int = 1

    def add(self, other: KillStats) -> None:
        self.kills += other.kills
        self.early += other.early
        self.torn += other.torn
        self.committed_unacknowledged += other.committed_unacknowledged
        self.steps += other.steps

    def summary(self) -> str:
        return (
            f"{self.kills} kills ({self.early} during start-up) of {self.writers} writer(s) on "
            f"their own databases survived in {self.seconds:.1f} s; "
            f"{self.steps} steps acknowledged; {self.torn} kills interrupted a write and left "
            f"files behind, all removed at the next start; {self.committed_unacknowledged} "
            "landed between a commit and its acknowledgement"
        )


class Reference:
    """The same steps replayed without kills, in another folder: the state after step k."""

    def __init__(self, folder: Path) -> None:
        self.driver = Driver(folder / "planner.json")
        self.states: dict[int, Content] = {0: content(self.driver.store)}

    def state(self, k: int) -> Content:
        while self.driver.done < k:
            self.driver.step()
            self.driver.store.refresh()
            self.states[self.driver.done] = content(self.driver.store)
        for old in [key for key in self.states if key < k - 1]:
            del self.states[old]
        return self.states[k]


def spawn(db: Path, after: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.driver", str(db), "--after", str(after)],
        cwd=REPO,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def acknowledged(output: bytes, default: int) -> int:
    last = default
    for line in output.split(b"\n")[:-1]:  # a line cut by the kill has no newline: not counted
        if line.startswith(b"ack "):
            last = int(line[4:])
    return last


def kill_loop(
    folder: Path,
    kills: int,
    *,
    seed: int = 1,
    window: float = 0.06,
    early_share: float = 0.1,
    progress: Callable[[KillStats], None] | None = None,
) -> KillStats:
    """SIGKILL a looping writer `kills` times; after each kill check that the database opens,
    holds the last acknowledged state or the next one, and keeps no leftovers once opened."""
    rng = random.Random(seed)
    db = folder / "db" / "planner.json"
    reference = Reference(folder / "reference")
    stats = KillStats()
    started = time.perf_counter()
    after = 0
    for _ in range(kills):
        child = spawn(db, after)
        assert child.stdout is not None and child.stderr is not None
        early = rng.random() < early_share
        if early:
            time.sleep(rng.uniform(0.0, 0.15))
            head = b""
        else:
            head = child.stdout.readline()
            if head != b"ready\n":
                child.kill()
                raise KillCheckFailed(f"the writer did not start: {child.stderr.read()!r}")
            time.sleep(rng.uniform(0.0, window))
        child.send_signal(signal.SIGKILL)
        child.wait()
        rest = child.stdout.read()
        errors = child.stderr.read()
        child.stdout.close()
        child.stderr.close()
        if child.returncode != -signal.SIGKILL:
            raise KillCheckFailed(f"the writer stopped by itself ({child.returncode}): {errors!r}")
        stats.kills += 1
        stats.early += early
        last = acknowledged(head + rest, after)
        stats.steps += last - after

        if temp_files(db.parent) or orphan_parts(db):
            stats.torn += 1
        try:
            store = Store.open(db)
        except Exception as error:
            raise KillCheckFailed(
                f"after kill {stats.kills} the database does not open: {error}"
            ) from error
        found = content(store)
        if found == reference.state(last):
            after = last
        elif found == reference.state(last + 1):
            after = last + 1
            stats.committed_unacknowledged += 1
        else:
            raise KillCheckFailed(
                f"after kill {stats.kills} the database is neither the acknowledged state "
                f"{last} nor the next one: {describe_difference(found, reference.state(last))}"
            )
        leftovers = temp_files(db.parent) + orphan_parts(db)
        if leftovers:
            raise KillCheckFailed(f"after kill {stats.kills} these remain: {leftovers}")
        backups = store.backups()
        if backups:
            Store.open(backups[0], read_only=True)
        if progress is not None:
            progress(stats)
    stats.seconds = time.perf_counter() - started
    return stats


def parallel_kill_loops(
    folder: Path, kills: int, *, writers: int = 2, seed: int = 1, **options: Any
) -> KillStats:
    """`kill_loop` on `writers` databases at once (one core each), `kills` in total."""
    started = time.perf_counter()
    shares = [kills // writers + (index < kills % writers) for index in range(writers)]
    with ThreadPoolExecutor(writers) as pool:
        runs = [
            pool.submit(kill_loop, folder / f"writer-{index}", share, seed=seed + index, **options)
            for index, share in enumerate(shares)
        ]
        results = [run.result() for run in runs]
    total = KillStats(writers=writers)
    for result in results:
        total.add(result)
    total.seconds = time.perf_counter() - started
    return total


def describe_difference(found: Content, expected: Content) -> str:
    parts = []
    for table in expected:
        if found.get(table) != expected[table]:
            mine, theirs = found.get(table), expected[table]
            if isinstance(mine, dict) and isinstance(theirs, dict):
                extra = sorted(set(mine) - set(theirs))[:5]
                missing = sorted(set(theirs) - set(mine))[:5]
                changed = sorted(k for k in set(mine) & set(theirs) if mine[k] != theirs[k])[:5]
                parts.append(f"{table}: extra {extra}, missing {missing}, changed {changed}")
            else:
                parts.append(f"{table}: {mine!r:.200} != {theirs!r:.200}")
    return "; ".join(parts)
