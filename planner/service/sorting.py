"""Sorting new contacts: one at a time into a tier and a relationship, each decision saved.

Contacts imported without a tier wait "to sort" and are never planned until sorted. Every
decision is its own write, so a sort of 300 contacts interrupted after 150 keeps those 150.
"""

from __future__ import annotations

from typing import Any

from planner.domain.model import Contact
from planner.domain.validation import parse_relationship, parse_tier
from planner.store import Store


def contacts_to_sort(store: Store) -> list[Contact]:
    """Contacts still to sort (archived ones left out), in the order they were added."""
    return sorted(
        (c for c in store.contacts.values() if c.to_sort and not c.archived),
        key=lambda contact: contact.id,
    )


def count_to_sort(store: Store) -> int:
    return sum(1 for c in store.contacts.values() if c.to_sort and not c.archived)


def sort_contact(
    store: Store,
    contact_id: int,
    *,
    tier: object = None,
    relationship: object = None,
    archived: bool | None = None,
) -> Contact:
    """One sorting decision, saved at once: the tier, the relationship or the archive given,
    and the contact no longer to sort."""
    changes: dict[str, Any] = {"to_sort": False}
    if tier is not None:
        changes["tier"] = parse_tier(tier)
    if relationship is not None:
        changes["relationship"] = parse_relationship(relationship)
    if archived is not None:
        changes["archived"] = archived
    with store.transaction() as tx:
        return tx.put_contact(store.contact(contact_id).but(**changes))


def undo_sort(store: Store, before: Contact) -> Contact:
    """Take a sorting decision back: the contact's tier, relationship, archive and to-sort
    state as they were in `before` (anything else changed meanwhile stays)."""
    with store.transaction() as tx:
        current = store.contact(before.id)
        return tx.put_contact(
            current.but(
                tier=before.tier,
                relationship=before.relationship,
                archived=before.archived,
                to_sort=before.to_sort,
            )
        )
