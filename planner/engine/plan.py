"""`plan_week`: fill a week's blocked time with carried-over, follow-up and due touches."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from functools import partial

from planner.domain import (
    BlockKind,
    Channel,
    Contact,
    Purpose,
    Relationship,
    Tier,
    Touch,
    TouchStatus,
)
from planner.domain.model import DEFAULT_CADENCE_DAYS, time_of
from planner.engine.choose import (
    BLOCK_KIND,
    carry_reason,
    channel_options,
    choose_purpose,
    due_reason,
    follow_up_reason,
    purpose_allowed,
    referred_by_customer,
    repurposed,
    word,
)
from planner.engine.model import Plan, PlanRequest, Unplaced, touch_order
from planner.engine.slots import WeekSlots
from planner.engine.summary import summarize


def plan_week(request: PlanRequest) -> Plan:
    """Plan (or re-plan) `request.week`.

    Keeps what is done, skipped, missed, pinned or placed by hand, and planned touches whose time
    has passed; replaces the other planned touches. Then, in this order of priority:

    1. carried over: every unresolved touch of an earlier week, as a copy with the same purpose
       and channel (purpose re-chosen if the rules no longer allow it, e.g. the contact is now a
       friend); the `planned` ones whose day has passed are marked missed;
    2. follow-ups of done touches marked for follow-up, from the week after theirs on;
    3. due contacts (not archived, not still to sort, due on or before the week's Sunday),
       most overdue relative to their cadence first, then tier A, B, C, then contact id;
       prospects a customer referred come before every other prospect of their tier (and skip
       the value warm-up).

    Each goes into the least loaded block of the kind its purpose needs (spreading touches over
    the week), at the first free time there from `now` on and clear of the calendars' busy time
    (buffers included), with the first channel in `channel_options` that fits. A contact gets
    one touch per week from the planner, kept touches included; a contact offered a carried-over
    touch or a follow-up is not offered a due touch too, even when the first did not fit. What
    does not fit is listed in `unplaced` with the reason. A week that has ended plans nothing
    new. The same request always gives the same plan.
    """
    week_touches = sorted(request.week_touches, key=touch_order)
    contacts = {contact.id: contact for contact in request.contacts}
    if request.week.sunday < request.today:
        return _finish(request, contacts, keep=week_touches)
    keep: list[Touch] = []
    replaced: list[Touch] = []
    for touch in week_touches:
        if touch.kept_on_replan or _has_passed(touch, request.now):
            keep.append(touch)
        else:
            replaced.append(touch)
    planner = _Planner(request, contacts, keep)
    mark_missed = planner.carry_over(replaced)
    planner.follow_up(replaced)
    planner.due_contacts()
    return _finish(
        request,
        contacts,
        keep=keep,
        add=planner.added,
        remove=[touch.id for touch in replaced],
        mark_missed=mark_missed,
        unplaced=planner.unplaced,
    )


def _has_passed(touch: Touch, now: datetime) -> bool:
    if touch.start is None:
        return touch.date < now.date()
    return datetime.combine(touch.date, touch.start) < now


def _finish(
    request: PlanRequest,
    contacts: dict[int, Contact],
    *,
    keep: Sequence[Touch],
    add: Sequence[Touch] = (),
    remove: Iterable[int] = (),
    mark_missed: Iterable[int] = (),
    unplaced: Sequence[Unplaced] = (),
) -> Plan:
    week = request.week
    touches = [*keep, *add]
    tiers: dict[int, Tier] = {}
    for touch in touches:
        contact = contacts.get(touch.contact_id)
        if contact is not None:
            tiers[touch.contact_id] = contact.tier
    new_contacts = sum(1 for contact in contacts.values() if contact.added in week)
    to_sort = sum(1 for contact in contacts.values() if contact.to_sort and not contact.archived)
    summary = summarize(
        week,
        touches,
        blocks=request.blocks,
        goals=request.goals,
        settings=request.settings,
        tiers=tiers,
        new_contacts=new_contacts,
        busy=request.busy,
        to_sort=to_sort,
    )
    return Plan(
        week=week,
        keep=tuple(keep),
        add=tuple(sorted(add, key=touch_order)),
        remove=tuple(sorted(set(remove))),
        mark_missed=tuple(sorted(set(mark_missed))),
        unplaced=tuple(unplaced),
        summary=summary,
    )


_NEVER = 24 * 60 + 1  # longer than any touch

#: A due contact as ranked: (-overdue / cadence, tier rank, contact id, days overdue).
_Due = tuple[float, int, int, int]


class _Planner:
    """The state of one planning run: free time, who already has a touch, what was added."""

    def __init__(
        self, request: PlanRequest, contacts: dict[int, Contact], keep: Sequence[Touch]
    ) -> None:
        self.request = request
        self.contacts = contacts
        self.today = request.today
        self.settings = request.settings
        self.slots = WeekSlots(
            request.week, request.blocks, keep, request.now, busy_time=request.busy
        )
        self.taken = {touch.contact_id for touch in keep}
        # Contacts offered a carried-over touch or a follow-up, placed or not: not offered again.
        self.claimed: set[int] = set()
        self.handled = {touch.origin_id for touch in keep if touch.origin_id is not None}
        self._no_room_said: dict[BlockKind, str] = {}
        self._too_long: dict[BlockKind, int] = {}
        self.added: list[Touch] = []
        self.unplaced: list[Unplaced] = []
        self._why: dict[BlockKind, str] = {}

    # Carried over ---------------------------------------------------------------------------

    def carry_over(self, replaced: Sequence[Touch]) -> list[int]:
        """Offer earlier weeks' unresolved touches; return the ids to mark missed."""
        week, today = self.request.week, self.today
        mark_missed: list[int] = []
        offers: dict[int, Touch] = {}
        for source in self.request.carry_sources:
            if source.date >= week.monday:
                continue
            if source.status is TouchStatus.PLANNED:
                if source.date >= today:
                    continue  # still to come this week: not missed yet
                mark_missed.append(source.id)
            elif source.status is not TouchStatus.MISSED:
                continue
            if source.id not in self.handled:
                offers.setdefault(source.id, source)
        copies: dict[int, Touch] = {}
        for touch in replaced:
            origin_id = touch.origin_id
            if touch.carried_over and origin_id is not None and origin_id not in self.handled:
                copies.setdefault(origin_id, touch)
        for origin_id in sorted(offers.keys() | copies.keys()):
            if origin_id in offers:
                source = offers[origin_id]
                reason = carry_reason(source)
            else:  # a copy this re-plan replaces: its reason already names the week
                source = copies[origin_id]
                reason = source.reason or "Carried over"
            head = reason.split(",")[0]
            purpose: Purpose | None = source.purpose
            options: tuple[Channel, ...] = (source.channel,)
            known = self.contacts.get(source.contact_id)
            if known is None:
                purpose, reason = None, head
            else:
                history = self.request.history.get(known.id)
                if not purpose_allowed(known, source.purpose, history, today, self.settings):
                    referrer = self._referrer(known)
                    purpose = choose_purpose(known, history, today, self.settings, referrer)
                    options = channel_options(known, purpose)
                    reason = repurposed(head, purpose)
                else:
                    # The channel it had first; when that no longer fits, a shorter one.
                    usual = channel_options(known, source.purpose)
                    options += tuple(channel for channel in usual if channel is not source.channel)
            label = _lower_first(head)
            contact = self._reachable(source.contact_id, label, purpose, origin_id, reason)
            if contact is None or purpose is None:
                continue
            self._place(contact, purpose, options, reason, label, origin_id, carried_over=True)
        return mark_missed

    # Follow-ups -----------------------------------------------------------------------------

    def follow_up(self, replaced: Sequence[Touch]) -> None:
        """Offer follow-ups of done touches from the week after theirs on."""
        week = self.request.week
        offers: dict[int, Touch] = {}
        for source in self.request.follow_up_sources:
            if (
                source.status is TouchStatus.DONE
                and source.follow_up
                and source.week.shift(1) <= week
                and source.id not in self.handled
            ):
                offers.setdefault(source.id, source)
        copies: dict[int, Touch] = {}
        for touch in replaced:
            if (
                touch.purpose is Purpose.FOLLOW_UP
                and not touch.carried_over
                and touch.origin_id is not None
                and touch.origin_id not in self.handled
            ):
                copies.setdefault(touch.origin_id, touch)
        for origin_id in sorted(offers.keys() | copies.keys()):
            if origin_id in offers:
                source = offers[origin_id]
                reason = follow_up_reason(source)
                label = f"follow-up on {source.week} {source.channel.label}"
            else:  # a copy this re-plan replaces: its reason already names the week
                source = copies[origin_id]
                reason = source.reason or "Follow-up"
                label = _lower_first(reason.split(":")[0])
            contact = self._reachable(
                source.contact_id, label, Purpose.FOLLOW_UP, origin_id, reason
            )
            if contact is None:
                continue
            options = channel_options(contact, Purpose.FOLLOW_UP)
            self._place(contact, Purpose.FOLLOW_UP, options, reason, label, origin_id)

    def _reachable(
        self, contact_id: int, label: str, purpose: Purpose | None, origin_id: int, wanted: str
    ) -> Contact | None:
        """The contact of a carried-over or follow-up touch, or None with the reason noted."""
        contact = self.contacts.get(contact_id)
        if contact is None:
            why, name = "contact no longer exists", f"contact {contact_id}"
        elif contact.archived:
            why, name = "contact archived", contact.name
        elif contact.id in self.taken:
            why, name = "already has a touch this week", contact.name
        else:
            self.claimed.add(contact_id)
            return contact
        self.unplaced.append(
            Unplaced(contact_id, name, f"{label}: {why}", purpose, origin_id, wanted)
        )
        return None

    # Due contacts ---------------------------------------------------------------------------

    def due_contacts(self) -> None:
        """Offer every due contact without a touch this week, most overdue first."""
        settings, today, history = self.settings, self.today, self.request.history
        sunday = self.request.week.sunday
        taken = self.taken | self.claimed | set(self.request.planned_elsewhere)
        cadences = settings.cadence_days
        candidates = []
        contacts = self.contacts
        prepared: set[int] = set()  # prospects a customer referred: see `_referred_first`
        for contact in contacts.values():
            if contact.archived or contact.to_sort or contact.id in taken:
                continue  # contacts still to sort are never planned
            past = history.get(contact.id)
            last = past.last_done if past is not None else None
            cadence = contact.cadence_days
            if cadence is None:
                cadence = cadences.get(contact.tier) or DEFAULT_CADENCE_DAYS[contact.tier]
            due = contact.added if last is None else last + timedelta(days=cadence)
            if due > sunday:
                continue
            overdue = (today - due).days
            candidates.append((-overdue / max(1, cadence), contact.tier.rank, contact.id, overdue))
            if contact.referred_by is not None and referred_by_customer(
                contact, contacts.get(contact.referred_by)
            ):
                prepared.add(contact.id)
        candidates.sort()  # contact ids are unique: the first three fields settle every tie
        if prepared:
            candidates = self._referred_first(candidates, prepared)
        shortest = min(settings.minutes_for(channel) for channel in Channel)
        for _, _, contact_id, overdue in candidates:
            contact = contacts[contact_id]
            past = history.get(contact_id)
            referrer = None if contact.referred_by is None else contacts.get(contact.referred_by)
            purpose = choose_purpose(contact, past, today, settings, referrer)
            reason = partial(
                due_reason,
                contact,
                purpose,
                overdue_days=overdue,
                history=past,
                today=today,
                settings=settings,
                referrer=referrer,
            )
            kind = BLOCK_KIND[purpose]
            if self._too_long.get(kind, _NEVER) <= shortest:
                # Not even the shortest touch fits any more: say so without trying.
                self.unplaced.append(
                    Unplaced(contact_id, contact.name, self._no_room(kind), purpose, None, reason)
                )
                continue
            self._place(contact, purpose, channel_options(contact, purpose), reason)

    def _referrer(self, contact: Contact) -> Contact | None:
        """Who introduced `contact`, among the contacts of the request (None: nobody known)."""
        return None if contact.referred_by is None else self.contacts.get(contact.referred_by)

    def _referred_first(self, candidates: list[_Due], prepared: set[int]) -> list[_Due]:
        """Prospects a customer referred (`prepared`) take the first of the places their
        tier's prospects hold in `candidates`, in their own order; the tier's other prospects
        follow them in theirs, and everyone else keeps their place."""
        contacts = self.contacts
        prospect = Relationship.PROSPECT
        places: tuple[list[int], ...] = ([], [], [])
        referred: tuple[list[_Due], ...] = ([], [], [])
        others: tuple[list[_Due], ...] = ([], [], [])
        for place, due in enumerate(candidates):
            ident = due[2]
            if contacts[ident].relationship is prospect:
                tier = due[1]
                places[tier].append(place)
                (referred if ident in prepared else others)[tier].append(due)
        ordered = list(candidates)
        for tier, held in enumerate(places):
            for place, due in zip(held, referred[tier] + others[tier], strict=True):
                ordered[place] = due
        return ordered

    # Placing --------------------------------------------------------------------------------

    def _place(
        self,
        contact: Contact,
        purpose: Purpose,
        options: Sequence[Channel],
        reason: str | Callable[[], str],
        label: str = "",
        origin_id: int | None = None,
        *,
        carried_over: bool = False,
    ) -> None:
        kind = BLOCK_KIND[purpose]
        for channel in options:
            minutes = self.settings.minutes_for(channel)
            # Time only fills up: what did not fit once will not fit later.
            if minutes >= self._too_long.get(kind, _NEVER):
                continue
            found = self.slots.spread(kind, minutes)
            if found is None:
                self._too_long[kind] = min(minutes, self._too_long.get(kind, _NEVER))
                continue
            opening, start = found
            self.slots.occupy(opening.day, start, start + minutes)
            self.taken.add(contact.id)
            self.added.append(
                Touch(
                    id=0,
                    contact_id=contact.id,
                    purpose=purpose,
                    channel=channel,
                    date=opening.day,
                    start=time_of(start),
                    end=time_of(start + minutes),
                    block_id=opening.block.id,
                    reason=reason() if callable(reason) else reason,
                    carried_over=carried_over,
                    origin_id=origin_id,
                )
            )
            return
        why = self._no_room(kind)
        self.unplaced.append(
            Unplaced(
                contact.id,
                contact.name,
                f"{label}: {why}" if label else why,
                purpose,
                origin_id,
                reason,
            )
        )

    def _no_room(self, kind: BlockKind) -> str:
        # Once a kind is out of room it stays so (time only fills up): word it once.
        known = self._no_room_said.get(kind)
        if known is None:
            known = self._no_room_said[kind] = self._word_no_room(kind)
        return known

    def _word_no_room(self, kind: BlockKind) -> str:
        if not self.slots.has(kind):
            return f"no {word(kind)} block this week"
        if not self.slots.has_ahead(kind):
            return f"no {word(kind)} block left this week"
        return f"no free time left in a {word(kind)} block"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
