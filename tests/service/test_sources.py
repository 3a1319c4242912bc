"""Where customers come from: contacts counted by where they were met."""

from __future__ import annotations

from datetime import date, timedelta

from planner import service
from planner.store import Store
from tests.service.conftest import TODAY


def log(store: Store, contact_id: int, day: date) -> None:
    service.log_touch(store, contact_id, channel="call", purpose="networking", day=day)


def test_sources_count_contacts_touches_customers_and_referrals(store: Store):
    add = service.add_contact
    ana = add(store, today=TODAY, name="Ana", met_at="Trade fair", relationship="customer")
    ben = add(store, today=TODAY, name="Ben", met_at="  trade FAIR ", referred_by=ana.id)
    cem = add(store, today=TODAY, name="Cem", met_at="BNI breakfast", referred_by=ana.id)
    dana = add(store, today=TODAY, name="Dana", relationship="customer", referred_by=cem.id)
    add(store, today=TODAY, name="Eli", met_at="BNI breakfast", relationship="customer")
    add(store, today=TODAY, name="Fay", met_at="BNI breakfast", relationship="customer")
    log(store, ana.id, TODAY - timedelta(days=3))
    log(store, ana.id, TODAY - timedelta(days=400))  # done, but not in the last 52 weeks
    log(store, ben.id, TODAY - timedelta(days=20))
    log(store, dana.id, TODAY)
    found = {source.source: source.to_json() for source in service.sources(store, TODAY)}
    assert found == {
        "Trade fair": {
            "source": "Trade fair",
            "contacts": 2,
            "touched": 2,
            "customers": 1,
            "referrals": 2,
            "touches": 3,
        },
        "BNI breakfast": {
            "source": "BNI breakfast",
            "contacts": 3,
            "touched": 0,
            "customers": 2,
            "referrals": 1,
            "touches": 0,
        },
        "unknown": {
            "source": "unknown",
            "contacts": 1,
            "touched": 1,
            "customers": 1,
            "referrals": 0,
            "touches": 1,
        },
    }
    order = [source.source for source in service.sources(store, TODAY)]
    assert order == ["BNI breakfast", "Trade fair", "unknown"], "the most customers first"


def test_the_span_of_touched_follows_weeks(store: Store):
    ana = service.add_contact(store, today=TODAY, name="Ana", met_at="Golf")
    log(store, ana.id, TODAY - timedelta(days=20))
    assert service.sources(store, TODAY, weeks=2)[0].touched == 0
    assert service.sources(store, TODAY, weeks=3)[0].touched == 1


def test_an_empty_network_has_no_sources(store: Store):
    assert service.sources(store, TODAY) == []
