"""The region detector's block features: the page-at-once shapes equal the per-block ones."""
from __future__ import annotations

import random

import numpy as np

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
