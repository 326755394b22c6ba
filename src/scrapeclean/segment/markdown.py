"""html2text-style markdown -> blocks, with the markup reduced to plain text.

Links keep their text (URLs would count as words), images go, emphasis markers go; the share
of a block's text that sat inside links is kept as `link_density`, a strong chrome signal.
"""
from __future__ import annotations

import re

import regex

from ..document import Block, BlockKind
from ..normalize import clean_line

# bounded repetitions everywhere: these run on hostile input
# a URL may hold one level of parentheses ("wiki/Mercury_(planet)", "javascript:print()"):
# runs of other characters between parenthesised groups, which start with the one character
# the runs exclude, so a URL splits into runs and groups one way only and a failed match
# cannot backtrack into another split. Runs, not one alternation per character: markdown
# pages are mostly link lines and their URLs, and stdlib `re` scans a run ~3x faster.
_URL = r"[^()\s]{0,4000}(?:\([^()\s]{0,200}\)[^()\s]{0,4000}){0,500}"
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,2000}\]\([^()\n]{0,4000}(?:\([^()\n]{0,200}\)[^()\n]{0,4000}){0,500}\)")
_LINK = re.compile(r"\[([^\[\]\n]{0,2000})\]\(" + _URL + r"(?:\s{1,5}\"[^\"\n]{0,1000}\")?\)")
_REF_LINK = regex.compile(r"\[([^\[\]\n]{1,2000})\]\[[^\[\]\n]{0,200}\]")
_AUTOLINK = regex.compile(r"<(?:https?|mailto|ftp):[^<>\s]{1,4000}>")
_HEADING = regex.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#{1,6})?\s*$")
_LIST = regex.compile(r"^\s{0,40}(?:[*+\-]|\d{1,9}[.)])\s+")
_QUOTE = regex.compile(r"^\s{0,3}(?:>\s?){1,10}")
_TABLE_SEP = regex.compile(r"^\s{0,3}\|?\s{0,3}:?-{2,}:?\s{0,3}(?:\|\s{0,3}:?-{1,}:?\s{0,3}){0,100}\|?\s*$")
_RULE = regex.compile(r"^\s{0,3}(?:[*\-_]\s{0,2}){3,}$")
_EMPHASIS = regex.compile(r"(?<!\w)(?:\*\*|__|\*|_|~~|`)(?=\S)|(?<=\S)(?:\*\*|__|\*|_|~~|`)(?!\w)")
_EMPHASIS_CHAR = re.compile(r"[*_~`]")  # every _EMPHASIS match holds one of these
_ESCAPE = regex.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def segment_markdown(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    para: list[tuple[int, str, str, float]] = []  # consecutive paragraph lines

    def flush() -> None:
        if para:
            text = " ".join(p[1] for p in para)
            chars = sum(len(p[1]) for p in para) or 1
            density = sum(p[3] * len(p[1]) for p in para) / chars
            blocks.append(Block(len(blocks), text, "paragraph", para[0][0], para[-1][0] + 1,
                                link_density=density, markup="\n".join(p[2] for p in para)))
            para.clear()

    for i, raw in enumerate(lines):
        if not raw.strip() or _is_rule(raw):
            flush()
            continue
        kind, level, body = _line_kind(raw)
        text, density = strip_inline(body)
        if not text:
            flush()
            continue
        if kind == "paragraph" and not raw.endswith("  "):
            para.append((i, text, raw, density))
            continue
        if kind == "paragraph":  # a hard break ("  " at the end) closes the line
            para.append((i, text, raw, density))
            flush()
            continue
        flush()
        blocks.append(Block(len(blocks), text, kind, i, i + 1, level=level,
                            link_density=density, markup=raw))
    flush()
    return blocks


def _is_rule(raw: str) -> bool:
    """A horizontal rule or a table's header separator (cheap character tests first)."""
    head = raw[:4]
    return bool((("*" in head or "-" in head or "_" in head) and _RULE.match(raw))
                or ("--" in raw and _TABLE_SEP.match(raw)))


def _line_kind(raw: str) -> tuple[BlockKind, int, str]:
    # each pattern needs a marker character near the start: test for it before matching
    head = raw[:4]
    m = _HEADING.match(raw) if "#" in head else None
    if m:
        return "heading", len(m.group(1)), m.group(2)
    first = raw.lstrip()[:1]  # lstrip() removes at least what _LIST's \s{0,40} can
    m = _LIST.match(raw) if first in ("*", "+", "-") or first.isdigit() or not first.isascii() else None
    if m:
        return "list_item", 0, raw[m.end():]
    m = _QUOTE.match(raw) if ">" in head else None
    if m:
        return "quote", 0, raw[m.end():]
    if raw.count("|") >= 2:
        return "table_row", 0, raw.replace("|", " ")
    return "paragraph", 0, raw


def strip_inline(s: str) -> tuple[str, float]:
    """Plain text of a markdown line, and the share of it that was link text."""
    if "!" in s:
        s = _IMAGE.sub(" ", s)
    linked = 0
    if "](" in s or "][" in s:
        def keep(m: re.Match[str]) -> str:
            nonlocal linked
            text = m.group(1)
            linked += len(text.strip())
            return text
        for _ in range(2):  # a link around an image leaves "[ ](url)" after the image goes
            if "](" in s:  # every _LINK match holds one
                s = _LINK.sub(keep, s)
        if "][" in s:  # every _REF_LINK match holds one
            s = _REF_LINK.sub(keep, s)
    if "<" in s:
        s = _AUTOLINK.sub(" ", s)
    if "\\" in s:
        s = _ESCAPE.sub(r"\1", s)
    if _EMPHASIS_CHAR.search(s) is not None:
        s = _EMPHASIS.sub("", s)
    text = clean_line(s)
    return text, (min(1.0, linked / len(text)) if text else 0.0)
