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
    contact = view.contact
    return {
        "id": contact.id,
        "name": contact.name,
        "company": contact.company,
        "title": contact.title,
        "emails": list(contact.emails),
        "phones": list(contact.phones),
        "tier": contact.tier.value,
        "relationship": contact.relationship.value,
        "tags": list(contact.tags),
        "met_at": contact.met_at,
        "referred_by": contact.referred_by,
        "cadence_days": view.cadence,
        "notes": contact.notes,
        "archived": contact.archived,
        "last_touch": None if view.last_touch is None else view.last_touch.isoformat(),
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
    return {
        "id": touch.id,
        "contact_id": touch.contact_id,
        "contact_name": contact.name if contact else None,
        "tier": contact.tier.value if contact else None,
        "relationship": contact.relationship.value if contact else None,
        "purpose": touch.purpose.value,
        "channel": touch.channel.value,
        "date": touch.date.isoformat(),
        "start": _hhmm(touch.start),
        "end": _hhmm(touch.end),
        "block_id": touch.block_id,
        "status": touch.status.value,
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
