"""Finding people as they are typed: without case or accents, and forgiving typos.

A `Finder` keeps each person's text (name, company, tags: the caller says which) folded as the
import folds it, so that `muller` finds Müller and `ZOE` finds Zoë:

- each typed word is looked for inside the folded texts, as typed;
- a typed word of four letters or more that is inside nobody's text is taken for a typo and
  matched against the words people have by `rapidfuzz` (one letter wrong, missing, extra, or
  two swapped; two letters for words of eight or more): `mulelr` finds Müller;
- a person matches when every typed word matches.

The finder is updated with the current people (by id) before each question and works out
again only those that changed, so a keystroke stays quick at 30,000 contacts (`benchmarks/app.py`).
`contacts list --search` does not come here: it stays an exact match of the folded text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from planner.domain.model import Contact
from planner.domain.text import fold

T = TypeVar("T")

#: Typed words shorter than this are matched as typed only (three letters have too many
#: neighbours to guess which one was meant).
TYPO_FROM = 4
#: Typed words this long or longer may have two letters wrong, shorter ones one.
TWO_TYPOS_FROM = 8


def typo_cutoff(length: int) -> float:
    """The lowest `rapidfuzz` score that still reads as a typo of a word of `length` letters:
    one letter replaced costs two of the 2 * length letters compared (two from eight on)."""
    typos = 2 if length >= TWO_TYPOS_FROM else 1
    return 100.0 * (1 - typos / length) - 0.01


def _everyone(item: object) -> bool:
    return True


class Finder(Generic[T]):
    """People (or anything with an id and a text) found by what is typed."""

    def __init__(self, key: Callable[[T], int], text: Callable[[T], str]) -> None:
        self._key = key
        self._text = text
        #: id -> (the item, its text, folded)
        self._items: dict[int, tuple[T, str, str]] = {}
        #: (folded text, id) in order, for the ranked answers; worked out when first needed.
        self._ordered: list[tuple[str, int]] | None = None
        self._texts: list[str] = []
        self._joined = ""
        self._starts: list[int] = []
        #: word -> ids of those who have it, for typos; worked out at the first typo, then
        #: kept up to date.
        self._holders: dict[str, set[int]] | None = None
        self._vocabulary: list[str] | None = None

    def __len__(self) -> int:
        return len(self._items)

    def update(self, items: Mapping[int, T]) -> Finder[T]:
        """Take the current items (by id); only those that are not the very objects seen
        last time are folded again."""
        known = self._items
        text = self._text
        changed = False
        for ident, item in items.items():
            before = known.get(ident)
            if before is not None and before[0] is item:
                continue
            raw = text(item)
            if before is not None and before[1] == raw:
                known[ident] = (item, raw, before[2])
                continue
            folded = fold(raw)
            if before is not None:
                self._unhold(ident, before[2])
            self._hold(ident, folded)
            known[ident] = (item, raw, folded)
            changed = True
        if len(items) != len(known):
            for ident in known.keys() - items.keys():
                self._unhold(ident, known.pop(ident)[2])
            changed = True
        if changed:
            self._ordered = None
        return self

    def prepare(self) -> None:
        """Work out ahead what the first ranked answer and the first typo would need."""
        self._order()
        self._word_holders()

    # ------------------------------------------------------------------ questions

    def matching(self, query: str) -> set[int] | None:
        """The ids of everyone matching every word of `query`; None when nothing is typed."""
        words = list(dict.fromkeys(fold(query).split()))
        if not words:
            return None
        ordered = self._order()
        found: set[int] | None = None
        for typed in words:
            if self._anywhere(typed):
                hits = {ordered[index][1] for index in self._holding(typed)}
            else:
                hits = self._typo_hits(typed)
            found = hits if found is None else found & hits
            if not found:
                return set()
        return found

    def ranked(self, query: str, limit: int, *, keep: Callable[[T], bool] = _everyone) -> list[T]:
        """The best `limit` matches for `query`: those whose text starts with the first typed
        word, then those holding every word as typed, then typos, closest first; ties in the
        order of their text."""
        words = list(dict.fromkeys(fold(query).split()))
        if not words:
            return []
        items = self._items
        first, rest = words[0], words[1:]
        ordered = self._order()
        texts = self._texts
        found: list[T] = []
        # Texts starting with the first word sit together in the order: go straight there.
        for index in range(bisect_left(texts, first), len(texts)):
            folded = texts[index]
            if not folded.startswith(first):
                break
            item = items[ordered[index][1]][0]
            if all(typed in folded for typed in rest) and keep(item):
                found.append(item)
                if len(found) == limit:
                    return found
        for index in self._holding(first):
            folded = texts[index]
            item = items[ordered[index][1]][0]
            if not folded.startswith(first) and all(typed in folded for typed in rest):
                if keep(item):
                    found.append(item)
                    if len(found) == limit:
                        return found
        found += self._closest(words, limit - len(found), keep, {self._key(f) for f in found})
        return found

    def same_name(
        self, name: str, name_of: Callable[[T], str], *, keep: Callable[[T], bool] = _everyone
    ) -> list[T]:
        """Everyone whose name (`name_of`), folded, is `name` folded: `ana  MULLER` finds
        Ana Müller. The text the finder keeps must start with the name."""
        folded = fold(name)
        if not folded:
            return []
        ordered = self._order()
        texts = self._texts
        found = []
        for index in range(bisect_left(texts, folded), len(texts)):
            text = texts[index]
            if not text.startswith(folded):
                break
            item = self._items[ordered[index][1]][0]
            if fold(name_of(item)) == folded and keep(item):
                found.append(item)
        return sorted(found, key=self._key)

    # ------------------------------------------------------------------ inside

    def _order(self) -> list[tuple[str, int]]:
        if self._ordered is None:
            self._ordered = sorted((entry[2], ident) for ident, entry in self._items.items())
            self._texts = [folded for folded, _ in self._ordered]
            # All texts in one string, one a line, and where each starts: a typed word (no
            # white space in it) is then looked for by one search in C, not one per person.
            self._joined = "\n".join(self._texts)
            self._starts = []
            at = 0
            for text in self._texts:
                self._starts.append(at)
                at += len(text) + 1
        return self._ordered

    def _holding(self, typed: str) -> list[int]:
        """The places (in the order) of the texts that hold `typed`."""
        self._order()
        joined, starts, texts = self._joined, self._starts, self._texts
        if joined.count(typed) > len(texts) // 8:  # most people: quicker to ask each
            return [index for index, text in enumerate(texts) if typed in text]
        found = []
        at = joined.find(typed)
        while at != -1:
            index = bisect_right(starts, at) - 1
            found.append(index)
            if index + 1 == len(starts):
                break
            at = joined.find(typed, starts[index + 1])
        return found

    def _word_holders(self) -> dict[str, set[int]]:
        if self._holders is None:
            holders: dict[str, set[int]] = {}
            for ident, entry in self._items.items():
                for word in entry[2].split():
                    holders.setdefault(word, set()).add(ident)
            self._holders = holders
            self._vocabulary = None
        return self._holders

    def _hold(self, ident: int, folded: str) -> None:
        if self._holders is not None:
            for word in folded.split():
                if word not in self._holders:
                    self._vocabulary = None
                self._holders.setdefault(word, set()).add(ident)

    def _unhold(self, ident: int, folded: str) -> None:
        if self._holders is not None:
            for word in folded.split():
                holders = self._holders.get(word)
                if holders is not None:
                    holders.discard(ident)
                    if not holders:
                        del self._holders[word]
                        self._vocabulary = None

    def _anywhere(self, typed: str) -> bool:
        self._order()
        return typed in self._joined

    def _typos(self, typed: str) -> dict[str, float]:
        """The words people have that `typed` (in nobody's text as typed) is a typo of, each
        with how close it is (`rapidfuzz`'s partial ratio, 0 to 100)."""
        if len(typed) < TYPO_FROM:
            return {}
        from rapidfuzz import fuzz, process  # loaded at the first typo, not at start-up

        holders = self._word_holders()
        if self._vocabulary is None:
            self._vocabulary = [word for word in holders if not word.isdigit()]
        # Numbers (a house number in a company's name) are no typo of a word of letters.
        vocabulary = list(holders) if any(char.isdigit() for char in typed) else self._vocabulary
        found = process.extract(
            typed,
            vocabulary,
            scorer=fuzz.partial_ratio,
            score_cutoff=typo_cutoff(len(typed)),
            limit=None,
        )
        # A word much shorter than what was typed is not what was meant ("mul" is inside
        # "mulelr", which partial matching would count as a perfect match).
        return {word: score for word, score, _ in found if len(word) >= len(typed) - 1}

    def _typo_hits(self, typed: str) -> set[int]:
        holders = self._word_holders()
        return set().union(*(holders[word] for word in self._typos(typed)))

    def _closest(
        self, words: list[str], limit: int, keep: Callable[[T], bool], taken: set[int]
    ) -> list[T]:
        """Up to `limit` more matches where some typed words are typos, closest first."""
        scores: list[dict[str, float]] = []
        holders = self._word_holders()
        for typed in words:
            if self._anywhere(typed):
                scores.append({word: 100.0 for word in holders if typed in word})
            else:
                scores.append(self._typos(typed))
        candidates: set[int] | None = None
        for score in scores:
            ids: set[int] = set().union(*(holders[word] for word in score))
            candidates = ids if candidates is None else candidates & ids
        ranked = []
        items = self._items
        for ident in (candidates or set()) - taken:
            item, _, folded = items[ident]
            if keep(item):
                own = folded.split()
                closeness = sum(max(score.get(word, 0.0) for word in own) for score in scores)
                ranked.append((-closeness, folded, ident))
        ranked.sort()
        return [items[ident][0] for *_, ident in ranked[:limit]]


def contact_text(contact: Contact) -> str:
    """What the contacts screen's filter and the contact picker look in: name, company, tags."""
    return " ".join((contact.name, contact.company, *contact.tags))


def contact_name(contact: Contact) -> str:
    """What the heat map's filter looks in."""
    return contact.name


def contact_finder(text: Callable[[Contact], str] = contact_text) -> Finder[Contact]:
    """A finder over contacts (fill it with `update(store.contacts)`)."""
    return Finder(_contact_id, text)


def _contact_id(contact: Contact) -> int:
    return contact.id
