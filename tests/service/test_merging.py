"""One person, one contact: merging two contacts keeps every touch and every referral, and
duplicates are found by the import's own rules."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import service
from planner.domain import NotFoundError, Relationship, ValidationError
from planner.store import Store
from tests.reliability.harness import content, files
from tests.service.conftest import TODAY


def log(store: Store, contact_id: int, days_ago: int, purpose: str = "networking") -> None:
    day = TODAY - timedelta(days=days_ago)
    service.log_touch(store, contact_id, channel="call", purpose=purpose, day=day)


def test_merge_moves_touches_referrals_and_history_and_unites_details(store: Store):
    add = service.add_contact
    carl = add(store, today=TODAY, name="Carl", relationship="customer")
    ana = add(
        store,
        today=TODAY,
        name="Ana Müller",
        emails=["ana@northwind.example"],
        phones=["+49 30 1234"],
        tags=["golf"],
        notes="Likes early calls.",
    )
    other = add(
        store,
        today=TODAY,
        name="Ana Muller",
        company="Northwind",
        title="CTO",
        emails=["ANA@northwind.example", "ana@home.example"],
        phones=["+49 (30) 1234", "+49 170 555"],
        tags=["Golf", "board"],
        met_at="Trade fair",
        referred_by=carl.id,
        notes="Met at the fair.",
    )
    ben = add(store, today=TODAY, name="Ben", referred_by=other.id)
    log(store, ana.id, 30)
    log(store, other.id, 3)
    log(store, other.id, 10, "referral_ask")
    before = store.touch_count

    plan = service.merge_contacts(store, ana.id, other.id)

    saved = Store.open(store.path)
    assert other.id not in saved.contacts
    assert saved.touch_count == before, "every touch is kept"
    assert len(saved.touches_of(ana.id)) == 3
    history = saved.history(ana.id)
    assert (history.done_count, history.last_done) == (3, TODAY - timedelta(days=3))
    assert history.last_referral_ask == TODAY - timedelta(days=10)
    merged = saved.contact(ana.id)
    assert merged.name == "Ana Müller" and merged.company == "Northwind" and merged.title == "CTO"
    assert merged.emails == ("ana@northwind.example", "ana@home.example")
    assert merged.phones == ("+49 30 1234", "+49 170 555")
    assert merged.tags == ("golf", "board")
    assert merged.met_at == "Trade fair" and merged.referred_by == carl.id
    assert merged.notes == "Likes early calls.\n\nMet at the fair."
    assert saved.contact(ben.id).referred_by == ana.id
    assert plan.touches == 2 and [c.id for c in plan.referrals] == [ben.id]
    assert set(plan.changed) >= {"company", "emails", "notes", "referred_by"}


def test_a_customer_on_either_side_makes_a_customer_since_the_earlier_day(store: Store):
    ana = service.add_contact(store, today=TODAY, name="Ana")
    other = service.add_contact(store, today=TODAY, name="Ana", relationship="customer")
    merged = service.merge_contacts(store, ana.id, other.id).merged
    assert merged.relationship is Relationship.CUSTOMER and merged.customer_since == TODAY
    later = service.add_contact(
        store, today=TODAY + timedelta(days=9), name="Ana", relationship="customer"
    )
    again = service.merge_contacts(store, later.id, ana.id).merged
    assert again.customer_since == TODAY


def test_merging_into_itself_or_an_unknown_id_is_refused_and_changes_nothing(store: Store):
    ana = service.add_contact(store, today=TODAY, name="Ana")
    before = files(store.path.parent)
    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        service.merge_contacts(store, ana.id, ana.id)
    with pytest.raises(NotFoundError, match="no contact with id 99"):
        service.merge_contacts(store, ana.id, 99)
    with pytest.raises(NotFoundError, match="no contact with id 99"):
        service.merge_contacts(store, 99, ana.id)
    assert files(store.path.parent) == before


def test_a_merge_that_cannot_be_saved_leaves_both_contacts_as_they_were(
    store: Store, monkeypatch: pytest.MonkeyPatch
):
    from planner.store.transaction import Transaction

    ana = service.add_contact(store, today=TODAY, name="Ana")
    other = service.add_contact(store, today=TODAY, name="Ana", company="Northwind")
    log(store, other.id, 2)
    before, on_disk = content(store), files(store.path.parent)

    def failing(self: Transaction, contact_id: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(Transaction, "delete_contact", failing)
    with pytest.raises(OSError):
        service.merge_contacts(store, ana.id, other.id)
    assert content(store) == before and files(store.path.parent) == on_disk


def test_duplicates_follow_the_import_rules(store: Store):
    add = service.add_contact
    ana = add(store, today=TODAY, name="Ana Müller", company="Northwind", emails=["a@x.example"])
    add(store, today=TODAY, name="Ana Schmidt", emails=["A@X.example"])
    add(store, today=TODAY, name="ana  MULLER", company="northwind")
    ben = add(store, today=TODAY, name="Ben", url="https://www.linkedin.com/in/ben-o/")
    add(store, today=TODAY, name="Benjamin", url="http://de.linkedin.com/in/Ben-O?trk=x")
    add(store, today=TODAY, name="Ana Müller", company="Contoso")  # another Ana
    pairs = [(d.keep.id, d.other.id, d.why) for d in service.duplicates(store)]
    assert pairs == [
        (ana.id, ana.id + 1, "same email a@x.example"),
        (ana.id, ana.id + 2, "same name and company (Ana Müller, Northwind)"),
        (ben.id, ben.id + 1, "same LinkedIn profile linkedin.com/in/ben-o"),
    ]


def test_no_duplicates_in_a_network_of_different_people(store: Store):
    for name in ("Ana", "Ben", "Cem"):
        service.add_contact(store, today=TODAY, name=name, company="Northwind")
    assert service.duplicates(store) == []


# Any network, any pair ---------------------------------------------------------------------


@st.composite
def networks(draw) -> tuple[list[tuple[int | None, str]], list[tuple[int, int, bool]], int, int]:
    """Contacts (who referred them, their relationship), touches (whose, days ago, done), and
    the pair to merge."""
    count = draw(st.integers(2, 8))
    people = []
    for index in range(count):
        referrer = draw(st.none() | st.integers(1, count))
        people.append(
            (
                None if referrer == index + 1 else referrer,
                draw(st.sampled_from(["prospect", "customer", "connector"])),
            )
        )
    touches = draw(
        st.lists(st.tuples(st.integers(1, count), st.integers(0, 60), st.booleans()), max_size=12)
    )
    keep = draw(st.integers(1, count))
    other = draw(st.integers(1, count).filter(lambda ident: ident != keep))
    return people, touches, keep, other


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_a_merge_keeps_every_touch_and_leaves_no_dangling_referral(network):
    people, touches, keep, other = network
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "planner.json")
        for index, (_, relationship) in enumerate(people):
            service.add_contact(store, today=TODAY, name=f"P{index + 1}", relationship=relationship)
        for index, (referrer, _) in enumerate(people):
            if referrer is not None:
                service.edit_contact(store, index + 1, today=TODAY, referred_by=referrer)
        for whose, days_ago, done in touches:
            day = TODAY - timedelta(days=days_ago)
            logged = service.log_touch(store, whose, channel="call", purpose="value", day=day)
            if not done:
                service.toggle_done(store, logged.id)
        counts = {ident: len(store.touches_of(ident)) for ident in store.contacts}
        done_counts = {ident: store.history(ident).done_count for ident in store.contacts}
        total = store.touch_count

        service.merge_contacts(store, keep, other)

        for reread in (store, Store.open(store.path)):
            assert reread.touch_count == total
            assert len(reread.touches_of(keep)) == counts[keep] + counts[other]
            assert reread.history(keep).done_count == done_counts[keep] + done_counts[other]
            assert other not in reread.contacts
            for contact in reread.contacts.values():
                assert contact.referred_by is None or contact.referred_by in reread.contacts
                assert contact.referred_by != contact.id
            assert all(touch.contact_id in reread.contacts for touch in reread.all_touches())


def test_a_merge_is_one_save(store: Store, monkeypatch: pytest.MonkeyPatch):
    from planner.store import commit

    ana = service.add_contact(store, today=TODAY, name="Ana")
    other = service.add_contact(store, today=date(2026, 1, 5), name="Ana")
    log(store, other.id, 1)
    log(store, other.id, 40)
    saves = []
    original = commit.Writer._commit

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        saves.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(commit.Writer, "_commit", counted)
    service.merge_contacts(store, ana.id, other.id)
    assert saves == [1]
