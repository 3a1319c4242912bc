"""Small pieces of styled text shared by the screens, in the theme's own colours.

Every function takes user text as plain strings and returns `rich.text.Text`, so a contact
called `[bold]Ann[/` is shown exactly as typed, never read as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import App

from planner.domain.enums import Purpose, Tier, TouchStatus
from planner.domain.model import Contact, Touch


@dataclass(frozen=True, slots=True)
class Palette:
    """Foreground colours picked by the theme to be readable on its own background."""

    primary: str
    accent: str
    success: str
    warning: str
    error: str

    @classmethod
    def of(cls, app: App[Any]) -> Palette:
        variables = app.get_css_variables()
        return cls(
            primary=variables.get("text-primary", "blue"),
            accent=variables.get("text-accent", "yellow"),
            success=variables.get("text-success", "green"),
            warning=variables.get("text-warning", "yellow"),
            error=variables.get("text-error", "red"),
        )


def tier_badge(tier: Tier, palette: Palette) -> Text:
    style = {Tier.A: f"bold {palette.accent}", Tier.B: f"bold {palette.primary}", Tier.C: "dim"}[
        tier
    ]
    return Text(tier.value, style=style)


def contact_tier(contact: Contact, palette: Palette) -> Text:
    """The contact's tier badge, or `?` for a contact still to sort."""
    if contact.to_sort:
        return Text("?", style=f"bold {palette.warning}")
    return tier_badge(contact.tier, palette)


def contact_kind(contact: Contact, palette: Palette) -> Text:
    """The relationship in a word, or `to sort` (in the warning colour) until it is sorted."""
    if contact.to_sort:
        return Text("to sort", style=palette.warning)
    return Text(contact.relationship.label)


def warmth_bar(warmth: float, palette: Palette, cells: int = 6) -> Text:
    """`██████ 1.00` warm to `░░░░░░ 0.00` cold, coloured by how warm."""
    filled = round(max(0.0, min(1.0, warmth)) * cells)
    colour = (
        palette.success if warmth >= 0.5 else palette.warning if warmth >= 0.25 else (palette.error)
    )
    bar = Text("█" * filled, style=colour)
    bar.append("░" * (cells - filled), style="dim")
    bar.append(f" {warmth:.2f}")
    return bar


def status_text(touch: Touch, palette: Palette) -> Text:
    """The status in a word, with carried over and pinned shown after it."""
    style = {
        TouchStatus.PLANNED: "",
        TouchStatus.DONE: f"bold {palette.success}",
        TouchStatus.SKIPPED: "dim",
        TouchStatus.MISSED: palette.error,
    }[touch.status]
    words = [] if touch.status is TouchStatus.PLANNED else [Text(touch.status.value, style)]
    if touch.carried_over:
        words.append(Text("carried", style=palette.warning))
    if touch.pinned:
        words.append(Text("pinned", style=palette.accent))
    if touch.manual and touch.status is TouchStatus.PLANNED and not touch.pinned:
        words.append(Text("by hand", style="dim"))
    return Text(" ").join(words) if words else Text("planned", style="dim")


def status_mark(touch: Touch, palette: Palette) -> Text:
    mark, style = {
        TouchStatus.PLANNED: ("○", ""),
        TouchStatus.DONE: ("✓", f"bold {palette.success}"),
        TouchStatus.SKIPPED: ("–", "dim"),
        TouchStatus.MISSED: ("✗", palette.error),
    }[touch.status]
    return Text(mark, style=style)


def purpose_text(purpose: Purpose, palette: Palette) -> Text:
    style = {
        Purpose.PROSPECTING: f"bold {palette.primary}",
        Purpose.REFERRAL_ASK: f"bold {palette.accent}",
        Purpose.VALUE: palette.success,
        Purpose.NETWORKING: "",
        Purpose.FOLLOW_UP: palette.warning,
    }[purpose]
    return Text(purpose.label, style=style)


def day_label(day: date | None) -> str:
    return "never" if day is None else f"{day:%d %b %Y}"


def contact_line(contact: Contact) -> str:
    """`Ana Müller · Northwind` for pickers and messages."""
    return f"{contact.name} · {contact.company}" if contact.company else contact.name


def split_list(text: str) -> list[str]:
    """A comma-separated field as a list of its non-empty items."""
    return [item.strip() for item in text.split(",") if item.strip()]
