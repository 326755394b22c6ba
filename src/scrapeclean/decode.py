"""Turn whatever the caller passed into text: bytes by BOM, UTF-8, then charset detection."""
from __future__ import annotations

import codecs
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
    wide = _bomless_wide(raw)
    if wide is not None:
        return _decode(raw, wide, errors)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _decode(raw, _detect(raw), errors)


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
