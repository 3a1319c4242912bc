"""The JSON shapes the command line prints (documented in README.md)."""

from __future__ import annotations

from datetime import time
from typing import Any

from planner.domain.model import Contact, Goal, TimeBlock, Touch
from planner.domain.rules import GoalProgress
from planner.service import ContactView


def _hhmm(moment: time | None) -> str | None:
    return None if moment is None else f"{moment:%H:%M}"


def contact_json(view: ContactView) -> dict[str, Any]:
    # `_value_`, not `.value`: the same text, without Enum's slow descriptor (30,000 contacts).
    contact = view.contact
    last = view.history.last_done
    return {
        "id": contact.id,
        "name": contact.name,
        "company": contact.company,
        "title": contact.title,
        "emails": list(contact.emails),
        "phones": list(contact.phones),
        "tier": contact.tier._value_,
        "relationship": contact.relationship._value_,
        "tags": list(contact.tags),
        "met_at": contact.met_at,
        "referred_by": contact.referred_by,
        "cadence_days": view.cadence,
        "notes": contact.notes,
        "archived": contact.archived,
        "last_touch": None if last is None else last.isoformat(),
        "due": view.due.isoformat(),
        "warmth": round(view.warmth, 3),
        "added": contact.added.isoformat(),
        "url": contact.url,
        "customer_since": None
        if contact.customer_since is None
        else contact.customer_since.isoformat(),
        "to_sort": contact.to_sort,
    }


def touch_json(touch: Touch, contact: Contact | None) -> dict[str, Any]:
    start, end = touch.start, touch.end
    return {
        "id": touch.id,
        "contact_id": touch.contact_id,
        "contact_name": contact.name if contact else None,
        "tier": contact.tier._value_ if contact else None,
        "relationship": contact.relationship._value_ if contact else None,
        "purpose": touch.purpose._value_,
        "channel": touch.channel._value_,
        "date": touch.date.isoformat(),
        "start": None if start is None else f"{start:%H:%M}",
        "end": None if end is None else f"{end:%H:%M}",
        "block_id": touch.block_id,
        "status": touch.status._value_,
        "reason": touch.reason,
        "carried_over": touch.carried_over,
        "pinned": touch.pinned,
        "note": touch.note,
        "follow_up": touch.follow_up,
        "manual": touch.manual,
        "origin_id": touch.origin_id,
    }


def block_json(block: TimeBlock) -> dict[str, Any]:
    return {
        "id": block.id,
        "kind": block.kind.value,
        "day": None if block.day is None else block.day.value,
        "date": None if block.date is None else block.date.isoformat(),
        "start": _hhmm(block.start),
        "end": _hhmm(block.end),
        "label": block.label,
        "minutes": block.minutes,
    }


def goal_json(goal: Goal, progress: GoalProgress) -> dict[str, Any]:
    target: float | int = int(goal.target) if goal.target == int(goal.target) else goal.target
    value: float | int = (
        int(progress.value) if progress.value == int(progress.value) else progress.value
    )
    return {
        "id": goal.id,
        "metric": goal.metric.value,
        "target": target,
        "tier": None if goal.tier is None else goal.tier.value,
        "channel": None if goal.channel is None else goal.channel.value,
        "progress": value,
        "met": progress.met,
    }
