"""Metrics of the scrapeclean evaluation corpus (see the corpus README.md).

Three metrics, each defined per record and then summarised over a corpus:

- shingle: records whose gold has ``article_body``; word 4-gram multisets,
  per-document normalised tp/fp/fn, macro-averaged precision and recall;
- snippet: records whose gold has ``with``/``without`` snippets; substring
  containment after whitespace normalisation, micro-averaged over snippets;
- metadata: title / author / date match rules, share of records matched.

Every function accepts ``None`` where a text is expected and treats it as
empty, so a crashed system (no output) scores like an empty prediction.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

SHINGLE_SIZE = 4
META_FIELDS = ("title", "author", "date")

_TOKEN_RE = re.compile(r"\w+")
_SPACE_RE = re.compile(r"\s+")
_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_BY_RE = re.compile(r"^by\s+")


# ------------------------------------------------------------------ shingles

def tokens(text: str | None) -> list[str]:
    """Word tokens: matches of the Unicode regex ``\\w+``."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of word ``size``-grams; a text shorter than ``size`` tokens
    (but not empty) is one shingle made of all its tokens."""
    toks = tokens(text)
    if not toks:
        return Counter()
    if len(toks) < size:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + size]) for i in range(len(toks) - size + 1))


@dataclass(frozen=True)
class ShingleScore:
    """One document's shingle counts, normalised so tp + fp + fn == 1
    (all zero when gold and prediction both have no shingle)."""
    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp > 0 else None

    @property
    def recall(self) -> float | None:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn > 0 else None

    @property
    def f1(self) -> float:
        """Per-page F1 (for ranking pages; the corpus F1 is not a mean of these)."""
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)


def shingle_score(gold: str | None, pred: str | None) -> ShingleScore:
    gold_sh, pred_sh = shingles(gold), shingles(pred)
    tp = sum((gold_sh & pred_sh).values())  # Counter & keeps the min count
    fp = sum(pred_sh.values()) - tp
    fn = sum(gold_sh.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return ShingleScore(0.0, 0.0, 0.0)
    return ShingleScore(tp / total, fp / total, fn / total)


def summarize_shingles(scores: Iterable[ShingleScore]) -> dict[str, Any]:
    """Macro averages: precision over records with tp+fp > 0, recall over
    records with tp+fn > 0; a record with fp == fn == 0 counts 1 for both."""
    scores = list(scores)
    precisions = [p for s in scores if (p := s.precision) is not None]
    recalls = [r for s in scores if (r := s.recall) is not None]
    p, r = _mean(precisions), _mean(recalls)
    return {"n": len(scores), "precision": p, "recall": r, "f1": f1(p, r)}


# ------------------------------------------------------------------ snippets

def normalize_space(text: str | None) -> str:
    """Each run of whitespace becomes one space; ends stripped."""
    return _SPACE_RE.sub(" ", text or "").strip()


@dataclass(frozen=True)
class SnippetScore:
    """One record's snippet counts; ``missing`` are the ``with`` snippets not
    found and ``present`` the ``without`` snippets found (for error reports)."""
    tp: int
    fp: int
    fn: int
    tn: int
    missing: tuple[str, ...] = ()
    present: tuple[str, ...] = ()

    @property
    def errors(self) -> int:
        return self.fp + self.fn

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn


def snippet_score(with_: Sequence[str] | None, without: Sequence[str] | None,
                  pred: str | None) -> SnippetScore:
    """Case-sensitive containment of each whitespace-normalised snippet."""
    text = normalize_space(pred)
    missing = tuple(s for s in with_ or () if normalize_space(s) not in text)
    present = tuple(s for s in without or () if normalize_space(s) in text)
    n_with, n_without = len(with_ or ()), len(without or ())
    return SnippetScore(tp=n_with - len(missing), fp=len(present), fn=len(missing),
                        tn=n_without - len(present), missing=missing, present=present)


def summarize_snippets(scores: Iterable[SnippetScore]) -> dict[str, Any]:
    """Micro averages over all snippets of all records."""
    scores = list(scores)
    tp = sum(s.tp for s in scores)
    fp = sum(s.fp for s in scores)
    fn = sum(s.fn for s in scores)
    tn = sum(s.tn for s in scores)
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {"n": len(scores), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": p, "recall": r, "f1": f1(p, r),
            "accuracy": _ratio(tp + tn, tp + fp + fn + tn)}


# ------------------------------------------------------------------ metadata

def _norm_meta(value: Any) -> str:
    """Casefolded, whitespace-collapsed; a list of names is joined with "; "."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    return normalize_space(str(value)).casefold()


def title_match(gold: Any, pred: Any) -> bool:
    """Equal after normalisation, or one contains the other and the shorter
    is at least 0.8 of the longer's length."""
    if not isinstance(pred, str) or not pred.strip():
        return False
    g, p = _norm_meta(gold), _norm_meta(pred)
    if g == p:
        return True
    if g in p or p in g:
        return min(len(g), len(p)) / max(len(g), len(p)) >= 0.8
    return False


def author_match(gold: Any, pred: Any) -> bool:
    """Equal after normalisation and dropping a leading "by "; ``pred`` may be
    a list of names (joined with "; ")."""
    if not isinstance(pred, (str, list, tuple)) or not pred:
        return False
    g = _BY_RE.sub("", _norm_meta(gold))
    p = _BY_RE.sub("", _norm_meta(pred))
    return g != "" and g == p


def date_match(gold: Any, pred: Any) -> bool:
    """Year, month and day of the first YYYY-MM-DD in each are equal."""
    if not isinstance(pred, str) or gold is None:
        return False
    g, p = _DATE_RE.search(str(gold)), _DATE_RE.search(pred)
    if g is None or p is None:
        return False
    return tuple(map(int, g.groups())) == tuple(map(int, p.groups()))


META_MATCHERS = {"title": title_match, "author": author_match, "date": date_match}


def metadata_matches(gold: dict | None, pred: dict | None) -> dict[str, bool]:
    """{field: matched} for each metadata field the gold has (non-empty)."""
    gold, pred = gold or {}, pred or {}
    return {field: META_MATCHERS[field](gold[field], pred.get(field))
            for field in META_FIELDS if gold.get(field)}


def author_where_none(gold: dict | None, pred: dict | None) -> bool | None:
    """On a page annotated for metadata (it has snippets) whose gold names no author: whether
    the prediction names one anyway (a wrong author). None on other pages."""
    gold = gold or {}
    if gold.get("author") or not ("with" in gold or "without" in gold):
        return None
    author = (pred or {}).get("author")
    return bool(author.strip() if isinstance(author, str) else author)


def annotates_metadata(gold: dict | None) -> bool:
    """Whether the gold annotates any metadata field (title, date ...). trafilatura's evaluation
    set leaves every field out on pages it did not annotate for metadata (61 of its 214 dev pages
    without an author have neither title nor date): there "no author" means "not asked"."""
    return any((gold or {}).get(f) for f in META_FIELDS)


def summarize_metadata(matches: Iterable[dict[str, bool]]) -> dict[str, dict[str, Any]]:
    """{field: {n, correct, accuracy}} for fields with at least one gold value."""
    counts: dict[str, list[int]] = {}
    for page in matches:
        for field, ok in page.items():
            n_ok = counts.setdefault(field, [0, 0])
            n_ok[0] += 1
            n_ok[1] += bool(ok)
    return {field: {"n": n, "correct": ok, "accuracy": _ratio(ok, n)}
            for field, (n, ok) in sorted(counts.items(), key=lambda kv: META_FIELDS.index(kv[0]))}


# ------------------------------------------------------------------ records

@dataclass
class PageScore:
    """All metrics of one prediction for one corpus record."""
    shingle: ShingleScore | None
    snippet: SnippetScore | None
    metadata: dict[str, bool]
    author_where_none: bool | None = None  # see author_where_none()
    annotated: bool = False  # see annotates_metadata()

    @property
    def error(self) -> float:
        """Share of the page gone wrong (0 = perfect), to rank worst pages:
        1 - F1 for shingle pages, wrong snippets / all snippets otherwise."""
        if self.shingle is not None:
            return 1.0 - self.shingle.f1
        if self.snippet is not None and self.snippet.n:
            return self.snippet.errors / self.snippet.n
        return 0.0


def score_page(record: dict, pred: dict | None) -> PageScore:
    """Score one prediction ``{"text", "title"?, "author"?, "date"?}`` (or
    None: empty) against a corpus record."""
    pred = pred or {}
    text = pred.get("text") if isinstance(pred.get("text"), str) else ""
    gold = record.get("gold") or {}
    shingle = shingle_score(gold["article_body"], text) if "article_body" in gold else None
    snippet = None
    if "with" in gold or "without" in gold:
        snippet = snippet_score(gold.get("with"), gold.get("without"), text)
    return PageScore(shingle, snippet, metadata_matches(gold, pred), author_where_none(gold, pred),
                     annotates_metadata(gold))


def summarize(pages: Iterable[PageScore]) -> dict[str, Any]:
    """Corpus summary: {"shingle", "snippet", "metadata", "author_where_none",
    "author_where_none_annotated"} (the latter on pages annotated for some other metadata
    field); a metric no page applies to is None."""
    pages = list(pages)
    sh = [p.shingle for p in pages if p.shingle is not None]
    sn = [p.snippet for p in pages if p.snippet is not None]

    def share(given: list[bool]) -> dict[str, Any] | None:
        return {"n": len(given), "given": sum(given), "rate": _ratio(sum(given), len(given))} if given else None

    none = [p for p in pages if p.author_where_none is not None]
    return {"shingle": summarize_shingles(sh) if sh else None,
            "snippet": summarize_snippets(sn) if sn else None,
            "metadata": summarize_metadata(p.metadata for p in pages),
            "author_where_none": share([bool(p.author_where_none) for p in none]),
            "author_where_none_annotated": share([bool(p.author_where_none) for p in none if p.annotated])}


# ------------------------------------------------------------------ helpers

def f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _mean(xs: Sequence[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None
