"""Storage: TinyDB files written atomically under a lock, converters, migrations, backups."""

from planner.store.errors import (
    DamagedDatabase,
    LockTimeout,
    ReadOnlyDatabase,
    StoreError,
    WriteFailed,
)
from planner.store.migrations import CURRENT_SCHEMA
from planner.store.store import DatabasePaths, Store, Transaction, agenda_order

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
