"""Text normalisation shared by every input kind."""
from __future__ import annotations

import re
import unicodedata

import regex

# soft hyphens, zero-width spaces/joiners and BOMs break phrase and snippet matching
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS), None)
_HAS_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = regex.compile(r"[^\S\n]+")  # any whitespace run but newlines (NBSP, tabs, ...)
# str.split() treats these as whitespace too, unlike the pattern above (and keeps no newline)
_SPLIT_DIFFERS = re.compile("[\n\x1c-\x1f]")
_WORD = regex.compile(r"\w+")
# what str.split() splits on (str.isspace()) but " " and "\n", ASCII first
_ODD_SPACES = "\t\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
    "\u2028\u2029\u202f\u205f\u3000"
# clean_line treats these apart (see _SPLIT_DIFFERS): a page holding one is cleaned line by line
_PAGE_DIFFERS = "\x1c\x1d\x1e\x1f"


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


def clean_lines(lines: list[str]) -> tuple[list[str], str]:
    """[clean_line(x) for x in lines], and those lines joined by newlines, for a whole page.

    The page is cleaned as one string, and whitespace line by line only where it needs it
    (most lines hold single spaces only): little Python work per line. NFC and the removal of
    invisible characters never reach across a newline (a starter that composes with nothing),
    so one pass over the page gives each line what a pass over the line gives. Unchanged
    lines are handed back as the input's own strings (see clean_line). The page is searched
    for each character apart (`in`: ~10x faster than the stdlib engine's character class).
    """
    text = "\n".join(lines)
    if text.count("\n") != len(lines) - 1 or any(c in text for c in _PAGE_DIFFERS):
        cleaned = [clean_line(line) for line in lines]  # a line holds a newline (not split)
        return cleaned, "\n".join(cleaned)
    changed = False
    ascii_only = text.isascii()
    if not ascii_only:
        for c in _INVISIBLE_CHARS:  # translate() looks up every character of a non-ASCII page
            if c in text:
                text = text.replace(c, "")
                changed = True
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
            changed = True
    dirty = _untidy_lines(text, _ODD_SPACES[:4] if ascii_only else _ODD_SPACES)
    if not changed and not dirty:
        return list(lines), text
    cleaned = text.split("\n") if changed else list(lines)
    for i in dirty:
        cleaned[i] = " ".join(cleaned[i].split())
    if changed:
        cleaned = [a if a == b else b for a, b in zip(lines, cleaned)]
    return cleaned, "\n".join(cleaned)


def _untidy_lines(text: str, odd_spaces: str) -> list[int]:
    """The lines of `text` whose whitespace clean_line changes: a run of spaces, a space at
    either end, or other whitespace (of `odd_spaces`: tabs, NBSP...)."""
    spots = [i for needle in ("  ", " \n", *odd_spaces) if needle in text for i in _find_all(text, needle)]
    spots += [i + 1 for i in _find_all(text, "\n ")]
    if text.startswith(" "):
        spots.append(0)
    if text.endswith(" "):
        spots.append(len(text) - 1)
    if not spots:
        return []
    spots.sort()
    out: list[int] = []
    line = pos = 0
    for at in spots:
        line += text.count("\n", pos, at)
        pos = at
        if not out or out[-1] != line:
            out.append(line)
    return out


def _find_all(text: str, needle: str) -> list[int]:
    out = []
    at = text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def ascii_spellings(text: str) -> frozenset[str]:
    """`text` and its ASCII spellings, as an address or a url slug writes it: "für" -> {"für",
    "fuer", "fur"}, "Liberté" -> {"Liberté", "Liberte"} (umlauts spelt out, accents dropped)."""
    out = {text, text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")}
    if not text.isascii():
        out.add("".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)))
    return frozenset(out)
