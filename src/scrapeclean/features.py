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
from collections import Counter
from functools import lru_cache
from itertools import repeat
from operator import attrgetter, itemgetter, methodcaller

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
    lang = doc.language or "en"
    stops = stopwords(lang) or stopwords("en")
    texts = list(map(_TEXT, blocks))
    own = _shapes(texts, stops)
    words, stop, term = own[:, 0], own[:, 1], own[:, 2]
    _share_word_counts(doc, texts, words)
    # is_prose reads the same three values: growth and the lead paragraph ask for a few blocks
    doc.memo[_PROSE_ROWS] = (lang, blocks, own)
    counts = Counter(texts)
    # math.log1p (numpy's may differ by an ulp) of word counts, looked up
    logw = _LOG1P.take(words.astype(np.intp))
    # the columns summed over windows, as rows: log words, stop ratio, prose, prose words,
    # has a date; their prefix sums in one cumsum (each row adds left to right, as np.cumsum
    # of the row alone: the same floats)
    rows = np.empty((5, n))
    rows[0] = logw
    rows[1] = stop
    prose = rows[2]
    np.greater_equal(words, _PROSE_WORDS, out=prose)
    if stops:
        prose *= stop >= 0.15
    prose *= term != 0
    np.multiply(words, prose, out=rows[3])
    date_blocks = {f.block for f in doc.found.get("date_candidates", ())}
    has_date = rows[4]
    has_date[:] = np.fromiter(map(date_blocks.__contains__, range(n)), dtype=bool, count=n)
    cum = np.zeros((5, n + 1))
    np.cumsum(rows, axis=1, out=cum[:, 1:])
    total_prose = float(cum[3, n]) or 1.0  # prose words of the page
    prose_at = prose.nonzero()[0]
    first, last = (int(prose_at[0]), int(prose_at[-1])) if len(prose_at) else (-1, -1)
    max_words = float(np.maximum.reduce(words)) or 1
    longest = int(words.argmax())  # the first longest, as list.index(max(...))
    idx = np.arange(n)
    # each block's window [i - r, i + r + 1), clipped to the page: lo_r and hi_r are views of
    # one array of clipped positions
    ext = np.arange(-5, n + 6)
    np.maximum(ext, 0, out=ext)
    np.minimum(ext, n, out=ext)
    lo2, hi2 = ext[3:3 + n], ext[8:8 + n]
    lo3, hi3 = ext[2:2 + n], ext[9:9 + n]
    lo5, hi5 = ext[0:n], ext[11:11 + n]
    win2 = cum[:, hi2] - cum[:, lo2]
    win5 = cum[:, hi5] - cum[:, lo5]
    # start, end, link_density, level: exact in float64 (small integers, or floats already);
    # read by attrgetter in C (a list of tuples for np.array cost ~4x more)
    starts, ends, link_density, level = (np.fromiter(map(get, blocks), dtype=np.float64, count=n)
                                         for get in _BLOCK_NUMBERS)
    gap = np.minimum(starts[1:] - ends[:-1], 3) / 3  # blank lines between neighbours
    np.maximum(gap, 0.0, out=gap)
    kinds = np.fromiter(map(_KIND_CODE.get, map(_KIND, blocks), repeat(0)), dtype=np.int8, count=n)
    out = np.empty((n, len(FEATURE_NAMES)))
    out[:, 0] = logw
    out[:, 1:3] = own[:, 1:3]  # stop, term
    out[:, 3] = link_density
    out[:, 4:8] = own[:, 3:7]  # caps, digit, avgw, commas
    np.equal(kinds[:, None], _KIND_COLUMNS, out=out[:, 8:12])  # is_heading .. is_quote
    out[:, 12] = np.fromiter(map(doc.dropped.__contains__, map(_INDEX, blocks)), dtype=bool, count=n)
    out[:, 13] = np.fromiter(map(counts.__getitem__, texts), dtype=np.int64, count=n) > 1
    out[:, 14] = idx / n
    out[:, 15] = (win2[2] - prose) / 4
    out[:, 16] = (win5[2] - prose) / 10
    width2 = hi2 - lo2
    out[:, 17] = win2[0] / width2
    out[:, 18] = win2[1] / width2
    out[:, 19] = (first <= idx) & (idx <= last) & (first >= 0)
    out[:, 20] = cum[3, :n] / total_prose
    out[:, 21] = (total_prose - cum[3, 1:]) / total_prose
    out[:, 22] = words / max_words
    out[:, 23] = prose
    out[0, 24] = 0.0  # log words of the previous block, of the next
    out[1:, 24] = logw[:-1]
    out[:-1, 25] = logw[1:]
    out[-1, 25] = 0.0
    out[0, 26] = 1.0  # blank lines before (a third, at most 1), after; 1 at the page's ends
    out[1:, 26] = gap
    out[:-1, 27] = gap
    out[-1, 27] = 1.0
    out[:, 28] = (cum[4, hi3] - cum[4, lo3] - has_date) / 6  # dates in the blocks near
    out[:, 29] = own[:, 7]  # upper
    out[:, 30] = np.minimum(own[:, 8], 10) / 10  # sentences
    out[:, 31] = np.fromiter(map(_ENDS_COLON, texts), dtype=bool, count=n)
    out[:, 32] = win5[0] / (hi5 - lo5)
    out[:, 33] = math.log1p(n) / 8
    out[:, 34] = float(np.add.reduce(prose)) / n  # a count of 1.0s: exact in any order
    out[:, 35] = level / 6
    out[:, 36] = (idx - longest) / n
    return out


# the kinds with a column of their own (is_heading .. is_quote), numbered 1..4 in column
# order; other kinds (paragraph, code) are 0
_KIND_CODE = {"heading": 1, "list_item": 2, "table_row": 3, "quote": 4}
_KIND_COLUMNS = np.arange(1, 5, dtype=np.int8)
_ENDS_COLON = methodcaller("endswith", ":")
_TEXT, _KIND, _INDEX = attrgetter("text"), attrgetter("kind"), attrgetter("index")
_BLOCK_NUMBERS = tuple(map(attrgetter, ("start", "end", "link_density", "level")))


def is_prose(block: Block, doc: Document, min_words: int = _PROSE_WORDS) -> bool:
    """Sentences: enough words, stop words of the page's language, a final punctuation mark."""
    lang = doc.language or "en"
    stops = stopwords(lang) or stopwords("en")
    shapes = doc.memo.get(_PROSE_ROWS)
    i = block.index
    if (shapes is not None and shapes[0] == lang and shapes[1] is doc.blocks and 0 <= i < len(doc.blocks)
            and doc.blocks[i] is block):
        nw, stop, term = shapes[2][i, :3].tolist()  # block_features measured this block
    else:
        nw, stop, term = doc.per_text(_PROSE + lang, block.text, lambda text: _own_text(text[:_MAX_CHARS], stops)[:3])
    return nw >= min_words and (stop >= 0.15 or not stops) and term == 1.0


_PROSE = "prose:"  # Document.per_text tables of (words, stop, term) of `_own`, by language
# Document.memo: (language, blocks, `_shapes` of the blocks) of the page's last block_features
# (a per-text table of every block cost more than the few look-ups made in it)
_PROSE_ROWS = "features:shapes"


WORDS = "words"  # the Document.per_text table of Block.word_count, by text


def word_count(doc: Document, text: str) -> int:
    """len(normalize.words(text)), counted once per page (block_features counts every block's)."""
    return doc.per_text(WORDS, text, _count_words)


def _count_words(text: str) -> int:
    return len(_TOKEN.findall(text))


def _share_word_counts(doc: Document, texts: list[str], words: np.ndarray) -> None:
    r"""Leave the blocks' word counts in the page's memo for the filters after the region
    detector (headline, author bios): a shape's count is the text's \w+ count (as regex
    counts, see the fast set below) for a text of at most _MAX_CHARS characters."""
    table = doc.text_memo.setdefault(WORDS, {})
    counts = words.astype(np.int64).tolist()
    if max(map(len, texts)) <= _MAX_CHARS:
        table.update(zip(texts, counts))
    else:
        table.update((t, k) for t, k in zip(texts, counts) if len(t) <= _MAX_CHARS)


def _prefix(values: np.ndarray) -> np.ndarray:
    """Prefix sums: sum(values[a:b]) == out[b] - out[a] (np.cumsum adds left to right)."""
    out = np.zeros(len(values) + 1)
    np.cumsum(values, out=out[1:])
    return out


def context_features(probs: list[float], log_words: np.ndarray, dropped_before: np.ndarray,
                     out: np.ndarray | None = None) -> np.ndarray:
    """Stage-2 feature vectors: each block's stage-1 probability and its neighbours'; two
    columns of the stage-1 features (`log_words`, `dropped_before`) come along. `out`: an
    (n, k >= len(CONTEXT_NAMES)) array whose first columns take them (the rest untouched)."""
    n = len(probs)
    if out is None:
        out = np.zeros((n, len(CONTEXT_NAMES)))
    if n == 0:
        return out
    p = np.array(probs, dtype=np.float64)
    cum = _prefix(p)
    idx = np.arange(n)
    ext = np.arange(-5, n + 6)  # clipped window bounds, as in block_features
    np.maximum(ext, 0, out=ext)
    np.minimum(ext, n, out=ext)
    lo5, hi5 = ext[0:n], ext[11:11 + n]
    out[:, 0] = p
    out[0, 1] = 0.0  # p of the previous block, the next, two before, two after (0 past the ends)
    out[1:, 1] = p[:-1]
    out[:-1, 2] = p[1:]
    out[-1, 2] = 0.0
    out[:2, 3] = 0.0
    out[2:, 3] = p[:-2]
    out[:-2, 4] = p[2:]
    out[-2:, 4] = 0.0
    _window(p, 3, np.maximum, -np.inf, out[:, 5])
    _window(p, 1, np.minimum, np.inf, out[:, 6])
    out[:, 7] = (cum[hi5] - cum[lo5]) / (hi5 - lo5)
    out[:, 8] = cum[:n] / n
    out[:, 9] = (cum[n] - cum[1:]) / n
    out[:, 10] = sum(probs) / n  # Python's sum, as the model was trained with
    out[:, 11] = log_words
    out[:, 12] = dropped_before
    # ties keep document order, as sorted() did
    out[np.argsort(-p, kind="stable"), 13] = idx / n
    return out


def _window(values: np.ndarray, radius: int, op: np.ufunc, pad: float, out: np.ndarray) -> np.ndarray:
    """op (max or min) over values[i - radius : i + radius + 1] for every i, clipped at the
    ends, into `out`."""
    n = len(values)
    padded = np.full(n + 2 * radius, pad)
    padded[radius:radius + n] = values
    op(padded[:n], padded[1:1 + n], out=out)
    for shift in range(2, 2 * radius + 1):
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
_MAX_CHARS = 20_000  # a block's shape is read from its first 20,000 characters
# math.log1p of every word count a block can have (a word and a separator per two characters)
_LOG1P = np.array([math.log1p(k) for k in range(_MAX_CHARS // 2 + 2)])


def _agree(c: str) -> bool:
    return ((_TOKEN.match(c) is None) == (_FAST_TOKEN.match(c) is None)
            and (_DIGIT.match(c) is None) == (_FAST_DIGIT.match(c) is None)
            and (regex.match(r"\s", c) is None) == (re.match(r"\s", c) is None)
            and (_CAPITALISED.match(c) is not None) == c.isupper())


def _fast_set() -> list[str]:
    """The characters on which both engines agree, also once lower-cased."""
    candidates = [chr(o) for o in (*range(0x100), *range(0x2000, 0x2070))]
    agree = {c for c in candidates if _agree(c)}
    return sorted(c for c in agree if len(c.lower()) == 1 and c.lower() in agree
                  and (_TOKEN.match(c.lower()) is None) == (_TOKEN.match(c) is None)
                  and (_TOKEN.match(c) is None or ord(c.lower()) < 0x100))


_FAST_CHARS = _fast_set()
# a pattern finding a character outside that set
_FAST_OUTSIDE = re.compile("[^" + "".join(re.escape(c) for c in _FAST_CHARS) + "]")

# Tables over the fast set (indexed by code point, all below U+2070), so that the shape of
# every block of a page is read with a few numpy operations over the page's characters
# instead of a dozen regex and str calls per block. Each answers what `_own` asks of a
# character: \w, \s (the engines agree on these), a sentence mark of _SENTENCE, a final mark
# of _TERMINAL, \d; the case of a \w
# character (str.isupper; "lower or title case": a token is upper-case, str.isupper, when it
# holds no such character and one upper-case one); its lower case (a space where not \w).
_UPPER_CASE, _OTHER_CASE = 1, 2


def _tables() -> tuple[np.ndarray, ...]:
    size = 0x2070
    word, digit, space, sent, term = (np.zeros(size, dtype=bool) for _ in range(5))
    case = np.zeros(size, dtype=np.uint8)
    lower = np.full(size, ord(" "), dtype=np.uint8)
    for c in _FAST_CHARS:
        o = ord(c)
        word[o] = _FAST_TOKEN.match(c) is not None
        space[o] = re.match(r"\s", c) is not None
        sent[o] = _FAST_SENTENCE.match(c + " ") is not None
        term[o] = _TERMINAL.match(c) is not None
        digit[o] = _FAST_DIGIT.match(c) is not None
        if word[o]:
            # "cA".isupper() is False exactly when c is a lower or title case character
            case[o] = _UPPER_CASE if c.isupper() else 0 if (c + "A").isupper() else _OTHER_CASE
            lower[o] = ord(c.lower())  # the fast set keeps \w characters below U+0100 (checked)
    return word, digit, space, sent, term, case, lower


_IS_WORD, _IS_DIGIT, _IS_SPACE, _IS_SENT, _IS_TERM, _CASE, _LOWER_WORDS = _tables()
# the code units (U+0000..U+FFFF) outside the fast set (those _FAST_OUTSIDE finds)
_OUTSIDE = np.ones(0x10000, dtype=bool)
_OUTSIDE[[ord(c) for c in _FAST_CHARS]] = False
# The same answers as bit flags of every code unit (U+0000..U+FFFF), with whether it lies
# outside the fast set: one take reads them all for a page (a take per table cost more than
# the masks that now split them)
_F_WORD, _F_SPACE, _F_SENT, _F_COMMA, _F_DIGIT, _F_UPPER, _F_OTHER, _F_OUT = (1 << k for k in range(8))


def _flag_table() -> np.ndarray:
    flags = np.zeros(0x10000, dtype=np.uint8)
    size = len(_IS_WORD)
    for table, bit in ((_IS_WORD, _F_WORD), (_IS_SPACE, _F_SPACE), (_IS_SENT, _F_SENT), (_IS_DIGIT, _F_DIGIT),
                       (_CASE == _UPPER_CASE, _F_UPPER), (_CASE == _OTHER_CASE, _F_OTHER)):
        flags[:size][table] |= bit
    flags[ord(",")] |= _F_COMMA
    flags[_OUTSIDE] = _F_OUT  # no other answer is read for these
    return flags


_FLAGS = _flag_table()
_LAST_FIVE = np.arange(-5, 0)
_SHAPE_COLUMNS = 9  # words, stop, term, caps, digit, avgw, commas, upper, sentences (as _own)


def _shapes(texts: list[str], stops: frozenset[str]) -> np.ndarray:
    """The `_own` tuple of every text, one row each.

    Texts made only of fast-set characters (nearly all) are measured together by
    `_fast_shapes`; the others one at a time by `_own_text`.
    """
    texts = [t if len(t) <= _MAX_CHARS else t[:_MAX_CHARS] for t in texts]
    joined = "\n".join([*texts, ""])  # each text followed by "\n"
    units = joined.encode("utf-16-le", "surrogatepass")
    if texts and len(units) == 2 * len(joined):  # nothing past U+FFFF: a code unit is a character
        # a text is slow when it is not ASCII and holds a character outside the fast set (as
        # _own_text tells them), both counted over every text's span at once (one regex
        # search per text cost ~5x more); most pages hold no such character at all
        codes = np.frombuffer(units, dtype=np.uint16).astype(np.intp)
        lengths, starts = _spans(texts)
        flags = _FLAGS.take(codes)
        if np.maximum.reduce(flags) < _F_OUT:
            return _fast_shapes(texts, stops, (codes, flags, lengths, starts))
        slow_at = (_counts(flags >= _F_OUT, starts) > 0) & (_counts(codes >= 0x80, starts) > 0)
        if not slow_at.any():
            return _fast_shapes(texts, stops, (codes, flags, lengths, starts))
        slow = np.flatnonzero(slow_at).tolist()
    else:
        slow = [i for i, t in enumerate(texts) if not t.isascii() and _FAST_OUTSIDE.search(t) is not None]
        if not slow:
            return _fast_shapes(texts, stops)
    out = np.empty((len(texts), _SHAPE_COLUMNS))
    out[slow] = [_own_text(texts[i], stops) for i in slow]
    fast = sorted(set(range(len(texts))).difference(slow))
    if fast:
        out[fast] = _fast_shapes([texts[i] for i in fast], stops)
    return out


def _fast_shapes(texts: list[str], stops: frozenset[str],
                 spans: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    r"""`_own_text` of texts made only of fast-set characters, computed for all at once.

    The texts are joined by "\n" (not \w: no token spans two texts; \s: a sentence mark at a
    text's end is followed by it, as by the end of the text), and every count is a sum of
    character or token flags over a text's span. Counts are exact integers, and each ratio
    is the same single division (or min) as in `_own_text`, so the values are identical.
    `spans`: the joined text's characters (intp) and their _FLAGS, the texts' lengths and
    starts, where _shapes has them.
    """
    n = len(texts)
    if spans is None:
        joined = "\n".join([*texts, ""])
        lengths, starts = _spans(texts)
        codes = np.frombuffer(joined.encode("utf-16-le"), dtype=np.uint16).astype(np.intp)  # below U+2070
        flags = _FLAGS.take(codes)
    else:
        codes, flags, lengths, starts = spans
    size = len(codes)
    word = np.bitwise_and(flags, _F_WORD).view(np.bool_)  # _F_WORD is bit 0: 0 or 1
    token_start = word.copy()
    np.greater(word[1:], word[:-1], out=token_start[1:])
    # tokens, in text order: a text's tokens are those starting in its span (the "\n" after
    # it is not \w), the first of them first_token[i]
    token_at = np.flatnonzero(token_start)
    token_end = np.flatnonzero(word[:-1] > word[1:]) + 1  # the joined text ends with "\n" (not \w)
    n_tokens = len(token_at)
    first_token = np.empty(n + 1, dtype=np.int64)
    first_token[:n] = np.searchsorted(token_at, starts)
    first_token[n] = n_tokens
    nw = first_token[1:] - first_token[:-1]
    length = token_end - token_at
    word_chars = _span_sums(length, first_token)
    # sentence marks followed by \s (few: found by position; the last character is "\n")
    sent_at = np.flatnonzero(np.bitwise_and(flags, _F_SENT))
    sent_at = sent_at[np.bitwise_and(flags.take(sent_at + 1), _F_SPACE) != 0]
    bounds = np.empty(n + 1, dtype=np.int64)
    bounds[:n] = starts
    bounds[n] = size
    at = np.searchsorted(sent_at, bounds)
    sents = at[1:] - at[:-1]
    digits = _bit_counts(flags, _F_DIGIT, starts)
    commas = _bit_counts(flags, _F_COMMA, starts)

    # lower-cased for the stop words (on the fast set the lower-cased text has the same
    # tokens, lower-cased); capitalised when its first character is upper-case; upper-case
    # unless a lower/title-case letter: between two token starts lie one token and characters
    # that are not \w (no case flag)
    is_stop = _stop_flags(codes, token_at, length, stops)
    caps = _span_sums(np.bitwise_and(flags.take(token_at), _F_UPPER) != 0, first_token)
    upper_token = (np.bitwise_and(np.bitwise_or.reduceat(flags, token_at), _F_UPPER | _F_OTHER) == _F_UPPER
                   if n_tokens else np.zeros(0, dtype=bool))
    stop_count = _span_sums(is_stop, first_token)
    upper_count = _span_sums(upper_token, first_token)

    # a final mark (_TERMINAL on the last 5 characters): the last character of the text's
    # last 5 that is not \s is one (read from those 5 positions of each text, not the page)
    at = (starts + lengths)[:, None] + _LAST_FIVE
    solid = np.bitwise_and(flags.take(np.maximum(at, 0)), _F_SPACE) == 0
    solid &= at >= starts[:, None]
    last_solid = np.maximum.reduce(np.where(solid, at, -1), axis=1)  # -1: none
    term = (last_solid >= 0) & _IS_TERM.take(codes.take(np.maximum(last_solid, 0)))

    words = nw.astype(np.float64)
    safe_words = np.maximum(words, 1.0)  # rows without words are zeroed below
    out = np.empty((n, _SHAPE_COLUMNS))
    out[:, 0] = words
    out[:, 1] = stop_count / safe_words
    out[:, 2] = term
    out[:, 3] = caps / safe_words
    out[:, 4] = digits / np.maximum(lengths, 1)
    out[:, 5] = np.minimum(word_chars / safe_words, 20.0) / 10
    out[:, 6] = np.minimum(commas / safe_words, 1.0)
    out[:, 7] = upper_count / safe_words
    out[:, 8] = sents
    out[nw == 0] = 0.0
    return out


def _bit_counts(flags: np.ndarray, bit: int, starts: np.ndarray) -> np.ndarray:
    """How many characters of each text have the flag `bit` (see _counts)."""
    return np.add.reduceat(np.bitwise_and(flags, bit), starts, dtype=np.uint32) >> (bit.bit_length() - 1)


def _stop_flags(codes: np.ndarray, token_at: np.ndarray, length: np.ndarray,
                stops: frozenset[str]) -> np.ndarray:
    r"""Whether each token is a stop word (`stops.__contains__` of its lower-cased string),
    without making the tokens' strings (that and the look-ups were ~40% of _fast_shapes).

    `codes` are the text's characters (fast set, intp), `token_at` where each token starts,
    `length` its length; lower-cased, a token's characters are Latin-1 bytes. A token of up
    to 8 characters is its bytes read as one little-endian integer, zero-padded (no \w
    character is byte 0, so tokens of different lengths differ), looked up among the stop
    words' integers: equal integers are equal strings. A longer token whose first 8 bytes
    begin a longer stop word (few) is compared as a string.
    """
    n = len(token_at)
    short, heads = _stop_keys(stops)
    if n == 0 or (not len(short) and not len(heads)):
        return np.zeros(n, dtype=bool)
    size = len(codes)
    padded = np.zeros(size + 8, dtype=np.uint8)
    np.take(_LOWER_WORDS, codes, out=padded[:size], mode="clip")  # lower-cased \w, else a space
    # the 8 bytes from each position, as one integer (a view: no copy)
    windows = np.ndarray((size,), dtype="<u8", buffer=padded, strides=(1,))
    keys = windows.take(token_at) & _BYTE_MASKS.take(np.minimum(length, 8))
    out = _among(keys, short)
    long_at = np.flatnonzero(length > 8)  # (few) their first 8 bytes may be a short word's
    if len(long_at):
        out[long_at] = False
        if len(heads):
            for i in long_at[_among(keys.take(long_at), heads)].tolist():
                out[i] = padded[token_at[i]:token_at[i] + length[i]].tobytes().decode("latin-1") in stops
    return out


# the low k bytes of a little-endian uint64, for k = 0..8
_BYTE_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)


def _among(keys: np.ndarray, table: np.ndarray) -> np.ndarray:
    """keys.isin(table), for a sorted table (binary search: the table is small)."""
    if not len(table):
        return np.zeros(len(keys), dtype=bool)
    at = np.searchsorted(table, keys)
    np.minimum(at, len(table) - 1, out=at)
    return table.take(at) == keys


@lru_cache(maxsize=64)
def _stop_keys(stops: frozenset[str]) -> tuple[np.ndarray, np.ndarray]:
    """The integers (see _stop_flags) of the stop words of at most 8 Latin-1 characters, and
    of the first 8 characters of the longer ones, sorted. A word with another character
    never equals a token of the fast set."""
    short, heads = set(), set()
    for w in stops:
        try:
            raw = w.encode("latin-1")
        except UnicodeEncodeError:
            continue
        if raw:
            (short if len(raw) <= 8 else heads).add(int.from_bytes(raw[:8].ljust(8, b"\0"), "little"))
    return np.array(sorted(short), dtype=np.uint64), np.array(sorted(heads), dtype=np.uint64)


def _spans(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The texts' lengths, and where each starts in them joined by "\n"."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.zeros(len(texts), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    return lengths, starts


def _counts(flags: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """How many characters of each text have the flag: the span [start, next start) holds a
    text and its "\n", which has none (uint16: a text's count stays below 2**16)."""
    return np.add.reduceat(flags.view(np.uint8), starts, dtype=np.uint16)


def _span_sums(values: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Sums of values[bounds[i]:bounds[i + 1]] for every i (empty spans give 0)."""
    cum = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(values, out=cum[1:])
    return cum[bounds[1:]] - cum[bounds[:-1]]


def _own(b: Block, stops: frozenset[str]) -> tuple[float, float, float, float, float, float, float, float, float]:
    return _own_text(b.text if len(b.text) <= _MAX_CHARS else b.text[:_MAX_CHARS], stops)


def _own_text(text: str, stops: frozenset[str]) -> tuple[float, float, float, float, float, float, float, float, float]:
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
