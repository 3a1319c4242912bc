"""The history index: each contact's last touches and every open touch, kept exact and saved.

Planning and the contacts screen ask the whole touch history a few questions: when was each
contact last touched (and last asked for a referral), which touches are still open, which were
marked for a follow-up, which carry another over. The index answers them without reading five
years of touches; it is kept exact with every change and saved with it, in the `index` part and
the `history-NNNNN` parts (see `planner.store.layout`). It is derived data: when it is missing
or does not read, it is counted again from the touches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planner.domain.enums import Purpose, TouchStatus
from planner.domain.model import Touch
from planner.store import converters
from planner.store.layout import CONTACTS_PER_PART, history_part

#: Touches still open: planned, or missed and not yet carried over.
LIVE = frozenset({TouchStatus.PLANNED, TouchStatus.MISSED})


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
    #: What changed since it was last saved: history parts, and the open part.
    dirty: set[str] = field(default_factory=set)
    open_dirty: bool = False
    #: Counted afresh: every saved index part is replaced, stale ones dropped.
    whole: bool = False

    @classmethod
    def empty(cls) -> HistoryIndex:
        return cls({}, {}, {}, {}, set(), {})

    def everything_dirty(self) -> None:
        self.dirty = {history_part(ident) for ident in self.history}
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
        index = cls.empty()
        for touch in touches:
            index.add(touch)
        return index

    def add(self, touch: Touch) -> None:
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
            if person in self.stale or self.history.get(person) != history[person]:
                self.dirty.add(history_part(person))
        if (self.live.get(ident), self.follow_ups.get(ident), self.copies.get(ident)) != opened:
            self.open_dirty = True

    def forget(self, contact_id: int) -> None:
        if self.history.pop(contact_id, None) is not None:
            self.dirty.add(history_part(contact_id))

    def recount(self, contact_id: int, touches: Iterable[Touch]) -> None:
        """Count one contact's history again from all its touches."""
        self.dirty.add(history_part(contact_id))
        self.history.pop(contact_id, None)
        for touch in touches:
            if touch.status is TouchStatus.DONE:
                last, ask, count = self.history.get(contact_id, (None, None, 0))
                if last is None or touch.date > last:
                    last = touch.date
                if touch.purpose is Purpose.REFERRAL_ASK and (ask is None or touch.date > ask):
                    ask = touch.date
                self.history[contact_id] = (last, ask, count + 1)
        self.stale.discard(contact_id)

    def open_doc(self) -> dict[str, Any]:
        """The open touches, follow-ups and copies, as saved in the `index` part."""
        return {
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
        """The contacts of one history part that have done touches, as saved."""
        first = int(key.rsplit("-", 1)[1]) * CONTACTS_PER_PART
        docs = []
        for ident in range(first, first + CONTACTS_PER_PART):
            entry = self.history.get(ident)
            if entry is not None and entry[2]:
                last, ask, count = entry
                doc: dict[str, Any] = {"n": count}
                if last is not None:
                    doc["d"] = last.isoformat()
                if ask is not None:
                    doc["a"] = ask.isoformat()
                docs.append((ident, doc))
        return docs

    def to_doc(self) -> dict[str, Any]:
        """Everything, in one document (for checking a saved index against the touches)."""
        history = {
            str(ident): doc
            for key in sorted({history_part(ident) for ident in self.history})
            for ident, doc in self.history_docs(key)
        }
        return {"history": history, **self.open_doc()}

    @classmethod
    def from_parts(cls, open_doc: Any, history_docs: Iterable[Any]) -> HistoryIndex:
        """The index as saved; raises ValueError (or TypeError, KeyError) if it is not one."""
        day, status, whole = converters.date_of, converters.status_of, converters.whole
        index = cls.empty()
        for docs in history_docs:
            for key, doc in docs.items():
                index.history[whole(int(key), "a contact id")] = (
                    day(doc["d"]) if "d" in doc else None,
                    day(doc["a"]) if "a" in doc else None,
                    whole(doc["n"], "a count"),
                )
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
