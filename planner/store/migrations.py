"""Schema versions and the ordered, pure migrations between them.

A migration takes the logical content of a database (every table, parts merged) in the shape
of one version and returns it in the shape of the next. Each has a test fixture of the older
shape in `tests/store/fixtures/`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Tables = dict[str, dict[str, Any]]

#: The schema this version of planner reads and writes.
CURRENT_SCHEMA = 2


def _v0_to_v1(data: Tables) -> Tables:
    """Version 0 is a plain TinyDB file with no `meta` table (made by hand or by TinyDB itself):
    drop TinyDB's empty `_default` table and record the schema."""
    if not data.get("_default"):
        data.pop("_default", None)
    data["meta"] = {"1": {"schema": 1}}
    return data


def _v1_to_v2(data: Tables) -> Tables:
    """Version 2 contacts may be waiting to be sorted (`to_sort`) and remember when they became
    customers (`customer_since`); a version 2 goal may count one channel (`channel`). A version
    1 contact was sorted when it was added, a customer's date is from before records, and a
    version 1 goal counts every channel: all are what the absent fields say, so the documents
    stay as they are; the new number keeps older planners from dropping the fields.

    Version 2 also keeps the user's calendars (a `calendars` table: each calendar's settings,
    never a password, and what was last published to the one that receives the week) and a
    `database_id` in the settings (made when a calendar first receives the week). A version 1
    file has neither: no calendars, and no id yet."""
    return data


#: MIGRATIONS[n] turns version n into version n + 1.
MIGRATIONS: list[Callable[[Tables], Tables]] = [_v0_to_v1, _v1_to_v2]

assert len(MIGRATIONS) == CURRENT_SCHEMA


def schema_of(data: Tables) -> int:
    """The schema version recorded in `data` (0 when there is none)."""
    meta = data.get("meta", {}).get("1")
    if not isinstance(meta, dict):
        return 0
    version = meta.get("schema", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ValueError(f"the schema version {version!r:.20} is not a version number")
    return version


def migrate(data: Tables) -> Tables:
    """`data` brought to CURRENT_SCHEMA; the input is not modified. Idempotent."""
    version = schema_of(data)
    if version >= CURRENT_SCHEMA:
        return data
    result = copy.deepcopy(data)
    for step in MIGRATIONS[version:]:
        result = step(result)
    meta = result.setdefault("meta", {}).setdefault("1", {})
    meta["schema"] = CURRENT_SCHEMA
    return result
