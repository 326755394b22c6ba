"""Main-content detection: score every block, then pick the article region(s).

Gradient-boosted trees over `features.block_features` (a block's own shape and its
neighbourhood) give each block a probability of being article text, and a second set of trees
revises it from the neighbours' probabilities; a two-state Viterbi pass then smooths the labels so that the article stays in runs (one
isolated short line inside the article is kept, one long teaser among menus is not) without
forcing a single contiguous block, which loses articles split by an image or a pull quote.
The trees are trained on the dev corpus by `training/train_region.py` and ship in
`data/region_model.json`; nothing is downloaded at run time.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from ..document import Document
from ..features import CONTEXT_NAMES, FEATURE_NAMES, block_features, context_features, word_count
from ..metadata.dates import find_date
from ..trees import TreeEnsemble
from ..registry import register_filter
from .base import Filter, Verdict

__all__ = ["MainContentFilter", "block_probabilities", "smooth", "stage2_features", "STAGE2_NAMES"]

CORE_NAMES: tuple[str, ...] = ("in_core", "core_side", "core_gap_blocks", "core_gap_words", "core_share",
                               "end_marks_before", "comment_mark_before")
# What the phrase and metadata filters drop where an article ends and the page goes on:
# headings of comments and related stories, tags, share bars, counters, footers.
END_REASONS = frozenset({
    "related_heading", "comments_heading", "comments_counter", "tags_label", "share_prompt",
    "follow_prompt", "newsletter", "copyright", "legal_link", "feedback_prompt", "pagination",
})
_COMMENT_REASONS = frozenset({"comments_heading", "comments_counter"})
STAGE2_NAMES: tuple[str, ...] = CONTEXT_NAMES + CORE_NAMES


@lru_cache(maxsize=8)
def _model(name: str) -> dict[str, Any]:
    """A model shipped in the package (a bare file name) or any model file (a path)."""
    source = Path(name) if ("/" in name or "\\" in name) else files("scrapeclean.data").joinpath(name)
    data: dict[str, Any] = json.loads(source.read_text("utf-8"))
    if list(data["features"]) != list(FEATURE_NAMES) or not set(data["context"]) <= set(STAGE2_NAMES):
        raise ValueError(f"{name} was trained on other features; retrain it")
    # stage 2 reads the columns it was trained on, by name (all of them in order: a slice, so
    # selecting them is a view, not a copy of a big page's matrix)
    cols = [STAGE2_NAMES.index(c) for c in data["context"]]
    data["stage2_columns"] = slice(None) if cols == list(range(len(STAGE2_NAMES))) else cols
    data["stage1_model"] = TreeEnsemble(data["stage1"])
    data["stage2_model"] = TreeEnsemble(data["stage2"]) if "stage2" in data else None
    return data


def block_probabilities(doc: Document, model: str = "region_model.json") -> list[float]:
    """P(article) of every block: stage-1 trees on its features, stage 2 on its context."""
    m = _model(model)
    base = block_features(doc)
    p1 = m["stage1_model"].predict(base)
    if not m["stage2_model"]:
        return p1
    # stage 2 reads two columns of the stage-1 matrix: let the rest go first (on a big page
    # the matrix is twice the input's size)
    log_words, dropped_before = base[:, _LOG_WORDS].copy(), base[:, _DROPPED_BEFORE].copy()
    del base
    x = _stage2(p1, log_words, dropped_before, drop_reasons(doc))
    return m["stage2_model"].predict(x[:, m["stage2_columns"]])


def drop_reasons(doc: Document) -> list[str | None]:
    """The reason each block was dropped by an earlier filter (None: still alive)."""
    return [doc.dropped[b.index][1] if b.index in doc.dropped else None for b in doc.blocks]


def stage2_features(probs: list[float], base: np.ndarray, reasons: list[str | None]) -> np.ndarray:
    """Stage-2 rows: the neighbours' stage-1 probabilities, and where the article's core is."""
    base = np.asarray(base, dtype=np.float64)
    return _stage2(probs, base[:, _LOG_WORDS], base[:, _DROPPED_BEFORE], reasons)


_LOG_WORDS, _DROPPED_BEFORE = FEATURE_NAMES.index("log_words"), FEATURE_NAMES.index("dropped_before")


def _stage2(probs: list[float], log_words: np.ndarray, dropped_before: np.ndarray,
            reasons: list[str | None]) -> np.ndarray:
    out = np.empty((len(probs), len(STAGE2_NAMES)))  # every column is written
    ctx = context_features(probs, log_words, dropped_before, out)
    words = np.expm1(log_words) if len(ctx) else np.zeros(0)
    core_features(ctx[:, 0], words, reasons, out[:, len(CONTEXT_NAMES):])
    return out


def core_features(p: np.ndarray, words: np.ndarray, reasons: list[str | None],
                  out: np.ndarray | None = None) -> np.ndarray:
    """Where each block sits relative to the article's core: the run of blocks holding the
    most article-like words (the maximum-sum run of words * (p - 0.5), Kadane). Comments and
    teasers read like the article, but lie beyond a gap of chrome outside that run. `out`:
    an (n, len(CORE_NAMES)) array to fill."""
    n = len(p)
    if out is None:
        out = np.zeros((n, len(CORE_NAMES)))
    if n == 0:
        return out
    best, best_lo, best_hi, run, lo = -math.inf, 0, 0, 0.0, 0
    for i, g in enumerate(((words + 1) * (p - 0.5)).tolist()):
        if run <= 0:
            run, lo = g, i
        else:
            run += g
        if run > best:
            best, best_lo, best_hi = run, lo, i
    idx = np.arange(n)
    low = (p < 0.5).astype(np.float64)
    cum_low, cum_low_words = np.zeros(n + 1), np.zeros(n + 1)
    np.cumsum(low, out=cum_low[1:])
    np.cumsum(low * words, out=cum_low_words[1:])
    before, after = idx < best_lo, idx > best_hi
    # the chrome between a block and the core: blocks i+1 .. best_lo-1, or best_hi+1 .. i-1
    a = np.where(before, idx + 1, np.where(after, best_hi + 1, 0))
    b = np.where(before, best_lo, np.where(after, idx, 0))
    out[:, 0] = ~(before | after)
    out[:, 1] = after.astype(np.float64) - before
    out[:, 2] = np.minimum(cum_low[b] - cum_low[a], 20) / 20
    out[:, 3] = np.log1p(cum_low_words[b] - cum_low_words[a])
    high = words * (p >= 0.5)
    out[:, 4] = float(high[best_lo:best_hi + 1].sum()) / (float(high.sum()) or 1.0)
    # end-of-article chrome met since the core began: comments and teasers follow it
    ends = np.fromiter(map(END_REASONS.__contains__, reasons), dtype=np.float64, count=n)
    comments = np.fromiter(map(_COMMENT_REASONS.__contains__, reasons), dtype=np.float64, count=n)
    ends[:best_lo] = comments[:best_lo] = 0
    out[:, 5] = np.minimum(np.cumsum(ends) - ends, 5) / 5
    out[:, 6] = (np.cumsum(comments) - comments) > 0
    return out


def smooth(probs: list[float], switch_cost: float) -> list[bool]:
    """Most likely keep/drop labels given per-block probabilities and a cost per switch."""
    if not probs:
        return []
    eps = 1e-6
    log = math.log
    drop = [log(1 - p + eps) for p in probs]
    keep = [log(p + eps) for p in probs]
    # scores of ending in state drop (0) / keep (1), and back-pointers: the state each state
    # came from (no tuples in the loop: it runs once per block)
    s0, s1 = drop[0], keep[0]
    from_drop: list[int] = []
    from_keep: list[int] = []
    for e0, e1 in zip(drop[1:], keep[1:]):
        switch0, switch1 = s1 - switch_cost, s0 - switch_cost
        if s0 >= switch0:
            from_drop.append(0)
        else:
            from_drop.append(1)
            s0 = switch0
        if s1 >= switch1:
            from_keep.append(1)
        else:
            from_keep.append(0)
            s1 = switch1
        s0, s1 = s0 + e0, s1 + e1
    state = 1 if s1 > s0 else 0
    labels = [state]
    for b0, b1 in zip(reversed(from_drop), reversed(from_keep)):
        state = b1 if state == 1 else b0
        labels.append(state)
    return [x == 1 for x in reversed(labels)]


# Lines the metadata filters took out (a date, a byline, a counter) often sit between the
# headline's standfirst and the body: growth looks through them.
_METADATA_REASONS = frozenset({"dateline", "byline", "reading_time", "views_counter", "likes_counter",
                               "shares_counter"})


def _grow(keep: list[bool], probs: list[float], doc: Document, floor: float) -> list[bool]:
    """Let the article take in the prose paragraphs right next to it.

    A paragraph of sentences (10+ words, stop words, final punctuation) beside a kept block is
    article text far more often than not, even where the model hesitates (the last paragraph
    of a short article, one after an image). Grows in both directions until a non-prose block:
    one sweep forward, one backward, so the cost stays linear in the number of blocks.
    """
    from ..features import is_prose

    n = len(keep)
    through = [doc.dropped[i][1] in _METADATA_REASONS if i in doc.dropped else False for i in range(n)]
    for order in (range(n), range(n - 1, -1, -1)):
        beside_kept = False
        for i in order:
            if through[i]:
                continue
            if (beside_kept and not keep[i] and probs[i] >= floor and i not in doc.dropped
                    and is_prose(doc.blocks[i], doc, 10)):
                keep[i] = True
            beside_kept = keep[i]
    return keep


# A caption names where people stand or what the picture is, or the day it was taken (a news
# agency's "... speaks during a fundraiser, Sunday, Nov. 17, 2019, in Las Vegas."): it may sit
# above the article like a standfirst, but is no lead paragraph.
_CAPTION_CUE = re.compile(
    r"\((?:left|right|center|centre|top|bottom|links|rechts|l|r|from left)\)"
    r"|\b(?:pictured|photograph|photo|foto|image caption|bild)\b", re.IGNORECASE)


def _caption(text: str) -> bool:
    return _CAPTION_CUE.search(text) is not None or find_date(text) is not None


def _lead(keep: list[bool], probs: list[float], doc: Document, floor: float,
          min_words: int = 20, max_steps: int = 6, short_words: int = 12) -> list[bool]:
    """Let the article take in its lead paragraph, a few short lines above its first block.

    A standfirst or lead is often cut off from the body by the date, the byline or an image
    line, so growth (which needs a kept neighbour) never reaches it, and the model, which
    reads it next to the headline and the page's chrome, hesitates (p 0.3-0.5). Walking up
    from the article's first block over at most `max_steps` short lines, the first paragraph
    of sentences joins when it is long enough (`min_words`) and not a photo caption. Out of
    fold, 20 words rather than 30 gains snippet F1 (+0.002-0.003 on every rendering and both
    fold splits: standfirsts) for shingle F1 -0.0004 to -0.0008 (the `scrapinghub` gold leaves
    some standfirsts out).
    """
    from ..features import is_prose

    first = next((i for i, k in enumerate(keep) if k and i not in doc.dropped), None)
    if first is None:
        return keep
    steps = 0
    for i in range(first - 1, -1, -1):
        if i in doc.dropped:
            continue  # a date, a byline, a share bar: chrome the earlier filters recognised
        steps += 1
        if steps > max_steps:
            break
        b = doc.blocks[i]
        if is_prose(b, doc, 10):
            if probs[i] >= floor and b.word_count >= min_words and not _caption(b.text):
                keep[i] = True
            break
        if b.word_count > short_words:
            break
    return keep


def _author_bios(doc: Document, keep: list[bool], max_words: int = 150) -> set[int]:
    """Kept blocks late in the article that open with a byline's name: the author's bio.

    "Jake is the co-founder of ...", "TIM ANDERSON has done many amazing things ...": a bio
    reads like the article's last paragraph, but an article rarely names its own author, let
    alone opens a paragraph with that name followed by a verb (lower case: not "Name:").
    """
    names = [n for f in doc.found.get("authors", ()) if isinstance(f.value, list)
             for n in f.value if isinstance(n, str) and " " in n.strip()]
    openers = {o.casefold() for n in names for o in (n.strip(), n.split()[0])}
    if not openers:
        return set()
    kept = [b for b in doc.blocks if keep[b.index] and b.index not in doc.dropped]
    counts = [word_count(doc, b.text) for b in kept]  # counted once per page (block_features)
    total = sum(counts)
    out, seen = set(), 0
    for b, count in zip(kept, counts):
        seen += count
        if seen - count < 0.7 * total or count > max_words:
            continue  # only the article's last 30% of words, where bios sit
        t = b.text
        if any(t[:len(o)].casefold() == o and t[len(o):len(o) + 1] == " " and t[len(o) + 1:len(o) + 2].islower()
               for o in openers):
            out.add(b.index)
    return out


@register_filter("main-content", family="region")
@dataclass(frozen=True, slots=True, kw_only=True)
class MainContentFilter(Filter):
    """Drop every block outside the article region(s).

    Removes a teaser list or a menu between prose; keeps the paragraphs of the article, and
    the short lines (subheadings, list items) inside it.
    """

    switch_cost: float | None = None  # None: the text model's trained value; html_region.SWITCH_COST on HTML
    threshold: float = 0.5  # probability above which a block counts as article on its own
    grow_above: float = 0.25  # a prose block next to the article joins it from this probability
    lead_above: float = 0.3  # the lead paragraph a few short lines above the article, from this
    model: str = "region_model.json"  # package data name, or a path to a retrained model

    def apply(self, doc: Document):  # type: ignore[override]
        if not doc.blocks:
            return
        shift = math.log(self.threshold / (1 - self.threshold)) if self.threshold != 0.5 else 0.0
        if doc.kind != "html" and not doc.dropped:
            # No filter recognised anything around an article (no menu, share bar, date line,
            # footer...): the text is the article, as clean()'s own output is. The region
            # model judges a block by its neighbours, and without the page's chrome it trims
            # an article's edges a block at a time; then cleaning the output again would not
            # give it back. (Rare on pages: 2 of 186 dev innerText pages, none of 186 gettext
            # or markdown pages; what chrome such a page has stays, e.g. a glued footer line.)
            return
        if doc.kind == "html":
            from .html_region import SWITCH_COST, html_probabilities  # HTML has richer evidence: tags, classes

            probs = html_probabilities(doc)
            cost = SWITCH_COST
        else:
            probs = block_probabilities(doc, self.model)
            cost = _model(self.model).get("switch_cost", 2.0)
        if self.switch_cost is not None:
            cost = self.switch_cost
        if shift:
            probs = [1 / (1 + math.exp(-(math.log(p / (1 - p + 1e-9) + 1e-9) - shift))) for p in probs]
        keep = _grow(smooth(probs, cost), probs, doc, self.grow_above)
        if doc.kind != "html":  # tuned on the text renderings (HTML has its own evidence)
            keep = _lead(keep, probs, doc, self.lead_above)
        alive = [b for b in doc.blocks if b.index not in doc.dropped]
        if alive and not any(keep[b.index] for b in alive):
            # never empty when the page holds text: keep the blocks nearly as article-like as
            # the best one (a page of short lines has no block the model is sure of)
            top = max(probs[b.index] for b in alive)
            for b in alive:
                keep[b.index] = probs[b.index] >= 0.6 * top
        bios = _author_bios(doc, keep)
        outside = _OUTSIDE
        for b in alive:
            if b.index in bios:
                yield b, Verdict.drop("author_bio", evidence=f"p={probs[b.index]:.2f}")
            elif not keep[b.index]:
                # most of a page's blocks leave here, with one of a hundred evidence strings:
                # a Verdict is immutable, so each is made once (a dataclass costs ~1 µs)
                evidence = f"p={probs[b.index]:.2f}"
                verdict = outside.get(evidence)
                if verdict is None:
                    verdict = outside[evidence] = Verdict.drop("outside_main_content", evidence=evidence)
                yield b, verdict


# the "outside_main_content" verdicts by evidence ("p=0.00" .. "p=1.00", and "p=nan" if ever)
_OUTSIDE: dict[str, Verdict] = {}
