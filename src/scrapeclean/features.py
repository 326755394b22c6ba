"""Per-block features for the main-content detector (shared by runtime and training).

Each block is described by its own shape (length, stop words, punctuation, links, kind,
blank lines around it) and by its neighbourhood (how much prose surrounds it, where it sits
relative to the article-like text, how many dates are near: comment threads are full of
them). Stage 2 re-reads the stage-1 probabilities of the neighbours, as jusText's second
pass revises each paragraph by its context (block-level cross-validation scores both stages
alike, but on the benchmark stage 2 adds about 0.01 shingle F1 on every rendering, through
precision). On the dev corpus the neighbourhood matters more than any phrase list.
"""
from __future__ import annotations

import math
import re
from operator import itemgetter

import numpy as np
import regex

from .document import Block, Document
from .metadata.language import stopwords

_TOKEN = regex.compile(r"\w+")
_TERMINAL = regex.compile(r"[.!?…。！？:;\"”»)]\s*$")
_SENTENCE = regex.compile(r"[.!?。！？](?:\s|$)")
_DIGIT = regex.compile(r"\d")
_CAPITALISED = regex.compile(r"(?<!\w)\p{Lu}")

FEATURE_NAMES: tuple[str, ...] = (
    "log_words", "stop_ratio", "terminal", "link_density", "capital_ratio",
    "digit_ratio", "avg_word_len", "comma_rate", "is_heading", "is_list", "is_table",
    "is_quote", "dropped_before", "repeated", "position", "near_prose_2", "near_prose_5",
    "win_words_2", "win_stop_2", "inside_prose_span", "prose_before", "prose_after",
    "rel_length", "long_prose", "prev_words", "next_words", "gap_before", "gap_after",
    "dates_near", "upper_ratio", "sentences", "ends_colon", "win_words_5", "doc_blocks",
    "doc_prose_share", "heading_level", "dist_to_longest",
)
CONTEXT_NAMES: tuple[str, ...] = (
    "p", "p_prev", "p_next", "p_prev2", "p_next2", "p_max3", "p_min1", "p_mean5",
    "p_before", "p_after", "p_doc_mean", "log_words", "dropped_before", "p_rank",
)

_PROSE_WORDS = 20  # a block of at least this many words, with stop words, reads as prose


def block_features(doc: Document) -> np.ndarray:
    """Feature vectors, one row per block of `doc`, in FEATURE_NAMES order.

    Each block's own shape is measured in Python (regexes over its text); the neighbourhood
    columns are whole-array numpy operations over prefix sums. The arithmetic is the same,
    operation for operation, as the per-block formulas it replaced (np.cumsum adds in order,
    like a Python loop), so the trained trees see identical values.
    """
    blocks = doc.blocks
    n = len(blocks)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    stops = stopwords(doc.language or "en") or stopwords("en")
    own = np.array([_own(b, stops) for b in blocks], dtype=np.float64)
    words, stop, term = own[:, 0], own[:, 1], own[:, 2]
    counts: dict[str, int] = {}
    for b in blocks:
        counts[b.text] = counts.get(b.text, 0) + 1
    logw = np.array([math.log1p(w) for w in words.tolist()])  # math.log1p: numpy's may differ by an ulp
    prose = ((words >= _PROSE_WORDS) & ((stop >= 0.15) | (not stops)) & (term != 0)).astype(np.float64)
    cum_logw, cum_stop, cum_prose = _prefix(logw), _prefix(stop), _prefix(prose)
    cum = _prefix(words * prose)  # prose words before each block
    total_prose = float(cum[n]) or 1.0
    prose_at = np.flatnonzero(prose)
    first, last = (int(prose_at[0]), int(prose_at[-1])) if len(prose_at) else (-1, -1)
    max_words = float(words.max()) or 1
    longest = int(words.argmax())  # the first longest, as list.index(max(...))
    date_blocks = {f.block for f in doc.found.get("date_candidates", ())}
    has_date = np.array([i in date_blocks for i in range(n)], dtype=np.int64)
    dated = np.concatenate(([0], np.cumsum(has_date)))  # prefix counts of blocks holding a date
    idx = np.arange(n)
    lo2, hi2 = np.maximum(idx - 2, 0), np.minimum(idx + 3, n)
    lo3, hi3 = np.maximum(idx - 3, 0), np.minimum(idx + 4, n)
    lo5, hi5 = np.maximum(idx - 5, 0), np.minimum(idx + 6, n)
    starts = np.array([b.start for b in blocks], dtype=np.int64)
    ends = np.array([b.end for b in blocks], dtype=np.int64)
    gap_before = np.ones(n)
    gap_before[1:] = np.minimum(starts[1:] - ends[:-1], 3) / 3
    gap_after = np.ones(n)
    gap_after[:-1] = np.minimum(starts[1:] - ends[:-1], 3) / 3
    prev_logw = np.zeros(n)
    prev_logw[1:] = logw[:-1]
    next_logw = np.zeros(n)
    next_logw[:-1] = logw[1:]
    kinds = [b.kind for b in blocks]
    out = np.empty((n, len(FEATURE_NAMES)))
    out[:, 0] = logw
    out[:, 1:3] = own[:, 1:3]  # stop, term
    out[:, 3] = [b.link_density for b in blocks]
    out[:, 4:8] = own[:, 3:7]  # caps, digit, avgw, commas
    out[:, 8] = [k == "heading" for k in kinds]
    out[:, 9] = [k == "list_item" for k in kinds]
    out[:, 10] = [k == "table_row" for k in kinds]
    out[:, 11] = [k == "quote" for k in kinds]
    out[:, 12] = [b.index in doc.dropped for b in blocks]
    out[:, 13] = [counts[b.text] > 1 for b in blocks]
    out[:, 14] = idx / n
    out[:, 15] = (cum_prose[hi2] - cum_prose[lo2] - prose) / 4
    out[:, 16] = (cum_prose[hi5] - cum_prose[lo5] - prose) / 10
    out[:, 17] = (cum_logw[hi2] - cum_logw[lo2]) / (hi2 - lo2)
    out[:, 18] = (cum_stop[hi2] - cum_stop[lo2]) / (hi2 - lo2)
    out[:, 19] = (first <= idx) & (idx <= last) & (first >= 0)
    out[:, 20] = cum[:n] / total_prose
    out[:, 21] = (total_prose - cum[1:]) / total_prose
    out[:, 22] = words / max_words
    out[:, 23] = prose
    out[:, 24] = prev_logw
    out[:, 25] = next_logw
    out[:, 26] = np.maximum(gap_before, 0.0)
    out[:, 27] = np.maximum(gap_after, 0.0)
    out[:, 28] = (dated[hi3] - dated[lo3] - has_date) / 6
    out[:, 29] = own[:, 7]  # upper
    out[:, 30] = np.minimum(own[:, 8], 10) / 10  # sentences
    out[:, 31] = [b.text.endswith(":") for b in blocks]
    out[:, 32] = (cum_logw[hi5] - cum_logw[lo5]) / (hi5 - lo5)
    out[:, 33] = math.log1p(n) / 8
    out[:, 34] = float(prose.sum()) / n  # a count of 1.0s: exact in any order
    out[:, 35] = [b.level / 6 for b in blocks]
    out[:, 36] = (idx - longest) / n
    return out


def is_prose(block: Block, doc: Document, min_words: int = _PROSE_WORDS) -> bool:
    """Sentences: enough words, stop words of the page's language, a final punctuation mark."""
    stops = stopwords(doc.language or "en") or stopwords("en")
    nw, stop, term = _own(block, stops)[:3]
    return nw >= min_words and (stop >= 0.15 or not stops) and term == 1.0


def _prefix(values: np.ndarray) -> np.ndarray:
    """Prefix sums: sum(values[a:b]) == out[b] - out[a] (np.cumsum adds left to right)."""
    out = np.zeros(len(values) + 1)
    np.cumsum(values, out=out[1:])
    return out


def context_features(probs: list[float], log_words: np.ndarray, dropped_before: np.ndarray) -> np.ndarray:
    """Stage-2 feature vectors: each block's stage-1 probability and its neighbours'; two
    columns of the stage-1 features (`log_words`, `dropped_before`) come along."""
    n = len(probs)
    if n == 0:
        return np.zeros((0, len(CONTEXT_NAMES)))
    p = np.asarray(probs, dtype=np.float64)
    cum = _prefix(p)
    idx = np.arange(n)
    lo5, hi5 = np.maximum(idx - 5, 0), np.minimum(idx + 6, n)
    rank = np.empty(n)
    rank[np.argsort(-p, kind="stable")] = idx / n  # ties keep document order, as sorted() did
    out = np.zeros((n, len(CONTEXT_NAMES)))
    out[:, 0] = p
    out[1:, 1] = p[:-1]
    out[:-1, 2] = p[1:]
    out[2:, 3] = p[:-2]
    out[:-2, 4] = p[2:]
    out[:, 5] = _window(p, 3, np.maximum, -np.inf)
    out[:, 6] = _window(p, 1, np.minimum, np.inf)
    out[:, 7] = (cum[hi5] - cum[lo5]) / (hi5 - lo5)
    out[:, 8] = cum[:n] / n
    out[:, 9] = (cum[n] - cum[1:]) / n
    out[:, 10] = sum(probs) / n  # Python's sum, as the model was trained with
    out[:, 11] = log_words
    out[:, 12] = dropped_before
    out[:, 13] = rank
    return out



def _window(values: np.ndarray, radius: int, op: np.ufunc, pad: float) -> np.ndarray:
    """op (max or min) over values[i - radius : i + radius + 1] for every i, clipped at the ends."""
    n = len(values)
    padded = np.full(n + 2 * radius, pad)
    padded[radius:radius + n] = values
    out = values.copy()
    for shift in range(2 * radius + 1):
        op(out, padded[shift:shift + n], out=out)
    return out


# The stdlib `re` engine runs these counts about twice as fast as `regex`, and gives the
# same answers on text made only of characters on which the two agree (\w, \d, \s, upper
# case, and lower-casing that keeps a character's \w-ness): ASCII, Latin-1 and general
# punctuation, minus the few that differ (superscripts, fractions, joiners, U+203F...).
# The set is checked against both engines at import, so it holds for the installed versions.
_FAST_TOKEN = re.compile(r"\w+")
_FAST_DIGIT = re.compile(r"\d")
_FAST_SENTENCE = re.compile(_SENTENCE.pattern)
_first = itemgetter(0)


def _agree(c: str) -> bool:
    return ((_TOKEN.match(c) is None) == (_FAST_TOKEN.match(c) is None)
            and (_DIGIT.match(c) is None) == (_FAST_DIGIT.match(c) is None)
            and (regex.match(r"\s", c) is None) == (re.match(r"\s", c) is None)
            and (_CAPITALISED.match(c) is not None) == c.isupper())


def _fast_outside() -> re.Pattern[str]:
    """A pattern finding a character outside the set where both engines agree."""
    candidates = [chr(o) for o in (*range(0x100), *range(0x2000, 0x2070))]
    agree = {c for c in candidates if _agree(c)}
    safe = {c for c in agree
            if all(x in agree and (_TOKEN.match(x) is None) == (_TOKEN.match(c) is None) for x in c.lower())}
    return re.compile("[^" + "".join(re.escape(c) for c in sorted(safe)) + "]")


_FAST_OUTSIDE = _fast_outside()


def _own(b: Block, stops: frozenset[str]) -> tuple[float, float, float, float, float, float, float, float, float]:
    text = b.text if len(b.text) <= 20_000 else b.text[:20_000]
    if text.isascii() or _FAST_OUTSIDE.search(text) is None:  # most blocks (see above)
        toks = _FAST_TOKEN.findall(text)
        nw = len(toks)
        if nw == 0:
            return 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
        # on these characters lower-casing a token or the text gives the same tokens, and
        # a token is capitalised when its first character is upper-case
        stop = sum(map(stops.__contains__, map(str.lower, toks))) / nw
        caps = sum(map(str.isupper, map(_first, toks))) / nw
        digit = len(_FAST_DIGIT.findall(text)) / max(len(text), 1)
        sents = len(_FAST_SENTENCE.findall(text))
    else:
        toks = _TOKEN.findall(text)
        nw = len(toks)
        if nw == 0:
            return 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
        # map() over C-level predicates: this runs for every block of every page
        stop = sum(map(stops.__contains__, _TOKEN.findall(text.lower()))) / nw
        caps = len(_CAPITALISED.findall(text)) / nw
        digit = len(_DIGIT.findall(text)) / max(len(text), 1)
        sents = len(_SENTENCE.findall(text))
    upper = sum(map(str.isupper, toks)) / nw
    avgw = min(len("".join(toks)) / nw, 20.0) / 10
    commas = min(text.count(",") / nw, 1.0)
    term = 1.0 if _TERMINAL.search(text[-5:]) else 0.0
    return float(nw), stop, term, caps, digit, avgw, commas, upper, float(sents)
