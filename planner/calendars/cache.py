"""The local copy of each calendar, so planning works offline. Deleting it loses nothing.

Per calendar, in the folder the caller gives (beside the database, say), three JSON files written
atomically:

- `<key>.meta.json`: when it was last read from its source, the HTTP validators, and the digest
  of the copy (small: deciding whether to fetch reads only this);
- `<key>.objects.json`: the copy itself, the calendar's bytes as fetched;
- `<key>.weeks.json`: occurrences already worked out per ISO week and local zone, so that
  planning with a big calendar does not parse it again (thrown away when the copy changes).

A file that is missing, damaged or belongs to another calendar (its kind, place or user changed)
is treated as absent: the calendar is fetched again.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.calendars.errors import CalendarError
from planner.calendars.events import Occurrence, Problem, Reading
from planner.calendars.sources import CalendarSource
from planner.domain.weeks import Week

if TYPE_CHECKING:
    from planner.calendars.fetching import Fetched

VERSION = 1
#: Weeks of worked-out occurrences kept per calendar (the most recently asked ones).
KEEP_WEEKS = 16


@dataclass(frozen=True, slots=True)
class CacheMeta:
    """What is known about a calendar's copy without reading the copy."""

    calendar: str
    fingerprint: str
    fetched_at: datetime
    digest: str
    count: int
    etag: str = ""
    last_modified: str = ""


class CalendarCache:
    """Copies of calendars in `folder` (created on the first write)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    # Names ------------------------------------------------------------------------------------

    def key(self, name: str) -> str:
        """A file name for the calendar `name`: readable, and distinct for names that differ."""
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:24] or "calendar"
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        return f"{slug}-{digest}"

    def _path(self, name: str, part: str) -> Path:
        return self.folder / f"{self.key(name)}.{part}.json"

    # Reading ----------------------------------------------------------------------------------

    def meta(self, source: CalendarSource) -> CacheMeta | None:
        """What the cache knows of `source`'s copy, or None when it holds none for it."""
        data = _load(self._path(source.name, "meta"))
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return None
        try:
            meta = CacheMeta(
                calendar=str(data["calendar"]),
                fingerprint=str(data["fingerprint"]),
                fetched_at=datetime.fromisoformat(data["fetched_at"]),
                digest=str(data["digest"]),
                count=int(data["count"]),
                etag=str(data.get("etag", "")),
                last_modified=str(data.get("last_modified", "")),
            )
        except (KeyError, TypeError, ValueError):
            return None
        if meta.fingerprint != source.fingerprint or meta.fetched_at.tzinfo is None:
            return None
        return meta

    def has_objects(self, source: CalendarSource) -> bool:
        """Whether the file of the copy is there (cheap: it is not read)."""
        return self._path(source.name, "objects").is_file()

    def objects(self, source: CalendarSource, meta: CacheMeta) -> tuple[bytes, ...] | None:
        """The copy's bytes, or None when the file is missing or does not match `meta`."""
        data = _load(self._path(source.name, "objects"))
        if not isinstance(data, dict) or data.get("digest") != meta.digest:
            return None
        try:
            objects = tuple(_decode(item) for item in data["objects"])
        except (KeyError, TypeError, ValueError):
            return None
        return objects if _digest(objects) == meta.digest else None

    def occurrences(
        self,
        source: CalendarSource,
        meta: CacheMeta,
        *,
        start: date,
        end: date,
        zone: tzinfo,
    ) -> Reading:
        """The copy's occurrences on the days `start` to `end` (exclusive) in local `zone`, and
        its problems: from the weeks already worked out, else by reading the copy (and keeping
        the weeks for next time)."""
        weeks = _weeks(start, end)
        zone_key = _zone_key(zone)
        path = self._path(source.name, "weeks")
        stored = _load(path)
        table: dict[str, Any] = {}
        if (
            isinstance(stored, dict)
            and stored.get("digest") == meta.digest
            and stored.get("zone") == zone_key
            and isinstance(stored.get("weeks"), dict)
        ):
            table = stored["weeks"]
        missing = [week for week in weeks if str(week) not in table]
        if missing:
            from planner.calendars.reading import read_events  # the parsers, only when needed

            objects = self.objects(source, meta)
            if objects is None:
                raise CalendarError(source.name, "its local copy is missing; it is read again")
            first, last = missing[0].monday, missing[-1].sunday + timedelta(days=1)
            reading = read_events(objects, calendar=source.name, start=first, end=last, zone=zone)
            for week in missing:
                table[str(week)] = _week_entry(reading, week)
            for week in weeks:  # the weeks asked now are the newest; the oldest go first
                table[str(week)] = table.pop(str(week))
            kept = dict(list(table.items())[-max(KEEP_WEEKS, len(weeks)) :])
            try:
                self._write(
                    path,
                    {"version": VERSION, "digest": meta.digest, "zone": zone_key, "weeks": kept},
                )
            except CalendarError:
                pass  # only a shortcut for next time: the occurrences are right all the same
        return _between(source.name, [table[str(week)] for week in weeks], start, end)

    # Writing ----------------------------------------------------------------------------------

    def store(self, source: CalendarSource, fetched: Fetched, at: datetime) -> CacheMeta:
        """Keep what was fetched from `source` at `at` (a "not modified" answer only renews the
        time). Raises `CalendarError` when the folder cannot be written."""
        at = at.astimezone(UTC)
        old = self.meta(source)
        if fetched.not_modified and old is not None and self.objects(source, old) is not None:
            meta = CacheMeta(
                old.calendar,
                old.fingerprint,
                at,
                old.digest,
                old.count,
                fetched.etag or old.etag,
                fetched.last_modified or old.last_modified,
            )
        else:
            objects = fetched.objects
            digest = _digest(objects)
            meta = CacheMeta(
                source.name,
                source.fingerprint,
                at,
                digest,
                len(objects),
                fetched.etag,
                fetched.last_modified,
            )
            if old is None or old.digest != digest or self.objects(source, old) is None:
                payload = {"digest": digest, "objects": [_encode(item) for item in objects]}
                self._write(self._path(source.name, "objects"), payload)
        self._write(self._path(source.name, "meta"), _meta_json(meta))
        return meta

    def remove(self, name: str) -> None:
        """Forget the copy of the calendar `name` (when the calendar is removed)."""
        for part in ("meta", "objects", "weeks"):
            try:
                self._path(name, part).unlink()
            except FileNotFoundError:
                pass
            except OSError as error:
                raise CalendarError(
                    name, f"its local copy cannot be removed ({error.strerror or error})"
                ) from None

    def _write(self, path: Path, data: Any) -> None:
        from planner.store.files import atomic_write, encode

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(path, encode(data))
        except OSError as error:
            raise CalendarError(
                "",
                f"the calendar copy in {self.folder} cannot be written ({error.strerror or error})",
            ) from None


def _load(path: Path) -> Any:
    from planner.store.files import JSONDecodeError, decode

    try:
        return decode(path.read_bytes())
    except (OSError, JSONDecodeError):
        return None


def _meta_json(meta: CacheMeta) -> dict[str, Any]:
    return {
        "version": VERSION,
        "calendar": meta.calendar,
        "fingerprint": meta.fingerprint,
        "fetched_at": meta.fetched_at.isoformat(),
        "digest": meta.digest,
        "count": meta.count,
        "etag": meta.etag,
        "last_modified": meta.last_modified,
    }


def _digest(objects: Sequence[bytes]) -> str:
    hasher = hashlib.sha256()
    for item in objects:
        hasher.update(len(item).to_bytes(8, "big"))
        hasher.update(item)
    return hasher.hexdigest()


def _encode(raw: bytes) -> dict[str, str]:
    try:
        return {"text": raw.decode("utf-8")}
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(raw).decode("ascii")}


def _decode(item: Any) -> bytes:
    if "text" in item:
        return str(item["text"]).encode("utf-8")
    return base64.b64decode(item["base64"], validate=True)


def _zone_key(zone: tzinfo) -> str:
    return str(getattr(zone, "key", None) or zone)


def _weeks(start: date, end: date) -> list[Week]:
    weeks: list[Week] = []
    week = Week.of(start)
    while week.monday < end:
        weeks.append(week)
        week = week.shift(1)
    return weeks


def _week_entry(reading: Reading, week: Week) -> dict[str, Any]:
    low = datetime.combine(week.monday, datetime.min.time())
    high = low + timedelta(days=7)
    return {
        "occurrences": [
            each.to_json()
            for each in reading.occurrences
            if (each.end > low and each.start < high) or each.start == low
        ],
        "problems": [problem.to_json() for problem in reading.problems],
    }


def _between(calendar: str, entries: Iterable[dict[str, Any]], start: date, end: date) -> Reading:
    low = datetime.combine(start, datetime.min.time())
    high = datetime.combine(end, datetime.min.time())
    reading = Reading()
    seen: set[tuple[str, datetime, datetime]] = set()
    problems: set[Problem] = set()
    for entry in entries:
        for row in entry["occurrences"]:
            each = Occurrence.from_json(calendar, row)
            mark = (each.uid, each.start, each.end)
            if mark in seen:
                continue  # an event across Sunday night is in both weeks
            seen.add(mark)
            if (each.end > low and each.start < high) or each.start == low:
                reading.occurrences.append(each)
        for data in entry["problems"]:
            problem = Problem.from_json(data)
            if problem not in problems:
                problems.add(problem)
                reading.problems.append(problem)
    reading.occurrences.sort(key=lambda each: (each.start, each.end, each.uid, each.summary))
    return reading
