"""A line of text that says as much as its width allows.

The owner hands it versions of the line, the fullest first (`Prospecting 0 % of 40 %   ·
Touches 0 of 20 done   ·   Referral asks 0 of 2   ·   Goals met 1 of 6`, then the same with
narrow separators, then without the referral asks); the line shows the first that fits its
width, and picks again when the terminal is resized. If none fits, the last one is cut with
an ellipsis.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class FitLine(Widget):
    """One line: the first of its versions that fits."""

    DEFAULT_CSS = """
    FitLine {
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.versions: tuple[Text, ...] = (Text(),)

    def show(self, *versions: Text | str) -> None:
        """Show the first of `versions` (fullest first) that fits the width."""
        self.versions = tuple(
            version if isinstance(version, Text) else Text(version) for version in versions
        ) or (Text(),)
        self.refresh()

    def chosen(self, width: int) -> Text:
        """The version shown in `width` cells."""
        for version in self.versions:
            if version.cell_len <= width:
                return version
        return self.versions[-1]

    def render(self) -> Text:
        line = self.chosen(self.content_size.width).copy()
        line.no_wrap, line.overflow = True, "ellipsis"
        return line
