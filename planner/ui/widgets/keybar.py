"""The keys of the screen along the bottom, in one line of text.

Textual's own footer builds a widget per key and rebuilds them all whenever the bindings
change (every screen switch, every focus change): on a busy screen that costs more than the
screen itself. This bar draws the same keys as one line: the screen's bindings that are shown,
grouped keys together (`123 Tier`), and the command palette at the end.
"""

from __future__ import annotations

from itertools import groupby

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static


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
        bar = Text(no_wrap=True, overflow="ellipsis")
        items = list(by_action.values())
        for group, grouped in groupby(items, key=lambda item: item[0].group):
            members = list(grouped)
            if group is not None and len(members) > 1:
                keys = "".join(app.get_key_display(binding) for binding, _ in members)
                bar.append(f" {keys} ", style=key_style)
                bar.append(f"{group.description} ")
                continue
            for binding, enabled in members:
                bar.append(f" {app.get_key_display(binding)} ", style=key_style)
                bar.append(f"{binding.description} ", style="" if enabled else "dim")
        palette = Text(" ^p ", style=key_style)
        palette.append("palette ")
        width = self.size.width or 120
        gap = max(1, width - bar.cell_len - palette.cell_len)
        bar.append(" " * gap)
        bar.append_text(palette)
        self.update(bar)

    def on_resize(self) -> None:
        self.redraw()
