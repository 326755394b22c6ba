"""A learned ranker for the headline: which line before the article is the page's title.

Hand-set weights (length, punctuation, a date below...) got the title of fewer than half of
the dev corpus's innerText pages, though the headline line is there on nine in ten. The cues
are the same, but their weights are learned: every short line in a window around the article
start is a candidate, described by the features below, and small gradient-boosted trees
(training/train_title.py, trained on the corpus's gold titles, cross-validated by domain) give
each one a probability; the most probable candidate wins. The model ships as JSON
(data/title_model.json) and is evaluated with numpy (scrapeclean.trees).
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib.resources import files
from operator import attrgetter, itemgetter
from urllib.parse import unquote, urlsplit

import regex

from ..document import Block, Document
from ..features import _FAST_CHARS, _FAST_OUTSIDE, _FAST_TOKEN, word_count
from ..metadata.dates import find_date
from ..normalize import ascii_spellings
from ..trees import TreeEnsemble

__all__ = ["FEATURE_NAMES", "candidates", "candidate_features", "candidate_text", "overlap", "rank_titles", "slug_tokens",
           "strip_site", "tokens"]

_TOKEN = regex.compile(r"\w+")
_SENTENCE_END = frozenset(".:;,")  # sentences, captions and labels end so; headlines rarely do
_CREDIT = regex.compile(r"©|\(c\)|\s[|/]\s|›|»|«|\b(?:photo|foto|bild|image|quelle|source|credit)s?\b\s*:", regex.I)
_TITLE_SEPARATORS = regex.compile(r"(\s{1,20}[|\-–—:·•»/]\s{1,20})")  # bounded: \s+ is quadratic
_SLUG_STOP = frozenset("html htm php aspx asp jsp shtml index www com de org net news article artikel "
                       "story id amp".split())
_REGION_FILTER = "main-content"  # the region detector's drops may still be the headline

BEFORE = 40  # blocks before the article start searched
AFTER = 3  # ... and after it (a headline the region detector kept)
MAX_WORDS = 30
MAX_CHARS = 300

FEATURE_NAMES: tuple[str, ...] = (
    "dist", "after_start", "log_words", "chars", "sentence_end",
    "credit", "has_date", "upper_ratio", "title_case", "first_lower", "digit_ratio",
    "is_heading", "heading_level", "link_density", "region_kept", "repeated", "repeated_below",
    "is_first_block", "hint_overlap", "hint_in_cand", "slug_cand", "slug_cover",
    "has_slug", "meta_below", "meta_above", "short_run", "next_words", "prev_words",
    "rank_long", "n_headings1", "first_h1", "rel_pos",
)


@lru_cache(maxsize=4)
def _model(name: str = "title_model.json") -> TreeEnsemble:
    data = json.loads(files("scrapeclean.data").joinpath(name).read_text("utf-8"))
    if list(data["features"]) != list(FEATURE_NAMES):
        raise ValueError(f"{name} was trained on other features; retrain it (training/train_title.py)")
    return TreeEnsemble(data["model"])


@lru_cache(maxsize=4096)
def _fold(token: str) -> frozenset[str]:
    """A token and its ASCII spellings (url slugs drop accents), once per token."""
    return ascii_spellings(token)


def tokens(text: str | None) -> list[str]:
    if not text:
        return []
    if text.isascii() or _FAST_OUTSIDE.search(text) is None:
        # re's \w+ finds the same tokens; on these characters casefold() keeps a \w one \w
        # and any other not \w (checked at import), so the tokens of the casefolded text are
        # the casefolded tokens
        return _FAST_TOKEN.findall(text.casefold())
    return list(map(str.casefold, _TOKEN.findall(text)))


def _casefold_keeps_words() -> bool:
    word = re.compile(r"\w")
    return all(c.casefold() and all((word.match(x) is None) == (word.match(c) is None) for x in c.casefold())
               for c in _FAST_CHARS)


if not _casefold_keeps_words():  # pragma: no cover - a Python whose casefold() differs
    raise ImportError("title_rank.tokens: casefold() changes \\w-ness on the fast set")


def slug_tokens(url: str | None) -> set[str]:
    """Words of the url's path ("/news/sudden-embrace-of-war.html" -> sudden, embrace, of, war)."""
    if not url:
        return set()
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return set()
    return {t for t in tokens(path.replace("_", " ")) if not t.isdigit() and t not in _SLUG_STOP}


def overlap(cand: list[str], hint: list[str]) -> float:
    """Share of the candidate's tokens found, in order, inside the title hint."""
    n = len(cand)
    if n < 2 or not hint:
        return 0.0  # one token scores 0, found or not
    # the places where the candidate's first token starts a run of n (list.index, in C)
    stop = len(hint) - n + 1
    first = cand[0]
    i = -1
    while True:
        try:
            i = hint.index(first, i + 1, stop)
        except ValueError:
            return 0.0
        if hint[i:i + n] == cand:
            return min(1.0, n / max(len(hint) * 0.6, 1))


def strip_site(title: str) -> str:
    """"Headline – Subtitle | Site | site.com" -> "Headline – Subtitle": a <title> line loses
    the short parts (site name, section, domain) at its ends, not its own dashes."""
    parts = _TITLE_SEPARATORS.split(title)  # text, separator, text, ...
    def site_like(part: str) -> bool:
        return len(_TOKEN.findall(part)) <= 3 or regex.search(r"\w\.\w{2,}$", part) is not None
    while len(parts) > 2 and site_like(parts[-1]):
        del parts[-2:]
    while len(parts) > 2 and site_like(parts[0]):
        del parts[:2]
    return "".join(parts).strip()


_EDGE = " \t-–—|:·•»/([{"


def strip_date(text: str) -> str:
    """A date glued to the headline is not part of it ("FINTECH20. Juni 2019 Headline words",
    "Headline words [ 2018-08-25 15:24 ]"); a headline that ends in its date keeps it
    ("Protokoll der Vorstandssitzung vom 10. Oktober 2019")."""
    found = find_date(text)
    if found is None:
        return text
    head = text[:found.start].rstrip(_EDGE)
    tail = text[found.end:].strip().lstrip(_EDGE[:-3] + ")]}").strip()
    if len(_TOKEN.findall(head)) <= 3 and len(_TOKEN.findall(tail)) >= 4:
        return tail
    if len(_TOKEN.findall(head)) >= 4 and text[:found.start].rstrip()[-1:] in "([{" and \
            len(_TOKEN.findall(tail)) == 0:
        return head
    return text


def candidate_text(b: Block) -> str:
    """The title a candidate line gives: the first line (a <title>) loses its site name."""
    text = strip_date(b.text.strip().strip("#|* ").strip())  # markdown/table markup at the ends
    return strip_site(text) if b.index == 0 else text


def candidates(doc: Document, start: int) -> list[Block]:
    """Short lines around the article start, and the first line (gettext's <title>), that no
    chrome filter removed."""
    window = doc.blocks[max(0, start - BEFORE):start + AFTER + 1]
    if doc.blocks and doc.kind != "html" and start > BEFORE:
        window = [doc.blocks[0], *window]
    out = []
    for b in window:
        if len(b.text) > MAX_CHARS or b.kind == "table_row":
            continue
        dropped = doc.dropped.get(b.index)
        if dropped is not None and dropped[0] != _REGION_FILTER:
            continue
        n = word_count(doc, b.text)
        if not 1 <= n <= MAX_WORDS:
            continue
        if b.index >= start and (n > 20 or b.text.rstrip()[-1:] in _SENTENCE_END):
            continue  # the article's first sentence (and clean(clean(x)) must equal clean(x))
        out.append(b)
    return out


def _text_features(text: str) -> tuple[list[str], list[float]]:
    """A candidate's tokens and the features that depend on its text alone (FEATURE_NAMES
    log_words .. digit_ratio, less has_date's neighbours): every reading of a page shares them."""
    toks = tokens(text)
    if text.isascii():  # letters, capitals, digits counted by bytes.translate, in C
        raw = text.encode("ascii")
        n_letters, n_upper, n_digits = (len(raw) - len(raw.translate(None, chars)) for chars in _ASCII_CLASSES)
    else:  # the ASCII characters counted so too, the others (few) one by one
        raw = text.encode("ascii", "ignore")
        rest = _NOT_ASCII.findall(text)
        n_letters, n_upper, n_digits = (len(raw) - len(raw.translate(None, chars)) + sum(map(is_class, rest))
                                        for chars, is_class in zip(_ASCII_CLASSES, _CHAR_CLASSES))
    upper = n_upper / n_letters if n_letters else 0.0
    words = text.split()
    cap = sum(map(str.isupper, map(_FIRST_CHAR, words))) / len(words) if words else 0.0
    return toks, [
        math.log1p(len(toks)),
        float(len(text)),
        float(text.rstrip()[-1:] in _SENTENCE_END),
        float(_CREDIT_CHARS.search(text) is not None and bool(_CREDIT.search(text))),
        float(find_date(text) is not None),
        upper,
        cap,
        float(text.lstrip("#* ")[:1].islower()),
        n_digits / len(text),
    ]


# str.isalpha, str.isupper, str.isdigit of a character, and the ASCII characters that have them
_CHAR_CLASSES = (str.isalpha, str.isupper, str.isdigit)
_ASCII_CLASSES = tuple(bytes(c for c in range(128) if is_class(chr(c))) for is_class in _CHAR_CLASSES)
_FIRST_CHAR = itemgetter(0)
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
# _CREDIT matches nowhere without one of these characters (each alternative holds one)
_CREDIT_CHARS = re.compile(r"[©(|/›»«:]")


def candidate_features(doc: Document, cands: list[Block], start: int) -> list[list[float]]:
    """One feature vector per candidate, in FEATURE_NAMES order."""
    blocks = doc.blocks
    n_blocks = len(blocks)
    # how often each candidate's text occurs on the page, and below it (headline repeated in
    # a breadcrumb or a share widget; a menu item repeated in the footer)
    texts = {b.text: [0, 0] for b in cands}
    first_at = {b.text: b.index for b in reversed(cands)}
    for b in blocks:
        seen = texts.get(b.text)
        if seen is not None:
            seen[0] += 1
            seen[1] += b.index > first_at[b.text]
    hint = tokens(doc.title_hint) if doc.title_hint and doc.kind != "html" else []
    hint_set = set(hint)
    slug = slug_tokens(doc.url)
    h1 = [b.index for b in blocks if b.kind == "heading" and b.level == 1]
    # word counts of the blocks within 5 of a candidate (read once per text), and how many
    # short ones (a menu is a run of short lines) come before each, counted over each run of
    # such blocks: a candidate's neighbourhood lies in one run
    counts: dict[int, int] = {}
    shorts_before: dict[int, int] = {}
    end = -1
    for b in sorted(cands, key=_INDEX):
        a, z = max(0, b.index - 5), min(n_blocks, b.index + 6)
        if a > end:
            shorts_before[a] = 0
        for j in range(max(a, end), z):
            k = counts[j] = word_count(doc, blocks[j].text)
            shorts_before[j + 1] = shorts_before[j] + (k <= 3)
        end = max(end, z)
    meta = ("dateline", "byline")
    meta_at = {i for i, d in doc.dropped.items() if d[0] in meta}
    long_between = 0
    rank_long: dict[int, int] = {}
    for b in reversed(cands):  # lines of 4+ words between a candidate and the article
        rank_long[b.index] = long_between
        if counts[b.index] >= 4:
            long_between += 1
    feats = []
    for b in cands:
        text = b.text
        i = b.index
        toks, own = doc.per_text("title_features", text, _text_features)
        n = len(toks)
        dropped = doc.dropped.get(i)
        repeats, repeats_below = texts[text]
        if i == 0:
            hint_ov = hint_in = 0.0
        else:
            hint_ov = overlap(toks, hint)
            hint_in = sum(map(hint_set.__contains__, toks)) / n if n else 0.0
        if slug and toks and text.isascii():  # an ASCII token's only spelling is itself (_fold)
            slug_cand = sum(map(slug.__contains__, toks)) / n
            slug_cover = sum(map(set(toks).__contains__, slug)) / len(slug)
        elif slug and toks:
            folded = list(map(_fold, toks))
            slug_cand = sum(not f.isdisjoint(slug) for f in folded) / n
            all_folded = set().union(*folded)
            slug_cover = sum(map(all_folded.__contains__, slug)) / len(slug)
        else:
            slug_cand = slug_cover = 0.0
        run = shorts_before[min(n_blocks, i + 6)] - shorts_before[max(0, i - 5)] - (counts[i] <= 3)
        feats.append([
            float(start - i),
            float(i > start),
            *own,
            float(b.kind == "heading"),
            float(b.level if b.kind == "heading" else 0),
            b.link_density,
            float(dropped is None),
            float(repeats),
            float(repeats_below if i == first_at[text] else 0),
            float(i == 0),
            hint_ov,
            hint_in,
            slug_cand,
            slug_cover,
            float(bool(slug)),
            float(not meta_at.isdisjoint(range(i + 1, min(n_blocks, i + 4)))),
            float(not meta_at.isdisjoint(range(max(0, i - 3), i))),
            float(run),
            math.log1p(counts[i + 1] if i + 1 < n_blocks else 0),
            math.log1p(counts[i - 1] if i > 0 else 0),
            float(rank_long[i]),
            float(len(h1)),
            float(bool(h1) and h1[0] == i),
            i / max(n_blocks, 1),
        ])
    return feats


_INDEX = attrgetter("index")
_PROB = itemgetter(0)


def rank_titles(doc: Document, start: int) -> list[tuple[float, Block]]:
    """(probability, candidate) pairs, most likely title first."""
    cands = candidates(doc, start)
    if not cands:
        return []
    probs = _model().predict(candidate_features(doc, cands, start))
    return sorted(zip(probs, cands), key=_PROB, reverse=True)  # stable: ties keep their order
