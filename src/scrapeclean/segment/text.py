"""Plain page text (browser innerText, BeautifulSoup get_text()) -> blocks.

innerText puts each block element on its own line; get_text("\\n") also breaks a paragraph
at every inline element, so "as long as a\\nVW Atlas\\nSUV. However" must be joined again
before the paragraph can be judged as a whole.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import compress
from operator import and_

import regex

from ..document import Block, BlockKind
from ..metadata.authors import is_label_line, name_after_label, parse_byline
from ..metadata.dates import find_date
from ..normalize import clean_lines

_NEWLINES = regex.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# whether a text holds any of them: the stdlib engine scans a page for one character class
# ~10x faster than `regex` substitutes, and most pages only use "\n"
_HAS_NEWLINE = re.compile(r"[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# a line ends a sentence; the next one may start a new block
_TERMINAL = regex.compile(r"[.!?…:;\"”»'’)\]]$")
# the line before ends mid-sentence: a letter, a digit or a comma. Both patterns are
# anchored at the end and match one character, so they are run on the last two characters
# of a line only ($ also matches before a final newline): same answer, no scan of the line
_OPEN_END = regex.compile(r"[\p{L}\p{N},\-–(]$")
# the line after continues a sentence: a lower-case letter or trailing punctuation
_CONTINUES = regex.compile(r"^(?:\p{Ll}|[,.;:!?)\]}’”»%])")
_WORDS = regex.compile(r"\w+")
# a sentence ends inside a line (a word of three letters or more: "St. Johannes" does not)
_SENTENCE_END = regex.compile(r"[^\W\d_]{3}[.!?…] ")
# the same tests over a whole page's cleaned lines joined by newlines, from the newline before
# a line: a list item's line, and a line that continues a sentence (_CONTINUES). A match's
# start is a newline, where the engine's scan is fast ([^\S\n] is \s inside one line).
_BULLET_LINE = regex.compile(r"\n(?:[•·▪▸►◦‣\-–—*+]|\d{1,3}[.)])[^\S\n]")
_CONTINUES_LINE = regex.compile(r"\n(?:\p{Ll}|[,.;:!?)\]}’”»%])")

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
    """Blocks of a page's lines. Every decision is made for the whole page at once (regexes
    over the cleaned page's text, which find the few lines a rule can apply to), so the
    Python work is per block, not per line."""
    cleaned, text = clean_lines(lines)
    if text.count("\n") != len(cleaned) - 1:  # a line (given as such) holds a "\n": keep it one line
        text = "\n".join(line.replace("\n", "\r") for line in cleaned)  # "\r" is no line start
    kinds = _line_kinds(lines, cleaned, text)
    joins = _joins(cleaned, text, kinds)
    if not joins:  # innerText mostly: every non-blank line is a block of its own
        runs = [(i, i + 1) for i, line in enumerate(cleaned) if line]
    else:
        runs = []
        for i, line in enumerate(cleaned):
            if not line:
                continue
            if i in joins:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
    get_kind = kinds.get
    lengths = list(map(len, cleaned))
    if sum(map(lengths.count, range(1, _TINY_CHARS + 1))) >= _TINY_STREAK:  # else no streak can be long enough
        return _blocks(_collapse_tiny([_Run(a, b, cleaned[a:b], get_kind(a, "paragraph")) for a, b in runs]))
    return [Block(n, cleaned[a] if b - a == 1 else _join_parts(cleaned[a:b]), get_kind(a, "paragraph"), a, b)
            for n, (a, b) in enumerate(runs)]


def _blocks(runs: list[_Run]) -> list[Block]:
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


def _line_kinds(lines: list[str], cleaned: list[str], text: str) -> dict[int, BlockKind]:
    """The lines that are no paragraph: table rows (innerText separates table cells by tabs)
    and list items. `text` is the cleaned lines joined by newlines."""
    kinds: dict[int, BlockKind] = {}
    for i in _lines_after(text, _BULLET_LINE, first=True):
        kinds[i] = "list_item"
    for i in [i for i, raw in enumerate(lines) if "\t" in raw]:
        if cleaned[i] and "\t" in lines[i].strip():
            kinds[i] = "table_row"
    return kinds


def _lines_after(text: str, pattern: regex.Pattern[str], first: bool = False) -> Iterator[int]:
    """The line after the newline each match of `pattern` in `text` starts with, in order
    (with `first`, the first line too, as if a newline came before it)."""
    if first:
        text = "\n" + text
    line, pos = (-1, 0) if first else (0, 0)
    for m in pattern.finditer(text):
        line += text.count("\n", pos, m.start()) + 1  # the matched newline, and those before
        pos = m.start() + 1
        yield line


def _joins(cleaned: list[str], text: str, kinds: dict[int, BlockKind]) -> set[int]:
    """The lines that continue the paragraph of the line before them."""
    nonblank = list(map(bool, cleaned))
    pairs = sum(map(and_, nonblank, nonblank[1:]))
    # a sentence broken across two lines: the only pairs the strict rule can join
    broken = [i for i in _lines_after(text, _CONTINUES_LINE) if _OPEN_END.search(cleaned[i - 1][-2:])]
    # a fragment of a sentence, not a lower-case menu ("twitter", "youtube")
    breaks = sum(1 for i in broken if _fragment(cleaned[i - 1], cleaned[i]))
    nonblank_n = len(cleaned) - cleaned.count("")
    broken_often = breaks >= _FRAGMENTED_MIN_BREAKS and breaks >= _FRAGMENTED_MIN_SHARE * pairs
    fragmented = broken_often or (nonblank_n >= 10 and pairs < _FRAGMENTED_MAX_ADJACENT * nonblank_n)
    if fragmented:
        candidates: Iterable[int] = compress(range(1, len(cleaned)), map(and_, nonblank, nonblank[1:]))
        join = _join_fragmented if broken_often else _join_loose
    else:
        candidates, join = broken, _join_strict
    # a byline is a block of its own, never the tail of a headline or the head of a paragraph
    # ("Gute Tabus, schlechte Tabus" + "von Stefan Niggemeier"): both the title and the
    # author are read from it. gettext splits it at its link ("Written by" / "Ana Sandoiu" /
    # "on July 27, 2017"): near the joins made here, a lone label line joins only the full
    # name under it (one byline block), and neither joins its neighbours; a label line
    # among lines that nothing joins stays apart from its name (the headline step reads
    # the pair there)
    joins = {i for i in candidates
             if i not in kinds and i - 1 not in kinds and join(cleaned[i - 1], cleaned[i])
             and parse_byline(cleaned[i]) is None and parse_byline(cleaned[i - 1]) is None}
    for i in {j - k for j in joins for k in (0, 1, 2)}:  # the lines a label would part
        if i >= 0 and is_label_line(cleaned[i]):
            joins.difference_update((i, i + 1, i + 2))
            names = name_after_label(cleaned[i], cleaned[i + 1]) \
                if i + 1 < len(cleaned) and i + 1 not in kinds else None
            if names and all(" " in n for n in names):  # a full name, not "von" + "ThyssenKrupp"
                joins.add(i + 1)  # "von" + "Marc Scheloske": one byline block
                date = find_date(cleaned[i + 2]) if i + 2 < len(cleaned) else None
                if date is not None and date.is_dateline:
                    joins.discard(i + 3)  # "on July 27, 2017": the byline's date, no paragraph's start
    return joins


def _fragment(a: str, b: str) -> bool:
    """Lines a and b (a sentence broken between them) are a fragment of a sentence."""
    return (len(a) >= 5 or len(b) >= 5) and (_at_least(a, 3) or _at_least(b, 3))


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


def _join_loose(prev: str, line: str) -> bool:
    """A page whose lines mostly stand apart, but with few visible mid-sentence breaks: join
    where a sentence visibly goes on (a lower-case or punctuation start, a line that stops on
    a lower-case word, or one that ends a sentence), not a kicker or breadcrumb line to the
    headline under it."""
    if _CONTINUES.match(line):
        return True
    if _TERMINAL.search(prev[-2:]):
        return False
    if line.endswith((".", "。")) or _SENTENCE_END.search(line):  # "VW Atlas Cross Sport" + "SUV. However"
        return True  # (a headline does not end a sentence with a full stop)
    # the line before stops on a lower-case word, or in a script without case
    last = prev.rsplit(None, 1)[-1][:1]
    return last.isalpha() and not last.isupper() and _at_least(prev, 3)


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
