"""P(article) of every block of an HTML page.

HTML says more than text: where a block sits (nav, footer, aside, a "share" or "comments"
container), how much of it is links, what kind of element it is. And a mature extractor
already exists: trafilatura's main-content extraction, run on the tree scrapeclean parsed
(no second parse), is strong evidence. Its extracted text is matched back to our blocks
(share of each block's word trigrams found in it), and gradient-boosted trees combine that
coverage with the block's hints, link density, kind, text shape (stop words, punctuation,
capitals) and where the page's prose lies around it (prose blocks before/after, the element
holding the most prose, text repeated elsewhere on the page). The main-content filter then
smooths these probabilities with its Viterbi pass, and the chrome phrase filters that ran
before it have already removed share bars, cookie notices and the like that trafilatura keeps.

The trees are trained on the dev corpus by `training/train_html.py` and ship in
`data/html_region.json`; nothing is downloaded at run time. Out of fold (4 folds grouped by
domain) they score shingle F1 0.960 / snippet F1 0.943 on the dev HTML (trafilatura alone:
0.953 / 0.923); without trafilatura's coverage (pages where it returns nothing, or is skipped
on huge pages) 0.936 / 0.927.

Cost: trafilatura's extraction on our tree (fast=True, no fallback) takes about 55% of the CPU
of a default `trafilatura.extract(html)`, 45% as `html_tf` runs it (the same text, without the
copies and the prunes that cannot match). So the model without its evidence runs first, and
trafilatura is asked only on the pages where that model is unsure (see `GATE`): about 38% of
them, out of fold shingle F1 0.955 / snippet F1 0.947 instead of 0.960 / 0.949.
"""
from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from itertools import chain
from typing import Any

import numpy as np
import regex

from ..document import Block, Document
from ..features import WORDS
from ..metadata.html import LATE_DATE_KEY
from ..segment.html import ANCESTORS_KEY, ELEMENTS_KEY, MAX_HELPER_ELEMENTS, TREE_KEY

__all__ = ["html_probabilities", "html_features", "HTML_FEATURES", "extract_main_text"]

_TOKEN = re.compile(r"\w+")  # the metrics' tokens; stdlib re is faster here than regex
_TERMINAL = regex.compile(r"[.!?…。！？:;\"”»)]\s*$")
_HINT_FEATURES = (
    "nav", "menu", "breadcrumb", "footer", "header", "aside", "sidebar", "form", "share",
    "social", "comment", "related", "cookie", "newsletter", "tags", "author", "date", "meta",
    "ad", "pagination", "caption", "hidden", "skip", "login", "search", "toolbar", "legal",
    "content", "articlebody", "article", "main", "title", "lead", "figure", "table", "label",
    "dialog", "alert",
)
_HINT_INDEX = {h: i for i, h in enumerate(_HINT_FEATURES)}
HTML_FEATURES: tuple[str, ...] = (
    "bias", "tf_cover", "tf_cover_prev", "tf_cover_next", "tf_cover_win3", "tf_empty",
    "prose", "prose_prev", "prose_next", "win_log_words", "win_stop", "prose_before",
    "prose_after", "link_density", "log_words", "short",
    "stop_ratio", "terminal", "comma_rate", "avg_word_len", "capital_ratio", "digit_ratio",
    "log_sentences", "is_heading", "heading_level", "is_list", "is_table", "is_quote", "is_code",
    "dropped_before", "in_tf_span", "tf_small", "uncovered_small", "prose_small",
    "in_prose_container", "in_tf_container", "position", "repeated", "dup_share",
    *(f"hint_{h}" for h in _HINT_FEATURES),
)


@lru_cache(maxsize=2)
def _model(name: str = "html_region.json") -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(files("scrapeclean.data").joinpath(name).read_text("utf-8"))
    except FileNotFoundError:
        return {"features": list(HTML_FEATURES), "weights": _FALLBACK, "no_tf_weights": _FALLBACK}
    if list(data["features"]) != list(HTML_FEATURES):
        raise ValueError(f"{name} was trained on other features; retrain it (training/train_html.py)")
    for key in ("trees", "no_tf_trees"):
        if key in data:
            from ..trees import TreeEnsemble

            data[key + "_model"] = TreeEnsemble(data[key])
    return data


# hand-set weights, used only when the trained file is missing
_FALLBACK = [0.0] * len(HTML_FEATURES)
_FALLBACK[HTML_FEATURES.index("bias")] = -2.0
_FALLBACK[HTML_FEATURES.index("tf_cover")] = 4.0
_FALLBACK[HTML_FEATURES.index("prose")] = 1.0
_FALLBACK[HTML_FEATURES.index("link_density")] = -2.0


def extract_main_text(doc: Document) -> str | None:
    """trafilatura's main text of the page (comments excluded), on the already-parsed tree."""
    tree = doc.html_meta.get(TREE_KEY)
    if tree is None:
        return None
    cached = doc.html_meta.get("_tf_text")
    if isinstance(cached, str) or cached is False:
        return cached or None
    n = doc.html_meta.get(ELEMENTS_KEY)
    if isinstance(n, int) and n > MAX_HELPER_ELEMENTS:
        text = None  # on pages this large trafilatura costs more than it brings
    else:
        # trafilatura prunes the tree it reads: it may have ours, uncopied, unless htmldate's
        # late search still needs it (the text is kept below for whoever asks again)
        owned = LATE_DATE_KEY not in doc.html_meta
        if owned:
            del doc.html_meta[TREE_KEY]
        text = _run_trafilatura(tree, doc.url, owned)
    doc.html_meta["_tf_text"] = text if text is not None else False
    return text


def _run_trafilatura(tree: Any, url: str | None, owned: bool = False) -> str | None:
    try:
        from .html_tf import main_text
    except ImportError:  # pragma: no cover - a dependency, but the model works without it
        return None
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        return main_text(tree, url, owned)
    except Exception:  # never let the helper break the page: fall back to our own evidence
        return None


def _coverage(tokens: list[list[str]], toks: list[str]) -> list[float]:
    """Share of each block's word trigrams (its words, for 1-2 word blocks) in the text of `toks`."""
    if not toks:
        return [0.0] * len(tokens)
    tri = set(zip(toks, toks[1:], toks[2:]))
    joined = " " + " ".join(toks) + " "
    out = []
    for bt in tokens:
        if not bt:
            out.append(0.0)
        elif len(bt) < 3:
            out.append(1.0 if (" " + " ".join(bt) + " ") in joined else 0.0)
        else:
            hit = sum(1 for t in zip(bt, bt[1:], bt[2:]) if t in tri)
            out.append(hit / (len(bt) - 2))
    return out


def _text_shapes(texts: list[str], tokens: list[list[str]], stops: frozenset[str]) -> np.ndarray:
    """Per block: stop-word ratio, terminal punctuation, commas, word length, capitals, digits,
    sentences (a row of zeros for a block without words).

    The per-word tests run over all the page's words at once and are summed per block (exact
    integer sums, then the same divisions as per block): per-block calls cost more than the words.
    """
    n = len(tokens)
    counts = np.fromiter(map(len, tokens), dtype=np.int64, count=n)
    words = list(chain.from_iterable(tokens))
    ends = np.cumsum(counts)
    starts = ends - counts

    def per_block(values: Iterable[int]) -> np.ndarray:
        total = np.concatenate(([0], np.cumsum(np.fromiter(values, dtype=np.int64, count=len(words)))))
        return total[ends] - total[starts]

    stop = per_block(map(stops.__contains__, map(str.lower, words)))
    chars = per_block(map(len, words))
    firsts = "".join([w[0] for w in words])
    caps = per_block(map(str.isupper, firsts))
    digits = per_block(map(str.isdigit, firsts))
    term = [1.0 if _TERMINAL.search(t[-5:]) else 0.0 for t in texts]
    out = np.zeros((n, 7), dtype=np.float64)
    has = counts > 0
    c = counts[has]
    out[has, 0] = stop[has] / c
    out[has, 1] = np.array(term)[has]
    out[has, 2] = np.minimum(np.array([t.count(",") for t in texts], dtype=np.float64)[has] / c, 1.0)
    out[has, 3] = np.minimum(chars[has] / c, 20.0) / 10
    out[has, 4] = caps[has] / c
    out[has, 5] = digits[has] / c
    # math.log1p, as before: numpy's may differ in the last bit
    out[has, 6] = np.array([math.log1p(t.count(". ") + t.count("! ") + t.count("? ") + x)
                            for t, x in zip(texts, term)])[has]
    return out


_BASE_KEY = "_html_feature_base"


def html_features(doc: Document, main: str | None = None, use_tf: bool = True) -> np.ndarray:
    """One feature vector per block (a row), in HTML_FEATURES order."""
    if use_tf and main is None:
        main = extract_main_text(doc)
    base = doc.html_meta.get(_BASE_KEY)
    if not isinstance(base, _Base) or len(base.rows) != len(doc.blocks):
        base = _base_features(doc)
        doc.html_meta[_BASE_KEY] = base  # computed once: the gate and the model with trafilatura share it
    if not (use_tf and main):
        return base.rows.copy()
    return _with_tf(base, doc, main)


class _Base:
    """The rows without trafilatura's evidence, and what its columns are computed from."""

    __slots__ = ("ancestors", "nwords", "prose", "rows", "tokens", "total_prose")

    def __init__(self, rows: np.ndarray, tokens: list[list[str]], nwords: list[int],
                 prose: np.ndarray, total_prose: float, ancestors: list[tuple[int, ...]]) -> None:
        self.rows, self.tokens, self.nwords, self.prose = rows, tokens, nwords, prose
        self.total_prose, self.ancestors = total_prose, ancestors


_COL = {f: i for i, f in enumerate(HTML_FEATURES)}
_KIND_COLUMNS = {"heading": _COL["is_heading"], "list_item": _COL["is_list"],
                 "table_row": _COL["is_table"], "quote": _COL["is_quote"], "code": _COL["is_code"]}
_FIRST_HINT = _COL["hint_" + _HINT_FEATURES[0]]


def _window_mean(values: np.ndarray, half: int) -> np.ndarray:
    """Mean of each value's window of +-`half` (cut at the ends), summed left to right as
    Python's sum() over the slice does: the same floats, bit for bit, as the loop it replaced."""
    n = len(values)
    padded = np.concatenate((np.zeros(half), values, np.zeros(half)))
    total = padded[0:n].copy()
    for k in range(1, 2 * half + 1):
        total += padded[k:k + n]
    idx = np.arange(n)
    width = np.minimum(idx + half + 1, n) - np.maximum(idx - half, 0)
    return total / width


def _base_features(doc: Document) -> _Base:
    from ..metadata.language import stopwords

    blocks = doc.blocks
    n = len(blocks)
    texts = [b.text for b in blocks]
    tokens = [_TOKEN.findall(t if len(t) <= 50_000 else t[:50_000]) for t in texts]
    stops = stopwords(doc.language or "en") or stopwords("en")
    shape = _text_shapes(texts, tokens, stops)
    nwords = [len(t) for t in tokens]
    nw = np.array(nwords, dtype=np.float64)
    logw = np.array([math.log1p(w) for w in nwords], dtype=np.float64)
    density = np.array([b.link_density for b in blocks], dtype=np.float64)
    # a prose block: a sentence or more of running text with stop words, mostly not links
    prose = ((nw >= 15) & ((shape[:, 0] >= 0.12) | (not stops)) & (density < 0.5)).astype(np.float64)
    cum = np.concatenate(([0.0], np.cumsum(nw * prose)))
    total = cum[n] or 1.0
    found = doc.html_meta.get(ANCESTORS_KEY)
    ancestors: list[tuple[int, ...]] = found if isinstance(found, list) and len(found) == n else [()] * n
    in_prose = _in_container(ancestors, [w * (2 * p - 1) for w, p in zip(nwords, prose.tolist())])
    counts: dict[str, int] = {}
    for b in blocks:
        counts[b.text] = counts.get(b.text, 0) + 1
    no_tf_small = 1.0 if cum[n] else 0.0  # trafilatura took none of the page's prose

    X = np.zeros((n, len(HTML_FEATURES)), dtype=np.float64)
    X[:, _COL["bias"]] = 1.0
    X[:, _COL["tf_empty"]] = 1.0
    X[:, _COL["prose"]] = prose
    X[1:, _COL["prose_prev"]] = prose[:-1]
    X[:-1, _COL["prose_next"]] = prose[1:]
    X[:, _COL["win_log_words"]] = _window_mean(logw, 2) / 3
    X[:, _COL["win_stop"]] = _window_mean(shape[:, 0], 2)
    X[:, _COL["prose_before"]] = cum[:n] / total
    X[:, _COL["prose_after"]] = (total - cum[1:]) / total
    X[:, _COL["link_density"]] = density
    X[:, _COL["log_words"]] = logw / 3
    X[:, _COL["short"]] = nw <= 3
    X[:, _COL["stop_ratio"]:_COL["stop_ratio"] + 7] = shape
    X[:, _COL["tf_small"]] = no_tf_small
    X[:, _COL["uncovered_small"]] = no_tf_small
    X[:, _COL["prose_small"]] = prose * no_tf_small
    X[:, _COL["in_prose_container"]] = in_prose
    X[:, _COL["position"]] = np.arange(n) / max(n, 1)
    X[:, _COL["dup_share"]] = _duplicated(tokens)
    dropped = doc.dropped
    for i, b in enumerate(blocks):
        col = _KIND_COLUMNS.get(b.kind)
        if col is not None:
            X[i, col] = 1.0
            if col == _COL["is_heading"]:
                X[i, _COL["heading_level"]] = b.level
        if b.index in dropped:
            X[i, _COL["dropped_before"]] = 1.0
        if counts[b.text] > 1:
            X[i, _COL["repeated"]] = 1.0
        for h in b.hints:
            j = _HINT_INDEX.get(h)
            if j is not None:
                X[i, _FIRST_HINT + j] = 1.0
    return _Base(X, tokens, nwords, prose, float(cum[n]), ancestors)


def _with_tf(base: _Base, doc: Document, main: str) -> np.ndarray:
    """The base rows with trafilatura's coverage of each block filled in."""
    n = len(base.rows)
    main_tokens = _TOKEN.findall(main)
    cover = np.array(_coverage(base.tokens, main_tokens), dtype=np.float64)
    covered = np.flatnonzero(cover >= 0.5)
    lo, hi = (int(covered[0]), int(covered[-1])) if len(covered) else (-1, -2)
    # how much of the page's prose trafilatura took: when little, its coverage says less
    tf_words = len(main_tokens)
    small = max(0.0, 1.0 - (tf_words / base.total_prose) / 0.5) if base.total_prose else 0.0
    in_tf = (_in_container(base.ancestors, [w * (2 * c - 1) for w, c in zip(base.nwords, cover.tolist())])
             if tf_words else [0.0] * n)
    X = base.rows.copy()
    X[:, _COL["tf_cover"]] = cover
    X[1:, _COL["tf_cover_prev"]] = cover[:-1]
    X[:-1, _COL["tf_cover_next"]] = cover[1:]
    X[:, _COL["tf_cover_win3"]] = _window_mean(cover, 3)
    X[:, _COL["tf_empty"]] = 0.0
    X[lo:hi + 1, _COL["in_tf_span"]] = 1.0
    X[:, _COL["tf_small"]] = small
    X[:, _COL["uncovered_small"]] = (1 - cover) * small
    X[:, _COL["prose_small"]] = base.prose * small
    X[:, _COL["in_tf_container"]] = in_tf
    return X


def _duplicated(tokens: list[list[str]]) -> list[float]:
    """Share of each block's word trigrams that another block also holds (a copy of the text)."""
    owner: dict[tuple[str, str, str], int] = {}
    shared: set[tuple[str, str, str]] = set()
    for i, bt in enumerate(tokens):
        for t in zip(bt, bt[1:], bt[2:]):
            j = owner.setdefault(t, i)
            if j != i:
                shared.add(t)
    out = []
    for bt in tokens:
        if len(bt) < 3:
            out.append(0.0)
        else:
            out.append(sum(1 for t in zip(bt, bt[1:], bt[2:]) if t in shared) / (len(bt) - 2))
    return out


def _in_container(ancestors: list[tuple[int, ...]], weights: list[float]) -> list[float]:
    """1 for the blocks inside the element whose blocks' weights sum highest (the deepest on ties).

    With weights = words x (2p - 1) this is the subtree holding the most article evidence net
    of chrome: a structural smoothing, as the Viterbi pass is a sequential one.
    """
    # each element's sum by bincount, which adds in input order (block order, as a Python loop);
    # ties go to the element seen last, as the loop's >= did: ids grow in the order they are
    # first seen (preorder numbers, each block's from the outside in)
    n = len(ancestors)
    lens = np.fromiter(map(len, ancestors), dtype=np.intp, count=n)
    flat = np.fromiter(chain.from_iterable(ancestors), dtype=np.intp, count=int(lens.sum()))
    if not len(flat):
        return [0.0] * n
    score = np.bincount(flat, weights=np.repeat(np.asarray(weights, dtype=np.float64), lens))
    present = np.zeros(len(score), dtype=bool)
    present[flat] = True
    top = score[present].max()
    if top <= 0:
        return [0.0] * n
    best = int(np.flatnonzero(present & (score == top))[-1])
    return [1.0 if best in anc else 0.0 for anc in ancestors]


# trafilatura's evidence is asked for only where the model without it is unsure: the
# word-weighted mean of 2 * min(p, 1 - p) over the page's blocks above this. Out of fold on the
# dev HTML (4 domain folds), 0.15 asks trafilatura on 213 of 557 pages for shingle F1 0.955 /
# snippet F1 0.947; 0.12: 273 pages, 0.958 / 0.947; every page 0.960 / 0.949; never 0.938 /
# 0.935; 0.18: 166 pages, 0.953 / 0.947 (trafilatura alone: 0.953 / 0.923). In sample 0.15 asks
# on 195 pages for 0.971 / 0.976, as 0.12 did on 279
# the smoothing's switch cost on HTML: the trees were evaluated (train_html.py eval --cv) with
# none; the text model's 0.5 gives HTML +0.004 shingle F1 but -0.002 snippet F1 in sample
SWITCH_COST = 0.0
GATE = 0.15


def html_probabilities(doc: Document, gate: float = GATE) -> list[float]:
    """P(article) of every block of an HTML document."""
    if not doc.blocks:
        return []
    m = _model()
    X = html_features(doc, None, use_tf=False)
    p = _predict(m, X, tf=False)
    if _unsure(p, _word_counts(doc)) <= gate:
        return p
    main = extract_main_text(doc)
    if not main:
        return p
    return _predict(m, html_features(doc, main, use_tf=True), tf=True)


def _word_counts(doc: Document) -> list[int]:
    """Block.word_count of every block, from the features' tokens where they are the same words.

    They are left in the page's table of word counts (features.word_count) for the filters
    after this one (the title ranker, the main-content filter's short blocks).
    """
    base = doc.html_meta.get(_BASE_KEY)
    if not isinstance(base, _Base) or len(base.nwords) != len(doc.blocks):
        counts = [b.word_count for b in doc.blocks]
    else:
        # the features split with the stdlib engine, Block.words with `regex`: their \w differ
        # (marks, other numbers) on non-ASCII text only
        counts = [n if len(b.text) <= 50_000 and b.text.isascii() else b.word_count
                  for b, n in zip(doc.blocks, base.nwords)]
    doc.text_memo.setdefault(WORDS, {}).update(zip([b.text for b in doc.blocks], counts))
    return counts


def _unsure(p: list[float], counts: list[int]) -> float:
    """How unsure the probabilities are: 0 when all are 0 or 1, 1 when all are 0.5 (word-weighted)."""
    total = sum(counts)
    if not total:
        return 0.0
    return sum(w * 2 * min(q, 1 - q) for q, w in zip(p, counts)) / total


def _predict(m: dict[str, Any], X: list[list[float]], tf: bool) -> list[float]:
    trees = m.get("trees_model" if tf else "no_tf_trees_model")
    if trees is not None:
        out: list[float] = trees.predict(X)
        return out
    w = m["weights"] if tf else m.get("no_tf_weights", m["weights"])
    out = []
    for x in X:
        z = sum(wi * xi for wi, xi in zip(w, x))
        out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
    return out
