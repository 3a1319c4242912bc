"""Honest prospecting time: prospecting over coffee, a meeting or an event counts only if the
other person knew the purpose; otherwise it is networking, and its note says so."""

from __future__ import annotations

from datetime import time

import pytest

from planner import service
from planner.domain import Channel, Purpose, TouchStatus, ValidationError
from planner.domain.model import Touch
from planner.domain.rules import NOT_STATED_NOTE
from planner.store import Store
from tests.service.conftest import TODAY


def planned(store: Store, channel: Channel, purpose: Purpose = Purpose.PROSPECTING) -> Touch:
    ana = service.add_contact(store, today=TODAY, name="Ana")
    with store.transaction() as tx:
        return tx.put_touch(
            Touch(
                id=tx.new_touch_id(),
                contact_id=ana.id,
                purpose=purpose,
                channel=channel,
                date=TODAY,
                start=time(12, 0),
                end=time(13, 0),
            )
        )


@pytest.mark.parametrize("channel", [Channel.COFFEE, Channel.MEETING, Channel.EVENT])
def test_checking_off_prospecting_over_coffee_needs_the_answer(store: Store, channel: Channel):
    touch = planned(store, channel)
    assert service.stated_needed(touch)
    for check_off in (
        lambda: service.mark_done(store, touch.id),
        lambda: service.toggle_done(store, touch.id),
    ):
        with pytest.raises(ValidationError, match="--stated if they did, or --not-stated"):
            check_off()
    assert Store.open(store.path).touch(touch.id).status is TouchStatus.PLANNED


def test_stated_it_counts_as_prospecting(store: Store):
    touch = planned(store, Channel.COFFEE)
    done = service.mark_done(store, touch.id, note="Booked a demo", stated=True)
    assert (done.status, done.purpose, done.note) == (
        TouchStatus.DONE,
        Purpose.PROSPECTING,
        "Booked a demo",
    )
    assert not service.stated_needed(done), "a done touch is not asked about again"


def test_not_stated_it_is_networking_and_the_note_says_so(store: Store):
    touch = planned(store, Channel.MEETING)
    done = service.mark_done(store, touch.id, note="Nice chat", stated=False)
    saved = Store.open(store.path).touch(touch.id)
    assert saved == done
    assert saved.purpose is Purpose.NETWORKING
    assert saved.note == f"Nice chat\n{NOT_STATED_NOTE}"
    assert "Planned as prospecting" in NOT_STATED_NOTE


def test_back_to_planned_it_is_prospecting_again(store: Store):
    touch = planned(store, Channel.EVENT)
    service.toggle_done(store, touch.id, stated=False)
    again = service.toggle_done(store, touch.id)
    assert (again.status, again.purpose, again.note) == (
        TouchStatus.PLANNED,
        Purpose.PROSPECTING,
        "",
    )


@pytest.mark.parametrize("channel", [Channel.CALL, Channel.EMAIL, Channel.MESSAGE])
def test_calls_emails_and_messages_need_no_answer(store: Store, channel: Channel):
    touch = planned(store, channel)
    assert not service.stated_needed(touch)
    assert service.toggle_done(store, touch.id).purpose is Purpose.PROSPECTING


def test_networking_over_coffee_needs_no_answer(store: Store):
    touch = planned(store, Channel.COFFEE, Purpose.NETWORKING)
    assert service.mark_done(store, touch.id).status is TouchStatus.DONE


def test_logging_prospecting_over_coffee_needs_the_answer_too(store: Store):
    ana = service.add_contact(store, today=TODAY, name="Ana")
    fields = {"channel": "coffee", "purpose": "prospecting", "day": TODAY, "today": TODAY}
    with pytest.raises(ValidationError, match="--not-stated") as refused:
        service.log_touch(store, ana.id, **fields)
    assert refused.value.field == "stated"
    assert store.touch_count == 0
    assert service.log_touch(store, ana.id, stated=True, **fields).purpose is Purpose.PROSPECTING
    quiet = service.log_touch(store, ana.id, stated=False, note="Met at the fair", **fields)
    assert quiet.purpose is Purpose.NETWORKING
    assert quiet.note == f"Met at the fair\n{NOT_STATED_NOTE}"
    new = service.log_touch_with_new_contact(store, contact={"name": "Ben"}, stated=False, **fields)
    assert new.purpose is Purpose.NETWORKING
    call = service.log_touch(store, ana.id, **(fields | {"channel": "call"}))
    assert call.purpose is Purpose.PROSPECTING
