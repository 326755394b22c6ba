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
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _decode(raw, _detect(raw), errors)


def _detect(raw: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:_DETECT_BYTES]).best()
    return best.encoding if best is not None else "utf-8"


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
