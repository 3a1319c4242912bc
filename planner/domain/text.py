"""Text as people compare it: without case, accents or extra spaces.

The import's matching (`planner.io.merge`), every search and the check for a contact who is
already known all fold text the same way, so that what one finds the others find too.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def fold(text: str) -> str:
    """`text` for comparing: no accents, no case, single spaces (`Ana  MÜLLER` -> `ana muller`)."""
    folded = text.casefold()
    if folded.isascii():
        return " ".join(folded.split())
    return " ".join(map(_fold_word, folded.split()))


@lru_cache(maxsize=65_536)
def _fold_word(word: str) -> str:
    """One word without its accents; cached, since names repeat their words a lot."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def count(number: int, noun: str, plural: str | None = None) -> str:
    """`number` and its noun, in the plural unless there is one: `1 touch`, `1,204 touches`.
    `plural`: where adding "s" (or "es" after ch, sh, s or x) is wrong."""
    if number == 1:
        return f"1 {noun}"
    if plural is None:
        plural = noun + ("es" if noun.endswith(("ch", "sh", "s", "x")) else "s")
    return f"{number:,} {plural}"
