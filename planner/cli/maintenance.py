"""`planner doctor` and `planner restore`: check a database, put a backup back."""

from __future__ import annotations

import argparse

from planner.cli.common import Context, add_json_flag
from planner.domain.errors import PlannerError, ValidationError
from planner.domain.text import count
from planner.store.doctor import BackupInfo, check_database, find_backup, restore_backup


def register(commands: argparse._SubParsersAction) -> None:
    doctor = commands.add_parser(
        "doctor",
        help="check the database and list its backups",
        description="Check the database without changing it: the root file, every part, every "
        "document, and that touches and referrals point at contacts that exist; then list the "
        "backups with their date, size, contents and whether each loads. Exit status 0 when "
        "healthy, 1 when there are problems.",
    )
    add_json_flag(doctor)
    doctor.set_defaults(handler=cmd_doctor)

    restore = commands.add_parser(
        "restore",
        help="put a backup back as the database (the current one is kept aside)",
        description="Make BACKUP the database. The backup must load. The current database is "
        "kept, never deleted: the root as planner.json.replaced-YYYYmmdd-HHMMSS and its parts "
        "folder as planner.parts.replaced-YYYYmmdd-HHMMSS, beside it.",
    )
    restore.add_argument(
        "backup", metavar="BACKUP", help="a backup file, or its name as `planner doctor` lists it"
    )
    add_json_flag(restore)
    restore.set_defaults(handler=cmd_restore)


def cmd_doctor(ctx: Context, args: argparse.Namespace) -> int:
    try:
        report = check_database(ctx.db_path)
    except OSError as error:  # a path refused outright, e.g. a name too long to exist
        raise PlannerError(f"Could not read {ctx.db_path}: {error.strerror or error}.") from None
    if args.json:
        ctx.emit_json(report.as_json())
        return 0 if report.healthy else 1
    lines = [f"Database: {report.database}"]
    if report.exists and report.counts is not None:
        parts = count(report.parts, "part file")
        lines.append(f"  schema {report.schema}, {parts}; {report.counts}")
    if report.problems:
        lines.append(f"Problems ({len(report.problems)}):")
        lines.extend(f"  - {finding}" for finding in report.problems)
    if report.notes:
        lines.append("Notes:")
        lines.extend(f"  - {finding}" for finding in report.notes)
    if report.backups:
        lines.append(f"Backups in {report.backups[0].path.parent} (newest first):")
        lines.extend(f"  {_backup_line(backup)}" for backup in report.backups)
    else:
        lines.append("No backups yet (one is taken before the first change of each day).")
    if report.healthy:
        lines.append("Healthy.")
    else:
        usable = next((backup for backup in report.backups if backup.loads), None)
        if report.newer:
            advice = "Update planner to change it; restoring a backup would lose its changes."
        elif usable is not None:
            advice = (
                f"To put a backup back: planner --db {report.database} restore {usable.path.name}"
            )
        else:
            advice = "No backup loads either; the files were left exactly as they are."
        lines.append(f"{count(len(report.problems), 'problem')} found. {advice}")
    ctx.print("\n".join(lines))
    return 0 if report.healthy else 1


def _backup_line(backup: BackupInfo) -> str:
    taken = "unknown date" if backup.taken is None else f"{backup.taken:%Y-%m-%d %H:%M:%S}"
    size = f"{backup.size / 1024:,.1f} kB"
    if backup.loads:
        state = f"loads: {backup.counts}"
    else:
        state = f"does not load: {backup.problem}"
    return f"{backup.path.name}  {taken}  {size:>10}  {state}"


def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    if not args.backup.strip():
        raise ValidationError(
            "backup",
            "BACKUP is empty: give a backup file, or its name as `planner doctor` lists it.",
        )
    try:
        backup = find_backup(ctx.db_path, args.backup)
    except OSError as error:  # a path refused outright, e.g. a name too long to exist
        where = error.filename or args.backup
        raise PlannerError(f"Could not read {where}: {error.strerror or error}.") from None
    done = restore_backup(ctx.db_path, backup)
    if args.json:
        ctx.emit_json(
            {
                "database": str(done.database),
                "backup": str(done.backup),
                "counts": done.counts.as_json(),
                "kept": [str(path) for path in done.kept],
            }
        )
        return 0
    ctx.print(f"Restored {done.backup} as {done.database} ({done.counts}).")
    if done.kept:
        ctx.print("The database it replaced is kept: " + " and ".join(map(str, done.kept)) + ".")
    return 0
