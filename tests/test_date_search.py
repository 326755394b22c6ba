"""date_search.find_date_extensive gives htmldate's find_date, its digit patterns on the cut page."""
from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from scrapeclean.segment.html import parse_html

htmldate = pytest.importorskip("htmldate")
from htmldate import find_date  # noqa: E402

from scrapeclean.metadata import date_search  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
MAX_DATE = "2026-01-01"
PROSE = ("The council met again on a grey morning to decide about the bridge over the river, "
         "which the engineers had closed after the floods of the spring. ")


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>Bridge</title>{head}</head><body>{body}</body></html>"


SYNTHETIC = {
    "copyright": _page(f"<p>{PROSE}</p><footer>© 2016 Example News</footer>"),
    "copyright-far": _page("<footer>Copyright " + "x " * 60 + "2014 and 2015</footer>" + f"<p>{PROSE}</p>"),
    "ymd-in-text": _page(f"<p>{PROSE}</p><p>{PROSE}the 2019-03-05 meeting</p>"),
    "ymd-in-link": _page(f"<p>{PROSE}</p><a href='/archive/2019/03/05/bridge'>Archive</a>"),
    "dmy": _page(f"<p>{PROSE} 05.03.2019 {PROSE}</p>"),
    "slashes": _page(f"<p>{PROSE} on 5/3/19, and {PROSE} 05.03.19</p>"),
    "compact": _page(f"<img src='/img/20190305_bridge.jpg'><p>{PROSE}</p>"),
    "year-month": _page(f"<p>{PROSE} 2019-03 and 03/2019 {PROSE}</p>"),
    "spelled": _page(f"<p>{PROSE}</p><p>Posted March 5th, 2019 by the desk</p>"),
    "year-only": _page(f"<p>{PROSE} in 2017, {PROSE} and 2018</p>"),
    "w3": _page(f"<p>{PROSE}</p><svg xmlns='http://www.w3.org/2000/svg'></svg><p>see www.w3.org 2015 x</p>"),
    # two dates a character apart: the first match takes the character between them
    "adjacent": _page(f"<p>{PROSE} 2019-03-05 2019-03-06 x2019-03-07/2019-03-08-{PROSE}</p>"),
    "separators": _page(f"<p>{PROSE} ---------2019-03-05.........x ../../2020/01/02/ {PROSE}</p>"),
    "nothing": _page(f"<p>{PROSE * 3}</p>"),
}


def _pages() -> list[tuple[str, str]]:
    pages = list(SYNTHETIC.items())
    for path in sorted(FIXTURES.glob("*.html.gz")):
        pages.append((path.name, gzip.decompress(path.read_bytes()).decode("utf-8", "replace")))
    return pages


def test_it_mirrors_the_installed_htmldate() -> None:
    # on another release find_date_extensive calls find_date (the tests below still hold,
    # only slower); on the release it was written against the mirror must be active
    if htmldate.__version__ != "1.11.0":
        pytest.skip(f"date_search mirrors htmldate 1.11.0; {htmldate.__version__} runs find_date")
    assert date_search.mirrors_htmldate()


@pytest.mark.parametrize(("name", "html"), _pages(), ids=[n for n, _ in _pages()])
def test_find_date_extensive_is_find_dates(name: str, html: str) -> None:
    tree = parse_html(html)
    expected = find_date(tree, extensive_search=True, original_date=True, outputformat="%Y-%m-%d",
                         max_date=MAX_DATE)
    assert date_search.find_date_extensive(tree, MAX_DATE) == expected


def test_search_page_is_htmldates() -> None:
    from htmldate import core
    from htmldate.utils import Extractor
    from htmldate.validators import get_max_date, get_min_date

    options = Extractor(True, get_max_date(MAX_DATE), get_min_date(None), True, "%Y-%m-%d")
    for name, html in _pages():
        assert date_search._search_page(html, options) == core.search_page(html, options), name
    # on these pages htmldate's search_page finds its date
    assert date_search._search_page(SYNTHETIC["dmy"], options) == "2019-03-05"
    assert date_search._search_page(SYNTHETIC["copyright"], options) == "2016-01-01"


def test_the_cut_page_gives_the_digit_patterns_the_same_matches() -> None:
    rng = random.Random(7)
    # digits, the separators, what the patterns test around them, and long stretches without
    pieces = ["0", "1", "2", "3", "9", "19", "20", "2019", "/", ".", "-", " ", "x", "w3.org", "©",
              "Copyright", "&copy;", "٣", "abcdefghijklmnop", "\n", "_"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 400))) for _ in range(3000)]
    texts += [html for _, html in _pages()]
    for text in texts:
        short = date_search.digit_runs_page(text)
        for pattern in date_search._digit_patterns():
            assert pattern.findall(short) == pattern.findall(text), (pattern.pattern, text[:200])
    page = SYNTHETIC["separators"]
    assert len(date_search.digit_runs_page(page)) < len(page) / 2
