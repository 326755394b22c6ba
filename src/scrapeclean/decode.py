"""Turn whatever the caller passed into text: bytes by BOM, declared charset, UTF-8, detection.

For HTML bytes the charset the page declares (`<meta charset>`, `http-equiv` Content-Type or an
XML declaration, in the first 4 KB) is read like a browser reads it (WHATWG labels: iso-8859-1
means windows-1252, gb2312 means GB18030); a declaration that lies falls back: bytes declared
as a legacy single-byte charset that are valid UTF-8 with non-ASCII characters are UTF-8, and
bytes that mostly fail to decode as the declared multi-byte charset go to UTF-8 / detection.
"""
from __future__ import annotations

import codecs
import re
from typing import Literal

from .errors import DecodeError, InputTypeError

Errors = Literal["replace", "strict"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# charset detection reads a prefix only: enough to decide, and bounded in time on 100 MB input
_DETECT_BYTES = 64 * 1024
# a page declares its charset near the top (the HTML spec's prescan reads 1024 bytes; be lenient)
_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta\b[^>]{0,500}?charset\s{0,5}=\s{0,5}["']?\s{0,5}([A-Za-z0-9_.:\-]{1,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^\s{0,100}<\?xml\b[^>]{0,200}?encoding\s{0,5}=\s{0,5}["']([A-Za-z0-9_.:\-]{1,40})""", re.I)
# WHATWG Encoding Standard readings of common labels that Python reads differently
_WHATWG = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "iso_8859-1": "cp1252", "latin1": "cp1252",
    "latin-1": "cp1252", "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "ansi_x3.4-1968": "cp1252", "iso-8859-9": "cp1254", "latin5": "cp1254", "iso-8859-11": "cp874",
    "tis-620": "cp874", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "utf-16": "utf-8", "utf-16le": "utf-8",
    "utf-16be": "utf-8", "unicode": "utf-8", "utf8": "utf-8", "x-sjis": "shift_jis",
    "sjis": "shift_jis", "shift-jis": "shift_jis", "big5": "big5hkscs", "x-user-defined": "cp1252",
}
# a declared multi-byte charset is believed if at most this share of the text (or 3 characters)
# fails to decode: a stray bad byte is a broken page, many are a declaration that lies
_MAX_BAD_SHARE = 0.005


def to_text(raw: object, *, errors: Errors = "replace", declared: str | None = None) -> str:
    """Return `raw` as str; bytes are decoded by BOM, `declared`, UTF-8, then detection."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, (bytearray, memoryview)):
        raw = bytes(raw)
    if not isinstance(raw, bytes):
        raise InputTypeError(
            f"clean() takes str or bytes (also bytearray, memoryview), not {type(raw).__name__}"
        )
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return _decode(raw[len(bom):], enc, errors)
    if declared:
        try:
            return raw.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a declared charset that lies: fall through to detection
    page_charset = sniff_charset(raw)
    if page_charset is not None:
        text = _decode_declared(raw, page_charset, errors)
        if text is not None:
            return text
    wide = _bomless_wide(raw)
    if wide is not None:
        return _decode(raw, wide, errors)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _decode(raw, _detect(raw), errors)


def sniff_charset(raw: bytes) -> str | None:
    """The Python codec of the charset an HTML/XML page declares in its first 4 KB, or None."""
    head = raw[:_SNIFF_BYTES]
    if b"<" not in head:
        return None
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if m is None:
        return None
    label = m.group(1).decode("ascii", "replace").strip().lower()
    codec = _WHATWG.get(label, label)
    try:
        return codecs.lookup(codec).name
    except LookupError:
        return None


def _decode_declared(raw: bytes, codec: str, errors: Errors) -> str | None:
    """Decode with the page's declared charset, or None where the declaration lies."""
    single_byte = codec.startswith(("cp12", "iso8859", "koi8", "mac-", "cp8", "cp4", "latin", "windows"))
    if single_byte or codec == "utf-8":
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None:
            return text  # valid UTF-8 (with non-ASCII bytes, or plain ASCII): UTF-8 it is
        if single_byte:
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:  # bytes undefined in the charset (0x81 in cp1252)
                return None if errors == "strict" else raw.decode(codec, errors="replace")
    else:
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            pass
    if errors == "strict":
        return None
    text = raw.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    return text if bad <= max(3, _MAX_BAD_SHARE * len(text)) else None


def _bomless_wide(raw: bytes) -> str | None:
    """UTF-16/UTF-32 without a BOM, told by its NUL bytes, or None.

    Text in these encodings has a NUL in the high byte of every ASCII character (spaces,
    digits, punctuation), so NULs crowd on one side; and Cyrillic or Greek UTF-16 is valid
    UTF-8 byte for byte (every byte < 0x80), so this runs before UTF-8 is tried.
    """
    head = raw[:4096]
    n = len(head) - len(head) % 4
    if n < 8 or head.count(0, 0, n) < n // 40:
        return None
    zeros = [head[i:n:4].count(0) for i in range(4)]
    quarter = n // 4
    if zeros[3] == quarter and zeros[2] >= 0.9 * quarter and zeros[0] < quarter:
        enc = "utf-32-le"
    elif zeros[0] == quarter and zeros[1] >= 0.9 * quarter and zeros[3] < quarter:
        enc = "utf-32-be"
    else:
        even, odd = zeros[0] + zeros[2], zeros[1] + zeros[3]
        if max(even, odd) < 0.05 * (n // 2) or min(even, odd) > 0.2 * max(even, odd):
            return None  # no NUL side: binary, or text with stray NULs
        enc = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = head[:n].decode(enc)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for c in text if c < " " and c not in "\t\n\r\x0b\x0c")
    return enc if controls <= 0.01 * len(text) else None


def _detect(raw: bytes) -> str:
    from charset_normalizer import from_bytes

    results = from_bytes(raw[:_DETECT_BYTES])
    best = results.best()
    if best is None:
        return "utf-8"
    # equally good readings: take the web's usual one (French Latin-1 reads as well in cp1250,
    # where è becomes č, and charset_normalizer may list cp1250 first)
    tied = {m.encoding for m in results if m.chaos == best.chaos and m.coherence == best.coherence}
    return "cp1252" if "cp1252" in tied else best.encoding


def _decode(raw: bytes, encoding: str, errors: Errors) -> str:
    try:
        return raw.decode(encoding, errors="strict")
    except (UnicodeDecodeError, LookupError) as exc:
        if errors == "strict":
            raise DecodeError(f"input bytes are not valid {encoding}: {exc}") from exc
        return raw.decode(encoding if _known(encoding) else "utf-8", errors="replace")


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True
