"""Purpose, channel and reason rules on their own, as hand-added touches use them."""

from datetime import date, timedelta

import pytest

from planner.domain import Channel, Purpose, Relationship, Settings, Tier
from planner.engine import (
    ContactHistory,
    channel_options,
    choose_channel,
    choose_purpose,
    purpose_allowed,
)
from planner.engine.choose import clip, due_reason, when_due
from tests.engine.build import TODAY, contact, touched

SETTINGS = Settings()


@pytest.mark.parametrize(
    ("relationship", "history", "purpose"),
    [
        (Relationship.FRIEND, None, Purpose.NETWORKING),
        (Relationship.FRIEND, touched(TODAY - timedelta(400), 30), Purpose.NETWORKING),
        (Relationship.CUSTOMER, None, Purpose.REFERRAL_ASK),
        (Relationship.CUSTOMER, touched(TODAY, 3, TODAY - timedelta(10)), Purpose.NETWORKING),
        (Relationship.PROSPECT, None, Purpose.VALUE),
        (Relationship.PROSPECT, ContactHistory(None, None, 0), Purpose.VALUE),
        (Relationship.PROSPECT, touched(TODAY, 1), Purpose.PROSPECTING),
        (Relationship.CONNECTOR, None, Purpose.NETWORKING),
        (Relationship.PEER, touched(TODAY, 5), Purpose.NETWORKING),
    ],
)
def test_choose_purpose(relationship, history, purpose):
    assert choose_purpose(contact(1, relationship), history, TODAY, SETTINGS) is purpose


def test_purpose_allowed_keeps_friends_from_selling_and_asks_for_customers_only():
    friend, customer = contact(1, Relationship.FRIEND), contact(2, Relationship.CUSTOMER)
    prospect = contact(3, Relationship.PROSPECT)
    for purpose in (Purpose.PROSPECTING, Purpose.VALUE, Purpose.REFERRAL_ASK):
        assert not purpose_allowed(friend, purpose, None, TODAY, SETTINGS)
    assert purpose_allowed(friend, Purpose.FOLLOW_UP, None, TODAY, SETTINGS)
    assert purpose_allowed(customer, Purpose.REFERRAL_ASK, None, TODAY, SETTINGS)
    assert not purpose_allowed(prospect, Purpose.REFERRAL_ASK, None, TODAY, SETTINGS)
    recently_asked = touched(TODAY, 2, TODAY - timedelta(30))
    assert not purpose_allowed(customer, Purpose.REFERRAL_ASK, recently_asked, TODAY, SETTINGS)


def test_channel_options_fit_purpose_and_tier():
    a, c = contact(1, tier=Tier.A), contact(2, tier=Tier.C)
    assert channel_options(a, Purpose.NETWORKING) == (Channel.COFFEE, Channel.MEETING, Channel.CALL)
    assert channel_options(a, Purpose.REFERRAL_ASK) == (Channel.COFFEE, Channel.CALL)
    assert channel_options(c, Purpose.REFERRAL_ASK) == (Channel.CALL,)
    assert channel_options(c, Purpose.VALUE) == (Channel.MESSAGE,)
    assert channel_options(a, Purpose.PROSPECTING) == (Channel.CALL,)
    assert channel_options(c, Purpose.FOLLOW_UP) == (Channel.EMAIL,)


def test_choose_channel_takes_the_first_option_that_fits_the_free_time():
    ana = contact(1, tier=Tier.A)
    networking = Purpose.NETWORKING
    assert choose_channel(ana, networking, settings=SETTINGS) is Channel.COFFEE
    assert choose_channel(ana, networking, settings=SETTINGS, free_minutes=50) is Channel.MEETING
    assert choose_channel(ana, networking, settings=SETTINGS, free_minutes=15) is Channel.CALL
    assert choose_channel(ana, networking, settings=SETTINGS, free_minutes=10) is None


def test_due_words():
    assert [when_due(days) for days in (9, 1, 0, -1, -3)] == [
        "9 days overdue",
        "1 day overdue",
        "due today",
        "due in 1 day",
        "due in 3 days",
    ]


def test_due_reason_reads_as_the_product_describes():
    ana = contact(1, Relationship.CUSTOMER, Tier.A)
    history = touched(TODAY - timedelta(23), 4)
    reason = due_reason(
        ana,
        Purpose.REFERRAL_ASK,
        overdue_days=9,
        history=history,
        today=TODAY,
        settings=SETTINGS,
    )
    assert reason == "A customer, 9 days overdue — referral ask (none in 90 days)"
    new = contact(2, Relationship.PROSPECT, added=date(2026, 11, 20))
    reason = due_reason(
        new, Purpose.VALUE, overdue_days=3, history=None, today=TODAY, settings=SETTINGS
    )
    assert reason == "New B prospect, added 3 days ago — value first, no ask"
    imported = contact(3, Relationship.CUSTOMER, Tier.C, added=TODAY - timedelta(1632))
    reason = due_reason(
        imported,
        Purpose.REFERRAL_ASK,
        overdue_days=1632,
        history=None,
        today=TODAY,
        settings=SETTINGS,
    )
    assert reason == "C customer, never touched in 1632 days — referral ask (none in 90 days)"
    assert len(reason) <= 72


def test_clip_cuts_long_text_at_a_word_and_marks_it():
    assert clip("short") == "short"
    text = "Follow-up on 2026-W47 call: " + "word " * 30
    clipped = clip(text)
    assert len(clipped) <= 72 and clipped.endswith("word…")
