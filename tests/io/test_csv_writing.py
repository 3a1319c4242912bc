"""The CSV files planner writes are exactly what Python's CSV writer writes (values guarded
against formulas first), however the rows are put together: the quick paths for rows that need
no quoting, and the touches export that writes each repeated value once."""

from __future__ import annotations

import csv
import io
from datetime import date, time

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain import Channel, Contact, Purpose, Relationship, Tier, Touch, TouchStatus
from planner.io import touches_to_csv
from planner.io.exports import TOUCH_COLUMNS
from planner.io.plannercsv import csv_bytes, guard

#: Text that trips CSV writers: separators, quotes, line breaks, formula starts, wide letters.
tricky = st.text(alphabet=st.sampled_from(list(",\"\r\n\t=+-@' ab;Ü陈")), max_size=12)


def _reference(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([guard(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@given(st.lists(st.lists(tricky, min_size=3, max_size=3), max_size=6))
def test_rows_are_written_as_the_csv_writer_writes_them(rows):
    header = ["a", "b", "c"]
    assert csv_bytes(header, rows, bom=True) == _reference(header, rows)


@settings(max_examples=60)
@given(st.lists(st.tuples(tricky, tricky, tricky, tricky), min_size=1, max_size=5))
def test_the_touches_export_matches_the_csv_writer(texts):
    contacts = {}
    touches = []
    for number, (name, company, reason, note) in enumerate(texts, start=1):
        contacts[number] = Contact(
            id=number,
            name=name or "x",
            added=date(2025, 1, 1),
            company=company,
            tier=Tier.B,
            relationship=Relationship.PEER,
        )
        touches.append(
            Touch(
                id=number,
                contact_id=number if number % 3 else 999,  # some point at no one
                purpose=Purpose.REFERRAL_ASK,
                channel=Channel.COFFEE,
                date=date(2026, 11, number),
                status=TouchStatus.DONE if number % 2 else TouchStatus.PLANNED,
                start=time(9, number) if number % 2 else None,
                end=time(10, number) if number % 2 else None,
                reason=reason,
                note=note,
                carried_over=bool(number % 2),
                pinned=number > 2,
            )
        )
    expected = [
        [
            str(touch.id),
            str(touch.week),
            touch.date.isoformat(),
            "" if touch.start is None else f"{touch.start:%H:%M}",
            "" if touch.end is None else f"{touch.end:%H:%M}",
            str(touch.contact_id),
            contacts[touch.contact_id].name if touch.contact_id in contacts else "",
            contacts[touch.contact_id].company if touch.contact_id in contacts else "",
            "B" if touch.contact_id in contacts else "",
            "referral ask",
            "coffee",
            touch.status.value,
            touch.reason,
            touch.note,
            "yes" if touch.carried_over else "",
            "yes" if touch.pinned else "",
        ]
        for touch in touches
    ]
    written = touches_to_csv(reversed(touches), contacts)
    assert written == _reference(list(TOUCH_COLUMNS), expected)
