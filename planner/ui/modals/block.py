"""The time block form: kind, every week on a day or once on a date, start, end, label."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from textual import on
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from planner import service
from planner.domain.enums import BlockKind, Weekday
from planner.domain.model import TimeBlock
from planner.domain.validation import parse_date
from planner.domain.weeks import Week
from planner.ui.modals.form import FormScreen

#: The day select's value for a one-off block.
ONCE = "once"

KIND_HINTS = {
    BlockKind.PROSPECTING: "Takes prospecting, value and referral-ask touches.",
    BlockKind.NETWORKING: "Takes networking touches: coffees, catch-ups, events.",
    BlockKind.FOLLOW_UP: "Takes follow-ups of last week's outcomes.",
    BlockKind.ADMIN: "Kept free: the planner puts no touches here.",
}


class BlockForm(FormScreen[TimeBlock]):
    """Add a block (no `block` given) or edit one. `week` and `today` pick sensible defaults."""

    def __init__(self, block: TimeBlock | None = None, *, week: Week, today: date) -> None:
        super().__init__()
        self.block = block
        self.week = week
        self.today = today

    def form_title(self) -> str:
        if self.block is None:
            return "Block time"
        return f"Edit the block {self.block.describe()}"

    def _default_date(self) -> date:
        return self.today if self.today in self.week else self.week.monday

    def compose_fields(self) -> Iterable[Widget]:
        block = self.block
        kind = block.kind if block else BlockKind.PROSPECTING
        yield from self.field(
            "kind",
            "Kind",
            Select(
                [(each.label.capitalize(), each.value) for each in BlockKind],
                value=kind.value,
                allow_blank=False,
            ),
            KIND_HINTS[kind],
        )
        if block is None:
            day = Weekday.of(self._default_date().weekday()).value
        else:
            day = block.day.value if block.day is not None else ONCE
        yield from self.field(
            "day",
            "When",
            Select(
                [(f"Every {each.label}", each.value) for each in Weekday]
                + [("Once, on a date", ONCE)],
                value=day,
                allow_blank=False,
            ),
        )
        when = block.date if block and block.date else self._default_date()
        yield from self.field(
            "date", "Date", Input(value=when.isoformat(), placeholder="YYYY-MM-DD")
        )
        yield from self.field(
            "start",
            "Start",
            Input(value=f"{block.start:%H:%M}" if block else "", placeholder="HH:MM, e.g. 09:00"),
        )
        yield from self.field(
            "end",
            "End",
            Input(value=f"{block.end:%H:%M}" if block else "", placeholder="HH:MM, e.g. 11:00"),
            "24-hour clock, HH:MM; the end comes after the start, on the same day.",
        )
        yield from self.field(
            "label",
            "Label",
            Input(
                value=block.label if block else "",
                placeholder="optional, e.g. Calls before the week fills up",
            ),
        )

    def on_mount(self) -> None:
        super().on_mount()
        self._show_when()

    @on(Select.Changed, "#field-day")
    def _show_when(self) -> None:
        """The date only for a one-off block."""
        self.query_one("#group-date").display = self.value("day") == ONCE

    @on(Select.Changed, "#field-kind")
    def _kind_changed(self) -> None:
        kind = self.value("kind")
        if kind:
            hint = KIND_HINTS[BlockKind(kind)]
            self.query_one("#group-kind .field-hint", Static).update(hint)

    def submit(self) -> TimeBlock:
        store = self.planner.store
        when = self.value("day")
        day: str | None = None
        on_date: date | None = None
        if when == ONCE:
            on_date = parse_date(self.value("date"))
        else:
            day = when
        fields = {
            "kind": self.value("kind"),
            "start": self.value("start"),
            "end": self.value("end"),
            "label": self.value("label"),
        }
        if self.block is None:
            return service.add_block(store, day=day, date=on_date, **fields)
        return service.edit_block(store, self.block.id, day=day, date=on_date, **fields)
