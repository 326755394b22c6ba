"""Golden tests: real pages in fixtures/pages/, each with its reviewed clean text and metadata.

Each page directory holds the raw input (`innertext.txt`, `gettext.txt`, `markdown.md`) and,
for each, `<input>.expected.txt` (the clean text) and `<input>.meta.json` (title, authors,
published, site_name, section, views, language). `pytest --update-golden` rewrites the
expectations from the current output: review the diff before committing it.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import scrapeclean

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
META_FIELDS = ("title", "authors", "published", "site_name", "section", "views", "language")
KINDS = {".txt": "text", ".md": "markdown", ".html": "html"}


def _inputs() -> list[Path]:
    return sorted(p for p in PAGES.glob("*/*") if p.suffix in KINDS and ".expected" not in p.name)


@pytest.mark.parametrize("path", _inputs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_page(path: Path, update_golden: bool) -> None:
    info = json.loads((path.parent / "page.json").read_text(encoding="utf-8"))
    result = scrapeclean.clean(path.read_bytes(), url=info.get("url"), kind=KINDS[path.suffix])  # type: ignore[arg-type]
    meta = {f: getattr(result.metadata, f) for f in META_FIELDS}
    expected_text = path.with_name(path.stem + ".expected.txt")
    expected_meta = path.with_name(path.stem + ".meta.json")
    if update_golden or not expected_text.exists():
        expected_text.write_text(result.text + "\n", encoding="utf-8")
        expected_meta.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert result.text + "\n" == expected_text.read_text(encoding="utf-8")
    assert meta == json.loads(expected_meta.read_text(encoding="utf-8"))
    # the reviewed must-keep / must-drop snippets of the page hold whatever the golden says
    for snippet in info.get("must_keep", []):
        assert snippet in result.text, snippet
    for snippet in info.get("must_drop", []):
        assert snippet not in result.text, snippet
