"""`?`: every key of the screen underneath, its own keys first, in a list that scrolls."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

#: Keys every scrolling widget has that mean nothing in a list as wide as its screen.
_NOT_SHOWN = frozenset({"scroll_left", "scroll_right", "page_left", "page_right"})


def key_groups(screen: Screen) -> list[tuple[str, list[tuple[str, str]]]]:
    """The screen's active keys as (heading, [(keys, what they do)]): the screen's own keys,
    then the keys that work everywhere, then those of the list or field in focus. Keys that
    run the same action are shown together."""
    app = screen.app
    groups: dict[str, dict[str, list[ActiveBinding]]] = {
        "This screen": {},
        "Everywhere": {},
        "In the list": {},
    }
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.system or binding.action in _NOT_SHOWN:
            continue
        if active.node is screen and binding.id is not None:
            heading = "This screen"
        elif active.node is screen or active.node is app:
            heading = "Everywhere"  # the app's keys, and the focus keys every screen has
        else:
            heading = "In the list"
        groups[heading].setdefault(binding.action, []).append(active)
    shown = []
    for heading, actions in groups.items():
        rows = []
        for bindings in actions.values():
            first = bindings[0].binding
            keys = " ".join(dict.fromkeys(app.get_key_display(b.binding) for b in bindings))
            what = first.description or first.action
            if first.tooltip and first.tooltip.casefold() != what.casefold():
                what = f"{what}: {first.tooltip}" if first.description else first.tooltip
            rows.append((keys, what))
        if rows:
            shown.append((heading, rows))
    return shown


class KeysScreen(ModalScreen[None]):
    """The keys of the screen it was opened on; `?` or escape closes it."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="keys.close"),
        Binding("down,j", "scroll(1)", "Scroll", show=False),
        Binding("up,k", "scroll(-1)", "Scroll", show=False),
    ]

    DEFAULT_CSS = """
    KeysScreen {
        align: center middle;
    }
    KeysScreen > Vertical {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $panel;
        padding: 0 1;
    }
    KeysScreen VerticalScroll {
        height: auto;
        max-height: 1fr;
    }
    KeysScreen > Vertical {
        border-subtitle-color: $text-muted;
    }
    """

    def __init__(self, screen: Screen, title: str) -> None:
        super().__init__()
        self.groups = key_groups(screen)
        self.title_text = title

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for number, (heading, rows) in enumerate(self.groups):
            if number:
                table.add_row("", "")
            table.add_row(Text(heading, style="bold underline"), "")
            for keys, what in rows:
                table.add_row(Text(keys), Text(what))
        with Vertical() as frame:
            frame.border_title = f"Keys: {self.title_text}"
            frame.border_subtitle = "↑ ↓ scroll · ?, q or esc closes"
            with VerticalScroll(id="keys-list"):
                yield Static(table)

    def on_mount(self) -> None:
        self.query_one("#keys-list").focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#keys-list", VerticalScroll).scroll_relative(y=lines, animate=False)
