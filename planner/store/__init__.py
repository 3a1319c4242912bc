"""Storage: TinyDB files written atomically under a lock, converters, migrations, backups."""

from planner.store.errors import (
    DamagedDatabase,
    LockTimeout,
    ReadOnlyDatabase,
    StoreError,
    WriteFailed,
)
from planner.store.layout import DatabasePaths
from planner.store.migrations import CURRENT_SCHEMA
from planner.store.reading import agenda_order
from planner.store.store import Store
from planner.store.transaction import Transaction

__all__ = [
    "CURRENT_SCHEMA",
    "DamagedDatabase",
    "DatabasePaths",
    "LockTimeout",
    "ReadOnlyDatabase",
    "Store",
    "StoreError",
    "Transaction",
    "WriteFailed",
    "agenda_order",
]
