"""Per-block features for the main-content detector (shared by runtime and training).

Each block is described by its own shape (length, stop words, punctuation, links, kind) and by
its neighbourhood (how much prose surrounds it, where it sits relative to the densest text):
on the dev corpus the neighbourhood matters more than any phrase list.
"""
from __future__ import annotations

import math

import regex

from .document import Block, Document
from .metadata.language import stopwords

_TOKEN = regex.compile(r"\w+")
_TERMINAL = regex.compile(r"[.!?…。！？:;\"”»)]\s*$")
_DIGIT = regex.compile(r"\d")

FEATURE_NAMES: tuple[str, ...] = (
    "bias", "log_words", "stop_ratio", "terminal", "link_density", "capital_ratio",
    "digit_ratio", "avg_word_len", "comma_rate", "is_heading", "is_list", "is_table",
    "is_quote", "dropped_before", "repeated", "position", "near_prose_2", "near_prose_5",
    "win_words_2", "win_stop_2", "inside_prose_span", "prose_before", "prose_after",
    "rel_length", "short_no_stop", "long_prose", "prev_long", "next_long",
)

_PROSE_WORDS = 20  # a block of at least this many words, with stop words, reads as prose


def block_features(doc: Document) -> list[list[float]]:
    """One feature vector per block of `doc`, in FEATURE_NAMES order."""
    blocks = doc.blocks
    n = len(blocks)
    if n == 0:
        return []
    stops = stopwords(doc.language or "en") or stopwords("en")
    own = [_own(b, stops) for b in blocks]
    counts: dict[str, int] = {}
    for b in blocks:
        counts[b.text] = counts.get(b.text, 0) + 1
    words = [o[0] for o in own]
    prose = [1.0 if o[0] >= _PROSE_WORDS and (o[1] >= 0.15 or not stops) and o[2] else 0.0 for o in own]
    # cumulative prose words, to tell how much article text lies before/after a block
    cum = [0.0] * (n + 1)
    for i in range(n):
        cum[i + 1] = cum[i] + (words[i] if prose[i] else 0.0)
    total_prose = cum[n] or 1.0
    first = next((i for i in range(n) if prose[i]), -1)
    last = next((i for i in range(n - 1, -1, -1) if prose[i]), -1)
    max_words = max(words) or 1
    out = []
    for i, b in enumerate(blocks):
        nw, stop, term, caps, digit, avgw, commas = own[i]
        lo2, hi2 = max(0, i - 2), min(n, i + 3)
        lo5, hi5 = max(0, i - 5), min(n, i + 6)
        win2 = range(lo2, hi2)
        near2 = (sum(prose[lo2:hi2]) - prose[i]) / 4
        near5 = (sum(prose[lo5:hi5]) - prose[i]) / 10
        wwords = sum(math.log1p(words[j]) for j in win2) / len(win2)
        wstop = sum(own[j][1] for j in win2) / len(win2)
        lw = math.log1p(nw)
        out.append([
            1.0, lw, stop, term, b.link_density, caps, digit, avgw, commas,
            float(b.kind == "heading"), float(b.kind == "list_item"), float(b.kind == "table_row"),
            float(b.kind == "quote"), float(b.index in doc.dropped), float(counts[b.text] > 1),
            i / n, near2, near5, wwords, wstop,
            float(first <= i <= last and first >= 0),
            cum[i] / total_prose, (total_prose - cum[i + 1]) / total_prose,
            nw / max_words, float(nw <= 4 and stop == 0.0), prose[i],
            float(i > 0 and words[i - 1] >= _PROSE_WORDS), float(i + 1 < n and words[i + 1] >= _PROSE_WORDS),
        ])
    return out


def _own(b: Block, stops: frozenset[str]) -> tuple[float, float, float, float, float, float, float]:
    text = b.text if len(b.text) <= 20_000 else b.text[:20_000]
    toks = _TOKEN.findall(text)
    nw = len(toks)
    if nw == 0:
        return 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    lower = [t.lower() for t in toks]
    stop = sum(1 for t in lower if t in stops) / nw
    caps = sum(1 for t in toks if t[0].isupper()) / nw
    digit = len(_DIGIT.findall(text)) / max(len(text), 1)
    avgw = min(sum(len(t) for t in toks) / nw, 20.0) / 10
    commas = min(text.count(",") / nw, 1.0)
    term = 1.0 if _TERMINAL.search(text[-5:]) else 0.0
    return float(nw), stop, term, caps, digit, avgw, commas
