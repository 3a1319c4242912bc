"""Touches: check off, skip, pin, note, and log one that happened; prospecting over coffee,
a meeting or an event counts only if the other person knew the purpose."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from planner.domain.enums import Channel, Purpose, TouchStatus
from planner.domain.errors import ValidationError
from planner.domain.model import Contact, Touch, time_of
from planner.domain.model import minutes_of as minutes_since_midnight
from planner.domain.rules import NOT_STATED_NOTE, purpose_to_state
from planner.domain.validation import (
    build_contact,
    clean_text,
    parse_channel,
    parse_date,
    parse_purpose,
    parse_time,
)
from planner.domain.weeks import Week
from planner.service.blocks import blocks_in_week
from planner.service.contacts import KnownContacts, referrer_id, with_customer_since
from planner.store import Store

NOTE_LIMIT = 10_000


def log_touch(
    store: Store,
    contact_id: int,
    *,
    channel: object,
    purpose: object,
    day: object,
    start: object = None,
    note: object = "",
    follow_up: bool = False,
    today: date | None = None,
    stated: bool | None = None,
) -> Touch:
    """Record a touch that happened (met someone, had a call): done, and kept on re-plan.
    Given `today`, a day after it is refused (a touch still to come is planned, not logged).
    Prospecting over coffee, a meeting or an event needs `stated`: whether the other person
    knew the purpose (if not, it is recorded as networking)."""
    logged = _LoggedTouch.parse(store, channel, purpose, day, start, note, follow_up, today, stated)
    with store.transaction() as tx:
        return tx.put_touch(logged.touch(tx.new_touch_id(), store.contact(contact_id)))


def log_touch_with_new_contact(
    store: Store,
    *,
    today: date,
    contact: Mapping[str, Any],
    channel: object,
    purpose: object,
    day: object,
    start: object = None,
    note: object = "",
    follow_up: bool = False,
    stated: bool | None = None,
) -> Touch:
    """Met someone new: add them and log the touch in one save (both or neither)."""
    logged = _LoggedTouch.parse(store, channel, purpose, day, start, note, follow_up, today, stated)
    fields = dict(contact)
    fields["referred_by"] = referrer_id(fields.get("referred_by"))
    with store.transaction() as tx:
        built = build_contact(
            id=tx.new_contact_id(), added=today, known_ids=KnownContacts(store), **fields
        )
        person = tx.put_contact(with_customer_since(None, built, today))
        return tx.put_touch(logged.touch(tx.new_touch_id(), person))


@dataclass(frozen=True, slots=True)
class _LoggedTouch:
    channel: Channel
    purpose: Purpose
    day: date
    start: time | None
    end: time | None
    note: str
    follow_up: bool
    stated: bool | None

    @classmethod
    def parse(
        cls,
        store: Store,
        channel: object,
        purpose: object,
        day: object,
        start: object,
        note: object,
        follow_up: bool,
        today: date | None = None,
        stated: bool | None = None,
    ) -> _LoggedTouch:
        parsed_channel = parse_channel(channel)
        parsed_purpose = parse_purpose(purpose)
        stated_or_refused(parsed_purpose, parsed_channel, stated)
        parsed_day = parse_date(day)
        if today is not None and parsed_day > today:
            raise ValidationError(
                "date",
                f"Date {parsed_day} is after today ({today}); log a touch once it has "
                "happened (one still to come is planned in the week).",
            )
        begin = None if start in (None, "") else parse_time(start, "time", "Time")
        end = None
        if begin is not None:
            finish = minutes_since_midnight(begin) + store.settings.minutes_for(parsed_channel)
            end = time_of(min(finish, 23 * 60 + 59))
        return cls(
            channel=parsed_channel,
            purpose=parsed_purpose,
            day=parsed_day,
            start=begin,
            end=end,
            note=clean_text(note, "note", "Note", NOTE_LIMIT, multiline=True),
            follow_up=follow_up,
            stated=stated,
        )

    def touch(self, touch_id: int, contact: Contact) -> Touch:
        if purpose_refused(contact, self.purpose):
            raise ValidationError(
                "purpose",
                f"{contact.name} is marked as a friend: friends get no "
                f"{self.purpose.label} touches. Log it as networking instead.",
            )
        made = Touch(
            id=touch_id,
            contact_id=contact.id,
            purpose=self.purpose,
            channel=self.channel,
            date=self.day,
            status=TouchStatus.DONE,
            start=self.start,
            end=self.end,
            manual=True,
            follow_up=self.follow_up,
            note=self.note,
            reason="Logged by hand",
        )
        return made.but(**_honest(made, self.stated))


def purpose_refused(contact: Contact, purpose: object) -> bool:
    """Friends are never soft-sold: no prospecting, value or referral-ask touches."""
    return contact.is_friend and purpose in (
        Purpose.PROSPECTING,
        Purpose.VALUE,
        Purpose.REFERRAL_ASK,
    )


def stated_needed(touch: Touch) -> bool:
    """Whether checking `touch` off needs to know if the other person knew the purpose (the
    app asks; the command line takes --stated or --not-stated)."""
    return touch.status is not TouchStatus.DONE and purpose_to_state(touch.purpose, touch.channel)


def stated_or_refused(purpose: Purpose, channel: Channel, stated: bool | None) -> None:
    """Refuse, naming both flags, a prospecting coffee, meeting or event whose `stated` is
    missing."""
    if stated is None and purpose_to_state(purpose, channel):
        raise ValidationError(
            "stated",
            f"A prospecting {channel.label} counts as prospecting only if the other person "
            "knew that was the purpose: add --stated if they did, or --not-stated to record "
            "it as networking.",
        )


def _honest(touch: Touch, stated: bool | None) -> dict[str, Any]:
    """What a done `touch` becomes: prospecting whose purpose was not stated is networking,
    and its note says it was planned as prospecting."""
    stated_or_refused(touch.purpose, touch.channel, stated)
    if stated is not False or not purpose_to_state(touch.purpose, touch.channel):
        return {}
    note = f"{touch.note}\n{NOT_STATED_NOTE}" if touch.note else NOT_STATED_NOTE
    return {"purpose": Purpose.NETWORKING, "note": note}


def _planned_again(touch: Touch) -> dict[str, Any]:
    """What a done touch becomes when it is planned again: a prospecting touch recorded as
    networking (its purpose was not stated) is prospecting again, its note as it was."""
    changes: dict[str, Any] = {"status": TouchStatus.PLANNED, "follow_up": False}
    if touch.purpose is Purpose.NETWORKING and NOT_STATED_NOTE in touch.note:
        lines = [line for line in touch.note.split("\n") if line != NOT_STATED_NOTE]
        changes |= {"purpose": Purpose.PROSPECTING, "note": "\n".join(lines)}
    return changes


def _update_touch(store: Store, touch_id: int, **changes: Any) -> Touch:
    with store.transaction() as tx:
        return tx.put_touch(store.touch(touch_id).but(**changes))


def mark_done(
    store: Store,
    touch_id: int,
    *,
    note: object = None,
    follow_up: bool = False,
    stated: bool | None = None,
    today: date | None = None,
) -> Touch:
    """Check a touch off. Prospecting over coffee, a meeting or an event needs `stated`
    (see `stated_needed`). Given `today`, a touch planned for a later day happened today: it
    moves to today (see `happened_today`)."""
    changes: dict[str, Any] = {"status": TouchStatus.DONE, "follow_up": follow_up}
    if note is not None:
        changes["note"] = clean_text(note, "note", "Note", NOTE_LIMIT, multiline=True)
    touch = store.touch(touch_id)
    if touch.status is not TouchStatus.DONE:
        changes |= _honest(touch.but(**changes), stated)
        changes |= happened_today(store, touch_id, today)
    return _update_touch(store, touch_id, **changes)


def toggle_done(
    store: Store, touch_id: int, *, stated: bool | None = None, today: date | None = None
) -> Touch:
    """Done becomes planned again (and loses its follow-up mark); anything else becomes done
    (`stated` as for `mark_done`), on today's date if it was planned for a later day."""
    touch = store.touch(touch_id)
    if touch.status is TouchStatus.DONE:
        return _update_touch(store, touch_id, **_planned_again(touch))
    done = touch.but(status=TouchStatus.DONE)
    return _update_touch(
        store,
        touch_id,
        status=TouchStatus.DONE,
        **_honest(done, stated),
        **happened_today(store, touch_id, today),
    )


def happened_today(store: Store, touch_id: int, today: date | None) -> dict[str, Any]:
    """The changes that put a touch checked off before its planned day on `today`, when it
    really happened: its time is kept if nothing else is planned then today (and it keeps the
    block of that kind it falls in), else it has no time. Nothing for a touch of today or
    earlier."""
    touch = store.touch(touch_id)
    if today is None or touch.date <= today:
        return {}
    changes: dict[str, Any] = {"date": today, "start": None, "end": None, "block_id": None}
    if touch.start is None or touch.end is None:
        return changes
    start, end = minutes_since_midnight(touch.start), minutes_since_midnight(touch.end)
    for other in store.touches_between(today, today):
        if (
            other.id != touch.id
            and other.start is not None
            and other.status is not TouchStatus.SKIPPED
            and minutes_since_midnight(other.start) < end
            and start < minutes_since_midnight(other.end or other.start)
        ):
            return changes
    changes.update(start=touch.start, end=touch.end)
    planned_in = store.blocks.get(touch.block_id) if touch.block_id is not None else None
    kind = planned_in.kind if planned_in is not None else None
    week = Week.of(today)
    for block in blocks_in_week(store, week):
        if (
            block.kind is kind
            and today in block.occurrences(week)
            and block.start <= touch.start
            and touch.end <= block.end
        ):
            changes["block_id"] = block.id
            break
    return changes


def skip(store: Store, touch_id: int) -> Touch:
    """Skip toggles: a skipped touch becomes planned again."""
    touch = store.touch(touch_id)
    status = TouchStatus.PLANNED if touch.status is TouchStatus.SKIPPED else TouchStatus.SKIPPED
    return _update_touch(store, touch_id, status=status)


def toggle_pin(store: Store, touch_id: int) -> Touch:
    return _update_touch(store, touch_id, pinned=not store.touch(touch_id).pinned)


def set_note(store: Store, touch_id: int, note: object) -> Touch:
    """A note written on a touch marks it as edited by hand: re-planning keeps it."""
    return _update_touch(
        store,
        touch_id,
        note=clean_text(note, "note", "Note", NOTE_LIMIT, multiline=True),
        manual=True,
    )
