"""A text too long to be one page is cleaned in parts (Pipeline._run_parts).

The part sizes are lowered here so that a few real pages make such a text; every invariant of
a one-page result must hold across the cuts: kept plus removed blocks cover the input's lines
exactly once, block numbers run on, explain() agrees with clean(), metadata comes from the
first part, and each part is cleaned as the page it is.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import scrapeclean
from scrapeclean import pipeline
from scrapeclean.segment.text import split_lines

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
NAMES = sorted(p.name for p in PAGES.iterdir())


@pytest.fixture()
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "PAGE_MAX_CHARS", 6_000)
    monkeypatch.setattr(pipeline, "PART_CHARS", 3_000)


def _pages(names: list[str], sep: str = "\n\n") -> str:
    return sep.join((PAGES / n / "innertext.txt").read_text("utf-8") for n in names)


def _owners(res: scrapeclean.CleanResult) -> dict[int, tuple[str, int]]:
    owner: dict[int, tuple[str, int]] = {}
    for b in res.kept:
        for ln in range(b.start, b.end):
            assert ln not in owner, f"line {ln} in two blocks"
            owner[ln] = ("keep", b.index)
    for r in res.removed:
        for ln in range(*r.span):
            assert ln not in owner, f"line {ln} in two blocks"
            owner[ln] = ("drop", r.block)
    return owner


@pytest.mark.parametrize("sep", ["\n\n", "\r\n\r\n", "\n \n\t\n"])
def test_parts_cover_the_input_lines_once(small_parts: None, sep: str) -> None:
    text = _pages(NAMES[:6], sep)
    assert len(list(pipeline._parts(text))) > 2
    res = scrapeclean.clean(text)
    owner = _owners(res)
    lines = split_lines(text)
    assert max(owner) < len(lines)
    for ln, line in enumerate(lines):  # every line with visible text belongs to a block
        if line.strip() and line.strip("\ufeff\u200b\u00ad") and ln not in owner:
            pytest.fail(f"line {ln} {line[:60]!r} is in no block")
    indices = sorted(i for _, i in set(owner.values()))
    assert indices == list(range(len(indices)))
    # each block's words are its own lines' words
    for b in res.kept[:200]:
        assert b.text.split()[0].replace("\u00ad", "") in " ".join(lines[b.start:b.end]).replace("\u00ad", "")


def test_parts_cut_only_at_line_breaks() -> None:
    text = "a" * 30 + "\r\n\r\n" + "b" * 30 + "\n" + "c" * 30 + "\u2028\n" + "d" * 30
    for page_max, part in ((10, 5), (40, 20), (70, 35)):
        pipeline.PAGE_MAX_CHARS, pipeline.PART_CHARS = page_max, part
        try:
            parts = list(pipeline._parts(text))
        finally:
            pipeline.PAGE_MAX_CHARS, pipeline.PART_CHARS = 2_000_000, 1_000_000
        lines: list[str] = []
        for piece, skipped in parts:
            lines += split_lines(piece) + [""] * skipped
        assert lines == split_lines(text), (page_max, parts)


def test_explain_agrees_with_clean_across_parts(small_parts: None) -> None:
    text = _pages(NAMES[:5])
    res = scrapeclean.clean(text)
    owner = _owners(res)
    verdicts = scrapeclean.explain(text)
    assert len(verdicts) == len(split_lines(text))
    for v in verdicts:
        if v.verdict == "blank":
            continue
        assert owner[v.line] == (v.verdict, v.block)


def test_each_part_is_cleaned_as_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page that is one part comes out as it does alone; metadata is the first part's."""
    first, second = ((PAGES / n / "innertext.txt").read_text("utf-8").strip() for n in NAMES[:2])
    alone = scrapeclean.clean(first)
    assert len(alone.text) > 500 and alone.metadata.title
    monkeypatch.setattr(pipeline, "PAGE_MAX_CHARS", 1000)
    monkeypatch.setattr(pipeline, "PART_CHARS", len(first) - 1)  # the first cut: between the pages
    text = first + "\n\n" + second
    assert [p for p, _ in pipeline._parts(text)][0] == first
    res = scrapeclean.clean(text)
    assert res.text.startswith(alone.text + "\n\n")
    assert res.metadata.title == alone.metadata.title
    assert res.metadata.published == alone.metadata.published
    assert res.metadata.authors == alone.metadata.authors


def test_default_part_size_leaves_pages_whole() -> None:
    """Real pages are far below the part size: one part, the page's own reading."""
    text = _pages(NAMES)
    assert len(text) < pipeline.PAGE_MAX_CHARS
    assert len(list(pipeline._parts(text))) == 1


def test_results_with_compact_removals_pickle() -> None:
    """Dask and batch workers send results across processes: Removals must survive pickling."""
    import pickle

    res = scrapeclean.clean(_pages(NAMES[:2]))
    assert len(res.removed) > 10
    again = pickle.loads(pickle.dumps(res))
    assert again.removed == res.removed == list(res.removed)
    assert [r.reason for r in again.removed] == [r.reason for r in res.removed]
    assert again.removed[-1].span == res.removed[-1].span
