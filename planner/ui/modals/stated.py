"""One question before a prospecting coffee, meeting or event is checked off or logged: did
the other person know that was the purpose? Only then does it count as prospecting."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from planner.domain.enums import Channel


class StatedScreen(ModalScreen[bool]):
    """`y`: they knew (prospecting); `n`: they did not (recorded as networking, the note says
    it was planned as prospecting); escape: not now, nothing is saved (dismissed with None)."""

    BINDINGS = [
        Binding(
            "y",
            "answer(True)",
            "Yes, they knew",
            id="stated.yes",
            tooltip="They knew the purpose: it counts as prospecting",
        ),
        Binding(
            "n",
            "answer(False)",
            "No",
            id="stated.no",
            tooltip="They did not: it is recorded as networking",
        ),
        Binding("escape", "cancel", "Cancel", id="stated.cancel", tooltip="Save nothing"),
    ]

    def __init__(self, name: str, channel: Channel) -> None:
        super().__init__()
        self.person = name
        self.channel = channel

    def compose(self) -> ComposeResult:
        with Vertical(classes="form confirm"):
            yield Static(
                f"Did {self.person} know this {self.channel.label} was about prospecting?",
                classes="form-title",
                markup=False,
            )
            yield Static(
                "Yes: it counts as prospecting. No: it is recorded as networking, and its "
                "note says it was planned as prospecting. Escape: nothing is saved.",
                classes="confirm-detail",
                markup=False,
            )
            with Horizontal(classes="form-buttons"):
                yield Button("Yes  y", variant="primary", id="yes")
                yield Button("No  n", id="no")
                yield Button("Cancel  esc", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
        else:
            self.dismiss(event.button.id == "yes")
