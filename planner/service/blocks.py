"""Time blocks: the hours set aside each week (or once) for a kind of work."""

from __future__ import annotations

from typing import Any

from planner.domain.model import TimeBlock
from planner.domain.validation import build_block
from planner.domain.weeks import Week
from planner.store import Store


def add_block(store: Store, **fields: Any) -> TimeBlock:
    with store.transaction() as tx:
        block = build_block(id=tx.new_block_id(), others=store.blocks.values(), **fields)
        return tx.put_block(block)


def edit_block(store: Store, block_id: int, **changes: Any) -> TimeBlock:
    """Change a block; giving `day` makes it weekly, giving `date` makes it a one-off."""
    with store.transaction() as tx:
        current = store.block(block_id)
        fields: dict[str, Any] = {
            "kind": current.kind,
            "start": current.start,
            "end": current.end,
            "day": current.day,
            "date": current.date,
            "label": current.label,
        }
        if changes.get("day") not in (None, ""):
            fields["date"] = None
        if changes.get("date") not in (None, ""):
            fields["day"] = None
        fields.update({key: value for key, value in changes.items() if value is not None})
        block = build_block(id=block_id, others=store.blocks.values(), **fields)
        return tx.put_block(block)


def remove_block(store: Store, block_id: int) -> None:
    with store.transaction() as tx:
        tx.delete_block(block_id)


def blocks_in_week(store: Store, week: Week) -> list[TimeBlock]:
    """Weekly blocks plus the one-off blocks dated in `week`, by weekday and start."""
    found = [block for block in store.blocks.values() if block.occurrences(week)]
    return sorted(found, key=lambda block: (block.weekday.number, block.start, block.id))
