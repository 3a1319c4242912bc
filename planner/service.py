"""What a user can do, as functions over a `Store`: validate the input, change, save.

The command line and the app both call these, so a rule holds the same way everywhere. Every
function either saves its whole change or raises a `PlannerError` and saves nothing.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.domain.enums import Channel, GoalMetric, Purpose, Relationship, Tier, TouchStatus
from planner.domain.errors import NotFoundError, PlannerError, ValidationError
from planner.domain.model import (
    Contact,
    ContactHistory,
    Goal,
    Settings,
    TimeBlock,
    Touch,
    time_of,
)
from planner.domain.model import minutes_of as minutes_since_midnight
from planner.domain.rules import (
    GoalProgress,
    blocked_minutes,
    due_date,
    measure_goal,
    warmth,
)
from planner.domain.validation import (
    build_block,
    build_contact,
    build_goal,
    clean_text,
    parse_channel,
    parse_date,
    parse_purpose,
    parse_relationship,
    parse_tier,
    parse_time,
)
from planner.domain.weeks import Week
from planner.store import Store
from planner.store.files import atomic_write

if TYPE_CHECKING:
    from planner.engine import HeatMap, Plan, PlanRequest, Review
    from planner.io import ImportPlan

# The engine is imported where it is used: the app's start-up does not need it.

NOTE_LIMIT = 10_000

#: Contact fields a form or the command line may set, with the value `build_contact` expects.
CONTACT_FIELDS = (
    "name",
    "company",
    "title",
    "emails",
    "phones",
    "tier",
    "relationship",
    "tags",
    "met_at",
    "referred_by",
    "cadence_days",
    "notes",
    "url",
)


# ------------------------------------------------------------------------------------ contacts


@dataclass(frozen=True, slots=True)
class ContactView:
    """A contact with what its history says today: last touch, due date, warmth."""

    contact: Contact
    history: ContactHistory
    cadence: int
    due: date
    warmth: float

    @property
    def last_touch(self) -> date | None:
        return self.history.last_done

    def overdue_days(self, today: date) -> int:
        return (today - self.due).days


def view_contact(store: Store, contact: Contact, today: date) -> ContactView:
    history = store.history(contact.id)
    cadence = contact.cadence(store.settings)
    return ContactView(
        contact=contact,
        history=history,
        cadence=cadence,
        due=due_date(contact, history.last_done, store.settings),
        warmth=warmth(history.last_done, today, cadence),
    )


def _contact_fields(contact: Contact) -> dict[str, Any]:
    return {name: getattr(contact, name) for name in CONTACT_FIELDS} | {
        "archived": contact.archived
    }


class KnownContacts:
    """`id in KnownContacts(store)`: whether a contact exists, reading only its own part."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __contains__(self, contact_id: object) -> bool:
        return isinstance(contact_id, int) and self.store.find_contact(contact_id) is not None


def _name(store: Store, contact_id: int) -> str:
    contact = store.find_contact(contact_id)
    return contact.name if contact is not None else f"contact {contact_id}"


def _referrer(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    shown = text if len(text) <= 40 else text[:40] + "…"
    if not (text.isascii() and text.isdigit()):
        raise ValidationError("referred_by", f"Referred by '{shown}' is not a contact id.")
    if len(text) > 18:
        raise ValidationError("referred_by", f"Referred by: there is no contact with id {shown}.")
    return int(text)


def add_contact(store: Store, *, today: date, **fields: Any) -> Contact:
    """Add a contact from raw input (see CONTACT_FIELDS); tier C prospect unless given."""
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown contact fields: {sorted(unknown)}")
    fields["referred_by"] = _referrer(fields.get("referred_by"))
    with store.transaction() as tx:
        contact = build_contact(
            id=tx.new_contact_id(), added=today, known_ids=KnownContacts(store), **fields
        )
        return tx.put_contact(contact)


def edit_contact(store: Store, contact_id: int, **changes: Any) -> Contact:
    """Change some fields of a contact; every field is checked again."""
    unknown = set(changes) - set(CONTACT_FIELDS) - {"archived"}
    if unknown:
        raise TypeError(f"unknown contact fields: {sorted(unknown)}")
    if "referred_by" in changes:
        changes["referred_by"] = _referrer(changes["referred_by"])
    with store.transaction() as tx:
        current = store.contact(contact_id)
        fields = _contact_fields(current) | changes
        contact = build_contact(
            id=contact_id, added=current.added, known_ids=KnownContacts(store), **fields
        )
        return tx.put_contact(contact)


def set_tier(store: Store, contact_id: int, tier: object) -> Contact:
    with store.transaction() as tx:
        return tx.put_contact(store.contact(contact_id).but(tier=parse_tier(tier)))


def archive_contact(store: Store, contact_id: int, archived: bool = True) -> Contact:
    with store.transaction() as tx:
        return tx.put_contact(store.contact(contact_id).but(archived=archived))


def remove_contact(store: Store, contact_id: int) -> int:
    """Delete a contact and its touches; contacts it referred keep no link. Returns the number
    of touches removed with it."""
    with store.transaction() as tx:
        store.contact(contact_id)
        touches = store.touches_of(contact_id)
        for touch in touches:
            tx.delete_touch(touch.id)
        for other in list(store.contacts.values()):
            if other.referred_by == contact_id:
                tx.put_contact(other.but(referred_by=None))
        tx.delete_contact(contact_id)
        return len(touches)


def referrals_of(store: Store, contact_id: int) -> list[Contact]:
    """Contacts this one introduced (their `referred_by` points here)."""
    return sorted(
        (other for other in store.contacts.values() if other.referred_by == contact_id),
        key=lambda other: (other.name.casefold(), other.id),
    )


def search_contacts(
    contacts: Iterable[Contact],
    *,
    text: str = "",
    tier: Tier | None = None,
    relationship: object = None,
    include_archived: bool = False,
) -> list[Contact]:
    """Contacts matching every given filter, by name. `text` looks in name, company and tags."""
    needle = text.casefold().strip()
    found = []
    for contact in contacts:
        if contact.archived and not include_archived:
            continue
        if tier is not None and contact.tier is not tier:
            continue
        if relationship is not None and contact.relationship != relationship:
            continue
        if needle and needle not in haystack(contact):
            continue
        found.append(contact)
    return sorted(found, key=lambda contact: (contact.name.casefold(), contact.id))


def haystack(contact: Contact) -> str:
    """The text a search looks in: name, company and tags, case-folded."""
    return " ".join((contact.name, contact.company, *contact.tags)).casefold()


# ------------------------------------------------------------------------------------- blocks


def add_block(store: Store, **fields: Any) -> TimeBlock:
    with store.transaction() as tx:
        block = build_block(id=tx.new_block_id(), others=store.blocks.values(), **fields)
        return tx.put_block(block)


def edit_block(store: Store, block_id: int, **changes: Any) -> TimeBlock:
    """Change a block; giving `day` makes it weekly, giving `date` makes it a one-off."""
    with store.transaction() as tx:
        current = store.block(block_id)
        fields: dict[str, Any] = {
            "kind": current.kind,
            "start": current.start,
            "end": current.end,
            "day": current.day,
            "date": current.date,
            "label": current.label,
        }
        if changes.get("day") not in (None, ""):
            fields["date"] = None
        if changes.get("date") not in (None, ""):
            fields["day"] = None
        fields.update({key: value for key, value in changes.items() if value is not None})
        block = build_block(id=block_id, others=store.blocks.values(), **fields)
        return tx.put_block(block)


def remove_block(store: Store, block_id: int) -> None:
    with store.transaction() as tx:
        tx.delete_block(block_id)


def blocks_in_week(store: Store, week: Week) -> list[TimeBlock]:
    """Weekly blocks plus the one-off blocks dated in `week`, by weekday and start."""
    found = [block for block in store.blocks.values() if block.occurrences(week)]
    return sorted(found, key=lambda block: (block.weekday.number, block.start, block.id))


# -------------------------------------------------------------------------------------- goals


def add_goal(store: Store, **fields: Any) -> Goal:
    with store.transaction() as tx:
        return tx.put_goal(build_goal(id=tx.new_goal_id(), **fields))


def edit_goal(store: Store, goal_id: int, **changes: Any) -> Goal:
    with store.transaction() as tx:
        current = store.goal(goal_id)
        fields: dict[str, Any] = {
            "metric": current.metric,
            "target": f"{current.target:g}",
            "tier": current.tier,
        }
        fields.update({key: value for key, value in changes.items() if value is not None})
        if (
            "metric" in changes
            and "tier" not in changes
            and not build_goal(
                id=goal_id, metric=fields["metric"], target=fields["target"]
            ).metric.takes_tier
        ):
            fields["tier"] = None
        return tx.put_goal(build_goal(id=goal_id, **fields))


def remove_goal(store: Store, goal_id: int) -> None:
    with store.transaction() as tx:
        tx.delete_goal(goal_id)


def goal_progress(store: Store, goal: Goal, week: Week, *, projected: bool = False) -> GoalProgress:
    """How far `goal` is in `week` (done touches; with `projected`, planned ones too)."""
    return goals_progress(store, [goal], week, projected=projected)[0]


def goals_progress(
    store: Store,
    goals: Iterable[Goal],
    week: Week,
    *,
    projected: bool = False,
    quick: bool = False,
) -> list[GoalProgress]:
    """Progress of several goals in `week`, reading the week once. With `quick`, goals that
    would read the whole network first (new contacts, while it is not read yet) are left out:
    the caller measures them again later."""
    goals = list(goals)
    if quick and not store.contacts_read:
        goals = [goal for goal in goals if goal.metric is not GoalMetric.NEW_CONTACTS]
    touches = store.week_touches(week)
    blocked = blocked_minutes(store.blocks.values(), week)
    tiers = _tiers(store, touches) if any(goal.tier is not None for goal in goals) else {}
    needs_new = any(goal.metric is GoalMetric.NEW_CONTACTS for goal in goals)
    new_contacts = store.contacts_added_between(week.monday, week.sunday) if needs_new else 0
    return [
        measure_goal(
            goal,
            touches=touches,
            blocked=blocked,
            tiers=tiers,
            new_contacts=new_contacts,
            settings=store.settings,
            projected=projected,
        )
        for goal in goals
    ]


def _tiers(store: Store, touches: Iterable[Touch]) -> dict[int, Tier]:
    """The tier of everyone the touches are with (removed contacts left out)."""
    tiers: dict[int, Tier] = {}
    for touch in touches:
        if touch.contact_id not in tiers:
            try:
                tiers[touch.contact_id] = store.contact(touch.contact_id).tier
            except NotFoundError:
                pass
    return tiers


def goals_over_weeks(
    store: Store, goals: Iterable[Goal], weeks: Iterable[Week], *, projected: bool = False
) -> dict[tuple[int, Week], GoalProgress]:
    """`goal_progress` of every goal in every week, keyed by (goal id, week): the same numbers,
    with what the weeks share (tiers, blocked time, touches, new contacts) read once."""
    goal_list = list(goals)
    added = sorted(contact.added for contact in store.contacts.values())
    progress: dict[tuple[int, Week], GoalProgress] = {}
    for week in weeks:
        touches = store.week_touches(week)
        tiers = _tiers(store, touches)
        blocked = blocked_minutes(store.blocks.values(), week)
        new_contacts = bisect_right(added, week.sunday) - bisect_left(added, week.monday)
        for goal in goal_list:
            progress[goal.id, week] = measure_goal(
                goal,
                touches=touches,
                blocked=blocked,
                tiers=tiers,
                new_contacts=new_contacts,
                settings=store.settings,
                projected=projected,
            )
    return progress


# ------------------------------------------------------------------------------------ touches


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
) -> Touch:
    """Record a touch that happened (met someone, had a call): done, and kept on re-plan.
    Given `today`, a day after it is refused (a touch still to come is planned, not logged)."""
    logged = _LoggedTouch.parse(store, channel, purpose, day, start, note, follow_up, today)
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
) -> Touch:
    """Met someone new: add them and log the touch in one save (both or neither)."""
    logged = _LoggedTouch.parse(store, channel, purpose, day, start, note, follow_up, today)
    fields = dict(contact)
    fields["referred_by"] = _referrer(fields.get("referred_by"))
    with store.transaction() as tx:
        person = tx.put_contact(
            build_contact(
                id=tx.new_contact_id(), added=today, known_ids=KnownContacts(store), **fields
            )
        )
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
    ) -> _LoggedTouch:
        parsed_channel = parse_channel(channel)
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
            purpose=parse_purpose(purpose),
            day=parsed_day,
            start=begin,
            end=end,
            note=clean_text(note, "note", "Note", NOTE_LIMIT, multiline=True),
            follow_up=follow_up,
        )

    def touch(self, touch_id: int, contact: Contact) -> Touch:
        if purpose_refused(contact, self.purpose):
            raise ValidationError(
                "purpose",
                f"{contact.name} is marked as a friend: friends get no "
                f"{self.purpose.label} touches. Log it as networking instead.",
            )
        return Touch(
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


def purpose_refused(contact: Contact, purpose: object) -> bool:
    """Friends are never soft-sold: no prospecting, value or referral-ask touches."""
    return contact.is_friend and purpose in (
        Purpose.PROSPECTING,
        Purpose.VALUE,
        Purpose.REFERRAL_ASK,
    )


def _update_touch(store: Store, touch_id: int, **changes: Any) -> Touch:
    with store.transaction() as tx:
        return tx.put_touch(store.touch(touch_id).but(**changes))


def mark_done(
    store: Store, touch_id: int, *, note: object = None, follow_up: bool = False
) -> Touch:
    changes: dict[str, Any] = {"status": TouchStatus.DONE, "follow_up": follow_up}
    if note is not None:
        changes["note"] = clean_text(note, "note", "Note", NOTE_LIMIT, multiline=True)
    return _update_touch(store, touch_id, **changes)


def toggle_done(store: Store, touch_id: int) -> Touch:
    """Done becomes planned again (and loses its follow-up mark); anything else becomes done."""
    touch = store.touch(touch_id)
    if touch.status is TouchStatus.DONE:
        return _update_touch(store, touch_id, status=TouchStatus.PLANNED, follow_up=False)
    return _update_touch(store, touch_id, status=TouchStatus.DONE)


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


def now_from(today: date | None) -> datetime:
    """`--today D` means the start of that day; without it, now."""
    if today is None:
        return datetime.now().replace(second=0, microsecond=0)
    return datetime.combine(today, time())


# ----------------------------------------------------------------------------------- planning


def plan_request(store: Store, week: Week, now: datetime) -> PlanRequest:
    """Everything the engine needs to plan `week`, read from the store.

    Touches of weeks that are over are offered for carry-over; this week's open ones are not
    (there is still time to do them), and when planning ahead their contacts are not offered
    again, nor anyone with a touch planned in a later week.
    """
    from planner.engine import PlanRequest

    current = Week.of(now.date()).monday
    carry_before = min(week.monday, current)
    elsewhere: dict[int, date] = {}
    for touch in store.planned_from(carry_before):
        if Week.of(touch.date) != week:
            elsewhere.setdefault(touch.contact_id, touch.date)
    return PlanRequest(
        week=week,
        now=now,
        contacts=list(store.contacts.values()),
        history=store.histories(),
        week_touches=store.week_touches(week),
        carry_sources=store.carry_sources(before=carry_before),
        follow_up_sources=store.follow_up_sources(),
        blocks=list(store.blocks.values()),
        goals=list(store.goals.values()),
        settings=store.settings,
        planned_elsewhere=elsewhere,
    )


def compute_plan(request: PlanRequest) -> Plan:
    """The engine's plan (pure: safe to run in a worker thread)."""
    from planner.engine import plan_week

    return plan_week(request)


def apply_plan(store: Store, plan: Plan) -> Plan:
    """Save a plan in one write: replaced touches go, earlier open ones become missed, new ones
    get their ids. Returns the plan with the saved touches."""
    with store.transaction() as tx:
        for touch_id in plan.remove:
            tx.delete_touch(touch_id)
        for touch_id in plan.mark_missed:
            tx.put_touch(store.touch(touch_id).but(status=TouchStatus.MISSED))
        added = tuple(tx.put_touch(touch.but(id=tx.new_touch_id())) for touch in plan.add)
    return replace(plan, add=added)


def plan(store: Store, week: Week, now: datetime) -> Plan:
    """Plan (or re-plan) `week` and save it."""
    return apply_plan(store, compute_plan(plan_request(store, week, now)))


def move_touch(store: Store, touch_id: int, *, day: object, start: object, now: datetime) -> Touch:
    """Move a planned touch by hand (it then survives re-planning); refuses overlaps, times
    outside a block of the right kind and times in the past, in words."""
    from planner.engine import check_move

    when = parse_date(day)
    begin = parse_time(start, "start", "Start")
    with store.transaction() as tx:
        touch = store.touch(touch_id)
        week = Week.of(when)
        others = [t for t in store.week_touches(week) if t.id != touch.id]
        names = {t.contact_id: _name(store, t.contact_id) for t in others}
        moved = check_move(
            touch,
            when,
            begin,
            blocks=list(store.blocks.values()),
            week_touches=others,
            settings=store.settings,
            now=now,
            names=names,
        )
        return tx.put_touch(moved)


def add_planned_touch(store: Store, contact_id: int, *, week: Week, now: datetime) -> Touch:
    """Put a touch with one contact into the next free slot of `week` that suits them (the heat
    map's `p`); says why when there is none."""
    from planner.engine import block_kind_for, choose_purpose, free_slot

    with store.transaction() as tx:
        contact = store.contact(contact_id)
        today = now.date()
        purpose = choose_purpose(contact, store.history(contact_id), today, store.settings)
        touches = store.week_touches(week)
        slot = free_slot(
            contact,
            purpose,
            week=week,
            blocks=list(store.blocks.values()),
            week_touches=touches,
            settings=store.settings,
            now=now,
        )
        if slot is None:
            kind = block_kind_for(purpose).label
            raise ValidationError(
                "slot",
                f"No free time left in a {kind} block in {week} for a {purpose.label} "
                f"touch with {contact.name}; block more time (b) or move something.",
            )
        touch = Touch(
            id=tx.new_touch_id(),
            contact_id=contact.id,
            purpose=purpose,
            channel=slot.channel,
            date=slot.date,
            start=slot.start,
            end=slot.end,
            block_id=slot.block.id,
            manual=True,
            reason="Added by hand",
        )
        return tx.put_touch(touch)


# ------------------------------------------------------------------------------------- review


def review(store: Store, week: Week, today: date) -> Review:
    """The week looked back on: planned against done, goals, who went cold, what is unfinished."""
    from planner.engine import review_week

    return review_week(
        week,
        touches=store.week_touches(week),
        contacts=list(store.contacts.values()),
        history=store.histories(),
        blocks=list(store.blocks.values()),
        goals=list(store.goals.values()),
        settings=store.settings,
        today=today,
    )


#: How a heat map shades a week by its number of done touches: none, 1, 2, 3 or more. The app
#: and the command line both draw these, with this legend.
HEAT_SHADES = ("·", "▒", "▓", "█")
HEAT_LEGEND = tuple(zip(HEAT_SHADES, ("none", "1", "2", "3+"), strict=True))


def heat_shade(count: int) -> str:
    return HEAT_SHADES[max(0, min(count, len(HEAT_SHADES) - 1))]


@dataclass(frozen=True, slots=True)
class HeatInputs:
    """What the heat map is computed from, read from the store at one moment. `compute` touches
    no store, so the app can run it in a worker thread while the store stays free to change."""

    contacts: tuple[Contact, ...]
    done_dates_by_contact: dict[int, list[date]]
    last_done: dict[int, date | None]
    today: date
    weeks: int
    settings: Settings

    def compute(self, before: tuple[HeatInputs, HeatMap] | None = None) -> HeatMap:
        """The heat map. `before`: the inputs and map of an earlier call; the rows of contacts
        whose inputs did not change since are kept from it instead of worked out again."""
        from planner.engine import heatmap

        previous = None
        unchanged: set[int] = set()
        if before is not None:
            old, previous = before
            if (old.today, old.weeks, old.settings) == (self.today, self.weeks, self.settings):
                unchanged = self.unchanged_since(old)
        return heatmap(
            contacts=self.contacts,
            done_dates_by_contact=self.done_dates_by_contact,
            last_done=self.last_done,
            today=self.today,
            weeks=self.weeks,
            settings=self.settings,
            previous=previous if unchanged else None,
            unchanged=unchanged,
        )

    def unchanged_since(self, old: HeatInputs) -> set[int]:
        """The contacts whose heat-map rows cannot differ from those worked out from `old`:
        the same contact object (the store replaces a contact it changes) with the same done
        days and last touch."""
        old_contacts = {contact.id: contact for contact in old.contacts}
        no_days: list[date] = []
        return {
            contact.id
            for contact in self.contacts
            if old_contacts.get(contact.id) is contact
            and old.last_done.get(contact.id) == self.last_done.get(contact.id)
            and old.done_dates_by_contact.get(contact.id, no_days)
            == self.done_dates_by_contact.get(contact.id, no_days)
        }


def heat_inputs(store: Store, today: date, weeks: int) -> HeatInputs:
    """Everything `heat` needs for the last `weeks` weeks, copied out of the store."""
    first = Week.of(today).shift(-(weeks - 1)).monday
    done = store.done_days_between(first, Week.of(today).sunday)
    histories = store.histories()
    return HeatInputs(
        contacts=tuple(store.contacts.values()),
        done_dates_by_contact=done,
        last_done={contact_id: h.last_done for contact_id, h in histories.items()},
        today=today,
        weeks=weeks,
        settings=store.settings,
    )


def heat(store: Store, today: date, weeks: int) -> HeatMap:
    """The heat map of the last `weeks` weeks (the same data for the app and the command line)."""
    return heat_inputs(store, today, weeks).compute()


# ------------------------------------------------------------------------ import and export


def read_file(path: Path, what: str = "file") -> bytes:
    """The bytes of a file the user named, or a message saying why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise PlannerError(f"There is no {what} {path}; check the path.") from None
    except IsADirectoryError:
        raise PlannerError(f"{path} is a folder; give the path of a file in it.") from None
    except OSError as error:
        raise PlannerError(f"Cannot read {path}: {error.strerror or error}.") from None


def import_contacts(
    store: Store,
    data: bytes,
    *,
    today: date,
    fmt: str = "auto",
    tier: object = Tier.C,
    relationship: object = Relationship.PROSPECT,
    tags: Iterable[str] = (),
    dry_run: bool = False,
) -> ImportPlan:
    """Read a contacts file and add or merge everyone in it, in one write (none with
    `dry_run`). Returns the plan, whose `report()` says what happened and what was wrong."""
    from planner.io import plan_import, read_contacts  # the readers load only when needed

    parsed_tier = parse_tier(tier)
    parsed_relationship = parse_relationship(relationship)
    parsed = read_contacts(data, fmt, today=today)

    def plan_with(next_id: int) -> ImportPlan:
        return plan_import(
            list(store.contacts.values()),
            parsed,
            tier=parsed_tier,
            relationship=parsed_relationship,
            tags=list(tags),
            next_id=next_id,
            today=today,
        )

    if dry_run:
        store.refresh()
        return plan_with(store.next_id("contacts"))
    with store.transaction() as tx:
        result = plan_with(tx.peek_id("contacts"))
        tx.reserve_ids("contacts", len(result.added))
        for contact in (*result.merged, *result.added):
            tx.put_contact(contact)
    return result


def export_week_ics(store: Store, week: Week, *, with_blocks: bool = False) -> bytes:
    """The week's touches still to do (and its blocks) as an iCalendar file."""
    from planner.io import touches_to_ics

    touches = store.week_touches(week)
    people = {
        touch.contact_id: contact
        for touch in touches
        if (contact := store.find_contact(touch.contact_id)) is not None
    }
    blocks = blocks_in_week(store, week) if with_blocks else None
    return touches_to_ics(touches, people, week=week, blocks=blocks, settings=store.settings)


def write_export(path: Path, data: bytes) -> None:
    """Write an exported file whole or not at all, with a message in words when it fails."""
    target = path.expanduser()
    try:
        if target.is_dir():
            raise PlannerError(
                f"{target} is a folder; give a file name, e.g. {target / 'week.ics'}."
            )
        if not target.parent.is_dir():
            raise PlannerError(f"The folder {target.parent} does not exist; create it first.")
        atomic_write(target, data)
    except OSError as error:
        shown = str(target) if len(str(target)) <= 80 else str(target)[:79] + "…"
        raise PlannerError(f"Could not write {shown}: {error.strerror or error}.") from None
