"""The driver of the app in a browser (`planner serve` starts each page's app with it)."""

from __future__ import annotations

from textual import messages
from textual.drivers.web_driver import WebDriver


class BrowserDriver(WebDriver):
    """Textual's web driver, which also ends the app when the server's end of its input
    closes (the server was killed): the app then releases its claim on the database instead
    of holding it, unseen, with no page to show it."""

    def run_input_thread(self) -> None:
        super().run_input_thread()
        if not self.exit_event.is_set():
            self._app.post_message(messages.ExitApp())
