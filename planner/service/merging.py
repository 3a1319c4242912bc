"""One person, one contact: finding contacts that look like one person, and merging two.

Duplicates are found by the import's own rules (`planner.io.merge`): the same email, the same
LinkedIn profile, or the same name and company without case or accents. Merging OTHER into
KEEP moves OTHER's touches (its history with them) and the contacts it referred to KEEP, joins
the two contacts' details (`merged_contact`) and removes OTHER, in one save.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.domain.errors import ValidationError
from planner.domain.model import Contact
from planner.domain.text import count
from planner.store import Store

#: Fields whose change a merge reports, with the words for them.
_SHOWN_FIELDS = {
    "company": "company",
    "title": "title",
    "met_at": "where met",
    "url": "profile link",
    "emails": "emails",
    "phones": "phones",
    "tags": "tags",
    "notes": "notes",
    "cadence_days": "own cadence",
    "referred_by": "referred by",
    "relationship": "relationship",
}


@dataclass(frozen=True, slots=True)
class MergePlan:
    """What merging `other` into `keep` does: `merged` is `keep` afterwards; `touches` and
    `referrals` move from `other` to it; `changed` names the fields of `keep` that change (as
    the JSON names them)."""

    keep: Contact
    other: Contact
    merged: Contact
    touches: int
    referrals: list[Contact]
    changed: list[str]

    def describe(self) -> str:
        """What will move, in a sentence or two, for the confirmation."""
        keep, other = self.keep, self.other
        moved = f"{count(self.touches, 'touch')} and {count(len(self.referrals), 'referral')}"
        text = f"{other.name} (#{other.id}) is removed; {moved} move to {keep.name} (#{keep.id})."
        if self.changed:
            words = ", ".join(_SHOWN_FIELDS[name] for name in self.changed)
            text += f" {keep.name} gains: {words}."
        else:
            text += f" {keep.name}'s details stay as they are."
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "keep": self.keep.id,
            "other": self.other.id,
            "touches_moved": self.touches,
            "referrals_moved": [contact.id for contact in self.referrals],
            "changed": list(self.changed),
        }


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Two contacts that look like one person, and why: `keep` is the older."""

    keep: Contact
    other: Contact
    why: str


def merge_plan(store: Store, keep_id: int, other_id: int) -> MergePlan:
    """What merging `other_id` into `keep_id` would do; refuses one contact merged into itself
    and ids that name no contact, in words."""
    from planner.io import merged_contact  # the file readers load only when needed

    if keep_id == other_id:
        raise ValidationError(
            "other",
            f"Contact {keep_id} cannot be merged into itself: give the id of the contact to "
            "keep, then the id of the one to merge into it.",
        )
    keep = store.contact(keep_id)
    other = store.contact(other_id)
    merged = merged_contact(keep, other)
    referrals = sorted(
        (c for c in store.contacts.values() if c.referred_by == other_id and c.id != keep_id),
        key=lambda contact: contact.id,
    )
    changed = [name for name in _SHOWN_FIELDS if getattr(merged, name) != getattr(keep, name)]
    return MergePlan(keep, other, merged, len(store.touches_of(other_id)), referrals, changed)


def merge_contacts(store: Store, keep_id: int, other_id: int) -> MergePlan:
    """Merge `other_id` into `keep_id` in one save: its touches and referrals move, the
    details are joined, it is removed. Returns what was done."""
    with store.transaction() as tx:
        plan = merge_plan(store, keep_id, other_id)
        tx.put_contact(plan.merged)
        for touch in store.touches_of(other_id):
            tx.put_touch(touch.but(contact_id=keep_id))
        for referred in plan.referrals:
            tx.put_contact(referred.but(referred_by=keep_id))
        tx.delete_contact(other_id)
    return plan


def duplicates(store: Store) -> list[Duplicate]:
    """Pairs of contacts that look like one person (see `planner.io.likely_duplicates`)."""
    from planner.io import likely_duplicates

    contacts = store.contacts
    return [
        Duplicate(contacts[pair.keep], contacts[pair.other], pair.why)
        for pair in likely_duplicates(contacts.values())
    ]
