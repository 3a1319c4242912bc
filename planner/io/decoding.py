"""Bytes to text the way real exports need it: byte-order marks, UTF-16, and old Windows files.

Google exports UTF-16 as well as UTF-8 (with or without a byte-order mark); a CSV saved by a
spreadsheet on Windows is often Windows-1252; vCard 2.1 names a charset per property. Nothing here
raises: text that fits no encoding is read as Windows-1252 with replacement characters.
"""

from __future__ import annotations

import codecs

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
FALLBACK = "cp1252"


def sniff(data: bytes) -> tuple[str | None, int]:
    """The encoding a byte-order mark or the pattern of zero bytes gives away, and the BOM size.

    `(None, 0)` when neither says anything: the caller tries UTF-8, then Windows-1252.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    head = data[:2000]
    if len(head) >= 4 and head.count(0) * 4 >= len(head):
        even = head[0::2].count(0)
        odd = head[1::2].count(0)
        if odd > even * 4:
            return "utf-16-le", 0
        if even > odd * 4:
            return "utf-16-be", 0
    return None, 0


def is_wide(encoding: str | None) -> bool:
    """True for UTF-16 and UTF-32, which cannot be split into lines as bytes."""
    return encoding is not None and encoding.startswith(("utf-16", "utf-32"))


def decode_text(data: bytes) -> str:
    """The whole file as text: BOM or zero-byte pattern first, then UTF-8, then Windows-1252."""
    encoding, skip = sniff(data)
    body = data[skip:]
    if encoding is not None and encoding != "utf-8":
        return body.decode(encoding, errors="replace")
    return decode_bytes(body)


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """One piece of text: in `charset` when it is named and known, else UTF-8, else cp1252.

    A named charset that does not fit the bytes drops what it cannot read rather than turning
    the whole value into mojibake.
    """
    codec = _codec(charset)
    if codec is not None and codec != "utf-8":
        try:
            return data.decode(codec, errors="replace")
        except LookupError:  # a codec that is not a text encoding, such as "hex"
            codec = None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if codec == "utf-8":
            return data.decode("utf-8", errors="ignore")
    return data.decode(FALLBACK, errors="replace")


def _codec(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip('"')).name
    except (LookupError, ValueError):
        return None


def decode_line(data: bytes, charset: str | None = None) -> str:
    """One raw line of a vCard: UTF-8 when it is valid UTF-8 (whatever the CHARSET parameter
    claims, since tools re-encode files and keep the parameter), else the named charset, else
    Windows-1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    codec = _codec(charset)
    if codec is not None and codec != "utf-8":
        try:
            return data.decode(codec, errors="replace")
        except LookupError:
            pass
    return data.decode(FALLBACK, errors="replace")
