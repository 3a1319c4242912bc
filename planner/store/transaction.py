"""The changes of one `with store.transaction() as tx:` block, each undone if the whole fails.

A transaction changes the store in memory and remembers how to undo each change; it notes the
parts it touched, which the commit (`planner.store.commit`) then writes. A value that could be
written but not read back is refused before anything changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planner.domain.calendars import Calendar
from planner.domain.errors import NotFoundError
from planner.domain.model import Contact, Goal, Settings, TimeBlock, Touch
from planner.store import converters, reading
from planner.store.contents import Contents
from planner.store.errors import StoreError
from planner.store.files import JSONDecodeError, JSONEncodeError, decode, encode
from planner.store.layout import contact_part, touch_part


class Transaction:
    """Changes to the store, all saved together when the `with` block ends.

    Every change is remembered so that a failure anywhere (a rule broken half way, a full disk)
    puts the store back exactly as it was.
    """

    def __init__(self, contents: Contents) -> None:
        self._contents = contents
        self._undo: list[Callable[[], None]] = []
        self._next_id = dict(contents.next_id)
        self._first_new_touch = contents.next_id["touches"]
        self._settings = contents.settings
        #: The parts changed, to be written again.
        self.dirty: set[str] = set()
        self.changed = False

    # ------------------------------------------------------------------------- ids

    def _allocate(self, table: str) -> int:
        ident = self._contents.next_id[table]
        self._contents.next_id[table] = ident + 1
        return ident

    def new_contact_id(self) -> int:
        return self._allocate("contacts")

    def new_touch_id(self) -> int:
        return self._allocate("touches")

    def new_block_id(self) -> int:
        return self._allocate("blocks")

    def new_goal_id(self) -> int:
        return self._allocate("goals")

    def new_calendar_id(self) -> int:
        return self._allocate("calendars")

    def peek_id(self, table: str) -> int:
        """The id the next new row of `table` will get."""
        return self._contents.next_id[table]

    def reserve_ids(self, table: str, count: int) -> range:
        """`count` consecutive new ids (for a batch planned with `peek_id`)."""
        first = self._contents.next_id[table]
        self._contents.next_id[table] = first + count
        return range(first, first + count)

    # ------------------------------------------------------------------------- changes

    def put_contact(self, contact: Contact) -> Contact:
        self._check(
            "contact", contact, converters.contact_to_doc, converters.contact_from_doc, contact.id
        )
        contents = self._contents
        contents.load_contacts(contact_part(contact.id))  # the whole part is written again
        old = contents.contacts.get(contact.id)
        self._undo.append(lambda: contents.set_contact(contact.id, old))
        contents.set_contact(contact.id, contact)
        self._touched(contact_part(contact.id))
        return contact

    def delete_contact(self, contact_id: int) -> None:
        contents = self._contents
        contents.ensure_index()
        contents.load_contacts(contact_part(contact_id))
        old = reading.contact(contents, contact_id)
        self._undo.append(lambda: contents.set_contact(contact_id, old))
        contents.set_contact(contact_id, None)
        self._touched(contact_part(contact_id))

    def put_touch(self, touch: Touch) -> Touch:
        self._check("touch", touch, converters.touch_to_doc, converters.touch_from_doc, touch.id)
        contents = self._contents
        contents.ensure_index()  # kept exact through the change, and saved with it
        old = contents.touches.get(touch.id)
        if old is None and touch.id < self._first_new_touch:
            try:
                old = reading.touch(contents, touch.id)
            except NotFoundError:
                old = None
        if old is not None:
            contents.load_touches(touch_part(old.date))
        contents.load_touches(touch_part(touch.date))  # the whole month is written again
        self._undo.append(lambda: contents.set_touch(touch.id, old))
        contents.set_touch(touch.id, touch)
        if old is not None:
            self._touched(touch_part(old.date))
        self._touched(touch_part(touch.date))
        return touch

    def delete_touch(self, touch_id: int) -> None:
        contents = self._contents
        contents.ensure_index()
        old = reading.touch(contents, touch_id)
        contents.load_touches(touch_part(old.date))
        self._undo.append(lambda: contents.set_touch(touch_id, old))
        contents.set_touch(touch_id, None)
        self._touched(touch_part(old.date))

    def put_block(self, block: TimeBlock) -> TimeBlock:
        self._check(
            "time block", block, converters.block_to_doc, converters.block_from_doc, block.id
        )
        self._put_root(self._contents.blocks, block.id, block)
        return block

    def delete_block(self, block_id: int) -> None:
        if block_id not in self._contents.blocks:
            raise NotFoundError("time block", block_id)
        self._put_root(self._contents.blocks, block_id, None)

    def put_goal(self, goal: Goal) -> Goal:
        self._check("goal", goal, converters.goal_to_doc, converters.goal_from_doc, goal.id)
        self._put_root(self._contents.goals, goal.id, goal)
        return goal

    def delete_goal(self, goal_id: int) -> None:
        if goal_id not in self._contents.goals:
            raise NotFoundError("goal", goal_id)
        self._put_root(self._contents.goals, goal_id, None)

    def put_calendar(self, calendar: Calendar) -> Calendar:
        self._check(
            "calendar",
            calendar,
            converters.calendar_to_doc,
            converters.calendar_from_doc,
            calendar.id,
        )
        self._put_root(self._contents.calendars, calendar.id, calendar)
        return calendar

    def delete_calendar(self, calendar_id: int) -> None:
        if calendar_id not in self._contents.calendars:
            raise NotFoundError("calendar", calendar_id)
        self._put_root(self._contents.calendars, calendar_id, None)

    def set_settings(self, settings: Settings) -> None:
        self._check(
            "settings",
            settings,
            converters.settings_to_doc,
            lambda _, doc: converters.settings_from_doc(doc),
            1,
        )
        self._contents.settings = settings
        self.changed = True

    def _check(
        self,
        what: str,
        value: Any,
        to_doc: Callable[[Any], dict[str, Any]],
        from_doc: Callable[[int, Any], Any],
        ident: int,
    ) -> None:
        """Refuse, before anything changes, a value that could be written but not read back
        (a date past 2999, a NaN that JSON turns into null, text that is not Unicode): saved,
        it would make the whole database unreadable."""
        try:
            from_doc(ident, decode(encode(to_doc(value))))
        except (converters.DocumentError, JSONEncodeError, JSONDecodeError) as error:
            raise StoreError(
                f"This {what} cannot be saved to {self._contents.paths.root}: {error}. "
                "Nothing was saved."
            ) from None

    def _put_root(self, table: dict[int, Any], ident: int, value: Any) -> None:
        old = table.get(ident)

        def undo() -> None:
            if old is None:
                table.pop(ident, None)
            else:
                table[ident] = old

        self._undo.append(undo)
        if value is None:
            table.pop(ident, None)
        else:
            table[ident] = value
        self.changed = True

    def _touched(self, key: str) -> None:
        self.dirty.add(key)
        self.changed = True

    def rollback(self) -> None:
        for undo in reversed(self._undo):
            undo()
        self._undo.clear()
        self._contents.next_id = self._next_id
        self._contents.settings = self._settings
        self.dirty.clear()
        self.changed = False
