"""Text normalisation shared by every input kind."""
from __future__ import annotations

import re
import unicodedata

import regex

# soft hyphens, zero-width spaces/joiners and BOMs break phrase and snippet matching
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_HAS_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = regex.compile(r"[^\S\n]+")  # any whitespace run but newlines (NBSP, tabs, ...)
# str.split() treats these as whitespace too, unlike the pattern above (and keeps no newline)
_SPLIT_DIFFERS = re.compile("[\n\x1c-\x1f]")
_WORD = regex.compile(r"\w+")


def clean_line(line: str) -> str:
    """NFC, without invisible characters, whitespace collapsed, ends stripped."""
    # runs for every input line: skip the work a line does not need (translate() alone cost
    # more than the rest), and split/join in C, which collapses exactly what _SPACES does
    # except on the characters _SPLIT_DIFFERS catches
    if not line.isascii():
        if _HAS_INVISIBLE.search(line) is not None:
            line = line.translate(_INVISIBLE)
        line = unicodedata.normalize("NFC", line)
    out = " ".join(line.split()) if _SPLIT_DIFFERS.search(line) is None else _SPACES.sub(" ", line).strip()
    # most lines come out unchanged: hand back the input's own string, so the page's text is
    # held once, not twice (the lines and the blocks built from them)
    return line if out == line else out


def words(text: str) -> list[str]:
    """The \\w+ tokens of a text (the corpus metrics tokenise the same way)."""
    return _WORD.findall(text)
