"""Counts in messages read as sentences: one touch, two touches."""

import pytest

from planner.domain.text import count


@pytest.mark.parametrize(
    ("number", "noun", "expected"),
    [
        (1, "touch", "1 touch"),
        (0, "touch", "0 touches"),
        (27, "touch", "27 touches"),
        (1, "referral", "1 referral"),
        (2, "referral", "2 referrals"),
        (1_204, "new contact", "1,204 new contacts"),
        (3, "box", "3 boxes"),
    ],
)
def test_count_says_the_noun_in_the_right_number(number: int, noun: str, expected: str) -> None:
    assert count(number, noun) == expected


def test_an_irregular_plural_is_given() -> None:
    assert count(2, "person", "people") == "2 people"
    assert count(1, "person", "people") == "1 person"
