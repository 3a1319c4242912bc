"""The first session: on a database that has never had a touch, the week screen shows a short
checklist instead of an empty agenda. Each line ticks itself off once it is done: contacts
imported, the week blocked, goals written; planning (the last line) brings the agenda."""

from __future__ import annotations

from rich.text import Text

from planner import service
from planner.domain.text import count
from planner.store import Store
from planner.ui.render import Palette

#: Where each export comes from, said once under the import line.
EXPORTS = (
    "LinkedIn: Settings › Data privacy › Get a copy of your data ›",
    "  Connections (Connections.csv)",
    "Google Contacts: Export › Google CSV",
    "a phone or Outlook: export the contacts as a vCard (.vcf)",
)


def is_first_session(store: Store) -> bool:
    """True while the database has never held a touch (planned or logged)."""
    return store.next_id("touches") == 1


def checklist(store: Store, palette: Palette) -> Text:
    contacts = len(store.contacts)
    waiting = service.count_to_sort(store) if contacts else 0
    blocks = len(store.blocks)
    goals = len(store.goals)
    text = Text()
    text.append("Your first week, in four steps", style="bold")
    text.append("  (each ticks itself off when it is done)\n", style="dim")

    def step(done: bool, number: int, key: str, what: str, detail: str) -> None:
        text.append("\n  ")
        if done:
            text.append("✓", style=f"bold {palette.success}")
        else:
            text.append("○", style="dim")
        text.append(f" {number}  ")
        text.append(f" {key} ", style="reverse bold")
        text.append(f"  {what:<24}", style="bold" if not done else "")
        text.append(detail, style="dim" if done else "")

    imported = f"{contacts:,} contacts"
    if waiting:
        imported += f", {waiting:,} to sort into tiers (T)"
    step(
        contacts > 0,
        1,
        "i",
        "Import your contacts",
        imported if contacts else "from LinkedIn, Google or a phone (.vcf):",
    )
    if not contacts:
        for line in EXPORTS:
            text.append(f"\n{'':>10}{line}", style="dim")
    step(
        blocks > 0,
        2,
        "b",
        "Block your week",
        count(blocks, "time block") if blocks else "prospecting and networking hours",
    )
    step(
        goals > 0,
        3,
        "g",
        "Write your goals",
        count(goals, "goal") if goals else "e.g. 40 % of blocked time prospecting",
    )
    step(False, 4, "p", "Plan the week", "fills your blocked time with touches")
    text.append("\n\nJust looking around first? ", style="bold")
    text.append("planner --demo opens the app on a realistic network in a ")
    text.append("temporary folder; your own data is not touched.")
    return text
