"""What can be done with the selected touch: check off, skip, pin, note, move, log, details.

The week screen and any other screen that lists touches inherit these actions; each keeps
its own keys and says which touch is selected (`selected`) and which week it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from planner import service
from planner.domain.enums import TouchStatus
from planner.domain.model import Contact, Touch
from planner.domain.weeks import Week
from planner.ui.render import Palette
from planner.ui.screens.agenda import done_words, moved_words, touch_details
from planner.ui.screens.base import PlannerScreen

if TYPE_CHECKING:
    from planner.store import Store


class TouchActions(PlannerScreen):
    """The actions on one touch, for a screen that lists touches."""

    #: The palette of the screen, once drawn.
    palette: Palette | None = None

    def selected(self) -> Touch | None:
        """The touch the cursor is on (saying so when there is none)."""
        raise NotImplementedError

    @property
    def shown_week(self) -> Week:
        """The week on screen (where a moved or early touch goes is said against it)."""
        raise NotImplementedError

    def _contact(self, touch: Touch) -> Contact | None:
        return self.planner.store.find_contact(touch.contact_id)

    def _contact_name(self, touch: Touch) -> str:
        contact = self._contact(touch)
        return contact.name if contact else "a removed contact"

    def _change(
        self, change: Callable[[Store, int], Touch], said: Callable[[Touch, Touch], str]
    ) -> None:
        """Change the selected touch and say what became of it (`said(before, after)`), after
        the contact's name."""
        touch = self.selected()
        if touch is None:
            return
        store = self.planner.store
        name = self._contact_name(touch)
        self.planner.save(
            lambda: change(store, touch.id), done=lambda t: f"{name}: {said(touch, t)}"
        )

    def action_done(self) -> None:
        today = self.planner.today
        self._check_off(
            lambda store, touch_id, stated: service.toggle_done(
                store, touch_id, stated=stated, today=today
            ),
            lambda was, t: (
                done_words(was, t, "done.", self.shown_week)
                if t.status is TouchStatus.DONE
                else "back to planned."
            ),
        )

    def action_skip(self) -> None:
        self._change(
            service.skip,
            lambda _, t: "skipped." if t.status is TouchStatus.SKIPPED else "back to planned.",
        )

    def action_follow_up(self) -> None:
        today = self.planner.today
        self._check_off(
            lambda store, touch_id, stated: service.mark_done(
                store, touch_id, follow_up=True, stated=stated, today=today
            ),
            lambda was, t: done_words(
                was, t, "done; a follow-up goes into next week's plan.", self.shown_week
            ),
        )

    def _check_off(self, change: Callable[..., Touch], said: Callable[[Touch, Touch], str]) -> None:
        """Check the selected touch off with `change(store, id, stated=...)`; for prospecting
        over coffee, a meeting or an event, first ask whether they knew the purpose."""
        from planner.ui.modals.stated import StatedScreen

        touch = self.selected()
        if touch is None:
            return
        if not service.stated_needed(touch):
            self._change(lambda store, touch_id: change(store, touch_id, stated=None), said)
            return

        def answered(stated: bool | None) -> None:
            if stated is None:
                return
            extra = "" if stated else " Recorded as networking: the purpose was not stated."
            self._change(
                lambda store, touch_id: change(store, touch_id, stated=stated),
                lambda was, t: said(was, t) + extra,
            )

        self.app.push_screen(StatedScreen(self._contact_name(touch), touch.channel), answered)

    def action_pin(self) -> None:
        self._change(
            service.toggle_pin,
            lambda _, t: "pinned; re-planning keeps it." if t.pinned else "unpinned.",
        )

    def action_note(self) -> None:
        from planner.ui.modals.touch import NoteForm

        touch = self.selected()
        if touch is not None:
            self.app.push_screen(NoteForm(touch, self._contact_name(touch)), self._after_note)

    def action_move(self) -> None:
        from planner.ui.modals.touch import MoveForm

        touch = self.selected()
        if touch is not None:
            self.app.push_screen(MoveForm(touch, self._contact_name(touch)), self._after_move)

    def _after_form(self, result: object) -> None:
        if result is not None:
            self.planner.changed()

    def _after_note(self, touch: Touch | None) -> None:
        self._after_form(touch)
        if touch is not None:
            self.notify(f"{self._contact_name(touch)}: note saved.", markup=False)

    def _after_move(self, touch: Touch | None) -> None:
        self._after_form(touch)
        if touch is None:
            return
        self.notify(
            f"{self._contact_name(touch)}: {moved_words(touch, self.shown_week)}", markup=False
        )

    def _after_log(self, touch: Touch | None) -> None:
        self._after_form(touch)
        if touch is not None:
            self.notify(
                f"Logged: {touch.channel.label} with {self._contact_name(touch)} on "
                f"{touch.date:%a %d %b}.",
                markup=False,
            )

    def action_details(self) -> None:
        from planner.ui.modals.contact import ContactCard, ContactForm
        from planner.ui.modals.log import LogTouchForm

        touch = self.selected()
        if touch is None or self._contact(touch) is None:
            return
        extra = touch_details(touch, self.palette or Palette.of(self.planner))
        contact = self._contact(touch)
        assert contact is not None

        def after(choice: str | None) -> None:
            if choice == "log":
                self.app.push_screen(LogTouchForm(contact=contact), self._after_log)
            elif choice == "edit":
                self.app.push_screen(ContactForm(contact), self._after_form)

        self.app.push_screen(ContactCard(contact.id, extra=extra), after)

    def action_log(self) -> None:
        from planner.ui.modals.log import LogTouchForm

        self.app.push_screen(LogTouchForm(), self._after_log)
