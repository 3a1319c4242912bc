"""Which purpose and channel a touch gets, where it goes, and the words that say why.

Each rule is a small pure function so the planner, the command line and the screens share it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from planner.domain import (
    BlockKind,
    Channel,
    Contact,
    Purpose,
    Relationship,
    Settings,
    Tier,
    Touch,
)
from planner.domain.enums import Vocabulary
from planner.engine.model import NEVER_TOUCHED, ContactHistory

#: Which kind of block holds a touch of each purpose (admin blocks hold none).
BLOCK_KIND: Mapping[Purpose, BlockKind] = {
    Purpose.PROSPECTING: BlockKind.PROSPECTING,
    Purpose.VALUE: BlockKind.PROSPECTING,
    Purpose.REFERRAL_ASK: BlockKind.PROSPECTING,
    Purpose.NETWORKING: BlockKind.NETWORKING,
    Purpose.FOLLOW_UP: BlockKind.FOLLOW_UP,
}

#: Friends are never soft-sold.
NOT_FOR_FRIENDS = frozenset({Purpose.PROSPECTING, Purpose.VALUE, Purpose.REFERRAL_ASK})

#: Channels in order of preference per purpose and tier; the planner takes the first that fits.
_CHANNELS: Mapping[tuple[Purpose, Tier], tuple[Channel, ...]] = {
    (Purpose.NETWORKING, Tier.A): (Channel.COFFEE, Channel.MEETING, Channel.CALL),
    (Purpose.NETWORKING, Tier.B): (Channel.CALL, Channel.MESSAGE),
    (Purpose.NETWORKING, Tier.C): (Channel.MESSAGE,),
    (Purpose.VALUE, Tier.A): (Channel.EMAIL, Channel.MESSAGE),
    (Purpose.VALUE, Tier.B): (Channel.EMAIL, Channel.MESSAGE),
    (Purpose.VALUE, Tier.C): (Channel.MESSAGE,),
    (Purpose.PROSPECTING, Tier.A): (Channel.CALL,),
    (Purpose.PROSPECTING, Tier.B): (Channel.CALL,),
    (Purpose.PROSPECTING, Tier.C): (Channel.CALL,),
    (Purpose.REFERRAL_ASK, Tier.A): (Channel.COFFEE, Channel.CALL),
    (Purpose.REFERRAL_ASK, Tier.B): (Channel.CALL,),
    (Purpose.REFERRAL_ASK, Tier.C): (Channel.CALL,),
    (Purpose.FOLLOW_UP, Tier.A): (Channel.CALL, Channel.EMAIL),
    (Purpose.FOLLOW_UP, Tier.B): (Channel.CALL, Channel.EMAIL),
    (Purpose.FOLLOW_UP, Tier.C): (Channel.EMAIL,),
}

#: Longest reason text, so it fits a 120-column agenda next to a name and a time.
REASON_LIMIT = 72


def block_kind_for(purpose: Purpose) -> BlockKind:
    return BLOCK_KIND[purpose]


def referral_ask_allowed(history: ContactHistory, today: date, settings: Settings) -> bool:
    """No done referral ask within the last `settings.referral_interval_days`."""
    last = history.last_referral_ask
    return last is None or (today - last).days >= settings.referral_interval_days


def referred_by_customer(contact: Contact, referrer: Contact | None) -> bool:
    """A prospect a customer referred has a prepared path: no warm-up before the ask."""
    return (
        referrer is not None
        and contact.relationship is Relationship.PROSPECT
        and referrer.relationship is Relationship.CUSTOMER
    )


def choose_purpose(
    contact: Contact,
    history: ContactHistory | None,
    today: date,
    settings: Settings,
    referrer: Contact | None = None,
) -> Purpose:
    """The purpose of the next planned touch with `contact` (`referrer`: who referred them).

    Friends, connectors and peers: networking. Customers: a referral ask when they have had none
    in the referral interval (90 days), else networking. Prospects: value until one touch is
    done, then prospecting; a prospect referred by a customer gets prospecting at once.
    """
    history = history or NEVER_TOUCHED
    relationship = contact.relationship
    if relationship is Relationship.CUSTOMER:
        if referral_ask_allowed(history, today, settings):
            return Purpose.REFERRAL_ASK
        return Purpose.NETWORKING
    if relationship is Relationship.PROSPECT:
        if history.done_count == 0 and not referred_by_customer(contact, referrer):
            return Purpose.VALUE
        return Purpose.PROSPECTING
    return Purpose.NETWORKING


def purpose_allowed(
    contact: Contact,
    purpose: Purpose,
    history: ContactHistory | None,
    today: date,
    settings: Settings,
) -> bool:
    """Whether `contact` may get a touch of `purpose` now (used for carried-over touches).

    Friends never get prospecting, value or referral asks; referral asks go to customers only,
    and not within the referral interval of the last one.
    """
    if contact.is_friend and purpose in NOT_FOR_FRIENDS:
        return False
    if purpose is Purpose.REFERRAL_ASK:
        return contact.relationship is Relationship.CUSTOMER and referral_ask_allowed(
            history or NEVER_TOUCHED, today, settings
        )
    return True


def channel_options(contact: Contact, purpose: Purpose) -> tuple[Channel, ...]:
    """Channels fitting `purpose` and the contact's tier, most wanted first.

    A-tier networking: coffee, else a meeting, else a call. Value: email or message (message for
    C). Prospecting: a call. Referral ask: a call (coffee first for A). Follow-up: a call or an
    email (email for C).
    """
    return _CHANNELS[(purpose, contact.tier)]


def choose_channel(
    contact: Contact, purpose: Purpose, *, settings: Settings, free_minutes: int | None = None
) -> Channel | None:
    """The first of `channel_options` whose duration fits `free_minutes` (None: no limit)."""
    for channel in channel_options(contact, purpose):
        if free_minutes is None or settings.minutes_for(channel) <= free_minutes:
            return channel
    return None


# Reasons -----------------------------------------------------------------------------------


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def when_due(overdue_days: int) -> str:
    """`9 days overdue`, `due today`, `due in 3 days`."""
    if overdue_days > 0:
        return f"{_days(overdue_days)} overdue"
    if overdue_days == 0:
        return "due today"
    return f"due in {_days(-overdue_days)}"


def due_reason(
    contact: Contact,
    purpose: Purpose,
    *,
    overdue_days: int,
    history: ContactHistory | None,
    today: date,
    settings: Settings,
    referrer: Contact | None = None,
) -> str:
    """Why a due contact gets this touch, e.g. `A customer, 9 days overdue — referral ask (none
    in 90 days)`, `New B prospect, added 12 days ago — value first, no ask` (added within one
    cadence) or `C peer, never touched in 400 days — networking`. A prospect says who brought
    them: `B prospect, referred by Ana Müller (customer) — prospecting`, `New C prospect, added
    today, introduced by Carl Weber (connector) — value first, no ask`."""
    history = history or NEVER_TOUCHED
    who = f"{contact.tier.value} {contact.relationship.label}"
    brought = introduced_by(contact, referrer)
    if referred_by_customer(contact, referrer):
        head = f"{who}, {brought}"
        if history.last_done is not None:
            head += f", {when_due(overdue_days)}"
    else:
        if history.last_done is None:
            added = (today - contact.added).days
            if added > contact.cadence(settings):
                head = f"{who}, never touched in {_days(added)}"
            else:
                added_when = "added today" if added <= 0 else f"added {_days(added)} ago"
                head = f"New {who}, {added_when}"
        else:
            head = f"{who}, {when_due(overdue_days)}"
        if brought:
            head += f", {brought}"
    return f"{head} — {_what(contact, purpose, history, today, settings)}"


#: Longest referrer's name in a reason.
_REFERRER_NAME = 30


def introduced_by(contact: Contact, referrer: Contact | None) -> str:
    """`referred by Ana Müller (customer)`, `introduced by Carl Weber (connector)`, or nothing
    (no referrer, or not a prospect: only prospects are planned by who brought them)."""
    if referrer is None or contact.relationship is not Relationship.PROSPECT:
        return ""
    verb = "referred" if referrer.relationship is Relationship.CUSTOMER else "introduced"
    name = clip(referrer.name, _REFERRER_NAME)
    return f"{verb} by {name} ({referrer.relationship.label})"


def _what(
    contact: Contact, purpose: Purpose, history: ContactHistory, today: date, settings: Settings
) -> str:
    if purpose is Purpose.VALUE:
        return "value first, no ask"
    if purpose is Purpose.REFERRAL_ASK:
        return f"referral ask (none in {settings.referral_interval_days} days)"
    if purpose is Purpose.NETWORKING:
        if contact.is_friend:
            return "networking, no selling"
        if contact.relationship is Relationship.CUSTOMER and history.last_referral_ask:
            return f"networking (asked {_days((today - history.last_referral_ask).days)} ago)"
    return word(purpose)


def carry_reason(source: Touch, purpose: Purpose | None = None) -> str:
    """`Carried over from 2026-W47` (and the new purpose when the old one no longer applies)."""
    text = f"Carried over from {source.week}"
    if purpose is not None and purpose is not source.purpose:
        return repurposed(text, purpose)
    return text


def repurposed(reason: str, purpose: Purpose) -> str:
    """`Carried over from 2026-W47, now networking`."""
    return f"{reason}, now {word(purpose)}"


def follow_up_reason(source: Touch) -> str:
    """`Follow-up on 2026-W47 call: <the start of its note>`."""
    head = f"Follow-up on {source.week} {source.channel.label}"
    note = " ".join(source.note.split())
    if not note:
        return head
    return clip(f"{head}: {note}")


def clip(text: str, limit: int = REASON_LIMIT) -> str:
    """`text` cut to `limit` characters at a word boundary, ending with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def word(value: Vocabulary) -> str:
    """A kind or purpose as written in a sentence: `follow-up`, `referral ask`."""
    return value.label.replace("follow up", "follow-up")
