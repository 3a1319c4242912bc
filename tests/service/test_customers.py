"""The day a contact became a customer, set by every path that makes one."""

from __future__ import annotations

from datetime import date

from planner import service
from planner.domain import Relationship
from planner.store import Store
from tests.service.conftest import TODAY

LATER = date(2026, 12, 7)


def test_adding_a_customer_starts_the_relationship_today(store: Store):
    ana = service.add_contact(store, today=TODAY, name="Ana", relationship="customer")
    ben = service.add_contact(store, today=TODAY, name="Ben")
    assert Store.open(store.path).contact(ana.id).customer_since == TODAY
    assert ben.customer_since is None


def test_a_prospect_who_buys_becomes_a_customer_on_the_day_of_the_edit(store: Store):
    ana = service.add_contact(store, today=TODAY, name="Ana")
    ana = service.edit_contact(store, ana.id, today=LATER, relationship="customer")
    assert ana.customer_since == LATER
    kept = service.edit_contact(store, ana.id, today=date(2027, 1, 4), title="CEO")
    assert kept.customer_since == LATER, "editing a customer keeps the day"
    gone = service.edit_contact(store, ana.id, today=date(2027, 1, 4), relationship="prospect")
    assert gone.customer_since is None
    assert Store.open(store.path).contact(ana.id).customer_since is None


def test_a_customer_from_before_records_stays_one_when_edited(store: Store):
    ana = service.add_contact(store, today=TODAY, name="Ana", relationship="customer")
    with store.transaction() as tx:  # as a version 1 database has them: no day known
        tx.put_contact(ana.but(customer_since=None))
    edited = service.edit_contact(store, ana.id, today=LATER, notes="Bought in 2019")
    assert edited.customer_since is None
    assert service.customer_since_words(edited) == "before records"
    assert service.customer_since_words(service.add_contact(store, today=TODAY, name="B")) is None


def test_a_new_customer_met_while_logging_is_one_from_today(store: Store):
    touch = service.log_touch_with_new_contact(
        store,
        today=TODAY,
        contact={"name": "Cem", "relationship": "customer"},
        channel="call",
        purpose="networking",
        day=TODAY,
    )
    assert store.contact(touch.contact_id).customer_since == TODAY


def test_import_makes_customers_from_today_only_when_the_import_says_so(store: Store):
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Vega\r\nEND:VCARD\r\n"
    service.import_contacts(store, card, today=TODAY, relationship="customer")
    (dana,) = store.contacts.values()
    assert dana.relationship is Relationship.CUSTOMER and dana.customer_since == TODAY
    # planner's own file says who is a customer and since when (nothing: before records)
    table = service.export_csv(store, "contacts")[0].replace(b"Dana Vega", b"Eli Cho")
    table = table.replace(TODAY.isoformat().encode() + b"\r\n", b"\r\n")
    service.import_contacts(store, table, today=LATER)
    (eli,) = [contact for contact in store.contacts.values() if contact.name == "Eli Cho"]
    assert eli.relationship is Relationship.CUSTOMER and eli.customer_since is None
