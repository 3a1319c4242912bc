"""Finding people as they are typed: no case, no accents, typos forgiven, at any size."""

from __future__ import annotations

from datetime import date

from planner import service
from planner.domain.model import Contact
from planner.service.search import typo_cutoff

ADDED = date(2026, 1, 5)


def person(ident: int, name: str, company: str = "", **changes: object) -> Contact:
    made = Contact(id=ident, name=name, added=ADDED, company=company)
    return made.but(**changes) if changes else made


NETWORK = [
    person(1, "Ana Müller", "Northwind"),
    person(2, "Ben Müller", "Contoso", tags=("golf",)),
    person(3, "John Smith", "Fabrikam"),
    person(4, "Zoë Ørsted", "Initech"),
    person(5, "Mark Mulligan", "Globex", archived=True),
    person(6, "Maria Murphy", "Hooli"),
]


def names(found: list[Contact]) -> list[str]:
    return [contact.name for contact in found]


def by_id(contacts: list[Contact]) -> dict[int, Contact]:
    return {contact.id: contact for contact in contacts}


def finder() -> service.Finder[Contact]:
    return service.contact_finder().update(by_id(NETWORK))


def test_case_and_accents_do_not_matter():
    found = finder()
    assert found.matching("muller") == {1, 2}
    assert found.matching("MÜLLER") == {1, 2}
    assert found.matching("zoe orsted") == {4}
    assert found.matching("ZOË") == {4}


def test_every_word_must_match_name_company_or_tag():
    found = finder()
    assert found.matching("ana muller") == {1}
    assert found.matching("muller golf") == {2}
    assert found.matching("north") == {1}
    assert found.matching("ana golf") == set()
    assert found.matching("   ") is None


def test_a_typo_finds_the_nearest_names():
    found = finder()
    assert found.matching("mulelr") == {1, 2}  # two letters swapped
    assert found.matching("smiht") == {3}
    assert found.matching("jhon") == {3}
    assert found.matching("mullerr") == {1, 2}  # one letter too many
    assert found.matching("fabrkam") == {3}  # one letter missing


def test_a_word_found_as_typed_is_not_read_as_a_typo():
    # "mark" is in Mark Mulligan's name: Maria, one letter away, is not offered as well.
    assert finder().matching("mark") == {5}


def test_short_words_and_far_ones_find_nobody():
    found = finder()
    assert found.matching("xyz") == set()
    assert found.matching("qwertyuiop") == set()
    # "mul" is inside "mulelr", but a name much shorter than the typed word is not a typo.
    assert finder().update(by_id([person(9, "Li Mul")])).matching("mulelrxx") == set()


def test_typo_allowance_grows_with_the_word():
    assert typo_cutoff(4) < 75 < typo_cutoff(5)
    assert typo_cutoff(8) < 75 < typo_cutoff(7)


def test_ranked_puts_names_starting_with_the_word_first_then_typos():
    found = finder()
    assert names(found.ranked("mu", 6)) == [
        "Ana Müller",
        "Ben Müller",
        "Maria Murphy",
        "Mark Mulligan",
    ]
    assert names(found.ranked("m", 2)) == ["Maria Murphy", "Mark Mulligan"]
    assert names(found.ranked("muller", 6, keep=lambda c: not c.archived)) == [
        "Ana Müller",
        "Ben Müller",
    ]
    assert names(found.ranked("jhon smith", 6)) == ["John Smith"]


def test_update_follows_changes_and_removals():
    found = finder()
    renamed = NETWORK[0].but(name="Ana Schmidt")
    found.update(by_id([renamed, *NETWORK[1:]]))
    assert found.matching("muller") == {2}
    assert found.matching("schmidt") == {1}
    found.update(by_id(NETWORK[2:]))
    assert found.matching("schmidt") == set() and len(found) == 4


def test_same_name_finds_namesakes_whatever_the_spelling():
    found = service.contact_finder(service.contact_text).update(by_id(NETWORK))
    same = found.same_name("ana  MULLER", lambda contact: contact.name)
    assert names(same) == ["Ana Müller"]
    assert found.same_name("ana", lambda contact: contact.name) == []
    assert found.same_name("", lambda contact: contact.name) == []


def test_list_search_is_folded_and_exact():
    assert names(service.search_contacts(NETWORK, text="muller")) == ["Ana Müller", "Ben Müller"]
    assert names(service.search_contacts(NETWORK, text="ZOE")) == ["Zoë Ørsted"]
    assert service.search_contacts(NETWORK, text="mulelr") == []  # scripts get what they typed
    assert names(service.search_contacts(NETWORK, text="ana   müller")) == ["Ana Müller"]
