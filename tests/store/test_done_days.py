"""The done days of a span, asked again after changes, are what a fresh read says."""

from __future__ import annotations

from datetime import date

from planner.domain import TouchStatus
from planner.store import Store
from tests.store.conftest import add_contact, add_touch

FIRST, LAST = date(2026, 8, 17), date(2026, 11, 29)  # from mid-August: the first month is cut


def _fresh(db_path) -> dict[int, list[date]]:
    return Store.open(db_path).done_days_between(FIRST, LAST)


def test_done_days_follow_every_change_of_a_month(store, db_path):
    people = [add_contact(store, f"Person {n}") for n in range(6)]
    touches = []
    for number, who in enumerate(people):
        for day in (date(2026, 8, 3 + number), date(2026, 9, 10 + number), date(2026, 11, 2)):
            touches.append(add_touch(store, who, day, status=TouchStatus.DONE))
    assert store.done_days_between(FIRST, LAST) == _fresh(db_path)
    with store.transaction() as tx:
        tx.put_touch(store.touch(touches[2]).but(status=TouchStatus.PLANNED))  # November
        tx.put_touch(store.touch(touches[4]).but(date=date(2026, 10, 1)))  # September to October
        tx.delete_touch(touches[7])  # September
    with store.transaction() as tx:
        tx.put_touch(store.touch(touches[3]).but(date=date(2026, 8, 20)))  # into the span
    after = store.done_days_between(FIRST, LAST)
    assert after == _fresh(db_path)
    assert people[0] in after and date(2026, 11, 2) not in after[people[0]]
    assert after[people[1]][0] == date(2026, 8, 20)
    assert date(2026, 10, 1) in after[people[1]]
    after.clear()  # what a caller does with its answer does not change the next
    assert store.done_days_between(FIRST, LAST) == _fresh(db_path)


def test_done_days_of_some_contacts_are_theirs_in_the_whole_answer(store, db_path):
    people = [add_contact(store, f"Person {n}") for n in range(4)]
    for number, who in enumerate(people):
        for day in (date(2026, 8, 3 + number), date(2026, 9, 10 + number), date(2026, 11, 2)):
            add_touch(store, who, day, status=TouchStatus.DONE)
    whole = _fresh(db_path)
    some = store.done_days_between(FIRST, LAST, [people[1], people[3], 999])
    assert some == {who: whole[who] for who in (people[1], people[3])}


def test_the_contacts_changed_since_a_mark(store, db_path):
    ana, ben, cy = (add_contact(store, name) for name in ("Ana", "Ben", "Cy"))
    touch = add_touch(store, ana, date(2026, 11, 2))
    mark = store.change_mark()
    assert store.contacts_changed_since(mark) == set()
    with store.transaction() as tx:
        tx.put_touch(store.touch(touch).but(contact_id=ben))  # both of them change
        tx.put_contact(store.contact(cy).but(name="Cyril"))
    assert store.contacts_changed_since(mark) == {ana, ben, cy}
    later = store.change_mark()
    assert store.contacts_changed_since(later) == set()
    other = Store.open(db_path)  # another planner saves: anything may have changed
    with other.transaction() as tx:
        tx.put_contact(other.contact(ana).but(name="Anna"))
    assert store.refresh()
    assert store.contacts_changed_since(later) is None
    assert store.contacts[ana].name == "Anna"
