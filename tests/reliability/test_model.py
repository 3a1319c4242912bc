"""Issue 7, item 6: the store against a plain in-memory model, step by step (hypothesis).

A state machine adds, edits, archives and removes contacts; logs touches; plans touches,
checks them off, skips and moves them and drops them; adds and removes blocks and goals;
reopens the store from disk; lets a second, long-open store write in between; makes saves
fail part way (ENOSPC on a chosen call) and transactions raise half way; and tries to put
values the store could not read back. After every step the store in memory (refreshed), the
database as a fresh process reads it, and the model hold the same contacts, touches, blocks,
goals and next ids, and `doctor` finds nothing wrong.

Texts mix emoji, right-to-left scripts, markup-like brackets (`[bold]`, `[/`) and arbitrary
Unicode; some notes are 100,000 characters long.

Budget: 100 examples of up to 40 steps in CI (some 3,500 steps, about 12 s here); set
PLANNER_MODEL_EXAMPLES for a longer run.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from planner import service
from planner.domain import Channel, Purpose, TouchStatus
from planner.domain.errors import PlannerError, ValidationError
from planner.domain.model import Contact, Goal, TimeBlock, Touch
from planner.store import Store, StoreError, WriteFailed, converters
from planner.store.doctor import check_database
from tests.reliability.faults import FaultPlan, inject

TODAY = date(2026, 11, 23)
EXAMPLES = int(os.environ.get("PLANNER_MODEL_EXAMPLES", "100"))


class _Window:
    """The days the heat map asks about: part of a month at each end, months between."""

    ends = (date(2025, 12, 17), date(2026, 12, 3))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.ends[0] <= day <= self.ends[1]


WINDOW = _Window()

PIECES = [
    "🌍",
    "👩‍👩‍👧‍👦",
    "🇩🇪",
    "שלום",
    "مرحبا بك",
    "\u202eevil\u202c",
    "[bold]",
    "[/",
    "[/]",
    "[red]x[/red]",
    "[link=https://example.com]",
    "\\",
    '"',
    "\n",
    "Zoë",
    "李小龙",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=6).map("".join)
names = st.one_of(texts, st.sampled_from(["Ana Müller", "  Ben   Okafor ", "x" * 201, ""]))
huge = st.sampled_from(["a", "ש", "🌍", "[b]"]).map(lambda piece: (piece * 100_000)[:100_000])
notes = st.one_of(texts, huge)
days = st.dates(min_value=date(2025, 11, 1), max_value=date(2027, 2, 28))
slots = st.builds(time, st.integers(6, 20), st.sampled_from([0, 15, 30, 45]))
tiers = st.sampled_from(["A", "B", "C", "a", "D"])
relationships = st.sampled_from(["customer", "prospect", "connector", "friend", "peer", "boss"])


class StoreModel(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="planner-model-"))
        self.db = self.folder / "planner.json"
        self.store = Store.open(self.db)
        self.other = Store.open(self.db)  # a second planner, open all along
        self.contacts: dict[int, Contact] = {}
        self.touches: dict[int, Touch] = {}
        self.blocks: dict[int, TimeBlock] = {}
        self.goals: dict[int, Goal] = {}
        self.next_id = {"contacts": 1, "touches": 1, "blocks": 1, "goals": 1, "calendars": 1}

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    # ----------------------------------------------------------------------- the model

    def expect(self) -> dict[str, Any]:
        return {
            "contacts": {i: converters.contact_to_doc(c) for i, c in sorted(self.contacts.items())},
            "touches": {i: converters.touch_to_doc(t) for i, t in sorted(self.touches.items())},
            "blocks": {i: converters.block_to_doc(b) for i, b in sorted(self.blocks.items())},
            "goals": {i: converters.goal_to_doc(g) for i, g in sorted(self.goals.items())},
            "next_id": dict(self.next_id),
        }

    @staticmethod
    def found(store: Store) -> dict[str, Any]:
        return {
            "contacts": {
                i: converters.contact_to_doc(c) for i, c in sorted(store.contacts.items())
            },
            "touches": {
                t.id: converters.touch_to_doc(t)
                for t in sorted(store.all_touches(), key=lambda t: t.id)
            },
            "blocks": {i: converters.block_to_doc(b) for i, b in sorted(store.blocks.items())},
            "goals": {i: converters.goal_to_doc(g) for i, g in sorted(store.goals.items())},
            "next_id": dict(store.next_ids),
        }

    def added(self, table: str, ident: int) -> None:
        assert ident == self.next_id[table], f"{table} id {ident}, expected {self.next_id[table]}"
        self.next_id[table] = ident + 1

    def writer(self, second: bool) -> Store:
        return self.other if second else self.store

    # ----------------------------------------------------------------------- contacts

    @rule(name=names, notes=notes, tier=tiers, relationship=relationships, second=st.booleans())
    def add_contact(
        self, name: str, notes: str, tier: str, relationship: str, second: bool
    ) -> None:
        try:
            contact = service.add_contact(
                self.writer(second),
                today=TODAY,
                name=name,
                notes=notes,
                tier=tier,
                relationship=relationship,
            )
        except ValidationError:
            return
        self.added("contacts", contact.id)
        self.contacts[contact.id] = contact

    @precondition(lambda self: self.contacts)
    @rule(data=st.data(), company=texts, referrer=st.booleans(), second=st.booleans())
    def edit_contact(self, data: st.DataObject, company: str, referrer: bool, second: bool) -> None:
        ident = data.draw(st.sampled_from(sorted(self.contacts)))
        changes: dict[str, Any] = {"company": company}
        if referrer:
            changes["referred_by"] = data.draw(st.sampled_from([*sorted(self.contacts), 999]))
        try:
            contact = service.edit_contact(self.writer(second), ident, **changes)
        except ValidationError:
            return
        self.contacts[ident] = contact

    @precondition(lambda self: self.contacts)
    @rule(data=st.data(), archived=st.booleans())
    def archive_contact(self, data: st.DataObject, archived: bool) -> None:
        ident = data.draw(st.sampled_from(sorted(self.contacts)))
        self.contacts[ident] = service.archive_contact(self.store, ident, archived)

    @precondition(lambda self: self.contacts)
    @rule(data=st.data(), second=st.booleans())
    def remove_contact(self, data: st.DataObject, second: bool) -> None:
        ident = data.draw(st.sampled_from(sorted(self.contacts)))
        service.remove_contact(self.writer(second), ident)
        del self.contacts[ident]
        for touch_id in [t for t, touch in self.touches.items() if touch.contact_id == ident]:
            del self.touches[touch_id]
        for other, contact in list(self.contacts.items()):
            if contact.referred_by == ident:
                self.contacts[other] = contact.but(referred_by=None)

    # ------------------------------------------------------------------------ touches

    @precondition(lambda self: self.contacts)
    @rule(
        data=st.data(),
        channel=st.sampled_from(list(Channel)),
        purpose=st.sampled_from(list(Purpose)),
        day=days,
        note=notes,
        second=st.booleans(),
    )
    def log_touch(
        self,
        data: st.DataObject,
        channel: Channel,
        purpose: Purpose,
        day: date,
        note: str,
        second: bool,
    ) -> None:
        contact = data.draw(st.sampled_from(sorted(self.contacts)))
        try:
            touch = service.log_touch(
                self.writer(second),
                contact,
                channel=channel,
                purpose=purpose,
                day=day,
                start=data.draw(st.one_of(st.none(), slots)),
                note=note,
            )
        except ValidationError:
            return
        self.added("touches", touch.id)
        self.touches[touch.id] = touch

    @precondition(lambda self: self.contacts)
    @rule(data=st.data(), day=days, start=slots, note=notes, second=st.booleans())
    def plan_touch(
        self, data: st.DataObject, day: date, start: time, note: str, second: bool
    ) -> None:
        store = self.writer(second)
        contact = data.draw(st.sampled_from(sorted(self.contacts)))
        with store.transaction() as tx:
            touch = tx.put_touch(
                Touch(
                    id=tx.new_touch_id(),
                    contact_id=contact,
                    purpose=Purpose.NETWORKING,
                    channel=Channel.CALL,
                    date=day,
                    start=start,
                    end=time(start.hour, start.minute + 10),
                    reason="Planned [bold]by the model[/]",
                    note=note,
                )
            )
        self.added("touches", touch.id)
        self.touches[touch.id] = touch

    @precondition(lambda self: self.touches)
    @rule(
        data=st.data(),
        status=st.sampled_from(list(TouchStatus)),
        day=st.one_of(st.none(), days),
        note=st.one_of(st.none(), notes),
        follow_up=st.booleans(),
        second=st.booleans(),
    )
    def update_touch(
        self,
        data: st.DataObject,
        status: TouchStatus,
        day: date | None,
        note: str | None,
        follow_up: bool,
        second: bool,
    ) -> None:
        """Done (with or without a follow-up), skipped, missed or planned again; moved to
        another day (or month); made the carried copy or follow-up of another touch."""
        store = self.writer(second)
        ident = data.draw(st.sampled_from(sorted(self.touches)))
        origin = data.draw(st.one_of(st.none(), st.sampled_from(sorted(self.touches))))
        changed = self.touches[ident].but(
            status=status, follow_up=follow_up, origin_id=origin if origin != ident else None
        )
        if day is not None:
            changed = changed.but(date=day, manual=True)
        if note is not None:
            changed = changed.but(note=note)
        with store.transaction() as tx:
            tx.put_touch(changed)
        self.touches[ident] = changed

    @precondition(lambda self: self.touches)
    @rule(data=st.data(), second=st.booleans())
    def drop_touch(self, data: st.DataObject, second: bool) -> None:
        ident = data.draw(st.sampled_from(sorted(self.touches)))
        with self.writer(second).transaction() as tx:
            tx.delete_touch(ident)
        del self.touches[ident]

    # ------------------------------------------------------------------ blocks, goals

    @rule(
        kind=st.sampled_from(["prospecting", "networking", "follow_up", "admin"]),
        day=st.one_of(st.sampled_from(["mon", "tue", "wed"]), days.map(str)),
        start=st.integers(6, 19),
        hours=st.integers(1, 3),
        label=texts,
    )
    def add_block(self, kind: str, day: str, start: int, hours: int, label: str) -> None:
        when = {"day": day} if len(day) == 3 else {"date": day}
        try:
            block = service.add_block(
                self.store,
                kind=kind,
                start=f"{start:02d}:00",
                end=f"{min(start + hours, 23):02d}:00",
                label=label,
                **when,
            )
        except ValidationError:
            return
        self.added("blocks", block.id)
        self.blocks[block.id] = block

    @precondition(lambda self: self.blocks)
    @rule(data=st.data())
    def remove_block(self, data: st.DataObject) -> None:
        ident = data.draw(st.sampled_from(sorted(self.blocks)))
        service.remove_block(self.other, ident)
        del self.blocks[ident]

    @rule(
        metric=st.sampled_from(["prospecting_share", "touches_done", "referral_asks"]),
        amount=st.one_of(st.integers(-5, 150).map(str), st.sampled_from(["nan", "1.5", "40%"])),
    )
    def add_goal(self, metric: str, amount: str) -> None:
        try:
            goal = service.add_goal(self.store, metric=metric, target=amount)
        except ValidationError:
            return
        self.added("goals", goal.id)
        self.goals[goal.id] = goal

    @precondition(lambda self: self.goals)
    @rule(data=st.data())
    def remove_goal(self, data: st.DataObject) -> None:
        ident = data.draw(st.sampled_from(sorted(self.goals)))
        service.remove_goal(self.store, ident)
        del self.goals[ident]

    # -------------------------------------------------------------- failures, reopening

    @rule(name=texts, fail_at=st.integers(1, 14), second=st.booleans())
    def add_contact_on_a_failing_disk(self, name: str, fail_at: int, second: bool) -> None:
        """A save that fails on the chosen call saves nothing; past the last call it works."""
        store = self.writer(second)
        try:
            with inject(FaultPlan(fail_at=fail_at, errno=errno.ENOSPC)):
                contact = service.add_contact(store, today=TODAY, name=f"Disk {name}")
        except ValidationError:
            return
        except WriteFailed:
            assert self.found(store)["contacts"] == self.expect()["contacts"]
            return
        self.added("contacts", contact.id)
        self.contacts[contact.id] = contact

    @precondition(lambda self: self.contacts)
    @rule(data=st.data())
    def a_change_that_fails_half_way(self, data: st.DataObject) -> None:
        ident = data.draw(st.sampled_from(sorted(self.contacts)))
        with pytest.raises(RuntimeError):
            with self.store.transaction() as tx:
                tx.put_contact(self.store.contact(ident).but(name="Half way"))
                tx.new_touch_id()
                raise RuntimeError("a rule broken half way")

    @precondition(lambda self: self.contacts)
    @rule(
        data=st.data(),
        day=st.sampled_from([date(1, 1, 1), date(1899, 12, 31), date(3000, 1, 1)]),
    )
    def put_a_touch_the_store_could_not_read_back(self, data: st.DataObject, day: date) -> None:
        contact = data.draw(st.sampled_from(sorted(self.contacts)))
        with pytest.raises(StoreError, match="cannot be saved"):
            with self.store.transaction() as tx:
                tx.put_touch(Touch(tx.new_touch_id(), contact, Purpose.VALUE, Channel.NOTE, day))

    @rule()
    def reopen(self) -> None:
        self.store = Store.open(self.db)

    # ------------------------------------------------------------------------ checks

    def expected_answers(self) -> dict[str, Any]:
        """What planning asks of the history, worked out the long way from the model."""
        done = [t for t in self.touches.values() if t.status is TouchStatus.DONE]
        history = {}
        for ident in self.contacts:
            mine = [t for t in done if t.contact_id == ident]
            asks = [t.date for t in mine if t.purpose is Purpose.REFERRAL_ASK]
            history[ident] = (
                max((t.date for t in mine), default=None),
                max(asks, default=None),
                len(mine),
            )
        copied = {t.origin_id for t in self.touches.values() if t.origin_id is not None}
        return {
            "history": history,
            "carry": sorted(
                t.id
                for t in self.touches.values()
                if t.date < TODAY
                and (
                    t.status is TouchStatus.PLANNED
                    or (t.status is TouchStatus.MISSED and t.id not in copied)
                )
            ),
            "follow_ups": sorted(t.id for t in done if t.follow_up and t.id not in copied),
            "done_days": {
                ident: sorted(t.date for t in done if t.contact_id == ident and t.date in WINDOW)
                for ident in sorted({t.contact_id for t in done if t.date in WINDOW})
            },
        }

    @staticmethod
    def answers(store: Store) -> dict[str, Any]:
        return {
            "history": {
                ident: (h.last_done, h.last_referral_ask, h.done_count)
                for ident, h in store.histories().items()
            },
            "carry": sorted(t.id for t in store.carry_sources(TODAY)),
            "follow_ups": sorted(t.id for t in store.follow_up_sources()),
            "done_days": {
                ident: sorted(days)
                for ident, days in sorted(store.done_days_between(*WINDOW.ends).items())
            },
        }

    @invariant()
    def the_store_the_disk_and_the_model_agree(self) -> None:
        expected = self.expect()
        self.store.refresh()
        assert self.found(self.store) == expected, "the open store differs from the model"
        assert self.found(Store.open(self.db)) == expected, "the file differs from the model"
        answers = self.expected_answers()
        assert self.answers(self.store) == answers, "the open store's history index is wrong"
        assert self.answers(Store.open(self.db)) == answers, "the saved history index is wrong"
        report = check_database(self.db)
        assert report.healthy, [str(problem) for problem in report.problems]


TestStoreModel = StoreModel.TestCase
TestStoreModel.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_the_model_catches_a_store_that_forgets(tmp_path: Path) -> None:
    """The invariant can fail: a store that drops a touch on reopening is caught."""
    machine = StoreModel()
    try:
        machine.add_contact("Ana", "", "A", "customer", False)
        with machine.store.transaction() as tx:
            tx.put_touch(Touch(tx.new_touch_id(), 1, Purpose.VALUE, Channel.NOTE, TODAY))
        # The model was not told: the check must notice the difference.
        with pytest.raises(AssertionError):
            machine.the_store_the_disk_and_the_model_agree()
    finally:
        machine.teardown()


def test_texts_reach_the_store_intact(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "planner.json")
    text = "".join(PIECES)
    contact = service.add_contact(store, today=TODAY, name="Ana " + text, notes=text * 10)
    again = Store.open(tmp_path / "planner.json").contact(contact.id)
    assert again.notes == contact.notes and again.name == contact.name
    assert isinstance(again, Contact)
    with pytest.raises(PlannerError):
        service.add_contact(store, today=TODAY, name="x", notes="n" * 100_001)


def test_the_store_refuses_values_it_could_not_read_back(tmp_path: Path) -> None:
    """Saved, each of these made the whole database unreadable: a date past 2999, a NaN
    target (JSON writes it as null), a NaN setting."""
    from planner.domain import GoalMetric
    from tests.reliability.harness import files

    db = tmp_path / "planner.json"
    store = Store.open(db)
    ana = service.add_contact(store, today=TODAY, name="Ana")
    before = files(tmp_path)
    for change in (
        lambda tx: tx.put_touch(
            Touch(tx.new_touch_id(), ana.id, Purpose.VALUE, Channel.NOTE, date(3000, 1, 1))
        ),
        lambda tx: tx.put_goal(Goal(tx.new_goal_id(), GoalMetric.TOUCHES_DONE, float("nan"))),
        lambda tx: tx.set_settings(store.settings.but(cold_below=float("inf"))),
        lambda tx: tx.put_contact(ana.but(added=date(1, 1, 1))),
    ):
        with pytest.raises(StoreError, match="cannot be saved"):
            with store.transaction() as tx:
                change(tx)
        assert files(tmp_path) == before
        assert Store.open(db).contact(ana.id) == ana
