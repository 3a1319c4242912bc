"""The network as the filters and the contact picker find it, kept for the whole session.

Folding 30,000 names takes longer than a keystroke may, so the app does it once, in a thread,
when the network has been read; after that each question updates the finder with the few
contacts that changed (see `planner.service.search`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from planner import service
from planner.domain.model import Contact

if TYPE_CHECKING:
    from planner.ui.app import PlannerApp

Text = Callable[[Contact], str]


class Finders:
    """One finder per kind of text: name, company and tags (the contacts filter and the
    picker), or the name alone (the heat map's filter)."""

    KINDS: tuple[Text, ...] = (service.contact_text, service.contact_name)

    def __init__(self, app: PlannerApp) -> None:
        self._app = app
        self._kept: dict[Text, service.Finder[Contact]] = {}
        #: The data version and number of contacts each finder was last brought up to date
        #: with: while neither moves, the contacts are the same.
        self._seen: dict[Text, tuple[int, int]] = {}

    def get(self, text: Text = service.contact_text) -> service.Finder[Contact]:
        """The finder for `text`, up to date with the store."""
        finder = self._kept.get(text)
        if finder is None:
            finder = self._kept[text] = service.contact_finder(text)
        contacts = self._app.store.contacts
        now = (self._app.data_version, len(contacts))
        if self._seen.get(text) != now:
            finder.update(contacts)
            self._seen[text] = now
        return finder

    async def warm(self) -> None:
        """Build the finders not built yet in a thread (from a copy of the list of contacts:
        the store is read on this thread only) and keep them, unless a keystroke was quicker."""
        contacts = dict(self._app.store.contacts)
        for text in self.KINDS:
            if text in self._kept:
                continue
            finder = service.contact_finder(text)

            def build(finder: service.Finder[Contact] = finder) -> None:
                finder.update(contacts)
                finder.prepare()

            await asyncio.to_thread(build)
            if text not in self._kept:
                self._kept[text] = finder
                self._seen.pop(text, None)  # brought up to date with the store at first use
