"""Text normalisation shared by every input kind."""
from __future__ import annotations

import unicodedata

import regex

# soft hyphens, zero-width spaces/joiners and BOMs break phrase and snippet matching
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = regex.compile(r"[^\S\n]+")  # any whitespace run but newlines (NBSP, tabs, ...)
_WORD = regex.compile(r"\w+")


def clean_line(line: str) -> str:
    """NFC, without invisible characters, whitespace collapsed, ends stripped."""
    line = line.translate(_INVISIBLE)
    if not line.isascii():
        line = unicodedata.normalize("NFC", line)
    return _SPACES.sub(" ", line).strip()


def words(text: str) -> list[str]:
    """The \\w+ tokens of a text (the corpus metrics tokenise the same way)."""
    return _WORD.findall(text)
