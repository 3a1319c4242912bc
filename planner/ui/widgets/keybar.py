"""The keys of the screen along the bottom, in one line of text.

Textual's own footer builds a widget per key and rebuilds them all whenever the bindings
change (every screen switch, every focus change): on a busy screen that costs more than the
screen itself. This bar draws the same keys as one line: the screen's bindings that are shown,
grouped keys together (`123 Tier`), and the command palette at the end. Where they do not all
fit (an 80-column terminal), the screen's first keys are shown, then `? Keys`, which lists
every key; the palette follows where there is room.
"""

from __future__ import annotations

from itertools import groupby

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

#: The action of `?`, which lists every key of the screen: the one key the bar always shows.
KEYS_ACTION = "toggle_keys"


def fitted(entries: list[tuple[Text, bool]], width: int) -> list[tuple[Text, bool]]:
    """The entries that fit in `width` cells when not all do: `? Keys` at the end (it lists
    the rest), and before it the screen's keys in their order, as many as fit."""
    keys = [entry for entry in entries if entry[1]]
    room = width - sum(entry.cell_len for entry, _ in keys)
    shown = []
    for entry in entries:
        if entry[1]:
            continue
        if entry[0].cell_len > room:
            break
        shown.append(entry)
        room -= entry[0].cell_len
    return shown + keys


class KeyBar(Static):
    """`p Plan  space Done  s Skip …  ? Keys  q Quit     ^p palette`."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    """

    COMPONENT_CLASSES = {"key-bar--key"}

    DEFAULT_CSS += """
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.redraw)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.redraw()

    def redraw(self) -> None:
        app = self.app
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        shown = [
            (binding, enabled)
            for (_, binding, enabled, _) in self.screen.active_bindings.values()
            if binding.show
        ]
        by_action: dict[str, tuple[Binding, bool]] = {}
        for binding, enabled in shown:
            by_action.setdefault(binding.action, (binding, enabled))
        entries: list[tuple[Text, bool]] = []  # (the key and what it does, is it `? Keys`)
        items = list(by_action.values())
        for group, grouped in groupby(items, key=lambda item: item[0].group):
            members = list(grouped)
            if group is not None and len(members) > 1:
                keys = "".join(app.get_key_display(binding) for binding, _ in members)
                entry = Text()
                entry.append(f" {keys} ", style=key_style)
                entry.append(f"{group.description} ")
                entries.append((entry, False))
                continue
            for binding, enabled in members:
                entry = Text()
                entry.append(f" {app.get_key_display(binding)} ", style=key_style)
                entry.append(f"{binding.description} ", style="" if enabled else "dim")
                entries.append((entry, binding.action == KEYS_ACTION))
        palette = Text(" ^p ", style=key_style)
        palette.append("palette ")
        width = self.size.width or 120
        if sum(entry.cell_len for entry, _ in entries) + palette.cell_len >= width:
            entries = fitted(entries, width)
        bar = Text(no_wrap=True, overflow="ellipsis")
        for entry, _ in entries:
            bar.append_text(entry)
        gap = width - bar.cell_len - palette.cell_len
        if gap >= 1:
            bar.append(" " * gap)
            bar.append_text(palette)
        self.update(bar)

    def on_resize(self) -> None:
        self.redraw()
