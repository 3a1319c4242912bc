"""Import contacts from a file (`i` on the contacts screen); export the week (`e` on the week)."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Checkbox, Input, ProgressBar, Select, Static

from planner import service
from planner.domain.enums import Relationship, Tier
from planner.domain.errors import PlannerError, ValidationError
from planner.domain.text import count
from planner.domain.weeks import Week
from planner.service import ImportPlan
from planner.ui.modals.form import FormScreen
from planner.ui.render import split_list

#: The tier select's value for "no tier: sort them later".
SORT_LATER = "later"

FORMATS = [
    ("Find out from the file", "auto"),
    ("vCard (.vcf: phones, Outlook, Gmail)", "vcard"),
    ("LinkedIn Connections.csv", "linkedin"),
    ("Google Contacts CSV", "google"),
    ("planner contacts CSV", "planner"),
]


class PathSuggester(Suggester):
    """Completes the file or folder name being typed (→ or end accepts it)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, _, prefix = expanded.rpartition(os.sep)
        base = Path(folder or ".") if folder or not expanded.startswith(os.sep) else Path("/")
        try:
            names = sorted(
                entry.name
                for entry in base.iterdir()
                if entry.name.startswith(prefix) and not entry.name.startswith(".")
            )
        except OSError:
            return None
        if not names:
            return None
        name = names[0]
        suffix = os.sep if (base / name).is_dir() else ""
        return value[: len(value) - len(prefix)] + name + suffix


class ImportForm(FormScreen[ImportPlan]):
    """Path, format and defaults; then the import runs in the background and reports."""

    FORM_TITLE = "Import contacts"
    SAVE_LABEL = "Import"
    FIELD_ALIASES = {"format": "format", "tag": "tags"}

    def compose_fields(self) -> Iterable[Widget]:
        yield from self.field(
            "path",
            "File",
            Input(placeholder="e.g. ~/Downloads/Connections.csv", suggester=PathSuggester()),
            "vCard, LinkedIn or Google Contacts; → completes the name.",
        )
        yield from self.field("format", "Format", Select(FORMATS, value="auto", allow_blank=False))
        yield from self.field(
            "tier",
            "Tier for new contacts",
            Select(
                [("None yet: sort them one by one (T)", SORT_LATER)]
                + [(f"{t.value} for everyone", t.value) for t in Tier],
                value=SORT_LATER,
                allow_blank=False,
            ),
            "Contacts still to sort are not planned until each has a tier.",
        )
        yield from self.field(
            "relationship",
            "Relationship for new contacts",
            Select([(r.label, r.value) for r in Relationship], value="prospect", allow_blank=False),
        )
        yield from self.field(
            "tags", "Tag everyone in the file", Input(placeholder="optional, e.g. linkedin")
        )
        yield Checkbox("Only show what would happen (dry run)", id="field-dry_run")
        yield ProgressBar(total=None, show_eta=False, id="import-progress")
        yield Static(id="import-report", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#import-progress").display = False

    async def action_save(self) -> None:
        for error in self.query(".field-error"):
            error.remove_class("-shown")
        path = Path(os.path.expanduser(self.value("path").strip()))
        if not self.value("path").strip():
            self.show_error("path", "Give the path of the file to import.")
            return
        self.run_import(path, self.query_one("#field-dry_run", Checkbox).value)

    @work(exclusive=True, group="import")
    async def run_import(self, path: Path, dry_run: bool) -> None:
        planner = self.planner
        progress = self.query_one("#import-progress")
        progress.display = True
        progress.scroll_visible()  # below the fold in a small terminal
        options: dict[str, Any] = {
            "today": planner.today,
            "fmt": self.value("format"),
            "tier": None if self.value("tier") == SORT_LATER else self.value("tier"),
            "relationship": self.value("relationship"),
            "tags": split_list(self.value("tags")),
            "dry_run": dry_run,
        }
        try:
            data = service.read_file(path)
            plan = await planner.run_store_job(
                lambda: service.import_contacts(planner.store, data, **options)
            )
        except PlannerError as error:
            field = getattr(error, "field", "path")
            field = self.FIELD_ALIASES.get(field, field)  # a bad tag is the tags field's
            self.show_error(field if field in ("format", "tags", "tier") else "path", error.message)
            return
        finally:
            progress.display = False
        text = Text()
        text.append(plan.counted(dry_run=dry_run) + "\n", style="bold")
        for problem in plan.problems[:200]:
            text.append(f"{problem}\n")
        if len(plan.problems) > 200:
            text.append(f"… and {len(plan.problems) - 200:,} more problems.\n", style="dim")
        waiting = sum(1 for contact in plan.added if contact.to_sort)
        if waiting:
            text.append(
                f"{count(waiting, 'new contact')} to sort: T gives each a tier, one at a time.\n"
            )
        if dry_run:
            text.append("Nothing was saved: untick the dry run and save to import.", style="dim")
        else:
            planner.changed()
            text.append("Saved. Escape closes.", style="dim")
        report = self.query_one("#import-report", Static)
        report.update(text)
        self.call_after_refresh(report.scroll_visible)


class ExportForm(FormScreen[Path]):
    """Where to write the week's iCalendar file."""

    SAVE_LABEL = "Export"

    def __init__(self, week: Week) -> None:
        super().__init__()
        self.week = week

    def form_title(self) -> str:
        return f"Export {self.week} to a calendar (.ics)"

    def compose_fields(self) -> Iterable[Widget]:
        hint = (
            "Google Calendar, Outlook, Apple Calendar and calcurse import it; "
            "exporting again updates the same events."
        )
        if self.app.is_web:  # in a browser: the file is downloaded, not written on the server
            yield from self.field(
                "path",
                "File name",
                Input(f"planner-{self.week}.ics"),
                "Your browser saves it. " + hint,
            )
        else:
            default = Path("~") / f"planner-{self.week}.ics"
            yield from self.field(
                "path", "Save as", Input(str(default), suggester=PathSuggester()), hint
            )
        yield Checkbox("Include the week's time blocks", id="field-blocks")

    def submit(self) -> Path:
        text = self.value("path").strip()
        if not text:
            raise ValidationError("path", "Give a file name to save the calendar to.")
        name = download_name(text) if self.app.is_web else ""
        data = service.export_week_ics(
            self.planner.store,
            self.week,
            with_blocks=self.query_one("#field-blocks", Checkbox).value,
        )
        if name:
            self.app.deliver_binary(io.BytesIO(data), save_filename=name, mime_type="text/calendar")
            return Path(name)
        path = Path(os.path.expanduser(text))
        try:
            service.write_export(path, data)
        except PlannerError as error:  # no such folder, a folder given, a failed write
            raise ValidationError("path", error.message) from None
        except OSError as error:  # looking at the path can fail too: a name too long
            raise ValidationError(
                "path", f"Cannot save there: {error.strerror or error}."
            ) from None
        return path


_DOWNLOAD_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def download_name(text: str) -> str:
    """The name a browser download is offered under: plain letters, digits, dots, dashes and
    underscores (it travels in an HTTP header), ending in .ics."""
    if not _DOWNLOAD_NAME.fullmatch(text):
        raise ValidationError(
            "path",
            f"'{text[:40]}' cannot be a download's name: use letters, digits, dots, dashes and "
            "underscores, e.g. planner-2026-W48.ics.",
        )
    return text if text.lower().endswith(".ics") else f"{text}.ics"
