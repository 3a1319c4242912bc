"""Forms about one touch: its outcome note, a new slot; and the list of who did not fit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from planner import service
from planner.domain.model import Touch
from planner.ui.modals.form import FormScreen

if TYPE_CHECKING:
    from planner.engine import Plan


class NoteForm(FormScreen[Touch]):
    """What came of the touch, in the user's words."""

    def __init__(self, touch: Touch, name: str) -> None:
        super().__init__()
        self.touch = touch
        self.name_text = name

    def form_title(self) -> str:
        return f"Outcome of the {self.touch.channel.label} with {self.name_text}"

    def compose_fields(self) -> Iterable[Widget]:
        yield from self.field(
            "note",
            "Note",
            TextArea(self.touch.note, soft_wrap=True),
            "ctrl+s saves; the note stays with the touch in the history.",
        )

    def submit(self) -> Touch:
        return service.set_note(self.planner.store, self.touch.id, self.value("note"))


class MoveForm(FormScreen[Touch]):
    """A new date and start time; refused when it clashes or falls outside a matching block."""

    def __init__(self, touch: Touch, name: str) -> None:
        super().__init__()
        self.touch = touch
        self.name_text = name
        #: The slot the form starts from.
        self.day: date = touch.date
        self.start: time | None = touch.start

    def form_title(self) -> str:
        return f"Move the {self.touch.channel.label} with {self.name_text}"

    def compose_fields(self) -> Iterable[Widget]:
        yield from self.field("date", "Date", Input(self.day.isoformat()))
        start = "" if self.start is None else f"{self.start:%H:%M}"
        yield from self.field(
            "start",
            "Start",
            Input(start, placeholder="HH:MM"),
            "It must fit in a block of the same kind, without overlapping.",
        )

    def submit(self) -> Touch:
        planner = self.planner
        return service.move_touch(
            planner.store,
            self.touch.id,
            day=self.value("date"),
            start=self.value("start"),
            now=planner.now(),
        )


class CarryForm(MoveForm):
    """An unfinished touch of a week gone by, carried to a day and time chosen by hand (the
    review's `m`): it stays missed in its week, and its copy takes the new slot."""

    def __init__(self, touch: Touch, name: str, *, day: date, start: time | None) -> None:
        super().__init__(touch, name)
        self.day = day
        self.start = start

    def form_title(self) -> str:
        return f"Carry the {self.touch.channel.label} with {self.name_text} to another day"

    def submit(self) -> Touch:
        planner = self.planner
        return service.move_unfinished(
            planner.store,
            self.touch.id,
            day=self.value("date"),
            start=self.value("start"),
            now=planner.now(),
        )


class UnplacedScreen(ModalScreen[None]):
    """The people the last plan could not fit, each with the reason."""

    BINDINGS = [Binding("escape,enter,u", "dismiss", "Close", id="unplaced.close")]

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        with Vertical(classes="form card"):
            yield Static(
                f"Did not fit into {self.plan.week}: {len(self.plan.unplaced)}",
                classes="form-title",
                markup=False,
            )
            body = Text()
            for item in self.plan.unplaced[:500]:
                body.append(f"{item.name}", style="bold")
                body.append(f"  {item.reason}\n")
            if len(self.plan.unplaced) > 500:
                body.append(f"… and {len(self.plan.unplaced) - 500:,} more.\n", style="dim")
            with VerticalScroll(classes="card-body"):
                yield Static(body)
            yield Static(
                "Block more time (b) or raise cadences to fit more people. esc closes.",
                classes="field-hint",
                markup=False,
            )

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
