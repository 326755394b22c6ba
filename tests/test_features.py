"""The region detector's block features: the page-at-once shapes equal the per-block ones."""
from __future__ import annotations

import random

import numpy as np
import pytest

from scrapeclean.document import Block
from scrapeclean.features import _FAST_CHARS, _MAX_CHARS, _own, _shapes
from scrapeclean.metadata.language import stopwords

STOPS = stopwords("en")
EDGES = ["", " ", "\n", "...", "!!! ", "Hello.", "Hello. ", "Hello.     ", "Ends here!\n", "A, b, c",
         "ÉTÉ À PARIS", "Ünïcödé façade", "CAPS AND lower", "ªº are lower case", "x" * (_MAX_CHARS + 50),
         "word " * 5000 + "end.", "1,234.5 km²", "“Quoted,” she said…", "tab\tand\x0bvertical\x1cseparators.",
         "Здравствуйте, мир.", "混合 text 文字。", "emoji 🙂 here!", "İstanbul ΣΑΣ", "\u00a0nbsp\u00a0words\u2028."]


def _random_text(rng: random.Random, alphabet: list[str]) -> str:
    words = ["the", "of", "The", "AND", "a", "Nouvelle", "été", "x2", "2024", "", "ß", "Œuvre", "I"]
    out = []
    for _ in range(rng.randint(0, 40)):
        if rng.random() < 0.5:
            out.append(rng.choice(words))
        else:
            out.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))))
    return rng.choice(["", " ", "\n", ", "]).join(out) + rng.choice(["", ".", "!", " ", ":  ", "?\n", "…"])


def test_page_shapes_equal_per_block_shapes() -> None:
    rng = random.Random(7)
    alphabet = _FAST_CHARS + ["é", "É", "—", "’", ".", " ", "!", "\u0142", "\u4e2d", "\U0001f600"]
    texts = EDGES + [_random_text(rng, alphabet) for _ in range(3000)]
    blocks = [Block(i, t) for i, t in enumerate(texts)]
    expected = np.array([_own(b, STOPS) for b in blocks], dtype=np.float64)
    got = _shapes(texts, STOPS)
    assert got.shape == expected.shape
    assert np.array_equal(got, expected)  # to the bit: the trees see the same values
    for page in (["", " ", "\n\n"], [""], ["   ", "Done."]):  # pages without a word, or ending blank
        assert np.array_equal(_shapes(page, STOPS), np.array([_own(Block(0, t), STOPS) for t in page]))
    fast = [b for b in blocks if b.text.isascii()]  # a page with no slow block at all
    assert np.array_equal(_shapes([b.text for b in fast], STOPS), np.array([_own(b, STOPS) for b in fast]))


def test_page_shapes_count_stop_words_of_every_length() -> None:
    """The page-at-once stop-word count reads short tokens as integers of their bytes: words
    of 8 characters and longer ones, and tokens that share a long stop word's first 8
    characters but are not it, count as the per-block shapes do, in nine stop-word lists."""
    rng = random.Random(11)
    longest = 0
    for lang in ("en", "de", "fr", "es", "it", "pl", "nl", "sv", "tr"):
        stops = stopwords(lang)
        latin = sorted(w for w in stops if all(c in _FAST_CHARS for c in w))
        long = [w for w in latin if len(w) > 8]
        longest = max([longest, *map(len, long)])
        near = [w[:8] + "x" for w in long] + [w[:9] for w in long] + [w + "s" for w in long] + \
               [w[:8] for w in long] + [w.upper() for w in latin[:20]] + [w.capitalize() for w in long] + \
               [w + "x" for w in latin if len(w) == 8]  # its first 8 characters are a stop word
        pool = latin + near + ["Überall", "xxxxxxxx", "abcdefghijklmnop", "ß"]
        texts = [rng.choice([" ", ", ", "\n", "-"]).join(rng.choice(pool) for _ in range(rng.randint(0, 25)))
                 for _ in range(400)]
        expected = np.array([_own(Block(0, t), stops) for t in texts], dtype=np.float64)
        assert np.array_equal(_shapes(texts, stops), expected), lang
    assert longest > 8  # the lists hold long stop words ("themselves", "cependant")


def test_is_prose_reads_block_features_rows() -> None:
    """is_prose answers from block_features' shapes of the page as from the text itself."""
    from scrapeclean.document import Document
    from scrapeclean.features import block_features, is_prose

    rng = random.Random(3)
    alphabet = list("abcdeé ,.!?:") + ["the ", "and ", "of "]
    texts = [_random_text(rng, alphabet) * rng.randint(1, 4) for _ in range(120)]
    blocks = [Block(i, t or "x") for i, t in enumerate(texts)]
    doc = Document(blocks=blocks, kind="text", lines=[])
    doc.language = "en"
    block_features(doc)
    fresh = Document(blocks=list(blocks), kind="text", lines=[])  # no rows: measured per text
    fresh.language = "en"
    for b in blocks:
        for words in (5, 10, 20):
            assert is_prose(b, doc, words) == is_prose(b, fresh, words)
    assert any(is_prose(b, doc, 10) for b in blocks) and not all(is_prose(b, doc, 10) for b in blocks)


def test_context_features_equal_per_block_formulas() -> None:
    """Stage 2's neighbourhood columns, filled into a wider array or not, read as defined."""
    from scrapeclean.features import CONTEXT_NAMES, context_features

    rng = random.Random(9)
    for n in (1, 2, 3, 5, 8, 40):
        p = [round(rng.random(), rng.choice([1, 3])) for _ in range(n)]
        lw, db = np.arange(n) / 3.0, np.array([float(i % 2) for i in range(n)])
        got = context_features(p, lw, db)
        wide = np.full((n, len(CONTEXT_NAMES) + 3), 7.0)
        context_features(p, lw, db, wide)
        assert np.array_equal(wide[:, :len(CONTEXT_NAMES)], got) and (wide[:, len(CONTEXT_NAMES):] == 7.0).all()
        order = sorted(range(n), key=lambda i: -p[i])  # stable: ties in document order
        for i in range(n):
            at = lambda j: p[j] if 0 <= j < n else 0.0  # noqa: E731
            row = [p[i], at(i - 1), at(i + 1), at(i - 2), at(i + 2), max(p[max(0, i - 3):i + 4]),
                   min(p[max(0, i - 1):i + 2])]
            assert list(got[i, :7]) == row
            lo, hi = max(0, i - 5), min(n, i + 6)
            assert got[i, 7] == pytest.approx(sum(p[lo:hi]) / (hi - lo))
            assert got[i, 8] == pytest.approx(sum(p[:i]) / n) and got[i, 9] == pytest.approx(sum(p[i + 1:]) / n)
            assert got[i, 10] == sum(p) / n and got[i, 11] == lw[i] and got[i, 12] == db[i]
            assert got[i, 13] == order.index(i) / n
