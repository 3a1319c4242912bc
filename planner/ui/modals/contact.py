"""The contact form (add / edit) and the contact card (details, history, referrals)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Select, Static, TextArea

from planner import service
from planner.domain.enums import Relationship, Tier
from planner.domain.errors import ValidationError
from planner.domain.model import Contact
from planner.store import Store
from planner.ui.modals.form import FormScreen
from planner.ui.render import Palette, day_label, split_list, status_text, tier_badge, warmth_bar

if TYPE_CHECKING:
    from planner.ui.app import PlannerApp

#: An id typed after the name; as for ids anywhere, ASCII digits and at most 18 of them.
_ID_SUFFIX = re.compile(r"#([0-9]{1,18})\s*$")


def referrer_label(contact: Contact) -> str:
    return f"{contact.name} #{contact.id}"


def parse_referrer(store: Store, text: str) -> int | None:
    """Empty, an id, `Name #id`, or a name that only one contact has."""
    text = text.strip()
    if not text:
        return None
    match = _ID_SUFFIX.search(text)
    if match:
        return int(match.group(1))
    if text.isascii() and text.isdigit() and len(text) <= 18:  # not "²", which int() refuses
        return int(text)
    named = [c.id for c in store.contacts.values() if c.name.casefold() == text.casefold()]
    if len(named) == 1:
        return named[0]
    problem = "several contacts have that name" if named else "no contact has that name"
    shown = text if len(text) <= 40 else text[:39] + "…"
    raise ValidationError(
        "referred_by", f"Referred by '{shown}': {problem}; pick one from the suggestions."
    )


class ContactForm(FormScreen[Contact]):
    """Add a contact (no `contact` given) or edit one. While adding, a name someone already
    has (without case or accents) is pointed out, and ctrl+o takes that contact instead."""

    FIELD_ALIASES = {"email": "emails", "phone": "phones", "tag": "tags", "cadence": "cadence"}
    BINDINGS = [
        *FormScreen.BINDINGS,
        Binding(
            "ctrl+o",
            "take_namesake",
            "Take existing",
            id="contact.namesake",
            tooltip="Someone has this name already: take them instead of adding another",
        ),
    ]

    def __init__(self, contact: Contact | None = None, *, name: str = "") -> None:
        super().__init__()
        self.contact = contact
        self.initial_name = name
        #: Contacts who already have the name typed (while adding).
        self.namesakes: list[Contact] = []
        #: The contact taken instead of adding one (ctrl+o), once taken.
        self.namesake_taken: Contact | None = None

    def form_title(self) -> str:
        return f"Edit {self.contact.name}" if self.contact else "Add a contact"

    def compose_fields(self) -> Iterable[Widget]:
        planner = cast("PlannerApp", self.app)
        store = planner.store
        contact = self.contact
        cadences = store.settings.cadence_days

        def text(value: str, placeholder: str = "") -> Input:
            return Input(value=value, placeholder=placeholder)

        yield from self.field(
            "name", "Name", text(contact.name if contact else self.initial_name, "Ana Müller")
        )
        yield Static(id="namesake", classes="field-hint", markup=False)
        yield from self.field("company", "Company", text(contact.company if contact else ""))
        yield from self.field("title", "Title", text(contact.title if contact else ""))
        yield from self.field(
            "tier",
            "Tier",
            Select(
                [(f"{t.value} — every {cadences[t]} days", t.value) for t in Tier],
                value=(contact.tier if contact else Tier.C).value,
                allow_blank=False,
            ),
        )
        yield from self.field(
            "relationship",
            "Relationship",
            Select(
                [(r.label, r.value) for r in Relationship],
                value=(contact.relationship if contact else Relationship.PROSPECT).value,
                allow_blank=False,
            ),
            "Friends only ever get networking touches.",
        )
        yield from self.field(
            "emails",
            "Emails",
            text(", ".join(contact.emails) if contact else "", "ana@example.com, ..."),
        )
        yield from self.field(
            "phones", "Phones", text(", ".join(contact.phones) if contact else "")
        )
        yield from self.field(
            "tags", "Tags", text(", ".join(contact.tags) if contact else "", "golf, board")
        )
        yield from self.field("met_at", "Where you met", text(contact.met_at if contact else ""))
        referrer = ""
        if contact and contact.referred_by is not None:
            known = store.find_contact(contact.referred_by)
            referrer = referrer_label(known) if known else str(contact.referred_by)
        names = [
            referrer_label(c) for c in store.contacts.values() if not contact or c.id != contact.id
        ]
        referred = Input(
            value=referrer,
            placeholder="who introduced them (name)",
            suggester=SuggestFromList(names, case_sensitive=False),
        )
        yield from self.field("referred_by", "Referred by", referred)
        own = "" if not contact or contact.cadence_days is None else str(contact.cadence_days)
        yield from self.field(
            "cadence", "Own cadence (days)", text(own, "empty: the tier's cadence")
        )
        yield from self.field("url", "Profile link", text(contact.url if contact else ""))
        notes = TextArea(contact.notes if contact else "", soft_wrap=True)
        yield from self.field("notes", "Notes", notes)

    def on_mount(self) -> None:
        super().on_mount()
        self._check_name(self.value("name"))

    @on(Input.Changed, "#field-name")
    def _name_typed(self, event: Input.Changed) -> None:
        self._check_name(event.value)

    def _check_name(self, name: str) -> None:
        """Say, while adding, who already has this name."""
        hint = self.query_one("#namesake", Static)
        self.namesakes = []
        if self.contact is None and name.strip():
            self.namesakes = self.planner.finders.get().same_name(name, _name)
        hint.display = bool(self.namesakes)
        if self.namesakes:
            first = self.namesakes[0]
            who = f"{first.name} (#{first.id}{', ' + first.company if first.company else ''})"
            more = f" and {len(self.namesakes) - 1} more" if len(self.namesakes) > 1 else ""
            hint.update(
                f"{who}{more} already has this name: ctrl+o takes them instead; ctrl+s adds "
                "another person of that name."
            )

    def action_take_namesake(self) -> None:
        if not self.namesakes:
            self.notify("Nobody has this name yet: ctrl+s adds the contact.")
            return
        self.namesake_taken = self.namesakes[0]
        self.dismiss(self.namesake_taken)

    def submit(self) -> Contact:
        planner = self.planner
        store = planner.store
        fields = {
            "name": self.value("name"),
            "company": self.value("company"),
            "title": self.value("title"),
            "tier": self.value("tier"),
            "relationship": self.value("relationship"),
            "emails": split_list(self.value("emails")),
            "phones": split_list(self.value("phones")),
            "tags": split_list(self.value("tags")),
            "met_at": self.value("met_at"),
            "referred_by": parse_referrer(store, self.value("referred_by")),
            "cadence_days": self.value("cadence"),
            "url": self.value("url"),
            "notes": self.value("notes"),
        }
        if self.contact is None:
            return service.add_contact(store, today=planner.today, **fields)
        return service.edit_contact(store, self.contact.id, today=planner.today, **fields)


class ContactCard(ModalScreen[str | None]):
    """Everything about one contact. Dismisses with an action for the caller to run
    ("log", "edit") or None."""

    BINDINGS = [
        Binding(
            "l",
            "choose('log')",
            "Log touch",
            id="card.log",
            tooltip="Record a touch with this contact",
        ),
        Binding("e", "choose('edit')", "Edit", id="card.edit", tooltip="Edit this contact"),
        Binding("escape,enter", "close", "Close", id="card.close"),
    ]

    def __init__(self, contact_id: int, extra: Text | None = None) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.extra = extra

    def compose(self) -> ComposeResult:
        planner = cast("PlannerApp", self.app)
        with Vertical(classes="form card"):
            yield Static(id="card-title", classes="form-title")
            with VerticalScroll(classes="card-body"):
                yield Static(id="card-body")
            yield Static("l log a touch · e edit · esc close", classes="field-hint")
        self._planner = planner

    def on_mount(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        planner = self._planner
        store = planner.store
        contact = store.contact(self.contact_id)
        palette = Palette.of(planner)
        view = service.view_contact(store, contact, planner.today)
        title = Text(contact.name, style="bold")
        title.append("  ")
        if contact.to_sort:
            title.append(f"{contact.relationship.label}, ")
            title.append("to sort", style=palette.warning)
            title.append(" (T gives it a tier; not planned until then)", style="dim")
        else:
            title.append_text(tier_badge(contact.tier, palette))
            title.append(f" {contact.relationship.label}")
        if contact.archived:
            title.append("  (archived)", style="dim")
        self.query_one("#card-title", Static).update(title)

        body = Text()
        if self.extra is not None:
            body.append_text(self.extra)
            body.append("\n\n")
        for label, value in (
            ("Company", contact.company),
            ("Title", contact.title),
            ("Emails", ", ".join(contact.emails)),
            ("Phones", ", ".join(contact.phones)),
            ("Tags", ", ".join(contact.tags)),
            ("Met at", contact.met_at),
            ("Link", contact.url),
            ("Customer", _customer_since(contact)),
        ):
            if value:
                body.append(f"{label:<12}", style="bold")
                body.append(f"{value}\n")
        if contact.referred_by is not None:
            referrer = store.find_contact(contact.referred_by)
            body.append(f"{'Referred by':<12}", style="bold")
            body.append(f"{referrer.name if referrer else 'a removed contact'}\n")
        referred = service.referrals_of(store, contact.id)
        for index, other in enumerate(referred):
            body.append(f"{'Referrals' if index == 0 else '':<12}", style="bold")
            body.append(other.name)
            body.append(f" — {service.referral_outcome(other)}\n", style="dim")
        body.append(f"{'Cadence':<12}", style="bold")
        body.append(
            f"every {view.cadence} days · last touch {day_label(view.last_touch)} · "
            f"due {day_label(view.due)}\n"
        )
        body.append(f"{'Warmth':<12}", style="bold")
        body.append_text(warmth_bar(view.warmth, palette))
        body.append("\n")
        if contact.notes:
            body.append("\nNotes\n", style="bold")
            body.append(contact.notes + "\n")
        touches = store.touches_of(contact.id)
        body.append(
            f"\nTouches ({len(touches)})\n" if touches else "\nNo touches yet.\n", style="bold"
        )
        for touch in reversed(touches[-30:]):
            when = f"{touch.date:%a %d %b %Y}" + (f" {touch.start:%H:%M}" if touch.start else "")
            body.append(f"{when:<22}")
            body.append_text(status_text(touch, palette))
            body.append(f"  {touch.channel.label}, {touch.purpose.label}")
            if touch.note:
                body.append(f" — {touch.note}", style="italic")
            body.append("\n")
        self.query_one("#card-body", Static).update(body)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    def action_close(self) -> None:
        self.dismiss(None)


def _customer_since(contact: Contact) -> str:
    """`since 2026-11-23`, `from before records`, or nothing for someone not a customer."""
    words = service.customer_since_words(contact)
    if words is None:
        return ""
    return f"from {words}" if contact.customer_since is None else f"since {words}"


def _name(contact: Contact) -> str:
    return contact.name
