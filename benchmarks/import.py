"""How long importing LinkedIn's largest export takes: `python benchmarks/import.py [rows]`.

Builds a seeded Connections.csv of the current layout (preamble, URL column, LinkedIn's cap of
30,000 rows, a few emails, accents, quoted commas), then times detect + read + plan against an
empty network, and the re-import of the same file against the contacts just added; then the
whole import as `planner import` does it, saved to a new database on disk (atomic write and
fsync included), and the re-import into it.
"""

from __future__ import annotations

import csv
import io
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.io import detect_format, plan_import, read_contacts  # noqa: E402

TODAY = date(2026, 11, 23)
PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address using this setting."\n'
    "\n"
)
FIRST = ["Ana", "José", "Zoë", "Łukasz", "Mei", "Olu", "Søren", "Priya", "Chloé", "Ömer", "Kim"]
LAST = ["Müller", "Núñez", "Ångström", "Żółć", "Li", "Adeyemi", "Dubois", "Yılmaz", "Smith"]
COMPANIES = ["Acme, Inc.", "Globex", "Initech", "Umbrella", "Stark Industries", "Wayne Corp"]
TITLES = ["CEO", "Head of Sales", "Account Executive", "Founder", "CTO", "Partner, Strategy"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def connections_csv(rows: int, seed: int = 48) -> bytes:
    rng = random.Random(seed)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for number in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        day = date(2008, 1, 1) + timedelta(days=rng.randrange(18 * 365))
        writer.writerow(
            [
                first,
                f"{last} {number}",
                f"https://www.linkedin.com/in/{first.lower()}-{number:05d}",
                f"{first.lower()}.{number}@example.com" if rng.random() < 0.1 else "",
                rng.choice(COMPANIES),
                rng.choice(TITLES),
                f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}",
            ]
        )
    return (PREAMBLE + buffer.getvalue()).encode("utf-8")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 30_000
    data = connections_csv(rows)
    print(f"Connections.csv: {rows:,} rows, {len(data) / 1e6:.1f} MB")

    started = time.perf_counter()
    fmt = detect_format(data)
    detected = time.perf_counter()
    parsed = read_contacts(data, fmt, today=TODAY)
    read = time.perf_counter()
    first = plan_import([], parsed, next_id=1, today=TODAY)
    planned = time.perf_counter()
    print(
        f"import into an empty network: {planned - started:.2f} s "
        f"(detect {detected - started:.2f}, read {read - detected:.2f}, "
        f"plan {planned - read:.2f}) -> {first.report()['added']:,} added"
    )

    started = time.perf_counter()
    again_parsed = read_contacts(data, "auto", today=TODAY)
    read = time.perf_counter()
    again = plan_import(first.added, again_parsed, next_id=rows + 1, today=TODAY)
    planned = time.perf_counter()
    report = again.report()
    print(
        f"re-import against {len(first.added):,} contacts: {planned - started:.2f} s "
        f"(detect + read {read - started:.2f}, plan {planned - read:.2f}) -> "
        f"{report['added']} added, {report['merged']} merged, {report['unchanged']:,} unchanged"
    )


def end_to_end(data: bytes) -> None:
    """`service.import_contacts` into a new database in a temporary folder, twice."""
    import tempfile

    from planner import service
    from planner.store import Store

    with tempfile.TemporaryDirectory(prefix="planner-bench-import-") as folder:
        store = Store.open(Path(folder) / "planner.json")
        for what in ("saved to a new database", "re-import, saved"):
            started = time.perf_counter()
            result = service.import_contacts(store, data, today=TODAY)
            took = time.perf_counter() - started
            report = result.report()
            print(
                f"{what}: {took:.2f} s (target < 5 s) -> {report['added']:,} added, "
                f"{report['unchanged']:,} unchanged"
            )


if __name__ == "__main__":
    main()
    end_to_end(connections_csv(int(sys.argv[1]) if len(sys.argv) > 1 else 30_000))
