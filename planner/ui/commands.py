"""One command palette provider for every action of every screen.

The list is read from the screens' own key bindings, so a new key is a new palette entry
without anything to keep in step: "Week: Plan / re-plan", "Contacts: Add contact", ...
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from textual.screen import Screen

    from planner.ui.app import PlannerApp

#: Keys of the list widgets (cursor movement) are not worth a palette entry.
_SKIPPED_ACTIONS = {"cursor", "page", "edge", "select", "toggle_keys", "quit"}


@dataclass(frozen=True, slots=True)
class PaletteEntry:
    title: str
    help: str
    mode: str | None
    action: str
    key: str


def palette_entries(app: PlannerApp, screen: Screen[Any] | None = None) -> list[PaletteEntry]:
    """Every screen action (by its binding) plus the screen switches; and, when the palette
    is opened on a screen that is not a mode of its own (sorting new contacts), its keys."""
    entries: list[PaletteEntry] = []
    if screen is not None and type(screen) not in app.MODES.values():
        title = getattr(screen, "SCREEN_NAME", "")
        for binding in _bindings(getattr(screen, "BINDINGS", [])) if title else ():
            name = binding.action.split("(")[0]
            if name in _SKIPPED_ACTIONS or not binding.description:
                continue
            entries.append(
                PaletteEntry(
                    f"{title}: {binding.description}",
                    binding.tooltip or binding.description,
                    None,
                    f"screen.{binding.action}",
                    binding.key_display or binding.key.split(",")[0],
                )
            )
    for mode, screen_class in app.MODES.items():
        screen_title = getattr(screen_class, "SCREEN_NAME", mode.title())
        entries.append(
            PaletteEntry(
                f"Go to {screen_title}",
                f"Switch to the {screen_title} screen",
                None,
                f"app.switch_mode('{mode}')",
                _mode_key(app, mode),
            )
        )
        for binding in _bindings(getattr(screen_class, "BINDINGS", [])):
            name = binding.action.split("(")[0]
            if name in _SKIPPED_ACTIONS or not binding.description:
                continue
            entries.append(
                PaletteEntry(
                    f"{screen_title}: {binding.description}",
                    binding.tooltip or binding.description,
                    mode,
                    binding.action,
                    binding.key_display or binding.key.split(",")[0],
                )
            )
    return entries


def _mode_key(app: PlannerApp, mode: str) -> str:
    for binding in _bindings(app.BINDINGS):
        if binding.action == f"switch_mode('{mode}')":
            return binding.key
    return ""


def _bindings(items: Sequence[object]) -> Iterator[Binding]:
    for item in items:
        if isinstance(item, Binding):
            yield item
        elif isinstance(item, tuple):
            yield Binding(*item)


class PlannerCommands(Provider):
    """Finds any action of any screen by name; running it switches screen first if needed."""

    @property
    def _planner(self) -> PlannerApp:
        return cast("PlannerApp", self.app)

    def _runner(self, entry: PaletteEntry):  # type: ignore[no-untyped-def]
        app = self._planner
        if entry.mode is None:
            return partial(app.run_action, entry.action)
        return partial(app.run_in_mode, entry.mode, entry.action)

    def _help(self, entry: PaletteEntry) -> str:
        return f"{entry.help} · key {_key_label(entry.key)}" if entry.key else entry.help

    async def discover(self) -> Hits:
        for entry in palette_entries(self._planner, self.screen):
            yield DiscoveryHit(entry.title, self._runner(entry), help=self._help(entry))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in palette_entries(self._planner, self.screen):
            score = matcher.match(entry.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(entry.title),
                    self._runner(entry),
                    help=self._help(entry),
                )


def _key_label(key: str) -> str:
    return {
        "space": "space",
        "exclamation_mark": "!",
        "question_mark": "?",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "slash": "/",
        "plus": "+",
        "minus": "-",
        "enter": "enter",
        "escape": "esc",
    }.get(key, key)
