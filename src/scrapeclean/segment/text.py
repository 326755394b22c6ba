"""Plain page text (browser innerText, BeautifulSoup get_text()) -> blocks.

innerText puts each block element on its own line; get_text("\\n") also breaks a paragraph
at every inline element, so "as long as a\\nVW Atlas\\nSUV. However" must be joined again
before the paragraph can be judged as a whole.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import regex

from ..document import Block, BlockKind
from ..normalize import clean_line

_NEWLINES = regex.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# whether a text holds any of them: the stdlib engine scans a page for one character class
# ~10x faster than `regex` substitutes, and most pages only use "\n"
_HAS_NEWLINE = re.compile(r"[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_BULLET = regex.compile(r"^(?:[•·▪▸►◦‣\-–—*+]|\d{1,3}[.)])\s")
# a line can only be a list item if it starts with one of these or a (possibly non-ASCII) digit
_BULLET_FIRST = frozenset("•·▪▸►◦‣-–—*+")
# a line ends a sentence; the next one may start a new block
_TERMINAL = regex.compile(r"[.!?…:;\"”»'’)\]]$")
# the line before ends mid-sentence: a letter, a digit or a comma. Both patterns are
# anchored at the end and match one character, so they are run on the last two characters
# of a line only ($ also matches before a final newline): same answer, no scan of the line
_OPEN_END = regex.compile(r"[\p{L}\p{N},\-–(]$")
# the line after continues a sentence: a lower-case letter or trailing punctuation
_CONTINUES = regex.compile(r"^(?:\p{Ll}|[,.;:!?)\]}’”»%])")
_WORDS = regex.compile(r"\w+")

# A document is fragmented (get_text style) when it has at least this many mid-sentence breaks
# making this share of its adjacent line pairs (dev corpus: innerText median share 0.01, get_text
# 0.13), or when few of its lines touch another (get_text puts blank lines around most elements:
# median 0.28 of lines are followed by another, innerText 0.75). With both rules 447 of 557
# get_text pages and 78 of 557 innerText pages count as fragmented.
_FRAGMENTED_MIN_BREAKS = 3
_FRAGMENTED_MIN_SHARE = 0.1
_FRAGMENTED_MAX_ADJACENT = 0.35


def split_lines(text: str) -> list[str]:
    """Split on every kind of line break (CRLF, CR, Unicode separators)."""
    if _HAS_NEWLINE.search(text) is None:
        return text.split("\n")
    return _NEWLINES.sub("\n", text).split("\n")


@dataclass(slots=True)
class _Run:
    start: int
    end: int
    parts: list[str]
    kind: BlockKind


def segment_text(lines: list[str]) -> list[Block]:
    cleaned = [clean_line(line) for line in lines]
    join = _joiner(cleaned)
    runs: list[_Run] = []
    prev_blank = True
    for i, (raw, line) in enumerate(zip(lines, cleaned)):
        if not line:
            prev_blank = True
            continue
        kind = _line_kind(raw, line)
        last = runs[-1] if runs else None
        if (not prev_blank and last is not None and kind == "paragraph"
                and last.kind == "paragraph" and join(last.parts[-1], line)):
            last.parts.append(line)
            last.end = i + 1
        else:
            runs.append(_Run(i, i + 1, [line], kind))
        prev_blank = False
    lengths = list(map(len, cleaned))
    if sum(map(lengths.count, range(1, _TINY_CHARS + 1))) >= _TINY_STREAK:  # else no streak can be long enough
        runs = _collapse_tiny(runs)
    return [Block(index=n, text=_join_parts(r.parts) if r.kind != "tiny" else "\n".join(r.parts),
                  kind="paragraph" if r.kind == "tiny" else r.kind, start=r.start, end=r.end)
            for n, r in enumerate(runs)]


# A long streak of one- or two-character lines is one block, not thousands: every block costs
# the same fixed work, so a million one-character lines would cost ten times an ordinary page
# per MB. Real pages never hold such a streak (pagination and counters are a handful of lines).
_TINY_CHARS = 2
_TINY_STREAK = 64


def _collapse_tiny(runs: list[_Run]) -> list[_Run]:
    out: list[_Run] = []
    streak: list[_Run] = []

    def flush() -> None:
        if len(streak) >= _TINY_STREAK:
            out.append(_Run(streak[0].start, streak[-1].end, [r.parts[0] for r in streak], "tiny"))  # type: ignore[arg-type]
        else:
            out.extend(streak)
        streak.clear()

    for r in runs:
        if r.kind == "paragraph" and len(r.parts) == 1 and len(r.parts[0]) <= _TINY_CHARS:
            streak.append(r)
        else:
            flush()
            out.append(r)
    flush()
    return out


def _line_kind(raw: str, line: str) -> BlockKind:
    if "\t" in raw and "\t" in raw.strip():
        return "table_row"  # innerText separates table cells by tabs
    first = line[0]
    if (first in _BULLET_FIRST or first.isdigit() or not first.isascii()) and _BULLET.match(line):
        return "list_item"
    return "paragraph"


def _joiner(cleaned: list[str]) -> Callable[[str, str], bool]:
    """Pick the rule deciding whether two adjacent lines are one paragraph."""
    pairs = breaks = 0
    for a, b in zip(cleaned, cleaned[1:]):
        if a and b:
            pairs += 1
            # a fragment of a sentence, not a lower-case menu ("twitter", "youtube")
            # (the length test first: it is a cheap no for short lines, which need no regex)
            breaks += bool((len(a) >= 5 or len(b) >= 5) and _OPEN_END.search(a[-2:])
                           and _CONTINUES.match(b) and (_at_least(a, 3) or _at_least(b, 3)))
    nonblank = sum(1 for line in cleaned if line)
    fragmented = (breaks >= _FRAGMENTED_MIN_BREAKS and breaks >= _FRAGMENTED_MIN_SHARE * pairs) or (
        nonblank >= 10 and pairs < _FRAGMENTED_MAX_ADJACENT * nonblank)
    return _join_fragmented if fragmented else _join_strict


def _join_strict(prev: str, line: str) -> bool:
    """innerText: join only a visible mid-sentence break after a line of several words."""
    return (len(prev) >= 5 and len(line) >= 3  # what _at_least needs: a cheap no first
            and bool(_OPEN_END.search(prev[-2:]) and _CONTINUES.match(line))
            and _at_least(prev, 3) and _at_least(line, 2))


def _join_fragmented(prev: str, line: str) -> bool:
    """get_text: inline elements broke the line unless a sentence ended and a new one begins."""
    if _CONTINUES.match(line):
        return True
    if _TERMINAL.search(prev[-2:]):
        return False
    # "as long as a" + "VW Atlas": a fragment of several words that stops without punctuation
    return _at_least(prev, 4) or (_at_least(line, 4) and _at_least(prev, 2))


def _at_least(s: str, k: int) -> bool:
    """s holds k words or more (k words need 2k - 1 characters: a cheap no for short lines)."""
    return len(s) >= 2 * k - 1 and _nwords(s) >= k


def _nwords(s: str) -> int:
    return len(_WORDS.findall(s, concurrent=False)) if len(s) < 400 else 99


_NO_SPACE_BEFORE = regex.compile(r"^[,.;:!?)\]}’”»%]")


def _join_parts(parts: list[str]) -> str:
    out = parts[0]
    for p in parts[1:]:
        out += p if _NO_SPACE_BEFORE.match(p) else " " + p
    return out
