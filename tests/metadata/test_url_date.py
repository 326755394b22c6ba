"""The publication day from a page's address, for pages whose text shows none."""
from __future__ import annotations

import pytest

import scrapeclean
from scrapeclean.render import url_date


@pytest.mark.parametrize(("url", "day"), [
    ("https://www.politico.com/news/2019/12/30/mark-meadows-retirement", "2019-12-30"),
    ("https://example.wordpress.com/2008/12/31/ratschlage-geben/", "2008-12-31"),
    ("https://example.com/blog/2019-10-31-nach-langer-zeit.html", "2019-10-31"),
    ("https://example.com/2019/2/3/x", "2019-02-03"),
    ("https://example.com/2019/02/30/x", None),  # no such day
    ("https://example.com/2019/10/", None),  # a month's archive, no day
    ("https://example.com/p/12345/2019", None),
    ("https://example.com/2019/12/30x", None),
    ("https://example.com/?d=2019/12/30", None),  # the query is no path
    (None, None),
])
def test_url_date(url: str | None, day: str | None) -> None:
    assert url_date(url) == day


def test_the_address_dates_a_page_whose_text_shows_no_date() -> None:
    text = "A headline for the story\n\n" + "The story goes on for a while and says what it has to say. " * 8
    url = "https://example.com/news/2021/03/04/a-headline"
    result = scrapeclean.clean(text, url=url)
    assert (result.metadata.published, result.metadata.sources["published"]) == ("2021-03-04", "url")
    shown = scrapeclean.clean("A headline for the story\n\nMarch 9, 2021\n\n" + text.split("\n\n", 1)[1], url=url)
    assert shown.metadata.published == "2021-03-09"  # the text's own date comes first
