"""Contacts: add, edit, tier, archive, remove, search, and what their history says today."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.domain.enums import Relationship, Tier
from planner.domain.errors import ValidationError
from planner.domain.model import Contact, ContactHistory
from planner.domain.rules import due_date, warmth
from planner.domain.text import fold
from planner.domain.validation import build_contact, parse_tier
from planner.store import Store

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


def view_contacts(store: Store, contacts: Iterable[Contact], today: date) -> Iterator[ContactView]:
    """`view_contact` of each of `contacts`, in their order, worked out as they are asked for."""
    settings = store.settings
    contacts = list(contacts)
    histories = store.histories(contact.id for contact in contacts)
    for contact in contacts:
        past = histories[contact.id]
        cadence = contact.cadence(settings)
        yield ContactView(
            contact=contact,
            history=past,
            cadence=cadence,
            due=due_date(contact, past.last_done, settings),
            warmth=warmth(past.last_done, today, cadence),
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


def contact_name(store: Store, contact_id: int) -> str:
    contact = store.find_contact(contact_id)
    return contact.name if contact is not None else f"contact {contact_id}"


def referrer_id(value: object) -> int | None:
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
    """Add a contact from raw input (see CONTACT_FIELDS); tier C prospect unless given. A
    customer is one from `today`."""
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown contact fields: {sorted(unknown)}")
    fields["referred_by"] = referrer_id(fields.get("referred_by"))
    with store.transaction() as tx:
        contact = build_contact(
            id=tx.new_contact_id(), added=today, known_ids=KnownContacts(store), **fields
        )
        return tx.put_contact(with_customer_since(None, contact, today))


def edit_contact(
    store: Store, contact_id: int, *, today: date | None = None, **changes: Any
) -> Contact:
    """Change some fields of a contact; every field is checked again. A contact given a tier
    or a relationship is sorted (no longer waiting to be); one who becomes a customer is one
    from `today` (default: the clock's)."""
    unknown = set(changes) - set(CONTACT_FIELDS) - {"archived"}
    if unknown:
        raise TypeError(f"unknown contact fields: {sorted(unknown)}")
    if "referred_by" in changes:
        changes["referred_by"] = referrer_id(changes["referred_by"])
    with store.transaction() as tx:
        current = store.contact(contact_id)
        fields = _contact_fields(current) | changes
        sorted_now = "tier" in changes or "relationship" in changes
        contact = build_contact(
            id=contact_id,
            added=current.added,
            known_ids=KnownContacts(store),
            to_sort=current.to_sort and not sorted_now,
            **fields,
        )
        since = with_customer_since(current, contact, today or date.today())
        return tx.put_contact(since)


def with_customer_since(before: Contact | None, after: Contact, today: date) -> Contact:
    """`after` with the day it became a customer: kept while it stays one (None too: a
    customer from before records), `today` when it becomes one, none when it is not one."""
    if after.relationship is not Relationship.CUSTOMER:
        since = None
    elif before is not None and before.relationship is Relationship.CUSTOMER:
        since = before.customer_since
    else:
        since = today
    return after if after.customer_since == since else after.but(customer_since=since)


def customer_since_words(contact: Contact) -> str | None:
    """`2026-11-23`, `before records` (a customer from before planner kept the day), or None
    for someone who is not a customer."""
    if contact.relationship is not Relationship.CUSTOMER:
        return None
    since = contact.customer_since
    return "before records" if since is None else since.isoformat()


def set_tier(store: Store, contact_id: int, tier: object) -> Contact:
    """Give a contact a tier (which sorts it, if it was still to sort)."""
    with store.transaction() as tx:
        return tx.put_contact(store.contact(contact_id).but(tier=parse_tier(tier), to_sort=False))


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
        store.referred_by(contact_id), key=lambda other: (other.name.casefold(), other.id)
    )


def referral_outcome(contact: Contact) -> str:
    """What became of someone a contact referred: `now a customer (since 2026-11-30)`, `still
    a prospect`, `now a connector`; `, archived` when they are."""
    relationship = contact.relationship
    if relationship is Relationship.CUSTOMER:
        since = contact.customer_since
        words = "now a customer" + ("" if since is None else f" (since {since.isoformat()})")
    elif relationship is Relationship.PROSPECT:
        words = "still a prospect"
    else:
        words = f"now a {relationship.label}"
    return words + (", archived" if contact.archived else "")


def search_contacts(
    contacts: Iterable[Contact],
    *,
    text: str = "",
    tier: Tier | None = None,
    relationship: object = None,
    include_archived: bool = False,
) -> list[Contact]:
    """Contacts matching every given filter, by name. `text` looks in name, company and tags,
    as typed but without case or accents (`muller` finds Ana Müller)."""
    needle = fold(text)
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
    """The text a search looks in: name, company and tags, without case or accents."""
    return fold(" ".join((contact.name, contact.company, *contact.tags)))
