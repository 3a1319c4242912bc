"""Free time in a week's blocks: where a touch may go, the next free slot, checking a move."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from planner.domain import (
    BlockKind,
    Busy,
    Channel,
    Contact,
    Purpose,
    Settings,
    TimeBlock,
    Touch,
    ValidationError,
    Week,
)
from planner.domain.model import minutes_of, time_of
from planner.engine.choose import block_kind_for, channel_options, word
from planner.engine.summary import PLANNED_OR_DONE

#: Placed touches start on this grid of minutes (when `now` is 10:37 the first start is 10:40).
GRID_MINUTES = 5
_DAY_END = 24 * 60


@dataclass(slots=True)
class Opening:
    """One block on one date, with the stretches of it still free (minutes since midnight)."""

    block: TimeBlock
    day: date
    begin: int
    finish: int
    free: list[tuple[int, int]] = field(default_factory=list)
    free_total: int = 0
    longest: int = 0

    def __post_init__(self) -> None:
        self._measure()

    @property
    def load(self) -> float:
        """Share of the block already taken (by touches or by time that has passed), 0..1."""
        span = self.finish - self.begin
        return 1.0 - self.free_total / span if span > 0 else 1.0

    def first_fit(self, minutes: int) -> int | None:
        """The earliest start with `minutes` free after it, if any."""
        if minutes > self.longest:
            return None
        for start, end in self.free:
            if end - start >= minutes:
                return start
        return None  # pragma: no cover - `longest` says there is one

    def take(self, start: int, end: int) -> None:
        if end <= self.begin or start >= self.finish:
            return
        pieces: list[tuple[int, int]] = []
        for free_start, free_end in self.free:
            if free_end <= start or free_start >= end:
                pieces.append((free_start, free_end))
                continue
            if free_start < start:
                pieces.append((free_start, start))
            if end < free_end:
                pieces.append((end, free_end))
        self.free = pieces
        self._measure()

    def _measure(self) -> None:
        self.free_total = sum(end - start for start, end in self.free)
        self.longest = max((end - start for start, end in self.free), default=0)


class WeekSlots:
    """The week's block occurrences and what is still free in them.

    Time before `now` is not free; neither is time taken by the planned or done touches in `busy`
    (skipped and missed touches free their time), nor the calendar events in `busy_time`, each
    widened by its buffer. Occurrences are kept in calendar order.
    """

    def __init__(
        self,
        week: Week,
        blocks: Iterable[TimeBlock],
        busy: Iterable[Touch] = (),
        now: datetime | None = None,
        busy_time: Iterable[Busy] = (),
    ) -> None:
        openings: list[Opening] = []
        for block in blocks:
            begin, finish = minutes_of(block.start), minutes_of(block.end)
            for day in block.occurrences(week):
                opens = max(begin, _earliest_start(day, now))
                free = [(opens, finish)] if opens < finish else []
                openings.append(Opening(block, day, begin, finish, free))
        openings.sort(key=lambda opening: (opening.day, opening.begin, opening.block.id))
        self.openings = openings
        self._by_day: dict[date, list[Opening]] = {}
        self._by_kind: dict[BlockKind, list[Opening]] = {kind: [] for kind in BlockKind}
        for opening in openings:
            self._by_day.setdefault(opening.day, []).append(opening)
            self._by_kind[opening.block.kind].append(opening)
        self._ahead = {
            kind: any(opening.free for opening in kind_openings)
            for kind, kind_openings in self._by_kind.items()
        }
        self._longest: dict[BlockKind, int] = {}
        for touch in busy:
            if (
                touch.status in PLANNED_OR_DONE
                and touch.start is not None
                and touch.end is not None
            ):
                self.occupy(touch.date, minutes_of(touch.start), minutes_of(touch.end))
        for event in busy_time:
            self.occupy(event.date, *event.blocked)

    def has(self, kind: BlockKind) -> bool:
        """Whether the week has any block of `kind`."""
        return bool(self._by_kind[kind])

    def has_ahead(self, kind: BlockKind) -> bool:
        """Whether a block of `kind` was still to come (not wholly before `now`)."""
        return self._ahead[kind]

    def longest(self, kind: BlockKind) -> int:
        """The longest free stretch in any block of `kind`."""
        if kind not in self._longest:
            self._longest[kind] = max(
                (opening.longest for opening in self._by_kind[kind]), default=0
            )
        return self._longest[kind]

    def occupy(self, day: date, start: int, end: int) -> None:
        for opening in self._by_day.get(day, ()):
            opening.take(start, end)
            self._longest.pop(opening.block.kind, None)

    def spread(self, kind: BlockKind, minutes: int) -> tuple[Opening, int] | None:
        """Room for `minutes` in the least loaded block of `kind` (earliest on ties)."""
        if self.longest(kind) < minutes:
            return None
        best: Opening | None = None
        for opening in self._by_kind[kind]:
            if opening.longest >= minutes and (best is None or opening.load < best.load):
                best = opening
        if best is None:  # pragma: no cover - `longest` says there is one
            return None
        start = best.first_fit(minutes)
        assert start is not None
        return best, start

    def earliest(self, kind: BlockKind, minutes: int) -> tuple[Opening, int] | None:
        """The first free stretch of `minutes` in a block of `kind`, in calendar order."""
        if self.longest(kind) < minutes:
            return None
        found: tuple[Opening, int] | None = None
        for opening in self._by_kind[kind]:
            if found is not None and opening.day > found[0].day:
                break
            start = opening.first_fit(minutes)
            if start is not None and (found is None or start < found[1]):
                found = (opening, start)
        return found


def _earliest_start(day: date, now: datetime | None) -> int:
    if now is None or day > now.date():
        return 0
    if day < now.date():
        return _DAY_END
    minute = now.hour * 60 + now.minute + (1 if now.second or now.microsecond else 0)
    return min(_DAY_END, -(-minute // GRID_MINUTES) * GRID_MINUTES)


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a touch can go: a day, a start and end, the block, and the channel that fits."""

    date: date
    start: time
    end: time
    block: TimeBlock
    channel: Channel


def free_slot(
    contact: Contact,
    purpose: Purpose,
    *,
    week: Week,
    blocks: Sequence[TimeBlock],
    week_touches: Iterable[Touch],
    settings: Settings,
    now: datetime,
    channel: Channel | None = None,
    busy: Iterable[Busy] = (),
) -> Slot | None:
    """The next free slot this week in a block matching `purpose`, not before `now`, clear of
    the calendar events in `busy` (and their buffers).

    With no `channel`, tries the contact's `channel_options` in order and returns the first that
    fits anywhere in the week. None when nothing fits.
    """
    slots = WeekSlots(week, blocks, week_touches, now, busy)
    kind = block_kind_for(purpose)
    options = (channel,) if channel is not None else channel_options(contact, purpose)
    for option in options:
        minutes = settings.minutes_for(option)
        found = slots.earliest(kind, minutes)
        if found is not None:
            opening, start = found
            return Slot(
                opening.day, time_of(start), time_of(start + minutes), opening.block, option
            )
    return None


def check_move(
    touch: Touch,
    new_date: date,
    new_start: time,
    *,
    blocks: Sequence[TimeBlock],
    week_touches: Iterable[Touch],
    settings: Settings,
    now: datetime,
    names: Mapping[int, str] | None = None,
    busy: Iterable[Busy] = (),
) -> Touch:
    """`touch` moved to `new_date` at `new_start`, marked as placed by hand, or a refusal.

    The end follows from the channel's duration. Raises `ValidationError` (a sentence for the
    user) when the touch is not planned any more, the time has passed, it is outside every block
    of the kind its purpose needs, it runs past that block's end, it clashes with a calendar event
    in `busy` or the buffer kept free around it (the event named with its times and calendar), or
    it overlaps another planned or done touch of that day (named with `names`, contact id to name).
    """
    if not touch.is_open:
        raise ValidationError(
            "id", f"Only planned touches can be moved; this one is {touch.status.label}."
        )
    minutes = settings.minutes_for(touch.channel)
    start = minutes_of(new_start)
    end = start + minutes
    day = f"{new_date:%a} {new_date.day} {new_date:%b}"
    if datetime.combine(new_date, new_start) < now:
        raise ValidationError(
            "start", f"{day} {new_start:%H:%M} has already passed; pick a time from now on."
        )
    kind = block_kind_for(touch.purpose)
    week = Week.of(new_date)
    day_blocks = sorted(
        (block for block in blocks if block.kind is kind and new_date in block.occurrences(week)),
        key=lambda block: (block.start, block.id),
    )
    if not day_blocks:
        raise ValidationError(
            "date",
            f"There is no {word(kind)} block on {day}; "
            f"{word(touch.purpose)} touches go in {word(kind)} blocks.",
        )
    block = next(
        (each for each in day_blocks if minutes_of(each.start) <= start < minutes_of(each.end)),
        None,
    )
    if block is None:
        spans = ", ".join(f"{each.start:%H:%M}–{each.end:%H:%M}" for each in day_blocks)
        raise ValidationError(
            "start",
            f"{new_start:%H:%M} is outside the {word(kind)} blocks on {day} ({spans}).",
        )
    if end > minutes_of(block.end):
        raise ValidationError(
            "start",
            f"A {minutes}-minute {touch.channel.label} from {new_start:%H:%M} runs past the end "
            f"of the {word(kind)} block at {block.end:%H:%M}.",
        )
    clash = min(
        (event for event in busy if event.date == new_date and event.overlaps(start, end)),
        key=lambda event: (event.begin, event.finish, event.calendar, event.summary),
        default=None,
    )
    if clash is not None:
        around = f" (with {clash.buffer} minutes kept free around it)" if clash.buffer else ""
        raise ValidationError(
            "start",
            f"{day} {new_start:%H:%M} clashes with {clash.describe()}{around}; pick a free time.",
        )
    others = sorted(
        (
            other
            for other in week_touches
            if other.id != touch.id
            and other.date == new_date
            and other.status in PLANNED_OR_DONE
            and other.start is not None
            and other.end is not None
        ),
        key=lambda other: (other.start, other.id),
    )
    for other in others:
        assert other.start is not None and other.end is not None
        if minutes_of(other.start) < end and start < minutes_of(other.end):
            name = (names or {}).get(other.contact_id, f"contact {other.contact_id}")
            raise ValidationError(
                "start",
                f"{day} {new_start:%H:%M} overlaps {other.channel.label.capitalize()} with "
                f"{name} at {other.start:%H:%M}; pick a free time.",
            )
    return touch.but(
        date=new_date, start=new_start, end=time_of(end), block_id=block.id, manual=True
    )
