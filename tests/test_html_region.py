"""html_region's vectorised feature helpers against the per-block loops they replaced."""
from __future__ import annotations

import math
import random

import numpy as np

from scrapeclean.filters import html_region


def _ancestors(rng: random.Random, n_blocks: int) -> list[tuple[int, ...]]:
    """Ancestor tuples as the HTML walk makes them: preorder numbers of the open elements."""
    out: list[tuple[int, ...]] = []
    stack: list[int] = []
    counter = 0
    while len(out) < n_blocks:
        r = rng.random()
        if r < 0.4 or not stack:
            counter += 1
            stack.append(counter)
        elif r < 0.7:
            stack.pop()
        else:
            out.append(tuple(stack))
    return out


def _in_container_loop(ancestors: list[tuple[int, ...]], weights: list[float]) -> list[float]:
    score: dict[int, float] = {}
    for anc, w in zip(ancestors, weights):
        for e in anc:
            score[e] = score.get(e, 0.0) + w
    best, best_s = -1, -math.inf
    for e, v in score.items():
        if v >= best_s:
            best, best_s = e, v
    if not score or best_s <= 0:
        return [0.0] * len(ancestors)
    return [1.0 if best in anc else 0.0 for anc in ancestors]


def test_in_container_is_the_loops() -> None:
    rng = random.Random(3)
    for _ in range(500):
        anc = _ancestors(rng, rng.randrange(0, 60))
        for weights in ([rng.choice([-2.0, -1.0, 0.0, 1.0, 3.0]) for _ in anc],  # many ties
                        [rng.uniform(-30, 30) for _ in anc], [0.1] * len(anc)):
            assert html_region._in_container(anc, weights) == _in_container_loop(anc, weights)
    assert html_region._in_container([(), ()], [1.0, 2.0]) == [0.0, 0.0]
    # a tie between the outer and the inner element: the inner one (seen last) wins
    assert html_region._in_container([(1,), (1, 2)], [0.0, 2.0]) == [0.0, 1.0]


def _shape_loop(text: str, toks: list[str], stops: frozenset[str]) -> tuple[float, ...]:
    n = len(toks)
    if n == 0:
        return (0.0,) * 7
    term = 1.0 if html_region._TERMINAL.search(text[-5:]) else 0.0
    return (sum(t.lower() in stops for t in toks) / n, term, min(text.count(",") / n, 1.0),
            min(sum(map(len, toks)) / n, 20.0) / 10, sum(t[0].isupper() for t in toks) / n,
            sum(t[0].isdigit() for t in toks) / n,
            math.log1p(text.count(". ") + text.count("! ") + text.count("? ") + term))


def test_text_shapes_are_the_per_block_values() -> None:
    rng = random.Random(5)
    pieces = ["The", "council", "voted", ",", ". ", "! ", "? ", "Über", "2019", "x", "…", "»", " ", "ÉTÉ", "_a"]
    stops = frozenset({"the", "über", "x"})
    texts = ["", "   ", "The council voted."] + [
        "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randrange(0, 40))) for _ in range(400)]
    tokens = [html_region._TOKEN.findall(t) for t in texts]
    got = html_region._text_shapes(texts, tokens, stops)
    want = np.array([_shape_loop(t, k, stops) for t, k in zip(texts, tokens)], dtype=np.float64)
    assert got.tobytes() == want.tobytes()
    assert html_region._text_shapes([], [], stops).shape == (0, 7)
