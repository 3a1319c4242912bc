"""The machine's time zone, by name: calendars are read into it and the week is written in it."""

from __future__ import annotations

import os
from datetime import UTC, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_zone() -> tzinfo:
    """The machine's time zone as an IANA zone, for VTIMEZONE: from `TZ`, else
    `/etc/timezone`, else the target of the `/etc/localtime` link; UTC when none names one.

    (`datetime.now().astimezone().tzinfo` knows the offset but not the zone's name or rules.)
    """
    candidates = [os.environ.get("TZ", "")]
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8"))
    except OSError:
        pass
    try:
        candidates.append(os.readlink("/etc/localtime"))
    except OSError:
        pass
    for candidate in candidates:
        name = candidate.strip().lstrip(":")
        if "zoneinfo/" in name:
            name = name.split("zoneinfo/", 1)[1]
        if not name or name.startswith("/") or ".." in name:
            continue
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    return UTC
