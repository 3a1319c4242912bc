"""Where customers come from: the network counted by where each contact was met.

Serial networkers go back where their clients are: each place or event (a contact's `met_at`,
trimmed and compared without case; contacts without one under "unknown") with how many people
were met there, how many of them were touched lately, became customers, referred others, and
how many done touches they took. Read from the history index and the months' summaries, so it
stays quick at 30,000 contacts (`benchmarks/cli.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from planner.domain.enums import Relationship
from planner.domain.validation import parse_int
from planner.store import Store

UNKNOWN = "unknown"
DEFAULT_WEEKS = 52
MAX_WEEKS = 520


@dataclass(frozen=True, slots=True)
class Source:
    """One place or event, as first written (the spelling of its oldest contact).

    - `contacts`: contacts met there (archived ones too);
    - `touched`: of them, those with a done touch in the last `weeks` weeks;
    - `customers`: of them, those who are customers now;
    - `referrals`: contacts they referred;
    - `touches`: done touches with them, ever.
    """

    source: str
    contacts: int
    touched: int
    customers: int
    referrals: int
    touches: int

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "contacts": self.contacts,
            "touched": self.touched,
            "customers": self.customers,
            "referrals": self.referrals,
            "touches": self.touches,
        }


def parse_weeks(value: object, what: str = "--weeks") -> int:
    return parse_int(value, "weeks", what, minimum=1, maximum=MAX_WEEKS)


def source_key(met_at: str) -> str:
    """What two spellings of one place share: trimmed, without case (empty: not known)."""
    return " ".join(met_at.split()).casefold()


def sources(store: Store, today: date, weeks: int = DEFAULT_WEEKS) -> list[Source]:
    """Every source, the most customers first (then the most contacts, then by name)."""
    first = today - timedelta(days=7 * weeks - 1)
    touched_lately = store.done_days_between(first, today).keys()
    contacts = store.contacts
    key_of: dict[int, str] = {}
    names: dict[str, str] = {}
    counts: dict[str, list[int]] = {}
    for ident in sorted(contacts):
        contact = contacts[ident]
        key = source_key(contact.met_at) or UNKNOWN
        key_of[ident] = key
        if key not in names:
            names[key] = " ".join(contact.met_at.split()) or UNKNOWN
            counts[key] = [0, 0, 0, 0, 0]
        row = counts[key]
        row[0] += 1
        if ident in touched_lately:
            row[1] += 1
        if contact.relationship is Relationship.CUSTOMER:
            row[2] += 1
        row[4] += store.history(ident).done_count
    for contact in contacts.values():
        referrer = contact.referred_by
        if referrer is not None and referrer in key_of:
            counts[key_of[referrer]][3] += 1
    found = [Source(names[key], *row) for key, row in counts.items()]
    found.sort(key=lambda source: (-source.customers, -source.contacts, source.source.casefold()))
    return found
