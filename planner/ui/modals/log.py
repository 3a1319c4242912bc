"""Log a touch that happened without being planned, creating the contact on the spot if new."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import on
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from planner import service
from planner.domain.enums import Channel, Purpose, Relationship, Tier
from planner.domain.errors import ValidationError
from planner.domain.model import Contact, Touch
from planner.domain.rules import purpose_to_state
from planner.ui.modals.form import FormScreen
from planner.ui.render import contact_line
from planner.ui.widgets.picker import ContactPicker


class LogTouchForm(FormScreen[Touch]):
    """Who, how, why, when and what came of it. With `contact` given, the who is fixed."""

    FIELD_ALIASES = {"name": "who", "time": "time", "date": "date"}

    def __init__(self, contact: Contact | None = None) -> None:
        super().__init__()
        self.contact = contact
        #: Whether the other person knew a prospecting coffee, meeting or event was one
        #: (asked on saving; None until then).
        self.stated: bool | None = None

    def form_title(self) -> str:
        return f"Log a touch with {self.contact.name}" if self.contact else "Log a touch"

    def compose_fields(self) -> Iterable[Widget]:
        planner = self.planner
        now = planner.now()
        if self.contact is None:
            picker = ContactPicker(planner.finders.get)
            yield from self.field(
                "who", "Who", picker, "Pick someone, or the last line to add a new contact."
            )
            yield Label("New contact", id="new-heading", classes="field-label")
            yield from self.field(
                "met_at", "Where you met", Input(placeholder="optional, e.g. Trade fair")
            )
            yield from self.field(
                "tier",
                "Tier",
                Select([(t.value, t.value) for t in Tier], value="C", allow_blank=False),
            )
            yield from self.field(
                "relationship",
                "Relationship",
                Select(
                    [(r.label, r.value) for r in Relationship], value="prospect", allow_blank=False
                ),
            )
        else:
            yield Static(contact_line(self.contact), classes="field-fixed", markup=False)
        yield from self.field(
            "channel",
            "Channel",
            Select([(c.label, c.value) for c in Channel], value="call", allow_blank=False),
        )
        default_purpose = Purpose.NETWORKING.value
        yield from self.field(
            "purpose",
            "Purpose",
            Select([(p.label, p.value) for p in Purpose], value=default_purpose, allow_blank=False),
        )
        yield from self.field("date", "Date", Input(value=now.date().isoformat()))
        yield from self.field("time", "Time", Input(value="", placeholder="HH:MM (optional)"))
        yield from self.field(
            "note", "Outcome note", Input(placeholder="optional: what came of it")
        )
        yield Checkbox("Follow up next week", id="field-follow_up")

    def on_mount(self) -> None:
        super().on_mount()
        if self.contact is None:
            self._show_new_fields(False)
            self.query_one(ContactPicker).input.focus()

    def _show_new_fields(self, shown: bool) -> None:
        for name in ("new-heading", "group-met_at", "group-tier", "group-relationship"):
            self.query_one(f"#{name}").display = shown

    @on(ContactPicker.Picked)
    def _picked(self, event: ContactPicker.Picked) -> None:
        self._show_new_fields(bool(event.new_name))
        if event.contact is not None and event.contact.is_friend:
            self.query_one("#field-purpose", Select).value = Purpose.NETWORKING.value
        self.focus_next()

    async def action_save(self) -> None:
        """Prospecting over coffee, a meeting or an event asks first whether they knew the
        purpose (escape there saves nothing and keeps the form)."""
        from planner.ui.modals.stated import StatedScreen

        channel, purpose = Channel(self.value("channel")), Purpose(self.value("purpose"))
        if self.stated is not None or not purpose_to_state(purpose, channel):
            await super().action_save()
            return

        async def answered(stated: bool | None) -> None:
            if stated is not None:
                self.stated = stated
                await super(LogTouchForm, self).action_save()

        self.app.push_screen(StatedScreen(self._who(), channel), answered)

    def _who(self) -> str:
        if self.contact is not None:
            return self.contact.name
        picker = self.query_one(ContactPicker)
        if picker.chosen is not None:
            return picker.chosen.name
        return picker.new_name or "the other person"

    @on(Select.Changed)
    def _purpose_or_channel_changed(self) -> None:
        self.stated = None  # asked again for what is chosen now

    def submit(self) -> Touch:
        planner = self.planner
        store = planner.store
        touch_fields: dict[str, Any] = {
            "channel": self.value("channel"),
            "purpose": self.value("purpose"),
            "day": self.value("date"),
            "start": self.value("time"),
            "note": self.value("note"),
            "follow_up": self.query_one("#field-follow_up", Checkbox).value,
            "today": planner.today,
            "stated": self.stated,
        }
        if self.contact is not None:
            return service.log_touch(store, self.contact.id, **touch_fields)
        picker = self.query_one(ContactPicker)
        if picker.chosen is not None:
            return service.log_touch(store, picker.chosen.id, **touch_fields)
        if picker.new_name:
            contact = {
                "name": picker.new_name,
                "met_at": self.value("met_at"),
                "tier": self.value("tier"),
                "relationship": self.value("relationship"),
            }
            return service.log_touch_with_new_contact(store, contact=contact, **touch_fields)
        raise ValidationError("who", "Pick who the touch was with (or add them as new).")
