"""The learned headline ranker (filters/title_rank.py) on real pages from fixtures/pages/."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import scrapeclean
from scrapeclean import Pipeline
from scrapeclean.filters.title_rank import FEATURE_NAMES, _model, rank_titles, strip_date, strip_site

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "fixtures" / "pages"
INPUTS = {"innertext.txt": "text", "gettext.txt": "text", "markdown.md": "markdown"}
sys.path.insert(0, str(ROOT))
from benchmarks.metrics import title_match  # noqa: E402


def _pages() -> list[tuple[Path, str, str]]:
    out = []
    for d in sorted(PAGES.iterdir()):
        gold = json.loads((d / "page.json").read_text(encoding="utf-8"))["gold"].get("title")
        if gold:
            out.extend((d / name, kind, gold) for name, kind in INPUTS.items() if (d / name).exists())
    return out


def test_titles_of_fixture_pages_match_the_gold() -> None:
    """The hand-set scorer got 15 of the first 21 renderings; the ranker gets all but one."""
    pages = _pages()
    assert len(pages) == 27
    right = 0
    for path, kind, gold in pages:
        url = json.loads((path.parent / "page.json").read_text(encoding="utf-8")).get("url")
        right += title_match(gold, scrapeclean.clean(path.read_bytes(), url=url, kind=kind).metadata.title)
    assert right >= 26


def test_headline_outranks_menu_and_share_lines_on_innertext() -> None:
    """yle.fi innerText: no <title> line, a weather link ("Sää") and share buttons around it."""
    path = PAGES / "yle.fi-tf-9af04bfb75f6" / "innertext.txt"
    doc = Pipeline.default().remove("headline").run(path.read_text(encoding="utf-8"), kind="text")
    start = min(b.index for b in doc.blocks if b.index not in doc.dropped)
    ranked = rank_titles(doc, start)
    assert ranked[0][1].text.startswith("Leudot talvet tekevät meistä väsyneempiä")
    assert ranked[0][0] > 0.3 and all(p < ranked[0][0] for p, _ in ranked[1:])


def test_gettext_title_line_prefers_its_copy_above_the_article() -> None:
    """The <title> line wins on gettext; its copy on the page anchors the byline below it."""
    path = PAGES / "mz-web.de-tf-018406b840fd" / "gettext.txt"
    res = scrapeclean.clean(path.read_bytes(), kind="text")
    assert res.metadata.title.startswith("Hingucker beim Flugplatzfest in Dessau")
    assert res.metadata.authors == ["Thomas Steinberg"]
    assert all(r.block != 0 for r in res.removed if r.reason == "title")


def test_model_matches_the_features() -> None:
    assert _model().n_features == len(FEATURE_NAMES)


@pytest.mark.parametrize("raw, want", [
    ("Leudot talvet tekevät meistä väsyneempiä – näillä keinoilla torjut kaamosoireita | Yle Uutiset | yle.fi",
     "Leudot talvet tekevät meistä väsyneempiä – näillä keinoilla torjut kaamosoireita"),
    ("SPIEGEL ONLINE - Politik - Die lange Nacht der Koalition", "Die lange Nacht der Koalition"),
    ("No separator here at all", "No separator here at all"),
])
def test_strip_site(raw: str, want: str) -> None:
    assert strip_site(raw) == want


@pytest.mark.parametrize("raw, want", [
    ("FINTECH20. Juni 2019 creditshelf kooperiert mit finleap", "creditshelf kooperiert mit finleap"),
    ("Die Schlagzeile des Tages lautet so [ 2018-08-25 15:24 ]", "Die Schlagzeile des Tages lautet so"),
    ("Protokoll der Vorstandssitzung vom 10. Oktober 2019", "Protokoll der Vorstandssitzung vom 10. Oktober 2019"),
])
def test_strip_date(raw: str, want: str) -> None:
    assert strip_date(raw) == want
