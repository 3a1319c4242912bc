"""Forms and confirmations as modal screens that dismiss with a typed result.

A form checks and saves its input itself when asked to (ctrl+s or the Save button): a broken
rule is shown under its field, a failed write above the buttons, and the form stays open with
everything typed still there. Escape cancels.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from planner.domain.errors import PlannerError, ValidationError

if TYPE_CHECKING:
    from planner.ui.app import PlannerApp

R = TypeVar("R")


class FieldError(Static):
    """The message under a field; hidden while there is none."""

    def show(self, message: str) -> None:
        self.update(message)
        self.add_class("-shown")

    def clear(self) -> None:
        self.update("")
        self.remove_class("-shown")


class FormScreen(ModalScreen[R], Generic[R]):
    """Subclasses yield their fields from `compose_fields` (using `field`) and implement
    `submit`, which saves and returns the result or raises."""

    BINDINGS = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="form.save",
            tooltip="Check and save the form",
        ),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
    ]

    FORM_TITLE: ClassVar[str] = ""
    #: The word on the button that checks and saves the form.
    SAVE_LABEL: ClassVar[str] = "Save"
    #: Error field names (as the domain names them) -> this form's field names.
    FIELD_ALIASES: ClassVar[dict[str, str]] = {}

    @property
    def planner(self) -> PlannerApp:
        return cast("PlannerApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.form_title(), classes="form-title", markup=False)
            with VerticalScroll(classes="form-fields"):
                yield from self.compose_fields()
            yield FieldError(id="error-form", classes="field-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(f"{self.SAVE_LABEL}  ctrl+s", variant="primary", id="save")
                yield Button("Cancel  esc", id="cancel")

    def form_title(self) -> str:
        return self.FORM_TITLE

    def compose_fields(self) -> Iterable[Widget]:
        raise NotImplementedError

    def field(self, name: str, label: str, widget: Widget, hint: str = "") -> Iterable[Widget]:
        """A labelled field with room for its error message under it, as one group
        (`#group-NAME`) that can be shown or hidden whole."""
        widget.id = f"field-{name}"
        if isinstance(widget, Input | Select):
            widget.compact = True
        row = Horizontal(
            Label(label, classes="field-label", markup=False), widget, classes="field-row"
        )
        parts: list[Widget] = [row]
        if hint:
            parts.append(Static(hint, classes="field-hint", markup=False))
        parts.append(FieldError(id=f"error-{name}", classes="field-error", markup=False))
        yield Vertical(*parts, id=f"group-{name}", classes="field")

    def on_mount(self) -> None:
        for widget in self.query(".form-fields *"):
            if widget.focusable:
                widget.focus()
                break

    # ---------------------------------------------------------------- values

    def value(self, name: str) -> str:
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return "" if widget.value is Select.BLANK else str(widget.value)
        raise TypeError(f"no value for field {name}")

    def submit(self) -> R:
        raise NotImplementedError

    # ---------------------------------------------------------------- actions

    async def action_save(self) -> None:
        for error in self.query(FieldError):
            error.clear()
        if not await self.planner.wait_for_lock():
            self.query_one("#error-form", FieldError).show(self.planner.lock_timeout_message())
            return
        try:
            result = self.submit()
        except ValidationError as error:
            self.show_error(error.field, error.message)
            return
        except PlannerError as error:
            self.query_one("#error-form", FieldError).show(error.message)
            return
        self.dismiss(result)

    def show_error(self, field: str, message: str) -> None:
        name = self.FIELD_ALIASES.get(field, field)
        matches = self.query(f"#error-{name}")
        error = (
            cast(FieldError, matches.first())
            if matches
            else self.query_one("#error-form", FieldError)
        )
        error.show(message)
        self.call_after_refresh(error.scroll_visible)  # a small terminal may not show it yet
        if not matches:
            return
        widget = self.query(f"#field-{name}")
        if widget:
            # A field made of parts (the contact picker) takes the focus in its first input.
            first = widget.first()
            parts = [first, *first.query("*")]
            next((part for part in parts if part.focusable), first).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    async def _save_pressed(self) -> None:
        await self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    async def _enter_in_field(self, event: Input.Submitted) -> None:
        """Enter in the last text field saves; elsewhere it moves on to the next field."""
        inputs = [widget for widget in self.query(Input) if widget.display]
        if inputs and event.input is inputs[-1]:
            await self.action_save()
        else:
            self.focus_next()


class ConfirmScreen(ModalScreen[bool]):
    """A question with Yes / No: `y` confirms, `n` or escape declines, enter presses the focused
    button (No, to begin with)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "", yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="form confirm"):
            yield Static(self.question, classes="form-title", markup=False)
            if self.detail:
                yield Static(self.detail, classes="confirm-detail", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(f"{self.yes}  y", variant="error", id="yes")
                yield Button("No  n", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
