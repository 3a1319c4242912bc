"""A small database and a catalogue of ways to damage it, shared by the damaged-file and the
doctor tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from planner import service
from planner.store import CURRENT_SCHEMA, Store

#: The schema as this planner writes it into the root.
SCHEMA = f'"schema":{CURRENT_SCHEMA}'.encode()

DAY_ONE = datetime(2026, 11, 20, 8, 0)
DAY_TWO = datetime(2026, 11, 21, 8, 0)


def build(db: Path) -> None:
    store = Store.open(db, clock=lambda: DAY_ONE)
    ana = service.add_contact(store, today=DAY_ONE.date(), name="Ana Müller", tier="A")
    service.add_contact(store, today=DAY_ONE.date(), name="Ben 🌍", referred_by=str(ana.id))
    store = Store.open(db, clock=lambda: DAY_TWO)  # a second day: a backup is taken
    service.log_touch(store, ana.id, channel="call", purpose="networking", day="2026-10-12")
    service.log_touch(store, ana.id, channel="coffee", purpose="value", day="2026-11-20")
    service.add_block(store, kind="prospecting", day="mon", start="09:00", end="11:00")
    service.add_goal(store, metric="prospecting_share", target="40")


def part_of(db: Path, prefix: str) -> Path:
    return next((db.parent / "planner.parts").glob(f"{prefix}*"))


def nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


def root_with(change: Callable[[dict], None]) -> Callable[[Path], Path]:
    def damage(db: Path) -> Path:
        data = json.loads(db.read_bytes())
        change(data)
        db.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return db

    return damage


def part_with(prefix: str, change: Callable[[dict], None]) -> Callable[[Path], Path]:
    def damage(db: Path) -> Path:
        part = part_of(db, prefix)
        data = json.loads(part.read_bytes())
        change(data)
        part.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return part

    return damage


def replace_root(raw: bytes | Callable[[bytes], bytes]) -> Callable[[Path], Path]:
    def damage(db: Path) -> Path:
        db.write_bytes(raw(db.read_bytes()) if callable(raw) else raw)
        return db

    return damage


def replace_part(prefix: str, change: Callable[[bytes], bytes]) -> Callable[[Path], Path]:
    def damage(db: Path) -> Path:
        part = part_of(db, prefix)
        raw = part.read_bytes()
        assert change(raw) != raw
        part.write_bytes(change(raw))
        return part

    return damage


def meta(data: dict) -> dict:
    return data["meta"]["1"]


def first_doc(data: dict, table: str) -> dict:
    return next(iter(data[table].values()))


@dataclass(frozen=True)
class Damage:
    name: str
    apply: Callable[[Path], Path]  # damages a copy, returns the damaged file
    words: str = ""


DAMAGES = [
    Damage("zero bytes", replace_root(b""), "empty"),
    Damage("NUL bytes", replace_root(b"\x00" * 4096)),
    Damage("a UTF-8 byte order mark", replace_root(lambda raw: b"\xef\xbb\xbf" + raw), "BOM"),
    Damage("UTF-16", replace_root(lambda raw: raw.decode("utf-8").encode("utf-16"))),
    Damage(
        "Latin-1 text",
        replace_part("contacts-", lambda raw: raw.decode().encode("latin-1", "replace")),
    ),
    Damage("100,000 nested arrays", replace_root(nested(100_000).encode()), "depth"),
    Damage(
        "100,000 nested objects", replace_root(('{"a":' * 100_000 + "1" + "}" * 100_000).encode())
    ),
    Damage(
        "nesting deep inside a document",
        replace_root(lambda raw: raw.replace(SCHEMA, SCHEMA + b',"x":' + nested(900).encode())),
        "nested",
    ),
    Damage(
        "nesting deep in an unknown table of an old file",
        replace_root(('{"notes": {"1": {"x": ' + nested(900) + "}}}").encode()),
        "nested",
    ),
    Damage("NaN", replace_root(lambda raw: raw.replace(SCHEMA, b'"schema":NaN'))),
    Damage("Infinity", root_with(lambda d: None)),  # replaced below: json.dumps writes it
    Damage("trailing garbage", replace_root(lambda raw: raw + b"}")),
    Damage("two documents", replace_root(lambda raw: raw + raw)),
    Damage("a top-level list", replace_root(b"[1, 2, 3]"), "a list"),
    Damage("a top-level string", replace_root(b'"planner"'), "a string"),
    Damage("a top-level number", replace_root(b"42"), "a number"),
    Damage("a top-level null", replace_root(b"null"), "null"),
    Damage("a table that is a list", root_with(lambda d: d.update(goals=[1])), "table 'goals'"),
    Damage("a document that is a string", root_with(lambda d: d["blocks"].update({"1": "x"}))),
    Damage("a schema that is text", root_with(lambda d: meta(d).update(schema="one")), "schema"),
    Damage("a negative schema", root_with(lambda d: meta(d).update(schema=-1)), "schema"),
    Damage("parts that are a list", root_with(lambda d: meta(d).update(parts=[])), "parts"),
    Damage(
        "a part name outside the folder",
        root_with(lambda d: meta(d)["parts"].update({"contacts-0000": "../../etc/passwd"})),
        "unknown part",
    ),
    Damage(
        "a missing part",
        lambda db: (part := part_of(db, "touches-2026-11"), part.unlink(), part)[2],
        "is missing",
    ),
    Damage("a generation that is text", root_with(lambda d: meta(d).update(generation="x"))),
    Damage("next ids that are a list", root_with(lambda d: meta(d).update(next_id=[]))),
    Damage(
        "a block without an end",
        root_with(lambda d: first_doc(d, "blocks").pop("end")),
        "blocks document 1: missing field 'end'",
    ),
    Damage(
        "a goal with a text target", root_with(lambda d: first_doc(d, "goals").update(target="x"))
    ),
    Damage(
        "settings that are wrong", root_with(lambda d: d["settings"]["1"].update(cadence_days=3))
    ),
    Damage(
        "a part that is a list",
        lambda db: (part_of(db, "contacts-").write_bytes(b"[]"), part_of(db, "contacts-"))[1],
    ),
    Damage(
        "a contact without a name",
        part_with("contacts-", lambda d: first_doc(d, "contacts").pop("name")),
        "contacts document 1: missing field 'name'",
    ),
    Damage(
        "a contact with a tier of E",
        part_with("contacts-", lambda d: first_doc(d, "contacts").update(tier="E")),
        "contacts document 1",
    ),
    Damage(
        "a touch on 9999-12-31",
        part_with("touches-2026-10", lambda d: first_doc(d, "touches").update(date="9999-12-31")),
        "9999-12-31",
    ),
    Damage(
        "a touch at a time with a time zone",
        part_with("touches-2026-10", lambda d: first_doc(d, "touches").update(start="09:00+05:00")),
        "touches document",
    ),
    Damage(
        "a touch with a text contact id",
        part_with("touches-2026-10", lambda d: first_doc(d, "touches").update(contact_id="1")),
        "touches document",
    ),
    Damage(
        "an id that is not a number",
        part_with("contacts-", lambda d: d["contacts"].update({"x": first_doc(d, "contacts")})),
    ),
    Damage(
        "a string that is not valid UTF-8",
        replace_part("contacts-", lambda raw: raw.replace("Müller".encode(), b"M\xfcller")),
        "UTF-8",
    ),
]
DAMAGES[10] = Damage(
    "Infinity", replace_root(lambda raw: raw.replace(SCHEMA, b'"schema":Infinity'))
)
