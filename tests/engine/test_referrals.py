"""Referred prospects first: a customer's referral skips the warm-up and leads its tier; anyone
else's introduction keeps value first and is named in the reason."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain import (
    BlockKind,
    Channel,
    Contact,
    Purpose,
    Relationship,
    Settings,
    Tier,
    Weekday,
)
from planner.domain.model import DEFAULT_CHANNEL_MINUTES
from planner.engine import ContactHistory, choose_purpose
from planner.engine.choose import due_reason, introduced_by, referred_by_customer
from tests.engine.build import MONDAY, TODAY, block, by_contact, contact, plan, touched

CUSTOMER, PROSPECT, CONNECTOR = Relationship.CUSTOMER, Relationship.PROSPECT, Relationship.CONNECTOR
ANA = contact(1, CUSTOMER, Tier.A, name="Ana Müller")
CARL = contact(2, CONNECTOR, Tier.C, name="Carl Weber")
#: One prospecting block on Monday, room for exactly one 15-minute call.
ONE_CALL = [block(1, BlockKind.PROSPECTING, Weekday.MON, "09:00", "09:15")]
ROOMY = [block(1, BlockKind.PROSPECTING, Weekday.MON, "09:00", "12:00")]
RECENT = touched(TODAY - timedelta(2))  # Ana and Carl were touched lately: not due


def test_a_prospect_a_customer_referred_gets_prospecting_at_once():
    ben = contact(3, PROSPECT, Tier.B, name="Ben Okafor", referred_by=ANA.id, added=MONDAY)
    result = plan([ANA, CARL, ben], blocks=ROOMY, history={1: RECENT, 2: RECENT})
    touch = by_contact(result)[ben.id]
    assert touch.purpose is Purpose.PROSPECTING and touch.channel is Channel.CALL
    assert touch.reason == "B prospect, referred by Ana Müller (customer) — prospecting"


def test_a_prospect_someone_else_introduced_keeps_value_first_and_names_them():
    dana = contact(3, PROSPECT, Tier.B, name="Dana Vega", referred_by=CARL.id, added=MONDAY)
    result = plan([ANA, CARL, dana], blocks=ROOMY, history={1: RECENT, 2: RECENT})
    touch = by_contact(result)[dana.id]
    assert touch.purpose is Purpose.VALUE
    assert touch.reason == (
        "New B prospect, added today, introduced by Carl Weber (connector) — value first, no ask"
    )


def test_a_referred_prospect_touched_before_says_how_overdue_too():
    ben = contact(3, PROSPECT, Tier.B, name="Ben Okafor", referred_by=ANA.id)
    history = {1: RECENT, 2: RECENT, 3: touched(TODAY - timedelta(39))}
    touch = by_contact(plan([ANA, CARL, ben], blocks=ROOMY, history=history))[ben.id]
    assert touch.reason == (
        "B prospect, referred by Ana Müller (customer), 9 days overdue — prospecting"
    )


def test_the_referred_prospect_leads_its_tier_even_when_others_are_more_overdue():
    # Eve and Finn have waited far longer; only one call fits, and Ben, referred, gets it.
    eve = contact(3, PROSPECT, Tier.B, name="Eve", added=date(2025, 1, 5))
    finn = contact(4, PROSPECT, Tier.B, name="Finn", added=date(2025, 3, 5))
    ben = contact(5, PROSPECT, Tier.B, name="Ben", referred_by=ANA.id, added=MONDAY)
    result = plan(
        [ANA, CARL, eve, finn, ben],
        blocks=ONE_CALL,
        history={1: RECENT, 2: RECENT, 3: touched(date(2026, 1, 5))},
    )
    assert set(by_contact(result)) == {ben.id}
    # Finn, never touched in 20 months, is more overdue than Eve: the others keep that order.
    assert [item.contact_id for item in result.unplaced] == [finn.id, eve.id]


def test_the_referral_does_not_pass_other_tiers_or_relationships():
    # Gil, an A prospect, and Hana, a B customer, are more overdue: they stay ahead of Ben.
    gil = contact(3, PROSPECT, Tier.A, name="Gil", added=date(2025, 1, 5))
    hana = contact(4, CUSTOMER, Tier.B, name="Hana", added=date(2025, 1, 5))
    ben = contact(5, PROSPECT, Tier.B, name="Ben", referred_by=ANA.id, added=MONDAY)
    history = {1: RECENT, 2: RECENT, 3: touched(date(2025, 6, 1)), 4: touched(date(2025, 6, 1))}
    two_calls = [block(1, BlockKind.PROSPECTING, Weekday.MON, "09:00", "09:30")]
    result = plan([ANA, CARL, gil, hana, ben], blocks=two_calls, history=history)
    assert set(by_contact(result)) == {gil.id, hana.id}
    assert [item.contact_id for item in result.unplaced] == [ben.id]


def test_a_referrer_who_is_gone_or_not_a_customer_prepares_no_path():
    lost = contact(3, PROSPECT, Tier.B, referred_by=99, added=MONDAY)
    assert choose_purpose(lost, None, TODAY, Settings()) is Purpose.VALUE
    assert not referred_by_customer(lost, None)
    peer = contact(4, Relationship.PEER, name="Ida Peer")
    assert not referred_by_customer(lost, peer)
    assert introduced_by(lost, peer) == "introduced by Ida Peer (peer)"
    assert choose_purpose(lost, None, TODAY, Settings(), peer) is Purpose.VALUE
    assert choose_purpose(lost, None, TODAY, Settings(), ANA) is Purpose.PROSPECTING


def test_only_prospects_are_planned_by_who_brought_them():
    # A customer or a friend Ana introduced gets the usual purpose and reason.
    for relationship in (CUSTOMER, Relationship.FRIEND, CONNECTOR):
        person = contact(3, relationship, Tier.B, referred_by=ANA.id, added=MONDAY)
        assert not referred_by_customer(person, ANA)
        assert introduced_by(person, ANA) == ""
        purpose = choose_purpose(person, None, TODAY, Settings(), ANA)
        reason = due_reason(
            person,
            purpose,
            overdue_days=0,
            history=None,
            today=TODAY,
            settings=Settings(),
            referrer=ANA,
        )
        assert "Ana" not in reason


def test_a_long_referrer_name_is_cut_short_in_the_reason():
    long = contact(1, CUSTOMER, name="Maximiliane Alexandra von Hohenzollern-Sigmaringen")
    ben = contact(3, PROSPECT, Tier.B, referred_by=1, added=MONDAY)
    words = introduced_by(ben, long)
    assert words.startswith("referred by Maximiliane") and "…" in words and len(words) < 60


# Referred prospects of a tier are never placed after unreferred ones of that tier ----------

#: Every touch a prospecting block takes lasts 15 minutes, so that when one of them fits,
#: any other would have fitted in its place.
SAME_LENGTH = Settings(
    channel_minutes=DEFAULT_CHANNEL_MINUTES
    | {channel: 15 for channel in (Channel.CALL, Channel.EMAIL, Channel.MESSAGE, Channel.COFFEE)}
)


@st.composite
def networks(draw) -> tuple[list[Contact], dict[int, ContactHistory]]:
    """Customers, connectors and prospects; some prospects referred by a customer, some by a
    connector, some by nobody; histories from never touched to long overdue."""
    people: list[Contact] = []
    history: dict[int, ContactHistory] = {}
    for ident in range(1, draw(st.integers(2, 24)) + 1):
        relationship = draw(st.sampled_from([CUSTOMER, CONNECTOR, PROSPECT, PROSPECT, PROSPECT]))
        referrer = None
        if relationship is PROSPECT and ident > 1:
            referrer = draw(st.none() | st.integers(1, ident - 1))
        people.append(
            Contact(
                id=ident,
                name=f"Person {ident}",
                added=draw(st.dates(date(2025, 1, 1), MONDAY)),
                tier=draw(st.sampled_from(Tier)),
                relationship=relationship,
                referred_by=referrer,
            )
        )
        if draw(st.booleans()):
            last = draw(st.dates(date(2025, 1, 1), MONDAY - timedelta(1)))
            history[ident] = ContactHistory(last, None, draw(st.integers(1, 9)))
    return people, history


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.integers(1, 12))
def test_referred_prospects_are_never_placed_after_unreferred_ones_of_their_tier(
    network: tuple[list[Contact], dict[int, ContactHistory]], calls: int
):
    people, history = network
    minutes = 15 * calls
    end = f"{9 + minutes // 60:02d}:{minutes % 60:02d}"
    blocks = [block(1, BlockKind.PROSPECTING, Weekday.MON, "09:00", end)]
    result = plan(people, blocks=blocks, history=history, settings=SAME_LENGTH)
    placed = set(by_contact(result))
    known = {person.id: person for person in people}
    due = placed | {item.contact_id for item in result.unplaced}
    for tier in Tier:
        prospects = [
            person
            for person in people
            if person.id in due and person.tier is tier and person.relationship is PROSPECT
        ]
        referred = [p for p in prospects if referred_by_customer(p, known.get(p.referred_by or 0))]
        others = [p for p in prospects if p not in referred]
        if any(person.id in placed for person in others):
            missing = [person.id for person in referred if person.id not in placed]
            assert not missing, f"tier {tier}: referred {missing} left out for unreferred ones"
    # ... and among what was placed, the plan added them in that order of priority.
    order = [touch.contact_id for touch in sorted(result.add, key=lambda t: (t.date, t.start))]
    for tier in Tier:
        ranks = [
            referred_by_customer(known[ident], known.get(known[ident].referred_by or 0))
            for ident in order
            if known[ident].tier is tier and known[ident].relationship is PROSPECT
        ]
        assert ranks == sorted(ranks, reverse=True), f"tier {tier}: {ranks}"
