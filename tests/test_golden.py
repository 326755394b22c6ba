"""Golden tests: real pages in fixtures/pages/, each with its reviewed clean text and metadata.

Each page directory holds the raw input (`innertext.txt`, `gettext.txt`, `markdown.md`), its
`page.json` (URL and the corpus gold) and, for each input, `<input>.expected.txt` (the clean
text) and `<input>.meta.json` (title, authors, published, site_name, section, views, language, copyright,
and the quality against the gold at review time). `pytest --update-golden` rewrites the
expectations from the current output: review the diff before committing it.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import regex

import scrapeclean

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
META_FIELDS = ("title", "authors", "published", "site_name", "section", "views", "language", "copyright")
KINDS = {".txt": "text", ".md": "markdown", ".html": "html"}


def _inputs() -> list[Path]:
    return sorted(p for p in PAGES.glob("*/*") if p.suffix in KINDS and ".expected" not in p.name)


@pytest.mark.parametrize("path", _inputs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_page(path: Path, update_golden: bool) -> None:
    info = json.loads((path.parent / "page.json").read_text(encoding="utf-8"))
    result = scrapeclean.clean(path.read_bytes(), url=info.get("url"), kind=KINDS[path.suffix])  # type: ignore[arg-type]
    meta = {f: getattr(result.metadata, f) for f in META_FIELDS}
    quality = _gold_quality(result.text, info["gold"])
    expected_text = path.with_name(path.stem + ".expected.txt")
    expected_meta = path.with_name(path.stem + ".meta.json")
    if update_golden or not expected_text.exists():
        expected_text.write_text(result.text + "\n", encoding="utf-8")
        expected_meta.write_text(json.dumps({"metadata": meta, "quality": quality}, ensure_ascii=False,
                                            indent=1) + "\n", encoding="utf-8")
    expected = json.loads(expected_meta.read_text(encoding="utf-8"))
    assert result.text + "\n" == expected_text.read_text(encoding="utf-8")
    assert meta == expected["metadata"]
    # against the corpus gold, never worse than the reviewed output
    assert quality["f1"] >= expected["quality"]["f1"]
    assert quality["dropped_without"] >= expected["quality"]["dropped_without"]


def _gold_quality(text: str, gold: dict) -> dict[str, float]:
    """Shingle F1 against the gold article body, or the share of must-keep snippets kept."""
    words = " ".join(text.split())
    if "article_body" in gold:
        got, want = _shingles(text), _shingles(gold["article_body"])
        tp = sum((got & want).values())
        f1 = 2 * tp / (sum(got.values()) + sum(want.values()) or 1)
        return {"f1": round(f1, 4), "dropped_without": 0}
    kept = sum(" ".join(s.split()) in words for s in gold.get("with", []))
    dropped = sum(" ".join(s.split()) not in words for s in gold.get("without", []))
    return {"f1": round(kept / max(len(gold.get("with", [])), 1), 4), "dropped_without": dropped}


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    toks = regex.findall(r"\w+", text)
    return Counter(tuple(toks[i:i + 4]) for i in range(max(len(toks) - 3, 1))) if toks else Counter()
