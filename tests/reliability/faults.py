"""Make the store's file operations fail on purpose, one call at a time.

`inject(plan)` swaps the `os` and `tempfile` modules that the store's modules use for
proxies that count every call on the write path (create a temp file, write, close, fsync a
file, fsync a folder, link, rename, replace) and raise `OSError(plan.errno)` on call number
`plan.fail_at` - or, with `plan.crash`, end the process on the spot as a power cut would (for
use in a forked child). The real modules are untouched, so nothing else in the process is
affected.
"""

from __future__ import annotations

import importlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import planner.store
from planner.store import files as store_files

KINDS = ("create", "write", "close", "fsync", "link", "rename", "replace", "fsync-dir")
CRASHED = 137


@dataclass
class FaultPlan:
    fail_at: int | None = None  # 1-based call number to fail; None counts only
    errno: int = 28  # ENOSPC
    calls: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # the targets of every replace, in order
    injected: str | None = None
    crash: bool = False  # end the process instead of raising

    def hit(self, kind: str) -> None:
        self.calls.append(kind)
        if self.fail_at is not None and len(self.calls) == self.fail_at:
            self.injected = kind
            if self.crash:
                os._exit(CRASHED)
            raise OSError(self.errno, os.strerror(self.errno))


class _File:
    """A file object that fails its writes or its close on plan."""

    def __init__(self, handle: Any, plan: FaultPlan) -> None:
        self._handle = handle
        self._plan = plan

    def write(self, data: Any) -> int:
        try:
            self._plan.hit("write")
        except OSError:
            # A full disk usually takes part of the data first.
            self._handle.write(bytes(data[: max(1, len(data) // 2)]))
            self._handle.flush()
            raise
        return int(self._handle.write(data))

    def close(self) -> None:
        try:
            self._plan.hit("close")
        finally:
            self._handle.close()

    def __enter__(self) -> _File:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self._handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


class _OS:
    def __init__(self, plan: FaultPlan) -> None:
        self._plan = plan

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def fdopen(self, fd: int, *args: Any, **kwargs: Any) -> _File:
        return _File(os.fdopen(fd, *args, **kwargs), self._plan)

    def fsync(self, fd: int) -> None:
        folder = stat.S_ISDIR(os.fstat(fd).st_mode)
        self._plan.hit("fsync-dir" if folder else "fsync")
        os.fsync(fd)

    def replace(self, src: Any, dst: Any) -> None:
        self._plan.hit("replace")
        os.replace(src, dst)
        self._plan.replaced.append(str(dst))

    def link(self, src: Any, dst: Any) -> None:
        self._plan.hit("link")
        os.link(src, dst)

    def rename(self, src: Any, dst: Any) -> None:
        self._plan.hit("rename")
        os.rename(src, dst)


class _Tempfile:
    def __init__(self, plan: FaultPlan) -> None:
        self._plan = plan

    def __getattr__(self, name: str) -> Any:
        return getattr(tempfile, name)

    def mkstemp(self, *args: Any, **kwargs: Any) -> tuple[int, str]:
        self._plan.hit("create")
        return tempfile.mkstemp(*args, **kwargs)


def store_modules_using_os() -> list[Any]:
    """Every module of the store that calls `os` itself (layout, commit, files, doctor...)."""
    folder = Path(planner.store.__file__).parent
    names = sorted(path.stem for path in folder.glob("*.py") if path.stem != "__init__")
    modules = [importlib.import_module(f"planner.store.{name}") for name in names]
    return [module for module in modules if getattr(module, "os", None) is os]


@contextmanager
def inject(plan: FaultPlan) -> Iterator[FaultPlan]:
    modules = store_modules_using_os()
    saved = [module.os for module in modules], store_files.tempfile
    proxy = _OS(plan)
    for module in modules:
        module.os = proxy  # type: ignore[assignment]
    store_files.tempfile = _Tempfile(plan)  # type: ignore[assignment]
    try:
        yield plan
    finally:
        for module, real in zip(modules, saved[0], strict=True):
            module.os = real  # type: ignore[assignment]
        store_files.tempfile = saved[1]
