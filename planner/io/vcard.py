"""vCard 2.1, 3.0 and 4.0 as phones, Outlook, Gmail and Evolution write them.

vobject gives up on a whole file at cards real phones write (quoted-printable soft line breaks,
base64 photos folded without indentation, a quoted-printable byte that is not UTF-8), and its
text rules for vCard 3.0 cut a 2.1 note at its first comma. So the file is read in three steps,
each of which can only lose the piece it fails on:

1. bytes to lines to cards, here: `BEGIN:VCARD` … `END:VCARD`, each raw line decoded as UTF-8,
   else in the charset its CHARSET parameter names, else Windows-1252;
2. a card's lines to properties with vobject's own tokenizer (`getLogicalLines`: unfolding,
   quoted-printable soft line breaks; `parseLine`: group, name, parameters, value); a card
   vobject cannot unfold, or a line it rejects, is read by a careful line-based reader in this
   module instead. Quoted-printable values are decoded here, in the charset their CHARSET
   parameter names, dropping a byte that charset cannot read (vobject would refuse the value);
3. properties to a person, here, with the escaping rules of the card's own version.
"""

from __future__ import annotations

import binascii
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from vobject.base import getLogicalLines, parseLine

from planner.io.decoding import decode_bytes, decode_line, is_wide, sniff
from planner.io.records import EntryCleaner, Incoming, ParsedFile, Problem

_BYTE_LINES = re.compile(rb"\r*\n|\r+")
_TEXT_LINES = re.compile(r"\r*\n|\r+")
_CHARSET = re.compile(rb";\s*CHARSET\s*=\s*\"?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_FIRST_BEGIN = re.compile(r"[\ufeff\s]*BEGIN:VCARD[ \t]*(?:[\r\n]|$)", re.IGNORECASE)
_BARE_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})


@dataclass(slots=True)
class Property:
    """One logical line of a card: `name` upper case without its group, parameter names upper
    case (vCard 2.1's bare parameters such as `WORK` filed under TYPE, `QUOTED-PRINTABLE` under
    ENCODING), `value` decoded from quoted-printable and its charset, vCard escapes still in."""

    name: str
    params: dict[str, list[str]]
    value: str

    def param(self, key: str) -> str | None:
        values = self.params.get(key)
        return values[0] if values else None


@dataclass(slots=True)
class Card:
    number: int
    lines: list[str] = field(default_factory=list)
    complete: bool = False


def has_vcard(text: str) -> bool:
    """True when the first line that is not blank is `BEGIN:VCARD`."""
    return _FIRST_BEGIN.match(text) is not None


def read_vcards(data: bytes, *, today: date, use_vobject: bool = True) -> ParsedFile:
    """Every card of a vCard file: people as items, cards that could not be read as problems.

    `use_vobject=False` reads every card with the line-based reader alone (the tests compare both).
    """
    parsed = ParsedFile("vcard")
    for card in split_cards(physical_lines(data)):
        parsed.entries += 1
        if not card.complete:
            parsed.problems.append(
                Problem(
                    card.number,
                    "The card has no END:VCARD (the file may be cut off); not imported.",
                    "card",
                )
            )
            continue
        try:
            properties = card_properties(card.lines, use_vobject=use_vobject)
            item = card_to_incoming(properties, card.number, today, parsed.problems)
        except Exception as error:  # noqa: BLE001 - one card must never sink the others
            parsed.problems.append(
                Problem(card.number, f"The card could not be read ({error!r}).", "card")
            )
            continue
        if item is not None:
            parsed.items.append(item)
    return parsed


# -- 1. bytes to cards --------------------------------------------------------------------------


def physical_lines(data: bytes) -> list[str]:
    """The file's lines, each decoded on its own (so one Latin-1 line cannot spoil the file).

    Line ends may be CRLF, LF, CR, or CR CR LF as some iPhone exports have them.
    """
    encoding, skip = sniff(data)
    if is_wide(encoding):
        assert encoding is not None
        return _TEXT_LINES.split(data[skip:].decode(encoding, errors="replace"))
    lines: list[str] = []
    charset: str | None = None
    for raw in _BYTE_LINES.split(data[skip:]):
        if raw[:1] not in (b" ", b"\t"):
            match = _CHARSET.search(raw.split(b":", 1)[0])
            charset = match.group(1).decode("ascii") if match else None
        lines.append(decode_line(raw, charset))
    return lines


def split_cards(lines: Iterable[str]) -> list[Card]:
    """Cards numbered as a person counts them; a card cut off by the end of the file or by the
    next `BEGIN:VCARD` is returned with `complete=False`. A vCard 2.1 `AGENT` card nested in a
    card stays inside it."""
    cards: list[Card] = []
    current: Card | None = None
    depth = 0
    previous = ""
    for line in lines:
        marker = line.strip().upper()
        if marker == "BEGIN:VCARD":
            if current is not None and previous == "AGENT":
                depth += 1
                current.lines.append(line)
            else:
                if current is not None:
                    cards.append(current)
                current = Card(len(cards) + 1)
                depth = 0
            previous = "BEGIN"
            continue
        if current is None:
            continue
        if marker == "END:VCARD":
            if depth:
                depth -= 1
                current.lines.append(line)
                continue
            current.complete = True
            cards.append(current)
            current = None
            continue
        current.lines.append(line)
        if line.strip() and line[:1] not in (" ", "\t"):
            previous = _head_name(line)
    if current is not None:
        cards.append(current)
    return cards


def _head_name(line: str) -> str:
    head = re.split(r"[;:]", line, maxsplit=1)[0]
    return head.rpartition(".")[2].strip().upper()


# -- 2. a card's lines to properties ------------------------------------------------------------


def card_properties(lines: list[str], *, use_vobject: bool = True) -> list[Property]:
    """The card's properties, without those of a nested AGENT card."""
    logical: list[str] | None = None
    if use_vobject:
        try:
            text = "\n".join(lines) + "\n"
            logical = [line for line, _ in getLogicalLines(io.StringIO(text), allowQP=True)]
        except Exception:  # noqa: BLE001 - vobject may fail in any way; read the lines ourselves
            logical = None
    if logical is None:
        logical = logical_lines(lines)
    properties: list[Property] = []
    depth = 0
    for line in logical:
        prop = _vobject_property(line) if use_vobject else None
        if prop is None:
            prop = parse_property(line)
        if prop is None:
            continue
        if prop.name == "BEGIN":
            depth += 1
        elif prop.name == "END":
            depth = max(0, depth - 1)
        elif not depth:
            properties.append(prop)
    return properties


def _vobject_property(line: str) -> Property | None:
    """vobject's tokenizer on one logical line; None where it rejects the line."""
    try:
        name, pairs, value, _group = parseLine(line)
    except Exception:  # noqa: BLE001 - a line vobject rejects is read by parse_property
        return None
    params: dict[str, list[str]] = {}
    for key, *values in pairs:
        if values:
            params.setdefault(str(key).upper(), []).extend(str(each) for each in values)
        else:
            params.setdefault(_bare_key(key), []).append(str(key))
    return _decoded(str(name), params, str(value))


def logical_lines(lines: list[str]) -> list[str]:
    """Unfold a card's lines: a line starting with a space or tab continues the one before
    (the space is dropped); a quoted-printable value ending in `=` continues on the next line
    whatever it starts with; lines of a base64 value may come without indentation; a blank line
    ends a value. Lines with no colon that continue nothing are dropped."""
    logical: list[str] = []
    current: list[str] = []
    quoted_printable = base64 = False

    def flush() -> None:
        if current:
            logical.append("".join(current))
            current.clear()

    for line in lines:
        if not line.strip():
            flush()
            continue
        if current and quoted_printable and current[-1].endswith("="):
            current[-1] = current[-1][:-1]
            current.append(line)
        elif current and line[0] in " \t":
            current.append(line[1:])
        elif current and base64 and ":" not in line:
            current.append(line.strip())
        else:
            flush()
            if ":" in line:
                head = line.split(":", 1)[0].upper()
                quoted_printable = "QUOTED-PRINTABLE" in head
                base64 = "BASE64" in head or "ENCODING=B" in head
                current.append(line)
    flush()
    return logical


def parse_property(line: str) -> Property | None:
    """`[group.]NAME[;PARAM[=VALUE]]*:value`, tolerant of everything real files do; None for a
    line that names no property."""
    head, value = _split_head(line)
    if head is None:
        return None
    parts = _split_outside_quotes(head, ";")
    name = parts[0].strip().rpartition(".")[2]
    if not _NAME.match(name):
        return None
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, equals, text = part.partition("=")
        if equals:
            values = [each.strip().strip('"') for each in _split_outside_quotes(text, ",")]
            params.setdefault(key.strip().upper(), []).extend(values)
        elif part.strip():
            bare = part.strip().strip('"')
            params.setdefault(_bare_key(bare), []).append(bare)
    return _decoded(name, params, value)


def _decoded(name: str, params: dict[str, list[str]], value: str) -> Property:
    if "QUOTED-PRINTABLE" in (each.upper() for each in params.get("ENCODING", ())):
        charsets = params.get("CHARSET")
        value = decode_quoted_printable(value, charsets[0] if charsets else None)
    return Property(name.upper(), params, value)


def decode_quoted_printable(value: str, charset: str | None) -> str:
    """Quoted-printable (soft line breaks included) to text in `charset`, else UTF-8, else
    Windows-1252; a byte the charset cannot read is dropped."""
    data = binascii.a2b_qp(value.encode("utf-8", errors="replace"))
    return decode_bytes(data, charset)


def _bare_key(bare: str) -> str:
    return "ENCODING" if bare.upper() in _BARE_ENCODINGS else "TYPE"


def _split_head(line: str) -> tuple[str | None, str]:
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:index], line[index + 1 :]
    if ":" in line:
        head, _, value = line.partition(":")
        return head, value
    return None, ""


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    if '"' not in text:
        return text.split(separator)
    parts: list[str] = []
    start = 0
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


# -- 3. properties to a person ------------------------------------------------------------------


def card_to_incoming(
    properties: list[Property], number: int, today: date, problems: list[Problem]
) -> Incoming | None:
    """The person a card describes. Name: FN, else given, additional and family name from N,
    else the organisation, else the first email; a card with none of them is a problem."""
    version = next((prop.value.strip() for prop in properties if prop.name == "VERSION"), "3.0")
    text = _Text(version)
    by_name: dict[str, list[Property]] = {}
    for prop in properties:
        by_name.setdefault(prop.name, []).append(prop)

    def values(name: str) -> list[str]:
        return [text.plain(prop.value) for prop in by_name.get(name, ())]

    def first(name: str) -> str:
        return next((value for value in values(name) if value.strip()), "")

    cleaner = EntryCleaner(number, "card", problems)
    organisation = next(
        (parts[0] for prop in by_name.get("ORG", ()) if (parts := text.parts(prop.value))[0]),
        "",
    )
    company = cleaner.text(organisation, "company", "Company")
    emails = cleaner.emails(values("EMAIL"))
    name = cleaner.name(
        first("FN"),
        _name_from_n(text, by_name.get("N", ())),
        company,
        emails[0] if emails else "",
        missing="No name, email or organisation; not imported.",
    )
    if name is None:
        return None
    notes = list(dict.fromkeys(note.strip() for note in values("NOTE") if note.strip()))
    tags = [tag for prop in by_name.get("CATEGORIES", ()) for tag in text.parts(prop.value, ",;")]
    urls = [url.strip() for url in values("URL") if url.strip()]
    profiles = [url.strip() for url in values("X-SOCIALPROFILE") if url.strip()]
    url = next((each for each in urls + profiles if is_linkedin_profile(each)), "")
    return Incoming(
        source=number,
        name=name,
        added=today,
        company=company,
        title=cleaner.text(first("TITLE"), "title", "Title"),
        emails=emails,
        phones=cleaner.phones(_phone(value) for value in values("TEL")),
        tags=cleaner.tags(tags),
        url=cleaner.url(url or (urls[0] if urls else "")),
        notes=cleaner.notes("\n\n".join(notes)),
    )


def _name_from_n(text: _Text, props: Iterable[Property]) -> str:
    for prop in props:
        parts = [" ".join(text.parts(part, ",")) for part in text.raw_parts(prop.value, ";")]
        parts += [""] * (5 - len(parts))
        family, given, additional = parts[0], parts[1], parts[2]
        built = " ".join(part for part in (given, additional, family) if part.strip())
        if built.strip():
            return built
    return ""


def _phone(value: str) -> str:
    """`tel:+1-418-656-9254;ext=102` (vCard 4.0's phone URIs) as `+1-418-656-9254 ext. 102`."""
    text = value.strip()
    if text[:4].lower() != "tel:":
        return text
    number, *params = text[4:].split(";")
    extension = next((param[4:] for param in params if param.lower().startswith("ext=")), "")
    return f"{number} ext. {extension}" if extension else number


def is_linkedin_profile(url: str) -> bool:
    return "linkedin.com/in/" in url.lower() or "linkedin.com/pub/" in url.lower()


class _Text:
    """The escaping rules of one vCard version.

    3.0 and 4.0: `\\n` is a line break and a backslash before any other character stands for
    that character (`\\,` `\\;` `\\\\`, and the `\\:` Apple and Google write in URLs). 2.1 only
    knows `\\;` (writers such as SyncEvolution also write `\\,` and `\\\\`); a backslash before
    anything else is kept as it is.
    """

    def __init__(self, version: str) -> None:
        self.legacy = version.startswith("2")

    def plain(self, value: str) -> str:
        if "\\" not in value:
            return value
        if self.legacy:
            return _LEGACY_ESCAPE.sub(r"\1", value)
        return _ESCAPE.sub(_unescape, value)

    def raw_parts(self, value: str, separators: str) -> list[str]:
        """`value` split at separators that are not escaped, each part still escaped."""
        parts: list[str] = []
        start = index = 0
        while index < len(value):
            char = value[index]
            if char == "\\":
                index += 2
                continue
            if char in separators:
                parts.append(value[start:index])
                start = index + 1
            index += 1
        parts.append(value[start:])
        return parts

    def parts(self, value: str, separators: str = ";") -> list[str]:
        """`value` split at separators that are not escaped, each part unescaped and trimmed."""
        return [self.plain(part).strip() for part in self.raw_parts(value, separators)]


_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_LEGACY_ESCAPE = re.compile(r"\\([;,\\])")


def _unescape(match: re.Match[str]) -> str:
    char = match.group(1)
    return "\n" if char in "nN" else char
