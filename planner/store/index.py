"""The history index: each contact's last touches and every open touch, kept exact and saved.

Planning and the contacts screen ask the whole touch history a few questions: when was each
contact last touched (and last asked for a referral), which touches are still open, which were
marked for a follow-up, which carry another over. The index answers them without reading five
years of touches; it is kept exact with every change and saved with it, in the `index` part and
the `history-NNNNN` parts (see `planner.store.layout`). It is derived data: when it is missing
or does not read, it is counted again from the touches.

It also knows the month of each contact's touches (as `year * 12 + month - 1`, one number a
touch), so that one contact's history (the contact card, `planner contacts show`) reads those
months and no others. An index saved before it kept them says so (no `months` mark in its
`index` part); a contact's touches are then found from every month's summary, as before.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planner.domain.enums import Purpose, TouchStatus
from planner.domain.model import Touch
from planner.domain.weeks import FIRST_YEAR, LAST_YEAR
from planner.store import converters
from planner.store.layout import CONTACTS_PER_PART, history_part, touch_part

#: Touches still open: planned, or missed and not yet carried over.
LIVE = frozenset({TouchStatus.PLANNED, TouchStatus.MISSED})
_ABSENT = object()
#: date -> the number of its month, `year * 12 + month - 1` (a count from scratch asks for
#: each touch's)
_MONTHS: dict[date, int] = {}
#: The numbers of the months a person may enter dates in.
_FIRST_MONTH, _LAST_MONTH = FIRST_YEAR * 12, LAST_YEAR * 12 + 11


def _month(day: date) -> int:
    number = _MONTHS.get(day)
    if number is None:
        number = _MONTHS[day] = day.year * 12 + day.month - 1
    return number


def _part_of(month: int) -> str:
    """The touch part of a month number."""
    return touch_part(date(month // 12, month % 12 + 1, 1))


@dataclass(slots=True)
class HistoryIndex:
    """Each contact's last done touch, last done referral ask and number of done touches; the
    touches still open (planned or missed); done touches marked for a follow-up; and every
    touch that carries over or follows up another (its origin)."""

    history: dict[int, tuple[date | None, date | None, int]]
    live: dict[int, tuple[date, TouchStatus]]
    follow_ups: dict[int, date]
    copies: dict[int, tuple[int, date]]
    #: Contacts whose last dates must be counted again (a done touch of theirs went away).
    stale: set[int]
    #: origin id -> ids of its copies (derived from `copies`)
    origins: dict[int, set[int]]
    #: contact id -> the month number of each of its touches, in order; None for an index
    #: saved before it kept them
    months: dict[int, list[int]] | None = field(default_factory=dict)
    #: What changed since it was last saved: history parts, and the open part.
    dirty: set[str] = field(default_factory=set)
    open_dirty: bool = False
    #: Counted afresh: every saved index part is replaced, stale ones dropped.
    whole: bool = False

    @classmethod
    def empty(cls) -> HistoryIndex:
        return cls({}, {}, {}, {}, set(), {})

    def everything_dirty(self) -> None:
        self.dirty = {history_part(ident) for ident in (*self.history, *(self.months or ()))}
        self.open_dirty = True
        self.whole = True

    def saved(self) -> None:
        """Everything is on disk now."""
        self.dirty.clear()
        self.open_dirty = self.whole = False

    @property
    def unsaved(self) -> bool:
        return bool(self.dirty or self.open_dirty)

    @classmethod
    def of(cls, touches: Iterable[Touch]) -> HistoryIndex:
        """The index of `touches`, counted from scratch: what `add` does for each, in one
        loop (doctor counts five years of touches this way on every run)."""
        index = cls.empty()
        history, live, follow_ups = index.history, index.live, index.follow_ups
        copies, origins, months = index.copies, index.origins, index.months
        assert months is not None
        done, ask, never = TouchStatus.DONE, Purpose.REFERRAL_ASK, (None, None, 0)
        for touch in touches:
            person, day = touch.contact_id, touch.date
            held = months.get(person)
            if held is None:
                held = months[person] = []
            held.append(_MONTHS.get(day) or _month(day))
            status = touch.status
            if status is done:
                last, asked, count = history.get(person, never)
                if last is None or day > last:
                    last = day
                if touch.purpose is ask and (asked is None or day > asked):
                    asked = day
                history[person] = (last, asked, count + 1)
                if touch.follow_up:
                    follow_ups[touch.id] = day
            elif status in LIVE:
                live[touch.id] = (day, status)
            if touch.origin_id is not None:
                copies[touch.id] = (touch.origin_id, day)
                origins.setdefault(touch.origin_id, set()).add(touch.id)
        for held in months.values():
            held.sort()
        return index

    def add(self, touch: Touch) -> None:
        if self.months is not None:
            held = self.months.get(touch.contact_id)
            if held is None:
                self.months[touch.contact_id] = [_month(touch.date)]
            else:
                try:
                    insort(held, _month(touch.date))
                except TypeError:  # not month numbers (a hand edit): stop claiming to know
                    self.months = None
        if touch.status is TouchStatus.DONE:
            last, ask, count = self.history.get(touch.contact_id, (None, None, 0))
            if last is None or touch.date > last:
                last = touch.date
            if touch.purpose is Purpose.REFERRAL_ASK and (ask is None or touch.date > ask):
                ask = touch.date
            self.history[touch.contact_id] = (last, ask, count + 1)
            if touch.follow_up:
                self.follow_ups[touch.id] = touch.date
        elif touch.status in LIVE:
            self.live[touch.id] = (touch.date, touch.status)
        if touch.origin_id is not None:
            self.copies[touch.id] = (touch.origin_id, touch.date)
            self.origins.setdefault(touch.origin_id, set()).add(touch.id)

    def remove(self, touch: Touch) -> None:
        held = None if self.months is None else self.months.get(touch.contact_id)
        if held is not None:
            month = _month(touch.date)
            if month in held:
                held.remove(month)
            if not held:
                del self.months[touch.contact_id]  # type: ignore[union-attr]
        if touch.status is TouchStatus.DONE:
            last, ask, count = self.history.get(touch.contact_id, (None, None, 1))
            self.history[touch.contact_id] = (last, ask, count - 1)
            if touch.date == last or touch.date == ask:
                self.stale.add(touch.contact_id)  # an earlier touch may be the last now
            self.follow_ups.pop(touch.id, None)
        self.live.pop(touch.id, None)
        if self.copies.pop(touch.id, None) is not None and touch.origin_id is not None:
            self.origins.get(touch.origin_id, set()).discard(touch.id)

    def replace(self, old: Touch | None, new: Touch | None) -> None:
        """One touch changed: keep the index exact, and note which saved parts changed."""
        ident = (old or new).id  # type: ignore[union-attr]
        people = {touch.contact_id for touch in (old, new) if touch is not None}
        history = {person: self.history.get(person) for person in people}
        months = {person: self._months_of(person) for person in people}
        was_stale = people & self.stale
        opened = (self.live.get(ident), self.follow_ups.get(ident), self.copies.get(ident))
        if old is not None:
            self.remove(old)
        if new is not None:
            self.add(new)
        if (
            old is not None
            and new is not None
            and old.status is new.status is TouchStatus.DONE
            and (old.contact_id, old.date) == (new.contact_id, new.date)
            and (old.purpose is Purpose.REFERRAL_ASK) == (new.purpose is Purpose.REFERRAL_ASK)
            and old.contact_id not in was_stale
        ):
            # The same done touch with a note or a pin changed: its dates count as before.
            self.stale.discard(old.contact_id)
        for person in people:
            if (
                person in self.stale
                or self.history.get(person) != history[person]
                or self._months_of(person) != months[person]
            ):
                self.dirty.add(history_part(person))
        if (self.live.get(ident), self.follow_ups.get(ident), self.copies.get(ident)) != opened:
            self.open_dirty = True

    def _months_of(self, contact_id: int) -> list[int] | None:
        held = None if self.months is None else self.months.get(contact_id)
        return None if held is None else list(held)

    def parts_of(self, contact_id: int) -> set[str] | None:
        """The touch parts holding the contact's touches; None when this index does not know."""
        if self.months is None:
            return None
        held = set(self.months.get(contact_id, ()))
        if not all(type(month) is int and _FIRST_MONTH <= month <= _LAST_MONTH for month in held):
            return None  # not month numbers (a hand edit): the months' summaries will say
        return {_part_of(month) for month in held}

    def forget(self, contact_id: int) -> None:
        held = None if self.months is None else self.months.pop(contact_id, None)
        if self.history.pop(contact_id, None) is not None or held:
            self.dirty.add(history_part(contact_id))

    def recount(self, contact_id: int, touches: Iterable[Touch]) -> None:
        """Count one contact's history again from all its touches."""
        self.dirty.add(history_part(contact_id))
        self.history.pop(contact_id, None)
        held: list[int] = []
        for touch in touches:
            held.append(_month(touch.date))
            if touch.status is TouchStatus.DONE:
                last, ask, count = self.history.get(contact_id, (None, None, 0))
                if last is None or touch.date > last:
                    last = touch.date
                if touch.purpose is Purpose.REFERRAL_ASK and (ask is None or touch.date > ask):
                    ask = touch.date
                self.history[contact_id] = (last, ask, count + 1)
        if self.months is not None:
            if held:
                self.months[contact_id] = sorted(held)
            else:
                self.months.pop(contact_id, None)
        self.stale.discard(contact_id)

    def open_doc(self) -> dict[str, Any]:
        """The open touches, follow-ups and copies, as saved in the `index` part (marked when
        the history parts say which months hold each contact's touches)."""
        marks = {} if self.months is None else {"months": True}
        return marks | {
            "live": {
                str(ident): [when.isoformat(), status.value]
                for ident, (when, status) in sorted(self.live.items())
            },
            "follow_ups": {
                str(ident): when.isoformat() for ident, when in sorted(self.follow_ups.items())
            },
            "copies": {
                str(ident): [origin, when.isoformat()]
                for ident, (origin, when) in sorted(self.copies.items())
            },
        }

    def history_docs(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        """The contacts of one history part that have touches, as saved: `n` done touches, the
        last on `d`, the last referral ask on `a`, and `m` the month number of each touch."""
        first = int(key.rsplit("-", 1)[1]) * CONTACTS_PER_PART
        months = self.months or {}
        docs = []
        for ident in range(first, first + CONTACTS_PER_PART):
            entry = self.history.get(ident)
            held = months.get(ident)
            count = entry[2] if entry is not None else 0
            if not (count or held):
                continue
            doc: dict[str, Any] = {"n": count}
            if count:
                last, ask, _ = entry  # type: ignore[misc]
                if last is not None:
                    doc["d"] = last.isoformat()
                if ask is not None:
                    doc["a"] = ask.isoformat()
            if held:
                doc["m"] = list(held)
            docs.append((ident, doc))
        return docs

    def to_doc(self) -> dict[str, Any]:
        """Everything, in one document (for checking a saved index against the touches)."""
        people = {*self.history, *(self.months or ())}
        history = {
            str(ident): doc
            for key in sorted({history_part(ident) for ident in people})
            for ident, doc in self.history_docs(key)
        }
        return {"history": history, **self.open_doc()}

    @classmethod
    def from_parts(cls, open_doc: Any, history_docs: Iterable[Any]) -> HistoryIndex:
        """The index as saved; raises ValueError (or TypeError, KeyError) if it is not one."""
        day, status, whole = converters.date_of, converters.status_of, converters.whole
        known = converters.KNOWN_DATES
        index = cls.empty()
        history = index.history
        months = index.months = {} if open_doc.get("months") is True else None
        for docs in history_docs:
            for key, doc in docs.items():
                # Dates seen before and plain counts are taken as they are (the common case,
                # at dictionary speed); anything else goes through the careful checks.
                last, ask, count = doc.get("d", _ABSENT), doc.get("a", _ABSENT), doc["n"]
                last = None if last is _ABSENT else known.get(last) or day(last)
                ask = None if ask is _ABSENT else known.get(ask) or day(ask)
                if type(count) is not int or count < 0:
                    count = whole(count, "a count")
                ident = whole(int(key), "a contact id")
                if count or last is not None or ask is not None:
                    history[ident] = (last, ask, count)
                held = doc.get("m") if months is not None else None
                if held is not None:
                    if type(held) is not list:
                        raise TypeError("months are not a list")
                    months[ident] = held  # type: ignore[index]  # its numbers checked on use
        for key, (when, word) in open_doc["live"].items():
            index.live[int(key)] = (day(when), status(word))
        for key, when in open_doc["follow_ups"].items():
            index.follow_ups[int(key)] = day(when)
        for key, (origin, when) in open_doc["copies"].items():
            ident = int(key)
            index.copies[ident] = (whole(origin, "an origin id"), day(when))
            index.origins.setdefault(origin, set()).add(ident)
        return index


def index_document(touches: Iterable[Touch]) -> dict[str, Any]:
    """The history index of `touches` as saved (for checking a saved one)."""
    return HistoryIndex.of(touches).to_doc()
