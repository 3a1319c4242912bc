"""Documents on disk <-> domain values. The only place that knows the stored shapes.

Dates are ISO strings and times `HH:MM` on disk; empty optional fields are left out to keep
large networks small. Reading a document that does not have the expected shape raises
`DocumentError`, which the store reports as a damaged file.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any, TypeVar

from planner.domain.calendars import (
    DEFAULT_ALARM_MINUTES,
    Calendar,
    CalendarSource,
    Published,
    PublishState,
    is_database_id,
)
from planner.domain.enums import (
    BlockKind,
    Channel,
    GoalMetric,
    Purpose,
    Relationship,
    Tier,
    TouchStatus,
    Weekday,
)
from planner.domain.errors import ValidationError
from planner.domain.model import (
    DEFAULT_CADENCE_DAYS,
    DEFAULT_CHANNEL_MINUTES,
    Contact,
    Goal,
    Settings,
    TimeBlock,
    Touch,
    TouchRow,
    touch_row,
)
from planner.domain.weeks import FIRST_YEAR, LAST_YEAR

Doc = dict[str, Any]
_E = TypeVar("_E")


class DocumentError(ValueError):
    """A stored document is missing a field or holds a value of the wrong kind."""

    def __init__(self, table: str, doc_id: object, detail: str) -> None:
        super().__init__(f"{table} document {doc_id}: {detail}")
        self.table = table
        self.doc_id = doc_id


def _time(text: object) -> time | None:
    return None if text is None else _hh_mm(text)


#: Times and dates already read: a large history repeats the same few thousand of each, and
#: sharing one object per value saves both the parsing and the memory.
_TIMES: dict[str, time] = {}
_DATES: dict[str, date] = {}


def _hh_mm(text: object) -> time:
    """A time as the store writes it, `HH:MM`; nothing else (no seconds, no time zone)."""
    known = _TIMES.get(text) if type(text) is str else None
    if known is not None:
        return known
    if not (isinstance(text, str) and len(text) == 5 and text.isascii() and text[2] == ":"):
        raise ValueError(f"time {text!r:.40} is not written HH:MM")
    moment = _TIMES[text] = time.fromisoformat(text)
    return moment


def _date(text: object) -> date:
    """A date as the store writes it, `YYYY-MM-DD`, in the years a person may enter."""
    known = _DATES.get(text) if type(text) is str else None
    if known is not None:
        return known
    if not isinstance(text, str):
        raise TypeError(f"expected a date, found {text!r:.40}")
    day = date.fromisoformat(text)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"date {text} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    _DATES[text] = day
    return day


def _member(kind: dict[str, _E], value: object, what: str) -> _E:
    """The vocabulary member a token names (a dict lookup: far cheaper than the Enum call)."""
    member = kind.get(value) if type(value) is str else None
    if member is None:
        raise ValueError(f"{value!r:.40} is not a valid {what}")
    return member


_TIER = {member.value: member for member in Tier}
_RELATIONSHIP = {member.value: member for member in Relationship}
_PURPOSE = {member.value: member for member in Purpose}
_CHANNEL = {member.value: member for member in Channel}
_STATUS = {member.value: member for member in TouchStatus}


def doc_id(table: str, key: object) -> int:
    """A document id from its key on disk: a whole number written in ASCII digits."""
    text = str(key)
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise DocumentError(table, f"{text!r:.40}", "the id is not a whole number")
    return int(text)


def _hhmm(moment: time | None) -> str | None:
    return None if moment is None else f"{moment.hour:02d}:{moment.minute:02d}"


def _set(doc: Doc, key: str, value: Any) -> None:
    """Store `value` unless it is empty (None, "", (), False)."""
    if value:
        doc[key] = value


def contact_to_doc(contact: Contact) -> Doc:
    doc: Doc = {
        "name": contact.name,
        "added": contact.added.isoformat(),
        "tier": contact.tier.value,
        "relationship": contact.relationship.value,
    }
    _set(doc, "company", contact.company)
    _set(doc, "title", contact.title)
    _set(doc, "emails", list(contact.emails))
    _set(doc, "phones", list(contact.phones))
    _set(doc, "tags", list(contact.tags))
    _set(doc, "met_at", contact.met_at)
    if contact.referred_by is not None:
        doc["referred_by"] = contact.referred_by
    if contact.cadence_days is not None:
        doc["cadence_days"] = contact.cadence_days
    _set(doc, "notes", contact.notes)
    _set(doc, "archived", contact.archived)
    _set(doc, "url", contact.url)
    _set(doc, "to_sort", contact.to_sort)
    if contact.customer_since is not None:
        doc["customer_since"] = contact.customer_since.isoformat()
    return doc


def contact_from_doc(doc_id: int, doc: Doc) -> Contact:
    """A contact from its stored document; a document that is not right names the field."""
    get = doc.get
    try:
        name, stamp = doc["name"], doc["added"]
        added = _DATES.get(stamp) or _date(stamp)
        texts = (
            name,
            get("company", ""),
            get("title", ""),
            get("met_at", ""),
            get("notes", ""),
            get("url", ""),
        )
        lists = (get("emails", ()), get("phones", ()), get("tags", ()))
        tier, relationship = _TIER.get(doc["tier"]), _RELATIONSHIP.get(doc["relationship"])
        referred_by, cadence = get("referred_by"), get("cadence_days")
        since = get("customer_since")
        customer_since = None if since is None else (_DATES.get(since) or _date(since))
        # `join` refuses anything but text, at C speed: the checks of the careful reading.
        "".join(texts)
        for items in lists:
            if type(items) not in _SEQUENCES:
                raise TypeError("not a list")
            "".join(items)
    except (KeyError, TypeError, ValueError):
        added = None  # the careful reading below says what is wrong
    if (
        added is not None
        and tier is not None
        and relationship is not None
        and (referred_by is None or type(referred_by) is int)
        and (cadence is None or type(cadence) is int)
        and (since is None or customer_since is not None)
    ):
        return Contact(
            doc_id,
            name,
            added,
            texts[1],
            texts[2],
            tuple(lists[0]),
            tuple(lists[1]),
            tier,
            relationship,
            tuple(lists[2]),
            texts[3],
            referred_by,
            cadence,
            texts[4],
            get("archived", False) is True,
            texts[5],
            get("to_sort", False) is True,
            customer_since,
        )
    return _contact_checked(doc_id, doc)


def _contact_checked(doc_id: int, doc: Doc) -> Contact:
    try:
        return Contact(
            id=doc_id,
            name=_str(doc["name"]),
            added=_date(doc["added"]),
            company=_str(doc.get("company", "")),
            title=_str(doc.get("title", "")),
            emails=_strings(doc.get("emails", ())),
            phones=_strings(doc.get("phones", ())),
            tier=_member(_TIER, doc["tier"], "tier"),
            relationship=_member(_RELATIONSHIP, doc["relationship"], "relationship"),
            tags=_strings(doc.get("tags", ())),
            met_at=_str(doc.get("met_at", "")),
            referred_by=_optional_int(doc.get("referred_by")),
            cadence_days=_optional_int(doc.get("cadence_days")),
            notes=_str(doc.get("notes", "")),
            archived=doc.get("archived", False) is True,
            url=_str(doc.get("url", "")),
            to_sort=doc.get("to_sort", False) is True,
            customer_since=_optional_date(doc.get("customer_since")),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise DocumentError("contacts", doc_id, _detail(error)) from None


def touch_to_doc(touch: Touch) -> Doc:
    doc: Doc = {
        "contact_id": touch.contact_id,
        "purpose": touch.purpose.value,
        "channel": touch.channel.value,
        "date": touch.date.isoformat(),
        "status": touch.status.value,
    }
    if touch.start is not None:
        doc["start"] = _hhmm(touch.start)
    if touch.end is not None:
        doc["end"] = _hhmm(touch.end)
    if touch.block_id is not None:
        doc["block_id"] = touch.block_id
    _set(doc, "reason", touch.reason)
    _set(doc, "carried_over", touch.carried_over)
    _set(doc, "pinned", touch.pinned)
    _set(doc, "manual", touch.manual)
    _set(doc, "follow_up", touch.follow_up)
    _set(doc, "note", touch.note)
    if touch.origin_id is not None:
        doc["origin_id"] = touch.origin_id
    return doc


def touch_from_doc(doc_id: int, doc: Doc) -> Touch:
    """A touch from its stored document; a document that is not right names the field."""
    get = doc.get
    try:
        contact_id, stamp = doc["contact_id"], doc["date"]
        day = _DATES.get(stamp) or _date(stamp)
        purpose, channel = _PURPOSE.get(doc["purpose"]), _CHANNEL.get(doc["channel"])
        status = _STATUS.get(doc["status"])
        start, end = get("start"), get("end")
        start = None if start is None else _TIMES.get(start, _MISSING)
        end = None if end is None else _TIMES.get(end, _MISSING)
        block_id, origin_id = get("block_id"), get("origin_id")
        reason, note = get("reason", ""), get("note", "")
    except (KeyError, TypeError, ValueError):
        day = None  # the careful reading below says what is wrong
    if (
        day is not None
        and type(contact_id) is int
        and purpose is not None
        and channel is not None
        and status is not None
        and start is not _MISSING
        and end is not _MISSING
        and (block_id is None or type(block_id) is int)
        and (origin_id is None or type(origin_id) is int)
        and type(reason) is str
        and type(note) is str
    ):
        return Touch(
            doc_id,
            contact_id,
            purpose,
            channel,
            day,
            status,
            start,
            end,
            block_id,
            reason,
            get("carried_over", False) is True,
            get("pinned", False) is True,
            get("manual", False) is True,
            get("follow_up", False) is True,
            note,
            origin_id,
        )
    return _touch_checked(doc_id, doc)


_MISSING: Any = object()
_SEQUENCES = (list, tuple)


def touch_rows(docs: dict[str, Doc], rows: list[TouchRow]) -> None:
    """Append the row of each stored touch document to `rows`, without building the touch.

    Every document is held to what `touch_from_doc` accepts: one that does not pass the quick
    checks here (a date or time not seen before included) is read by it, which raises
    `DocumentError` naming the field, or gives the touch the row is then taken from."""
    append = rows.append
    if not _document_ids(docs):  # read one by one, so the first wrong document is named
        for key, doc in docs.items():
            append(touch_row(touch_from_doc(doc_id("touches", key), doc)))
        return
    dates, times, purposes, channels, statuses = _DATES, _TIMES, _PURPOSE, _CHANNEL, _STATUS
    for ident, doc in zip(map(int, docs), docs.values(), strict=True):
        try:
            get = doc.get
            contact_id, day = doc["contact_id"], dates[doc["date"]]
            purpose, channel = purposes[doc["purpose"]], channels[doc["channel"]]
            status = statuses[doc["status"]]
            start, end = get("start"), get("end")
            if start is not None:
                start = times[start]
            if end is not None:
                end = times[end]
            reason, note = get("reason", ""), get("note", "")
            block_id, origin_id = get("block_id"), get("origin_id")
            if not (
                type(contact_id) is int
                and type(reason) is str
                and type(note) is str
                and (block_id is None or type(block_id) is int)
                and (origin_id is None or type(origin_id) is int)
            ):
                raise TypeError("read with care")
        except (KeyError, TypeError, AttributeError):
            append(touch_row(touch_from_doc(ident, doc)))
            continue
        append(
            (
                day,
                start,
                end,
                ident,
                contact_id,
                purpose,
                channel,
                status,
                reason,
                note,
                get("carried_over", False) is True,
                get("pinned", False) is True,
            )
        )


def _document_ids(docs: dict[str, Doc]) -> bool:
    """True when every key is what `doc_id` takes (ASCII digits, at most 18): checked for
    all of them at once."""
    if not docs:
        return True
    joined, lengths = "".join(docs), set(map(len, docs))
    return joined.isascii() and joined.isdigit() and min(lengths) >= 1 and max(lengths) <= 18


def _touch_checked(doc_id: int, doc: Doc) -> Touch:
    try:
        return Touch(
            id=doc_id,
            contact_id=_int(doc["contact_id"]),
            purpose=_member(_PURPOSE, doc["purpose"], "purpose"),
            channel=_member(_CHANNEL, doc["channel"], "channel"),
            date=_date(doc["date"]),
            status=_member(_STATUS, doc["status"], "status"),
            start=_time(doc.get("start")),
            end=_time(doc.get("end")),
            block_id=_optional_int(doc.get("block_id")),
            reason=_str(doc.get("reason", "")),
            carried_over=doc.get("carried_over", False) is True,
            pinned=doc.get("pinned", False) is True,
            manual=doc.get("manual", False) is True,
            follow_up=doc.get("follow_up", False) is True,
            note=_str(doc.get("note", "")),
            origin_id=_optional_int(doc.get("origin_id")),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise DocumentError("touches", doc_id, _detail(error)) from None


def block_to_doc(block: TimeBlock) -> Doc:
    doc: Doc = {"kind": block.kind.value, "start": _hhmm(block.start), "end": _hhmm(block.end)}
    if block.day is not None:
        doc["day"] = block.day.value
    if block.date is not None:
        doc["date"] = block.date.isoformat()
    _set(doc, "label", block.label)
    return doc


def block_from_doc(doc_id: int, doc: Doc) -> TimeBlock:
    try:
        block = TimeBlock(
            id=doc_id,
            kind=BlockKind(doc["kind"]),
            start=_hh_mm(doc["start"]),
            end=_hh_mm(doc["end"]),
            day=Weekday(doc["day"]) if "day" in doc else None,
            date=_date(doc["date"]) if "date" in doc else None,
            label=_str(doc.get("label", "")),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise DocumentError("blocks", doc_id, _detail(error)) from None
    if (block.day is None) == (block.date is None):
        raise DocumentError("blocks", doc_id, "needs exactly one of 'day' and 'date'")
    return block


def goal_to_doc(goal: Goal) -> Doc:
    doc: Doc = {"metric": goal.metric.value, "target": goal.target}
    if goal.tier is not None:
        doc["tier"] = goal.tier.value
    if goal.channel is not None:
        doc["channel"] = goal.channel.value
    return doc


def goal_from_doc(doc_id: int, doc: Doc) -> Goal:
    try:
        target = doc["target"]
        if isinstance(target, bool) or not isinstance(target, int | float):
            raise TypeError("'target' is not a number")
        return Goal(
            id=doc_id,
            metric=GoalMetric(doc["metric"]),
            target=float(target),
            tier=Tier(doc["tier"]) if doc.get("tier") else None,
            channel=Channel(doc["channel"]) if doc.get("channel") else None,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise DocumentError("goals", doc_id, _detail(error)) from None


def settings_to_doc(settings: Settings) -> Doc:
    return {
        "cadence_days": {tier.value: days for tier, days in settings.cadence_days.items()},
        "channel_minutes": {
            channel.value: minutes for channel, minutes in settings.channel_minutes.items()
        },
        "referral_interval_days": settings.referral_interval_days,
        "cold_below": settings.cold_below,
        **({"database_id": settings.database_id} if settings.database_id else {}),
    }


def settings_from_doc(doc: Doc) -> Settings:
    try:
        cadences = dict(DEFAULT_CADENCE_DAYS)
        cadences.update({Tier(k): _int(v) for k, v in doc.get("cadence_days", {}).items()})
        minutes = dict(DEFAULT_CHANNEL_MINUTES)
        minutes.update({Channel(k): _int(v) for k, v in doc.get("channel_minutes", {}).items()})
        database_id = doc.get("database_id", "")
        if database_id and not is_database_id(database_id):
            raise ValueError(f"database id {database_id!r:.40} is not letters, digits, - or _")
        return Settings(
            cadence_days=cadences,
            channel_minutes=minutes,
            referral_interval_days=_int(doc.get("referral_interval_days", 90)),
            cold_below=float(doc.get("cold_below", 0.25)),
            database_id=database_id,
        )
    except (AttributeError, TypeError, ValueError) as error:
        raise DocumentError("settings", 1, _detail(error)) from None


def calendar_to_doc(calendar: Calendar) -> Doc:
    """A calendar's settings (never a password) and, for the calendar that receives the week,
    what was last published to it."""
    source = calendar.source
    doc: Doc = {
        "name": source.name,
        "kind": source.kind.value,
        "location": source.location,
        "alarm_minutes": source.alarm_minutes,
    }
    _set(doc, "user", source.user)
    _set(doc, "password_command", source.password_command)
    _set(doc, "all_day_busy", source.all_day_busy)
    _set(doc, "buffer_minutes", source.buffer_minutes)
    _set(doc, "publish", source.publish)
    published = calendar.published
    if published.calendar or published.events:
        doc["published"] = published.to_json()
    return doc


def calendar_from_doc(doc_id: int, doc: Doc) -> Calendar:
    """A calendar from its stored document, every setting checked as when it was added."""
    try:
        if not isinstance(doc, dict):
            raise TypeError(f"expected an object, found {doc!r:.40}")
        source = CalendarSource.from_json(
            {
                "name": doc["name"],
                "kind": doc["kind"],
                "location": doc["location"],
                "user": doc.get("user", ""),
                "password_command": doc.get("password_command", ""),
                "all_day_busy": doc.get("all_day_busy", False),
                "buffer_minutes": _int(doc.get("buffer_minutes", 0)),
                "publish": doc.get("publish", False),
                "alarm_minutes": _int(doc.get("alarm_minutes", DEFAULT_ALARM_MINUTES)),
            }
        )
        published = _published_from_doc(doc.get("published"))
    except ValidationError as error:
        raise DocumentError("calendars", doc_id, f"{error.field}: {error.message}") from None
    except (KeyError, TypeError, ValueError) as error:
        raise DocumentError("calendars", doc_id, _detail(error)) from None
    return Calendar(doc_id, source, published)


_PUBLISHED_FIELDS = ("uid", "href", "etag", "digest", "week")


def _published_from_doc(doc: Any) -> PublishState:
    if doc is None:
        return PublishState()
    if not isinstance(doc, dict) or not isinstance(doc.get("events", {}), dict):
        raise TypeError("'published' is not an object of events")
    events: dict[int, Published] = {}
    for key, entry in doc.get("events", {}).items():
        ident = doc_id("touches", key)
        if not isinstance(entry, dict):
            raise TypeError(f"published event {ident} is not an object")
        values = [_str(entry[name]) for name in _PUBLISHED_FIELDS]
        events[ident] = Published(*values)
    return PublishState(_str(doc.get("calendar", "")), events)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {value!r:.40}")
    return value


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, found {value!r:.40}")
    return value


def _optional_int(value: Any) -> int | None:
    return None if value is None else _int(value)


def _optional_date(value: Any) -> date | None:
    return None if value is None else _date(value)


def _strings(values: Any) -> tuple[str, ...]:
    if not isinstance(values, list | tuple):
        raise TypeError(f"expected a list, found {values!r:.40}")
    return tuple(_str(value) for value in values)


def _detail(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing field {error}"
    return str(error)


def date_of(text: object) -> date:
    """A stored date, checked as when a whole document is read."""
    return _date(text)


def status_of(token: object) -> TouchStatus:
    """A stored touch status, checked as when a whole document is read."""
    return _member(_STATUS, token, "status")


def whole(value: object, what: str) -> int:
    """A stored count or id: a whole number, not negative (raises ValueError naming `what`)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} {value!r:.40} is not a whole number")
    return value


#: Read-only views for the store's fast summary of touch parts.
STATUS_TOKENS = _STATUS
KNOWN_DATES = _DATES
