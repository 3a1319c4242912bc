"""The questions the store answers: a contact, a touch, a week, a history, what is still open.

Each reads only the parts it needs: a week reads its month (or two), a contact its own part,
and questions about the whole history come from the month summaries and the history index.
`Store` offers each of these as a method.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date, timedelta

from planner.domain.enums import TouchStatus
from planner.domain.errors import NotFoundError
from planner.domain.model import Contact, ContactHistory, Touch, TouchRow, touch_row
from planner.store import converters
from planner.store.contents import Contents
from planner.store.errors import StoreError
from planner.store.index import HistoryIndex
from planner.store.layout import contact_part, touch_part

_NEVER_TOUCHED = ContactHistory()


def agenda_order(touch: Touch) -> tuple[date, int, int, int]:
    """Date, then start time (untimed touches first), then contact and id: a stable order."""
    start = -1 if touch.start is None else touch.start.hour * 60 + touch.start.minute
    return (touch.date, start, touch.contact_id, touch.id)


def contact(contents: Contents, contact_id: int) -> Contact:
    known = contents.contacts.get(contact_id)
    if known is not None:
        return known
    key = contact_part(contact_id)
    if key not in contents.loaded:
        doc = contents.contact_documents(key).get(str(contact_id))
        if doc is not None:
            built = contents.convert(key, converters.contact_from_doc, contact_id, doc)
            contents.contacts[contact_id] = built
            return built
    raise NotFoundError("contact", contact_id)


def touch(contents: Contents, touch_id: int) -> Touch:
    known = contents.touches.get(touch_id)
    if known is not None:
        return known
    for key in sorted(contents.touch_keys(), reverse=True):  # recent touches first
        if key not in contents.loaded and touch_id in contents.scan(key).ids:
            contents.load_touches(key)
            return contents.touches[touch_id]
    raise NotFoundError("touch", touch_id)


def touch_rows(contents: Contents) -> list[TouchRow]:
    """The row of every touch, in no particular order: from the touches of the months already
    built, and straight from the documents of the others (which are not built, nor kept)."""
    for _ in range(20):
        seen = contents.signature
        rows: list[TouchRow] = []
        for key in sorted(contents.touch_keys()):
            if key in contents.loaded:
                touches = contents.touches
                rows.extend(touch_row(touches[ident]) for ident in contents.members.get(key, ()))
                continue
            docs = contents.read_part(key)
            if contents.signature is not seen:
                break  # another planner saved meanwhile: the months read so far may be old
            try:
                converters.touch_rows(docs, rows)
            except converters.DocumentError as error:
                raise contents.part_damaged(key, error) from None
        else:
            # A touch in two months (a file edited by hand) is the one of the later month,
            # as when every touch is built.
            unique = {row[3]: row for row in rows}
            return rows if len(unique) == len(rows) else list(unique.values())
    raise StoreError(f"{contents.paths.root} kept changing while being read; try again.")


def _months(first: date, last: date) -> Iterable[str]:
    """The touch parts holding the days `first` to `last`."""
    month = date(first.year, first.month, 1)
    while month <= last:
        yield touch_part(month)
        month = (month + timedelta(days=32)).replace(day=1)


def touches_between(contents: Contents, first: date, last: date) -> list[Touch]:
    """Touches dated `first` to `last` inclusive, in agenda order."""
    found: list[Touch] = []
    for key in _months(first, last):
        contents.load_touches(key)
        for touch_id in contents.members.get(key, ()):
            touch = contents.touches[touch_id]
            if first <= touch.date <= last:
                found.append(touch)
    return sorted(found, key=agenda_order)


def done_days_between(
    contents: Contents, first: date, last: date, contact_ids: Iterable[int] | None = None
) -> dict[int, list[date]]:
    """The days of each contact's done touches from `first` to `last` inclusive, read from
    the months' summaries (touches not built yet stay unbuilt). `contact_ids`: only theirs
    (each month looked up for each of them, the answer kept for no one).

    The answer is kept with the summaries it came from: asked again for the same days after a
    check-off (the heat map is), only the contacts of the months whose summary changed are
    looked at again."""
    keys = [key for key in _months(first, last) if key in contents.files or key in contents.members]
    scans = {key: contents.scan(key) for key in keys}
    # Each month's done days, and whether the month lies wholly inside (else it is cut).
    months = [(scans[key].done, _whole(key, first, last)) for key in keys]
    if contact_ids is not None:
        return _done_days_of(contact_ids, months, first, last)
    kept = contents.done_days
    if kept is not None and kept[0] == (first, last) and list(kept[1]) == keys:
        found = dict(kept[2])
        people: set[int] = set()
        for key in keys:
            if scans[key] is not kept[1][key]:
                people.update(kept[1][key].done, scans[key].done)
        fresh = _done_days_of(people, months, first, last)
        for contact_id in people:
            if contact_id in fresh:
                found[contact_id] = fresh[contact_id]
            else:
                found.pop(contact_id, None)
    else:
        found = {}
        for done, whole in months:
            for contact_id, held in done.items():
                inside = held if whole else _cut(held, first, last)
                if inside:
                    known = found.get(contact_id)
                    if known is None:
                        found[contact_id] = list(inside)
                    else:
                        known.extend(inside)
    contents.done_days = ((first, last), scans, found)
    return dict(found)  # the lists are never changed: a new one replaces a contact's


def _done_days_of(
    contact_ids: Iterable[int],
    months: list[tuple[dict[int, list[date]], bool]],
    first: date,
    last: date,
) -> dict[int, list[date]]:
    found: dict[int, list[date]] = {}
    for contact_id in contact_ids:
        days: list[date] = []
        for done, whole in months:
            held = done.get(contact_id)
            if held:
                days.extend(held if whole else _cut(held, first, last))
        if days:
            found[contact_id] = days
    return found


def _whole(key: str, first: date, last: date) -> bool:
    """True if the month of a touch part lies wholly from `first` to `last`."""
    year, month = int(key[8:12]), int(key[13:15])
    return first <= date(year, month, 1) and _month_end(year, month) <= last


def _cut(days: list[date], first: date, last: date) -> list[date]:
    return [day for day in days if first <= day <= last]


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def touches_of(contents: Contents, contact_id: int) -> list[Touch]:
    """Every touch with one contact, oldest first."""
    found = []
    for key in sorted(contents.parts_of_contact(contact_id)):
        contents.load_touches(key)
        for touch_id in contents.members.get(key, ()):
            touch = contents.touches[touch_id]
            if touch.contact_id == contact_id:
                found.append(touch)
    return sorted(found, key=agenda_order)


def history(contents: Contents, contact_id: int) -> ContactHistory:
    """Last done touch, last done referral ask and count of done touches of a contact."""
    cached = contents.histories.get(contact_id)
    if cached is None:
        index = settled_index(contents)
        entry = index.history.get(contact_id)
        cached = ContactHistory(*entry) if entry is not None else _NEVER_TOUCHED
        contents.histories[contact_id] = cached
    return cached


def histories(contents: Contents, contact_ids: Iterable[int]) -> dict[int, ContactHistory]:
    """`history` of each contact, the index settled once for all of them."""
    cache = contents.histories
    found: dict[int, ContactHistory] = {}
    entries = None
    for contact_id in contact_ids:
        cached = cache.get(contact_id)
        if cached is None:
            if entries is None:
                entries = settled_index(contents).history
            entry = entries.get(contact_id)
            cached = ContactHistory(*entry) if entry is not None else _NEVER_TOUCHED
            cache[contact_id] = cached
        found[contact_id] = cached
    return found


def settled_index(contents: Contents) -> HistoryIndex:
    """The index with every contact's last dates counted (see `HistoryIndex.stale`)."""
    index = contents.ensure_index()
    if index.stale:
        for contact_id in sorted(index.stale):
            index.recount(contact_id, touches_of(contents, contact_id))
    return index


def _touches_at(contents: Contents, where: Iterable[tuple[int, date]]) -> list[Touch]:
    """Touches by id, reading only the months they are in."""
    found = []
    for ident, day in where:
        contents.load_touches(touch_part(day))
        touch = contents.touches.get(ident)
        if touch is not None:
            found.append(touch)
    return sorted(found, key=agenda_order)


def carry_sources(contents: Contents, before: date) -> list[Touch]:
    """Touches dated before `before` still unresolved: planned (so about to be missed), or
    missed with no carried copy (or whose copy was removed) — offered again, never dropped."""
    index = contents.ensure_index()
    return _touches_at(
        contents,
        (
            (ident, day)
            for ident, (day, status) in index.live.items()
            if day < before and (status is TouchStatus.PLANNED or not index.origins.get(ident))
        ),
    )


def planned_from(contents: Contents, first: date) -> list[Touch]:
    """Planned touches dated on or after `first` (read from the index: only their months
    are built)."""
    index = contents.ensure_index()
    return _touches_at(
        contents,
        (
            (ident, day)
            for ident, (day, status) in index.live.items()
            if day >= first and status is TouchStatus.PLANNED
        ),
    )


def follow_up_sources(contents: Contents) -> list[Touch]:
    """Done touches marked for follow-up that have no follow-up touch yet."""
    index = contents.ensure_index()
    return _touches_at(
        contents,
        ((ident, day) for ident, day in index.follow_ups.items() if not index.origins.get(ident)),
    )


def copies_of(contents: Contents, touch_id: int) -> list[Touch]:
    """Touches carried over from, or following up on, `touch_id`."""
    index = contents.ensure_index()
    return _touches_at(
        contents, ((ident, index.copies[ident][1]) for ident in index.origins.get(touch_id, ()))
    )


def contacts_added_between(contents: Contents, first: date, last: date) -> int:
    """How many contacts were added from `first` to `last`, read from the stored documents
    where the contacts are not built yet (ISO dates compare as text)."""
    low, high = first.isoformat(), last.isoformat()
    count = 0
    for key in contents.contact_keys():
        if key in contents.loaded:
            count += sum(
                1
                for i in contents.members.get(key, ())
                if first <= contents.contacts[i].added <= last
            )
            continue
        for raw_id, doc in contents.contact_documents(key).items():
            known = contents.contacts.get(int(raw_id)) if raw_id.isdigit() else None
            added = known.added.isoformat() if known is not None else doc.get("added")
            if type(added) is str and low <= added <= high:
                count += 1
    return count


def referred_by(contents: Contents, contact_id: int) -> list[Contact]:
    """The contacts whose `referred_by` is `contact_id`, read from the stored documents where
    the contacts are not built yet (only those found are built)."""
    found: list[Contact] = []
    for key in sorted(contents.contact_keys()):
        if key in contents.loaded:
            found.extend(
                contents.contacts[ident]
                for ident in contents.members.get(key, ())
                if contents.contacts[ident].referred_by == contact_id
            )
            continue
        for raw_id, doc in contents.contact_documents(key).items():
            known = contents.contacts.get(int(raw_id)) if raw_id.isdigit() else None
            points = known.referred_by if known is not None else doc.get("referred_by")
            if points == contact_id and type(points) is int:
                found.append(known or contact(contents, converters.doc_id("contacts", raw_id)))
    return found


def load_some(contents: Contents, budget: float, since: date | None) -> bool:
    """Read parts not read yet for about `budget` seconds; False once everything is in:
    every contact, every history, and the summary of each month from `since` on."""
    deadline = time.perf_counter() + budget
    for key in sorted(contents.contact_keys() - contents.loaded):
        contents.load_contacts(key)
        if time.perf_counter() > deadline:
            return True
    if contents.index is None:
        contents.ensure_index()
        return True
    contents.load_all_contacts()
    for ident in contents.contacts:
        history(contents, ident)
    if since is not None:
        first = touch_part(since)
        for key in sorted(contents.touch_keys()):
            if key >= first and (key not in contents.scans or key in contents.stale):
                contents.scan(key)
                if time.perf_counter() > deadline:
                    return True
    return False


def contacts_read(contents: Contents) -> bool:
    """True when asking about every contact costs next to nothing: all are read, or so few
    are left that reading them is quicker than putting it off."""
    return len(contents.contact_keys() - contents.loaded) <= 10


def touch_count(contents: Contents) -> int:
    """How many touches there are: counted as built when every part is (a file read whole),
    else from each part's summary."""
    keys = contents.touch_keys()
    if keys <= contents.loaded:
        return sum(len(contents.members.get(key, ())) for key in keys)
    return sum(len(scan.ids) for scan in contents.all_scans())


def first_touch_month(contents: Contents) -> date | None:
    """The first day of the earliest month holding touches (from the part names alone)."""
    keys = contents.touch_keys()
    if not keys:
        return None
    year, month = min(keys).removeprefix("touches-").split("-")
    return date(int(year), int(month), 1)
