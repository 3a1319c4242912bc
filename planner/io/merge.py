"""Turning people read from a file into new contacts and updates, without duplicates.

An incoming person is the same as a contact (existing, archived ones included, or added earlier
from the same file) when, checked in this order:

1. they share an email address, ignoring case;
2. they share a LinkedIn profile URL, ignoring scheme, `www.` or country subdomain, trailing
   slash, query, percent-encoding and case (other URLs, often a company's home page shared by
   many people, are not compared);
3. their names are the same and so are their companies (an empty company equals an empty one),
   both compared without case, accents or extra spaces.

A match is merged: empty company, title, where met, URL and notes are filled, emails, phones
(compared by their digits) and tags are united. The user's name, tier, relationship, cadence,
notes already written, archived flag, date added and whether the contact is still to sort are
never changed. Importing the same file again therefore finds every person and changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol
from urllib.parse import unquote

from planner.domain.enums import Relationship, Tier
from planner.domain.errors import ValidationError
from planner.domain.model import Contact
from planner.domain.text import fold
from planner.domain.validation import build_contact, clean_tags
from planner.io.records import Incoming, ParsedFile, Problem, Unit

_NOT_DIGITS = re.compile(r"[^\d+]")
_LINKEDIN_URL = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://)?(?:[^/@?#\s]*@)?(?:[a-z0-9-]+\.)*linkedin\.com\.?(?::\d*)?"
    r"(/[^?#]*)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class ImportPlan:
    """What an import will do; the store writes `added` and `merged` in one go.

    - `added`: new contacts, ids from `next_id` upward in file order;
    - `merged`: existing contacts that an incoming person changed, as they will be.

    The report accounts for every card or row read, each counted once:
    - added: it became a new contact (the first row of a person new to the planner);
    - merged (`merged_rows`): its person was already known, in the database or from an earlier
      row of the file, and it brought something new;
    - unchanged: its person was already known and it brought nothing new;
    - skipped: it was not imported, and is named in `problems` (with every value left out of
      an imported person).
    """

    added: list[Contact] = field(default_factory=list)
    merged: list[Contact] = field(default_factory=list)
    merged_rows: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: What an entry of the file is called: a card of a vCard file, a row of a CSV file.
    unit: Unit = "row"

    def counted(self, *, dry_run: bool = False) -> str:
        """`Added 7, merged 1, unchanged 0 and skipped 1 of the 9 rows read`: every row in one
        count (cards for a vCard file; `Would add`, and said so, for a dry run)."""
        read = f"{self.read:,} {self.unit}{'' if self.read == 1 else 's'} read"
        return (
            f"{'Would add' if dry_run else 'Added'} {len(self.added):,}, merged "
            f"{self.merged_rows:,}, unchanged {self.unchanged:,} and skipped {self.skipped:,} "
            f"of the {read}{' (dry run: nothing was saved)' if dry_run else ''}"
        )

    @property
    def read(self) -> int:
        """The cards or rows read: added + merged + unchanged + skipped."""
        return len(self.added) + self.merged_rows + self.unchanged + self.skipped

    def report(self) -> dict[str, object]:
        """`{"read": n, "added": n, "merged": n, "unchanged": n, "skipped": n,
        "problems": [{"row": n, "reason": "..."}]}` (for a vCard, "row" is the card number);
        the four counts add up to `read`."""
        return {
            "read": self.read,
            "added": len(self.added),
            "merged": self.merged_rows,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "problems": [problem.as_dict() for problem in self.problems],
        }


def plan_import(
    existing: Sequence[Contact],
    parsed: ParsedFile,
    *,
    tier: Tier | None = None,
    relationship: Relationship = Relationship.PROSPECT,
    tags: Sequence[str] = (),
    next_id: int,
    today: date,
) -> ImportPlan:
    """New contacts and merges for the people in `parsed`, matched against `existing`.

    New contacts get `tier` and `relationship` unless their row names its own (planner's CSV),
    and every person of the file, new or merged, gets `tags`. Without a `tier` (from the
    import or the row), a new contact is tier C and still to sort: never planned until the
    user sorts it into a tier. A new contact that `relationship` makes a customer is one from
    `today`; a row naming its own keeps its own date (none: a customer from before records).
    A date added after `today` (a
    misread date) becomes `today`. `Referred by` links of planner's CSV are followed to the
    contact their row became. Raises `ValidationError` for a bad tag, `ValueError` when
    `next_id` is not above every existing id.
    """
    extra_tags = clean_tags(tags)
    if existing and next_id <= max(contact.id for contact in existing):
        raise ValueError(f"next_id {next_id} is not above the existing ids")
    before = {contact.id: contact for contact in existing}
    contacts = dict(before)
    index = _Index()
    for contact in existing:
        index.add(contact)

    plan = ImportPlan(
        problems=list(parsed.problems),
        skipped=parsed.refused,
        unit="card" if parsed.format == "vcard" else "row",
    )
    new_ids: list[int] = []
    found: set[int] = set()
    #: contacts that one of their rows changed (counted as a merged row)
    changed_by_row: set[int] = set()
    by_file_id: dict[int, int] = {}
    links: list[tuple[int, Incoming]] = []
    for item in parsed.items:
        target = index.find(item)
        if target is None:
            target = next_id + len(new_ids)
            try:
                contact = _new_contact(item, target, tier, relationship, extra_tags, today)
            except ValidationError as error:  # pragma: no cover - readers clean every value
                plan.problems.append(Problem(item.source, f"{error.message} Not imported."))
                plan.skipped += 1
                continue
            new_ids.append(target)
            contacts[target] = contact
            index.add(contact)
        else:
            if target in before:
                found.add(target)
            old = contacts[target]
            new = _merged(old, item, extra_tags)
            if new is not old:
                contacts[target] = new
                index.update(old, new)
                plan.merged_rows += 1
                changed_by_row.add(target)
            else:
                plan.unchanged += 1
        if item.file_id is not None:
            by_file_id.setdefault(item.file_id, target)
        if item.referred_by is not None:
            links.append((target, item))

    for target, item in links:
        assert item.referred_by is not None
        referrer = by_file_id.get(item.referred_by)
        if referrer is None:
            plan.problems.append(
                Problem(
                    item.source,
                    f"Referred by {item.referred_by}: no row of the file has that id; "
                    "the link was left out.",
                )
            )
        elif referrer != target and contacts[target].referred_by is None:
            contacts[target] = contacts[target].but(referred_by=referrer)
            if target in before and target not in changed_by_row:
                # The link is what this row brought: it merged after all.
                plan.unchanged -= 1
                plan.merged_rows += 1
                changed_by_row.add(target)

    plan.added = [contacts[ident] for ident in new_ids]
    plan.merged = [contacts[ident] for ident in sorted(found) if contacts[ident] != before[ident]]
    plan.problems.sort(key=lambda problem: problem.source)
    return plan


def _new_contact(
    item: Incoming,
    ident: int,
    tier: Tier | None,
    relationship: Relationship,
    extra_tags: tuple[str, ...],
    today: date,
) -> Contact:
    chosen = item.tier or tier
    contact = build_contact(
        id=ident,
        added=min(item.added, today),
        name=item.name,
        company=item.company,
        title=item.title,
        emails=item.emails,
        phones=item.phones,
        tier=chosen or Tier.C,
        relationship=item.relationship or relationship,
        tags=item.tags + extra_tags,
        met_at=item.met_at,
        cadence_days=item.cadence_days,
        notes=item.notes,
        archived=item.archived,
        url=item.url,
        to_sort=chosen is None,
    )
    if contact.relationship is not Relationship.CUSTOMER:
        return contact
    since = today if item.relationship is None else item.customer_since
    return contact.but(customer_since=since) if since is not None else contact


def _merged(contact: Contact, item: Incoming, extra_tags: tuple[str, ...]) -> Contact:
    """`contact` with `item`'s news; the very same object when there is none."""
    changes: dict[str, object] = {}
    for name in ("company", "title", "met_at", "url", "notes"):
        if not getattr(contact, name) and getattr(item, name):
            changes[name] = getattr(item, name)
    for name, key, extra in (
        ("emails", str.casefold, ()),
        ("phones", phone_key, ()),
        ("tags", str.casefold, extra_tags),
    ):
        mine: tuple[str, ...] = getattr(contact, name)
        united = _unite(mine, (*getattr(item, name), *extra), key)
        if united is not mine:
            changes[name] = united
    return contact.but(**changes) if changes else contact


def _unite(
    mine: tuple[str, ...], theirs: Iterable[str], key: Callable[[str], str]
) -> tuple[str, ...]:
    known = {key(value) for value in mine}
    more: list[str] = []
    for value in theirs:
        if key(value) not in known:
            known.add(key(value))
            more.append(value)
    return (*mine, *more) if more else mine


class _Person(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def company(self) -> str: ...
    @property
    def emails(self) -> tuple[str, ...]: ...
    @property
    def url(self) -> str: ...


class _Index:
    """Contact ids by email, LinkedIn profile and name with company; kept in step with every
    merge, so later rows of the same file see what earlier rows added or changed."""

    def __init__(self) -> None:
        #: Every contact with the address, in the order they were seen (an address a team
        #: shares can be on several).
        self.emails: dict[str, list[int]] = {}
        self.profiles: dict[str, int] = {}
        self.names: dict[tuple[str, str], int] = {}
        self.name_of: dict[int, tuple[str, str]] = {}

    def add(self, contact: Contact) -> None:
        for email in contact.emails:
            holders = self.emails.setdefault(email.casefold(), [])
            if contact.id not in holders:
                holders.append(contact.id)
        profile = profile_key(contact.url)
        if profile is not None:
            self.profiles.setdefault(profile, contact.id)
        key = name_key(contact.name, contact.company)
        self.names.setdefault(key, contact.id)
        self.name_of[contact.id] = key

    def update(self, old: Contact, new: Contact) -> None:
        old_name = name_key(old.name, old.company)
        if old_name != name_key(new.name, new.company) and self.names.get(old_name) == old.id:
            del self.names[old_name]
        self.add(new)

    def find(self, person: _Person) -> int | None:
        """The contact this person is: by email (of several with an address, the one with the
        person's name), then by LinkedIn profile, then by name and company."""
        holders = [
            ident for email in person.emails for ident in self.emails.get(email.casefold(), ())
        ]
        if len(holders) > 1:
            key = name_key(person.name, person.company)
            return next((ident for ident in holders if self.name_of.get(ident) == key), holders[0])
        if holders:
            return holders[0]
        profile = profile_key(person.url)
        if profile is not None and profile in self.profiles:
            return self.profiles[profile]
        return self.names.get(name_key(person.name, person.company))


def name_key(name: str, company: str) -> tuple[str, str]:
    return fold(name), fold(company)


def phone_key(phone: str) -> str:
    """A phone number's digits (and plus sign), so `(905) 555-1234` and `905-555-1234` are one;
    a number written with words in it is compared as written."""
    if any(char.isalpha() for char in phone):
        return fold(phone)
    return _NOT_DIGITS.sub("", phone)


def profile_key(url: str) -> str | None:
    """`linkedin.com/in/ana-müller` for any spelling of Ana's LinkedIn profile URL (scheme,
    `www.` or a country subdomain, port, trailing slash, query, fragment, percent-encoding and
    case aside); None for a URL that is not a LinkedIn profile."""
    if "linkedin." not in url and "linkedin." not in url.lower():
        return None
    match = _LINKEDIN_URL.match(url.strip())
    if match is None:
        return None
    path = match.group(1)
    if "%" in path:
        path = unquote(path)
    segments = [segment for segment in path.casefold().split("/") if segment]
    if len(segments) < 2 or segments[0] not in ("in", "pub"):
        return None
    return "linkedin.com/" + "/".join(segments)


# One person, two contacts ------------------------------------------------------------------


def merged_contact(keep: Contact, other: Contact) -> Contact:
    """`keep` with what `other` knows: empty company, title, where met, URL, referrer and own
    cadence filled; emails (without case), phones (by their digits) and tags united, as an
    import does; notes joined. Name, tier, relationship, archived flag and date added stay
    `keep`'s, except that a customer on either side makes a customer (since the earlier day;
    a customer from before records stays one)."""
    changes: dict[str, object] = {}
    for name in ("company", "title", "met_at", "url"):
        if not getattr(keep, name) and getattr(other, name):
            changes[name] = getattr(other, name)
    for name, key in (("emails", str.casefold), ("phones", phone_key), ("tags", str.casefold)):
        mine: tuple[str, ...] = getattr(keep, name)
        united = _unite(mine, getattr(other, name), key)
        if united is not mine:
            changes[name] = united
    if other.notes and other.notes not in keep.notes:
        changes["notes"] = f"{keep.notes}\n\n{other.notes}" if keep.notes else other.notes
    if keep.cadence_days is None and other.cadence_days is not None:
        changes["cadence_days"] = other.cadence_days
    referrer = keep.referred_by
    if referrer is None or referrer == other.id:
        referrer = other.referred_by
    if referrer in (keep.id, other.id):
        referrer = None
    if referrer != keep.referred_by:
        changes["referred_by"] = referrer
    customers = [c for c in (keep, other) if c.relationship is Relationship.CUSTOMER]
    if customers:
        days = [c.customer_since for c in customers]
        known = [day for day in days if day is not None]
        changes["relationship"] = Relationship.CUSTOMER
        changes["customer_since"] = min(known) if len(known) == len(days) else None
    return keep.but(**changes) if changes else keep


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Two contacts that look like one person, by the import's rules: `keep` is the older."""

    keep: int
    other: int
    why: str


def likely_duplicates(contacts: Iterable[Contact]) -> list[Duplicate]:
    """Contacts the import would take for one person: the same email (any case), the same
    LinkedIn profile (any spelling), or the same name and company (no case, accents or extra
    spaces). Each contact found is paired with the oldest of its group; a pair found by more
    than one rule says the first. Archived contacts count too."""
    groups: dict[tuple[str, str], list[Contact]] = {}
    for contact in sorted(contacts, key=lambda contact: contact.id):
        for email in dict.fromkeys(email.casefold() for email in contact.emails):
            groups.setdefault(("email", email), []).append(contact)
        profile = profile_key(contact.url)
        if profile is not None:
            groups.setdefault(("profile", profile), []).append(contact)
        named = "\n".join(name_key(contact.name, contact.company))
        groups.setdefault(("name", named), []).append(contact)
    found: dict[tuple[int, int], Duplicate] = {}
    for rule in ("email", "profile", "name"):
        for (kind, key), members in groups.items():
            if kind != rule or len(members) < 2:
                continue
            first = members[0]
            for member in members[1:]:
                pair = (first.id, member.id)
                if pair not in found:
                    found[pair] = Duplicate(first.id, member.id, _why(rule, key, first))
    return [found[pair] for pair in sorted(found)]


def _why(rule: str, key: str, contact: Contact) -> str:
    if rule == "email":
        return f"same email {key}"
    if rule == "profile":
        return f"same LinkedIn profile {key}"
    if contact.company:
        return f"same name and company ({contact.name}, {contact.company})"
    return f"same name ({contact.name}), neither has a company"
