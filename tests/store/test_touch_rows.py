"""The rows of touches read straight from their documents: the same values, and the same
refusals in the same words, as building every touch."""

from __future__ import annotations

from typing import Any

import pytest

from planner.domain.model import touch_row
from planner.store import converters

GOOD: dict[str, dict[str, Any]] = {
    "1": {"contact_id": 4, "purpose": "value", "channel": "call", "date": "2026-10-12",
          "status": "done"},
    "2": {"contact_id": 4, "purpose": "referral_ask", "channel": "coffee", "date": "2026-10-13",
          "status": "planned", "start": "09:00", "end": "10:00", "block_id": 2,
          "reason": "Due", "carried_over": True, "pinned": True, "manual": True,
          "note": "=1+1", "origin_id": 1},
    "3": {"contact_id": 5, "purpose": "networking", "channel": "email", "date": "2031-01-31",
          "status": "missed", "start": "23:45", "carried_over": 1, "pinned": "yes"},
}  # fmt: skip


def rows_of(docs: dict[str, dict[str, Any]]) -> list[Any]:
    rows: list[Any] = []
    converters.touch_rows(docs, rows)
    return rows


def built(docs: dict[str, dict[str, Any]]) -> list[Any]:
    return [
        touch_row(converters.touch_from_doc(converters.doc_id("touches", key), doc))
        for key, doc in docs.items()
    ]


def test_rows_hold_what_building_each_touch_gives():
    assert rows_of(GOOD) == built(GOOD)
    assert rows_of({}) == []


DAMAGED = {
    "a status no one knows": ("1", {"status": "dune"}),
    "a month that does not exist": ("1", {"date": "2026-13-12"}),
    "a year out of range": ("1", {"date": "9999-12-31"}),
    "a date that is a number": ("1", {"date": 20261012}),
    "a time with seconds": ("2", {"start": "09:00:00"}),
    "a time that is a list": ("2", {"end": ["10:00"]}),
    "a contact id in words": ("1", {"contact_id": "4"}),
    "a contact id that is true": ("1", {"contact_id": True}),
    "a reason that is not text": ("2", {"reason": 5}),
    "a note that is null": ("2", {"note": None}),
    "a block id in words": ("2", {"block_id": "2"}),
    "a missing purpose": ("3", {"purpose": None}),
    "an id that is not a number": ("x1", {}),
}


@pytest.mark.parametrize("damage", sorted(DAMAGED))
def test_a_damaged_document_is_refused_in_the_words_of_building_it(damage):
    key, change = DAMAGED[damage]
    docs = {k: dict(v) for k, v in GOOD.items()}
    if key in docs:
        docs[key].update(change)
        if change.get("purpose", "") is None:
            del docs[key]["purpose"]
    else:
        docs[key] = dict(GOOD["1"])
    with pytest.raises(converters.DocumentError) as building:
        built(docs)
    with pytest.raises(converters.DocumentError) as reading:
        rows_of(docs)
    assert str(reading.value) == str(building.value)
