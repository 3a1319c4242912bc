"""Summaries of touch parts: who was last touched when, and what is open, without building touches.

Reading five years of touches into objects takes seconds; most questions about them (each
contact's last done touch, the done days a heat map shades, which touches are still open) need
only a few fields. A `Scan` holds those fields of one month's part, read straight from its
documents, every value still checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.domain.enums import Purpose, TouchStatus
from planner.domain.model import Touch
from planner.store import converters
from planner.store.index import LIVE


@dataclass(slots=True)
class Scan:
    """One touch part in summary, read without building its touches: enough to answer who
    was last touched when, which touches are still open, and which were carried or followed up.
    """

    ids: set[int]
    #: contact id -> (last done, last done referral ask, done count) within this part
    history: dict[int, tuple[date | None, date | None, int]]
    #: planned or missed touches: id -> (date, status)
    live: dict[int, tuple[date, TouchStatus]]
    #: done touches marked for a follow-up
    follow_ups: set[int]
    #: origin id -> ids of the touches in this part that carry it over or follow it up
    origins: dict[int, set[int]]
    #: contact id -> the days of its done touches in this part
    done: dict[int, list[date]]

    @classmethod
    def empty(cls) -> Scan:
        return cls(set(), {}, {}, set(), {}, {})


def scan_touches(touches: Iterable[Touch]) -> Scan:
    """The summary of built touches."""
    scan = Scan.empty()
    history = scan.history
    for touch in touches:
        scan.ids.add(touch.id)
        last, ask, count = history.get(touch.contact_id, (None, None, 0))
        if touch.status is TouchStatus.DONE:
            count += 1
            scan.done.setdefault(touch.contact_id, []).append(touch.date)
            if last is None or touch.date > last:
                last = touch.date
            if touch.purpose is Purpose.REFERRAL_ASK and (ask is None or touch.date > ask):
                ask = touch.date
            if touch.follow_up:
                scan.follow_ups.add(touch.id)
        elif touch.status in LIVE:
            scan.live[touch.id] = (touch.date, touch.status)
        history[touch.contact_id] = (last, ask, count)
        if touch.origin_id is not None:
            scan.origins.setdefault(touch.origin_id, set()).add(touch.id)
    return scan


def scan_documents(docs: dict[str, Any], check: Callable[[int, Any], object]) -> Scan:
    """Summarise stored touch documents without building them (the hot path of reading a
    large history: plain dictionary work, every value still checked). A document that does not
    read is handed to `check`, which reads it whole to say precisely what is wrong."""
    scan = Scan.empty()
    ids, history, live, follow_ups, origins, done_days = (
        scan.ids,
        scan.history,
        scan.live,
        scan.follow_ups,
        scan.origins,
        scan.done,
    )
    statuses, known_dates = converters.STATUS_TOKENS, converters.KNOWN_DATES
    done, planned, missed = TouchStatus.DONE, TouchStatus.PLANNED, TouchStatus.MISSED
    never = (None, None, 0)
    for raw_id, doc in docs.items():
        try:
            if not (raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 18):
                raise ValueError("the id is not a whole number")
            ident = int(raw_id)
            contact_id = doc["contact_id"]
            if type(contact_id) is not int:
                raise TypeError("contact_id is not a whole number")
            status = statuses[doc["status"]]
            stamp = doc["date"]
            day = known_dates.get(stamp) or converters.date_of(stamp)
        except (KeyError, TypeError, ValueError, AttributeError):
            check(converters.doc_id("touches", raw_id), doc)
            raise
        ids.add(ident)
        last, ask, count = history.get(contact_id, never)
        if status is done:
            count += 1
            if (days := done_days.get(contact_id)) is None:
                done_days[contact_id] = [day]
            else:
                days.append(day)
            if last is None or day > last:
                last = day
            if doc.get("purpose") == "referral_ask" and (ask is None or day > ask):
                ask = day
            if doc.get("follow_up") is True:
                follow_ups.add(ident)
        elif status is planned or status is missed:
            live[ident] = (day, status)
        history[contact_id] = (last, ask, count)
        origin = doc.get("origin_id")
        if origin is not None:
            origins.setdefault(origin, set()).add(ident)
    return scan
