"""Sorting new contacts (`T`): one contact at a time, "12 of 312", a key per decision.

Contacts imported without a tier wait to be sorted and are never planned until then. Each
decision is saved at once, in its own write, so a sort of 300 interrupted after 150 keeps the
150. The place in the queue lives on the app, so leaving the screen and coming back (or
pressing `T` again later in the session) resumes where it stopped; contacts put off with `s`
come back at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from planner import service
from planner.domain.enums import Relationship, Tier
from planner.domain.model import Contact
from planner.store import Store
from planner.ui.render import Palette, tier_badge
from planner.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from planner.ui.app import PlannerApp

#: The key for each relationship (the tiers are 1, 2 and 3, as on the contacts screen).
RELATIONSHIP_KEYS = {
    Relationship.CUSTOMER: "c",
    Relationship.PROSPECT: "p",
    Relationship.CONNECTOR: "n",
    Relationship.FRIEND: "f",
    Relationship.PEER: "e",
}
TIER_KEYS = {Tier.A: "1", Tier.B: "2", Tier.C: "3"}
TIER_GROUP = Binding.Group("Tier", compact=True)


@dataclass(slots=True)
class Step:
    """One thing done in the queue, as `u` undoes it: a decision saved (`before`: the contact
    as it was) or a contact put off for later (`before` None). `moved_on`: the card changed."""

    contact_id: int
    before: Contact | None
    moved_on: bool


@dataclass
class SortQueue:
    """Where a sorting session stands: the contacts still to go (the current one first), how
    many were decided, and the steps `u` can undo. Kept on the app for the whole session."""

    order: list[int] = field(default_factory=list)
    decided: int = 0
    later: set[int] = field(default_factory=set)
    steps: list[Step] = field(default_factory=list)
    #: A decision was saved for the current card (a relationship) without moving on.
    touched: bool = False

    @property
    def current(self) -> int | None:
        return self.order[0] if self.order else None

    @property
    def total(self) -> int:
        return self.decided + len(self.order)

    def sync(self, store: Store) -> None:
        """In step with the store: contacts sorted meanwhile (elsewhere) leave the queue, new
        ones to sort join its end. The order of those already queued is kept."""
        waiting = {contact.id for contact in service.contacts_to_sort(store)}
        current = self.current
        kept = [ident for ident in self.order if ident in waiting or ident == current]
        if current is not None and current not in waiting and not self.touched:
            kept = kept[1:]  # sorted from somewhere else while it was shown
        known = set(kept)
        self.order = kept + sorted(waiting - known)
        self.later &= set(self.order)

    def moved_on(self, decided: bool) -> None:
        """Leave the current card: decided, or put off to the end of the queue."""
        ident = self.order.pop(0)
        if decided:
            self.decided += 1
            self.later.discard(ident)
        else:
            self.order.append(ident)
            self.later.add(ident)
        self.touched = False

    def back(self, ident: int, decided: bool) -> None:
        """Undo a move: the contact is the current card again."""
        if ident in self.order:
            self.order.remove(ident)
        self.order.insert(0, ident)
        if decided:
            self.decided -= 1
        else:
            self.later.discard(ident)


class SortScreen(Screen[None]):
    """One contact at a time: a key for its relationship (it stays on the card), one for its
    tier (saved, and on to the next), `x` archive, `s` later, `u` undo, escape leaves."""

    SCREEN_NAME: ClassVar[str] = "Sort new contacts"

    BINDINGS = [
        *(
            Binding(
                key,
                f"tier('{tier.value}')",
                f"Tier {tier.value}",
                id=f"sort.tier_{tier.value.lower()}",
                tooltip=f"Tier {tier.value}, and on to the next contact",
                group=TIER_GROUP,
            )
            for tier, key in TIER_KEYS.items()
        ),
        *(
            Binding(
                key,
                f"relationship('{relationship.value}')",
                relationship.label.capitalize(),
                id=f"sort.{relationship.value}",
                tooltip=f"A {relationship.label}; then the tier",
                show=False,
            )
            for relationship, key in RELATIONSHIP_KEYS.items()
        ),
        Binding("x", "archive", "Archive", id="sort.archive", tooltip="Archive, and the next"),
        Binding("s", "later", "Later", id="sort.later", tooltip="Put off to the end of the queue"),
        Binding("u", "undo", "Undo", id="sort.undo", tooltip="Take the last decision back"),
        Binding("escape", "leave", "Leave", id="sort.leave", tooltip="Leave; T resumes here"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._saving = False

    @property
    def planner(self) -> PlannerApp:
        return cast("PlannerApp", self.app)

    @property
    def queue(self) -> SortQueue:
        return self.planner.sort_queue

    def compose(self) -> ComposeResult:
        yield Static(id="sort-head", markup=False)
        with Vertical(id="sort-card"):
            yield Static(id="sort-contact", markup=False)
        yield Static(id="sort-keys", markup=False)
        yield Static(id="sort-last", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Read the store again (another planner, or the command line, may have sorted some)
        and draw the current contact. A change saved from this screen needs neither: it keeps
        the queue in step itself, which keeps a key quick on a network of 30,000."""
        if self._saving:
            return
        self.queue.sync(self.planner.store)
        self.redraw()

    def _save(self, change: Callable[[], Contact]) -> Contact | None:
        self._saving = True
        try:
            return self.planner.save(change)
        finally:
            self._saving = False

    # ---------------------------------------------------------------- drawing

    def redraw(self) -> None:
        queue = self.queue
        palette = Palette.of(self.planner)
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(" Sort new contacts", style="bold")
        contact = self._current()
        if contact is None:
            head.append("   nothing left to sort", style="dim")
        else:
            head.append(f"   {queue.decided + 1:,} of {queue.total:,}", style="bold")
            if queue.later:
                head.append(f"  ·  {len(queue.later):,} put off for later", style="dim")
        self.query_one("#sort-head", Static).update(head)
        self.query_one("#sort-contact", Static).update(
            self._card(contact, palette) if contact is not None else self._all_sorted()
        )
        self.query_one("#sort-keys", Static).update(self._keys(contact, palette))

    def _current(self) -> Contact | None:
        ident = self.queue.current
        return None if ident is None else self.planner.store.find_contact(ident)

    def _card(self, contact: Contact, palette: Palette) -> Group:
        head = Text()
        head.append(contact.name, style="bold")
        if contact.title or contact.company:
            head.append("\n")
            head.append(" at ".join(part for part in (contact.title, contact.company) if part))
        head.append("\n")
        # A grid, so that a long value (seven phone numbers) wraps under itself, not its label.
        rows = Table.grid(padding=(0, 1))
        rows.add_column(style="dim", width=10, no_wrap=True)
        rows.add_column(overflow="fold")
        for label, value, always in (
            ("Where met", contact.met_at, True),
            ("LinkedIn" if "linkedin." in contact.url.lower() else "Link", contact.url, True),
            ("Emails", ", ".join(contact.emails), True),
            ("Phones", ", ".join(contact.phones), False),
            ("Tags", ", ".join(contact.tags), False),
        ):
            if value or always:
                rows.add_row(label, Text(value or "—", style="" if value else "dim"))
        rows.add_row("Added", f"{contact.added:%d %b %Y}")
        now = Text()
        if self.queue.touched:
            now.append(f"a {contact.relationship.label}", style="bold")
            now.append(" (saved) · the tier next, 1 2 or 3", style="dim")
        else:
            now.append("to sort", style=palette.warning)
            now.append(f" · a {contact.relationship.label} for now", style="dim")
        rows.add_row("Now", now)
        return Group(head, rows)

    def _all_sorted(self) -> Text:
        text = Text("Every contact is sorted.", style="bold")
        if self.queue.decided:
            text.append(f"\n\n{self.queue.decided:,} sorted in this session.")
        text.append(
            "\n\nContacts imported without a tier come here, to be given one before the "
            "planner schedules them. escape goes back."
        )
        return text

    def _keys(self, contact: Contact | None, palette: Palette) -> Text:
        keys = Text()
        if contact is None:
            keys.append(" esc", style="bold")
            keys.append(" back   ")
            keys.append("u", style="bold")
            keys.append(" undo the last decision")
            return keys
        cadences = self.planner.store.settings.cadence_days
        keys.append("Relationship ", style="dim")
        for relationship, key in RELATIONSHIP_KEYS.items():
            chosen = self.queue.touched and contact.relationship is relationship
            keys.append(f" {key} ", style="reverse bold" if chosen else "bold")
            keys.append(f"{relationship.label} ")
        keys.append("\nTier, then on ", style="dim")
        for tier, key in TIER_KEYS.items():
            keys.append(f" {key} ", style="bold")
            keys.append_text(tier_badge(tier, palette))
            keys.append(f" every {cadences[tier]} days ")
        keys.append("\n             ", style="dim")
        for key, what in (("x", "archive"), ("s", "later"), ("u", "undo"), ("esc", "leave")):
            keys.append(f" {key} ", style="bold")
            keys.append(f"{what} ")
        return keys

    def _said(self, text: str) -> None:
        self.query_one("#sort-last", Static).update(Text(f" {text}", style="dim"))

    # ---------------------------------------------------------------- decisions

    def _decide(self, what: str, moves_on: bool, **decision: Any) -> None:
        """Save one decision about the current contact at once; then, for a tier or the
        archive, show the next one."""
        queue = self.queue
        contact = self._current()
        if contact is None:
            self.notify("Nothing left to sort: escape goes back.")
            return
        store = self.planner.store
        if self._save(lambda: service.sort_contact(store, contact.id, **decision)) is None:
            return
        queue.steps.append(Step(contact.id, contact, moved_on=moves_on))
        if moves_on:
            queue.moved_on(decided=True)
        else:
            queue.touched = True
        self._said(f"{contact.name}: {what}.  u takes it back.")
        self.redraw()

    def action_tier(self, tier: str) -> None:
        self._decide(f"tier {tier}", True, tier=tier)

    def action_relationship(self, relationship: str) -> None:
        label = Relationship(relationship).label
        self._decide(f"a {label}", False, relationship=relationship)

    def action_archive(self) -> None:
        self._decide("archived", True, archived=True)

    def action_later(self) -> None:
        queue = self.queue
        ident = queue.current
        if ident is None:
            return
        contact = self._current()
        queue.steps.append(Step(ident, None, moved_on=True))
        # Once a relationship is saved the contact is sorted: `s` moves on, not to the end.
        sorted_already = queue.touched
        queue.moved_on(decided=sorted_already)
        name = contact.name if contact is not None else "The contact"
        said = "sorted, tier left as it was" if sorted_already else "later"
        self._said(f"{name}: {said}.  u takes it back.")
        self.redraw()

    def action_undo(self) -> None:
        queue = self.queue
        if not queue.steps:
            self.notify("Nothing to undo yet.")
            return
        step = queue.steps[-1]
        if step.before is not None:
            store = self.planner.store
            before = step.before
            if self._save(lambda: service.undo_sort(store, before)) is None:
                return
        queue.steps.pop()
        decided = step.before is not None or step.contact_id not in queue.later
        if step.moved_on:
            queue.back(step.contact_id, decided=decided)
        earlier = [s for s in queue.steps if s.contact_id == step.contact_id and not s.moved_on]
        # Still on the card a relationship was given on (and not taken back yet)?
        queue.touched = bool(earlier) and queue.current == step.contact_id
        contact = self._current()
        self._said(f"Undone: {contact.name if contact else 'the last step'} is on the card again.")
        self.redraw()

    def action_leave(self) -> None:
        self.dismiss(None)
