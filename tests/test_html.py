"""HTML input: segmentation into blocks, main content, metadata, markdown, hostile input."""
from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

import scrapeclean
from scrapeclean import Pipeline, register_filter
from scrapeclean.decode import to_text
from scrapeclean.detect import detect_kind
from scrapeclean.metadata.html import extract_html_meta, normalize_date
from scrapeclean.segment.html import class_hints, parse_html, segment_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"

ARTICLE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Rivers Return to the Valley | The Example Times</title>
<meta property="og:title" content="Rivers Return to the Valley">
<meta property="og:site_name" content="The Example Times">
<meta property="article:published_time" content="2024-03-05T08:30:00+01:00">
<meta property="article:section" content="Environment">
<link rel="canonical" href="https://example.com/rivers">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Rivers Return to the Valley",
 "author": [{"@type": "Person", "name": "Jane Doe"}], "datePublished": "2024-03-05T08:30:00+01:00",
 "publisher": {"@type": "Organization", "name": "The Example Times"}}
</script>
<style>body { color: red }</style>
</head>
<body>
<header class="site-header"><nav class="main-nav"><ul>
<li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
</ul></nav></header>
<main>
<article>
<h1>Rivers Return to the Valley</h1>
<p class="byline">By <a href="/authors/jane" rel="author">Jane Doe</a></p>
<p>After a decade of drought, the rivers of the northern valley are flowing again, and the
farmers who stayed are planting <em>wheat</em> and barley on land that lay bare for years.</p>
<h2>A slow recovery</h2>
<p>Engineers say the recovery began when the old dams were opened in <strong>2019</strong>,
letting the spring floods reach the lower fields for the first time since the nineties.
<a href="https://example.com/dams">Read the report</a> for the details.</p>
<ul><li>Wheat yields doubled.</li><li>Barley came back in the east.</li></ul>
<table><tr><th>Year</th><th>Flow</th></tr><tr><td>2019</td><td>12</td></tr></table>
<blockquote><p>We never thought we would see water here again, said one farmer.</p></blockquote>
<pre><code>flow = rain - evaporation
print(flow)</code></pre>
<div class="share-buttons"><a href="https://facebook.com/share">Share on Facebook</a>
<a href="https://twitter.com/share">Share on Twitter</a></div>
<p hidden>This paragraph is hidden from readers.</p>
<p style="display: none">Neither is this one.</p>
<span aria-hidden="true">Icon text</span>
</article>
</main>
<aside class="sidebar related-posts"><h3>Related</h3><ul>
<li><a href="/a">Ten things about rivers you did not know</a></li>
<li><a href="/b">Why the dams were built in the first place</a></li></ul></aside>
<footer id="footer"><p>&copy; 2024 The Example Times. All rights reserved.</p>
<p><a href="/privacy">Privacy Policy</a> | <a href="/terms">Terms</a></p></footer>
<noscript>Please enable JavaScript.</noscript>
<script>var tracking = "should never appear";</script>
</body>
</html>
"""


def _fixture(name: str) -> bytes:
    return gzip.decompress((FIXTURES / f"{name}.html.gz").read_bytes())


def _ws(s: str) -> str:
    return " ".join(s.split())


# -- segmentation ------------------------------------------------------------------------

def test_detects_html() -> None:
    assert detect_kind(ARTICLE) == "html"
    assert scrapeclean.clean(ARTICLE).kind == "html"


def test_blocks_kinds_levels_and_lines() -> None:
    blocks, lines, meta = segment_html(ARTICLE)
    by_text = {b.text: b for b in blocks}
    h1 = by_text["Rivers Return to the Valley"]
    assert (h1.kind, h1.level) == ("heading", 1)
    assert by_text["A slow recovery"].level == 2
    assert by_text["Wheat yields doubled."].kind == "list_item"
    assert by_text["2019 12"].kind == "table_row"
    assert by_text["We never thought we would see water here again, said one farmer."].kind == "quote"
    code = next(b for b in blocks if b.kind == "code")
    assert code.text == "flow = rain - evaporation\nprint(flow)"
    # line spans point at the source
    assert "<h1>Rivers Return" in lines[h1.start]
    para = next(b for b in blocks if b.text.startswith("After a decade"))
    assert (para.start, para.end) == (next(i for i, ln in enumerate(lines) if "After a decade" in ln),
                                      next(i for i, ln in enumerate(lines) if "land that lay bare" in ln) + 1)


def test_inline_text_joined_and_removed_elements() -> None:
    blocks, _, _ = segment_html(ARTICLE)
    texts = [b.text for b in blocks]
    assert any("are planting wheat and barley on land" in t for t in texts)  # <em> joined
    joined = "\n".join(texts)
    for gone in ("should never appear", "color: red", "Please enable JavaScript",
                 "hidden from readers", "Neither is this one", "Icon text"):
        assert gone not in joined


def test_hints_and_link_density() -> None:
    blocks, _, _ = segment_html(ARTICLE)
    by_text = {b.text: b for b in blocks}
    home = by_text["Home"]
    assert {"header", "nav"} <= set(home.hints) and home.link_density == 1.0
    assert "share" in by_text["Share on Facebook Share on Twitter"].hints
    assert {"aside", "sidebar", "related"} <= set(by_text["Ten things about rivers you did not know"].hints)
    assert "footer" in by_text["Privacy Policy | Terms"].hints
    byline = by_text["By Jane Doe"]
    assert "author" in byline.hints and 0.5 < byline.link_density < 1.0
    assert by_text["Wheat yields doubled."].link_density == 0.0


def test_class_hints_vocabulary() -> None:
    assert class_hints("post-share-buttons") == ("content", "share")
    assert "comment" in class_hints("commentList")
    assert "cookie" in class_hints("cookie-banner")
    assert "breadcrumb" in class_hints("breadcrumbs")
    assert class_hints("header") == ("header",)
    assert class_hints("xyz qq") == ()


def test_markup_is_markdown() -> None:
    blocks, _, _ = segment_html(ARTICLE)
    para = next(b for b in blocks if b.text.startswith("Engineers say"))
    assert "**2019**" in para.markup
    assert "[Read the report](https://example.com/dams)" in para.markup
    assert next(b for b in blocks if b.text.startswith("After a decade")).markup.count("*wheat*") == 1
    assert next(b for b in blocks if b.kind == "code").markup.startswith("```")


# -- the pipeline on HTML ----------------------------------------------------------------

def test_clean_article() -> None:
    res = scrapeclean.clean(ARTICLE, url="https://example.com/rivers")
    assert "After a decade of drought" in res.text
    assert "Engineers say the recovery began" in res.text
    for chrome in ("Home", "Share on Facebook", "Ten things about rivers", "Privacy Policy",
                   "All rights reserved", "should never appear"):
        assert chrome not in res.text
    m = res.metadata
    assert m.title == "Rivers Return to the Valley"
    assert m.authors == ["Jane Doe"]
    assert m.published and m.published.startswith("2024-03-05")
    assert m.site_name == "The Example Times"
    assert m.section == "Environment"
    assert m.url == "https://example.com/rivers"
    assert m.language == "en"
    assert m.sources["title"].startswith("html:")
    assert m.sources["authors"].startswith("html:")


def test_markdown_keeps_structure_of_article_only() -> None:
    md = scrapeclean.clean(ARTICLE).markdown
    assert "## A slow recovery" in md
    assert "**2019**" in md and "[Read the report](https://example.com/dams)" in md
    assert "- Wheat yields doubled.\n- Barley came back in the east." in md
    assert "| 2019 | 12 |" in md and "| --- | --- |" in md
    assert "Share on Facebook" not in md and "Privacy" not in md


def test_removed_and_explain_report_html_blocks() -> None:
    res = scrapeclean.clean(ARTICLE)
    removed = {r.text: r for r in res.removed}
    assert "Ten things about rivers you did not know" in removed
    lines = ARTICLE.split("\n")
    r = removed["Ten things about rivers you did not know"]
    assert "Ten things about rivers" in lines[r.span[0]]
    verdicts = scrapeclean.explain(ARTICLE)
    assert len(verdicts) == len(lines)
    keep = [v for v in verdicts if v.verdict == "keep"]
    assert any("After a decade" in v.text for v in keep)
    drop = {v.line: v for v in verdicts if v.verdict == "drop"}
    assert any("Privacy Policy" in v.text for v in drop.values())


def test_custom_text_filter_removes_html_block() -> None:
    @register_filter("test-no-barley")
    def no_barley(block, doc):
        return "barley_line" if "Barley came back" in block.text else None

    pipe = Pipeline.default().add("test-no-barley", before="main-content")
    res = pipe.clean(ARTICLE)
    assert "Barley came back" not in res.text
    assert "Wheat yields doubled." in res.text
    hit = [r for r in res.removed if r.reason == "barley_line"]
    assert len(hit) == 1 and hit[0].filter == "test-no-barley"


def test_bytes_and_kind_forced() -> None:
    raw = ARTICLE.encode("utf-8")
    assert scrapeclean.clean(raw).text == scrapeclean.clean(ARTICLE).text
    assert scrapeclean.clean("<p>Just a fragment with a few words in it.</p>", kind="html").kind == "html"


# -- metadata ----------------------------------------------------------------------------

def test_no_author_when_page_names_none() -> None:
    page = ("<html><head><title>Opening hours</title><meta name='author' content='Example GmbH'></head>"
            "<body><h1>Opening hours</h1><p>We are open from nine to five on weekdays, and "
            "closed on public holidays and on Sundays.</p></body></html>")
    res = scrapeclean.clean(page)
    assert res.metadata.authors == []


def test_author_declared_but_not_shown_is_dropped() -> None:
    page = ("<html><head><meta name='author' content='Admin Person'></head><body><p>Some text "
            "that is long enough to be an article paragraph, with several words.</p></body></html>")
    meta = extract_html_meta(parse_html(page), segment_html(page)[0])
    assert "authors" not in meta


_BODY = "".join(f"<p>Paragraph {i} of the report says what the council decided about the new bridge "
                "and why the residents of the town were worried about its cost.</p>" for i in range(8))


def test_author_shown_only_far_from_the_article_is_dropped() -> None:
    # the declared author appears only in the footer's theme credit: the site's designer
    page = ("<html><head><meta name='author' content='Peter Amende'><title>Bridge</title></head><body>"
            "<h1>Council approves the new bridge</h1>" + _BODY + "".join(
                f"<aside><ul><li><a href='/{i}'>Archive link {i}</a></li></ul></aside>" for i in range(12))
            + "<footer><p>Theme by Peter Amende</p></footer></body></html>")
    assert scrapeclean.clean(page).metadata.authors == []
    shown = page.replace("<h1>Council approves the new bridge</h1>",
                         "<h1>Council approves the new bridge</h1><p>Peter Amende</p>")
    assert scrapeclean.clean(shown).metadata.authors == ["Peter Amende"]


def test_declared_first_name_takes_the_bylines_full_name() -> None:
    # JSON-LD names the CMS account "Todd"; the page shows "By Todd Bates" under the headline
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"name": "Todd"}}</script>'
    page = (f"<html><head><title>Bridge</title>{ld}</head><body><h1>Council approves the new bridge</h1>"
            "<p>By Todd Bates</p>" + _BODY + "</body></html>")
    assert scrapeclean.clean(page).metadata.authors == ["Todd Bates"]
    # a byline that is not a name ("von Todd in Aktuell") leaves the declared name
    other = page.replace("<p>By Todd Bates</p>", "<p>Todd in Aktuell</p><p>By Todd</p>")
    assert scrapeclean.clean(other).metadata.authors == ["Todd"]


def test_itemprop_author_of_an_answer_is_not_the_pages() -> None:
    # the question's author has no usable name; the next author element is an answer's
    page = ("<html><body><div itemscope itemtype='https://schema.org/Question'>"
            "<h1>When to use wurde</h1><span itemprop='author'>user5105</span>" + _BODY +
            "<div itemscope itemtype='https://schema.org/Answer'><p>Answered by "
            "<span itemprop='author'>Earthling Person</span></p></div></div></body></html>")
    meta = extract_html_meta(parse_html(page), segment_html(page)[0])
    assert "authors" not in meta


def test_rel_author_links_of_a_listing_are_no_author() -> None:
    teasers = "".join(f"<li><a href='/s{i}'>Story {i}</a> by <a rel='author' href='/a{i}'>{n}</a></li>"
                      for i, n in enumerate(["Ann Lee", "Bob Roe", "Cy Poe", "Di Moe"]))
    page = "<html><body><h1>Bridge</h1>" + _BODY + f"<ul>{teasers}</ul></body></html>"
    assert "authors" not in extract_html_meta(parse_html(page), segment_html(page)[0])
    two = teasers.replace("Cy Poe", "Ann Lee").replace("Di Moe", "Bob Roe")
    page = "<html><body><h1>Bridge</h1>" + _BODY + f"<ul>{two}</ul></body></html>"
    assert extract_html_meta(parse_html(page), segment_html(page)[0])["authors"] == (
        ["Ann Lee", "Bob Roe"], "html:rel-author")


def test_json_ld_graph_and_broken_json() -> None:
    page = """<html><head>
<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "Site"},
 {"@type": ["BlogPosting"], "headline": "Graph headline", "datePublished": "2021-02-03",
  "author": {"@type": "Person", "name": "Ann Lee"}},]}</script>
<script type="application/ld+json">{not json at all</script>
</head><body><p>By Ann Lee</p></body></html>"""
    blocks, _, meta = segment_html(page)
    assert meta["title"] == ("Graph headline", "html:json-ld")
    assert meta["published"] == ("2021-02-03", "html:json-ld")
    assert meta["authors"] == (["Ann Lee"], "html:json-ld")
    assert meta["site_name"] == ("Site", "html:json-ld")


def test_og_author_url_is_not_a_name() -> None:
    page = ("<html><head><meta property='article:author' content='https://facebook.com/someone'>"
            "</head><body><p>Text by someone.</p></body></html>")
    assert "authors" not in segment_html(page)[2]


def test_time_element_and_normalize_date() -> None:
    page = "<html><body><time datetime='2020-07-01T10:00:00Z' pubdate>July 1</time><p>x</p></body></html>"
    assert segment_html(page)[2]["published"] == ("2020-07-01T10:00", "html:time")
    assert normalize_date("2019-10-18T09:12:00+02:00") == "2019-10-18T09:12"
    assert normalize_date("20191018") == "2019-10-18"
    assert normalize_date("not a date") is None
    assert normalize_date("1850-01-01") is None


def test_time_and_itemprop_dates_in_page_order() -> None:
    # both marked as the publication date: whichever comes first in the page
    stamp = "<span itemprop='datePublished' content='2019-05-06'>6 May</span>"
    clock = "<time datetime='2020-07-01' pubdate>July 1</time>"
    for first, second, date in ((stamp, clock, "2019-05-06"), (clock, stamp, "2020-07-01")):
        page = f"<html><body>{first}<p>x</p>{second}</body></html>"
        assert segment_html(page)[2]["published"] == (date, "html:time")


def test_rel_author_split_as_xpath_normalizes_space() -> None:
    from scrapeclean.metadata.html import candidates

    page = ("<html><body><a rel='me\tauthor' href='/a'>Ann Lee</a><a rel='authors' href='/b'>Bob Roe</a>"
            "<a rel='co-author' href='/c'>Cy Poe</a></body></html>")
    assert candidates(parse_html(page))["authors"] == [(["Ann Lee"], "html:rel-author")]


def test_utc_times_shown_in_the_pages_european_zone() -> None:
    # a German page's "23:00Z" in November is midnight on the next day for its readers
    assert normalize_date("2021-11-04T23:00Z", "cet") == "2021-11-05"
    assert normalize_date("2019-07-01T22:30:00.000+00:00", "cet") == "2019-07-02T00:30"  # summer time
    assert normalize_date("2022-01-05T23:30:00+00:00", "eet") == "2022-01-06T01:30"
    assert normalize_date("2021-11-04T23:00Z") == "2021-11-04T23:00"  # zone unknown: as given
    assert normalize_date("2021-11-04T23:00:00+01:00", "cet") == "2021-11-04T23:00"  # not UTC
    page = ("<html lang='de-AT'><head><meta property='article:published_time' "
            "content='2018-12-31T23:11:59+00:00'></head><body><p>x</p></body></html>")
    assert segment_html(page)[2]["published"] == ("2019-01-01T00:11", "html:og")
    page = page.replace("de-AT", "en-US")
    assert segment_html(page)[2]["published"] == ("2018-12-31T23:11", "html:og")


# -- hostile input -----------------------------------------------------------------------

def _timed(raw: object, limit: float = 20.0, **kw: object) -> scrapeclean.CleanResult:
    t0 = time.monotonic()
    res = scrapeclean.clean(raw, **kw)  # type: ignore[arg-type]
    assert time.monotonic() - t0 < limit
    return res


def test_deep_nesting_keeps_text() -> None:
    page = ("<html><body>" + "<div>" * 10_000 + "<p>The deep paragraph survives the nesting.</p>"
            + "</div>" * 10_000 + "<p>And the paragraph after it is kept too.</p></body></html>")
    res = _timed(page, kind="html")
    assert "The deep paragraph survives the nesting." in res.text
    assert "And the paragraph after it is kept too." in res.text
    inline = "<html><body><p>" + "<span><b>" * 6000 + "deep words" + "</b></span>" * 6000 + "</p></body></html>"
    assert "deep words" in _timed(inline, kind="html").text


def test_truncated_and_unclosed() -> None:
    res = _timed("<html><head><title>T</title></head><body><article><h1>Title</h1><p>First paragraph "
                 "is long enough to count as prose for the model.</p><p>Second para", kind="html")
    assert "First paragraph is long enough" in res.text
    res = _timed("<html><body><div><p>one two three<p>four five six<div><ul><li>seven<li>eight", kind="html")
    assert res.kind == "html" and "one two three" in res.text + "".join(r.text for r in res.removed)
    assert _timed("<html><body><p>unterminated <a href='x", kind="html").kind == "html"
    assert _timed("<", kind="html").text in ("", "<")


def test_all_script_page() -> None:
    page = "<html><head><script>" + "var x = 1;\n" * 100_000 + "</script></head><body><script>f()</script></body></html>"
    res = _timed(page)
    assert res.text == "" and res.kind == "html"


def test_invalid_bytes_and_lying_charset() -> None:
    raw = b"<html><head><meta charset='utf-8'></head><body><p>caf\xe9 au lait \xff\xfe with sugar</p></body></html>"
    res = _timed(raw)
    assert "au lait" in res.text + "".join(r.text for r in res.removed)
    # declared windows-1251, really UTF-8: the declaration lies, UTF-8 wins
    page = "<html><head><meta charset='windows-1251'></head><body><p>Grüße aus Köln, schöne Tage überall in der Stadt.</p></body></html>"
    assert "Grüße aus Köln" in to_text(page.encode("utf-8"))
    # declared and true: a legacy charset is honoured
    page = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1251'></head><body><p>Привет мир</p></body></html>"
    assert "Привет мир" in to_text(page.encode("cp1251"))
    # a BOM wins over everything
    assert "Grüße" in to_text(b"\xef\xbb\xbf" + page.replace("Привет мир", "Grüße").encode("utf-8"))


@pytest.mark.slow  # ~11 MB of HTML: run with `pytest -m slow`
def test_huge_page_bounded() -> None:
    para = "<div class='post'><p>" + "Words of a long article paragraph go here, sentence after sentence. " * 20 + "</p><a href='/x'>link</a></div>\n"
    page = "<html><body>" + para * 8000 + "</body></html>"  # ~11 MB
    assert len(page) > 10_000_000
    res = _timed(page, limit=60.0)
    assert res.kind == "html" and res.text


def test_nul_and_garbage() -> None:
    assert "ab paragraph" in _timed("<html><body><p>a\x00b paragraph here with words.</p></body></html>", kind="html").text + "ab paragraph"
    res = _timed(bytes(range(256)) * 100, kind="html")
    assert res.kind == "html"


# -- real pages (copied from the corpus) ------------------------------------------------

def test_real_page_slashgear() -> None:
    res = scrapeclean.clean(_fixture("sh-06ee193de4bd"),
                            url="https://www.slashgear.com/the-vw-id-space-vizzion-is-a-weird-ev-sports-wagon-with-a-secret-message-19600475/")
    text = _ws(res.text)
    assert text.startswith("Volkswagen’s first ID.3 all-electric car based on the new MEB platform")
    assert "the ability of that to support more niche models in a way that’s still cost effective." in text
    m = res.metadata
    assert m.title == "The VW ID. SPACE VIZZION is a weird EV sports wagon with a secret message"
    assert m.authors == ["Chris Davies"]
    # the page shows "Nov 19, 2019, 10:31 pm CST"; its meta tags say 2019-11-20T04:31 UTC
    assert m.published == "2019-11-19T22:31" and m.sources["published"] == "text:date"
    assert m.site_name == "SlashGear"


def test_real_page_tichyseinblick() -> None:
    url = "https://www.tichyseinblick.de/kolumnen/spahns-spitzwege/no-peace-for-our-time-pence-syrien-und-die-tuerkei/"
    res = scrapeclean.clean(_fixture("tf-0175ce15fd49"), url=url)
    text = _ws(res.text)
    for keep in ("war 1938 der Auftakt zur bisher größten", "Frieden in unserer Zeit?",
                 "Außer Kuscheleinheiten nichts gewesen."):
        assert keep in text
    for chrome in ("Täglich schreiben unabhängige", "Unterstützen Sie diese Form",
                   "Türkei: Der euroamerikanische Abschied aus der Weltpolitik", "Skip to content"):
        assert chrome not in text
    m = res.metadata
    assert m.title == "No Peace for Our Time – Pence, Syrien und die Türkei"
    assert m.authors == ["Tomas Spahn"]
    assert m.published and m.published.startswith("2019-10-18")
    assert m.language == "de"


def test_real_page_zeit() -> None:
    res = scrapeclean.clean(_fixture("tf-d44cd36d86d7"))
    text = _ws(res.text)
    assert "So lange dauert die schnellste Zugverbindung" in text
    assert "Schnellstrecken kosten Nachtzüge" in text
    assert "Auf einer Seite lesen" not in text and "Zalando Lounge Gutschein" not in text
    assert res.metadata.published and res.metadata.published.startswith("2020-01-14")
    assert res.metadata.site_name == "ZEIT ONLINE"


def test_real_page_theperspective() -> None:
    res = scrapeclean.clean(_fixture("tf-a11e6061d208"), url="https://ext.theperspective.com/items-we-never-knew-we-wanted/1/")
    text = _ws(res.text)
    assert "dawn of the internet brought about a lot" in text
    for chrome in ("All Rights Reserved", "The Perspective Challenge", "DMCA"):
        assert chrome not in text
    assert res.metadata.title == "Items We Never Knew We Wanted"
    assert res.metadata.published == "2020-09-21"


# -- authors that name the site, an agency or an organisation ---------------------------

@pytest.mark.parametrize(("page", "url"), [
    # meta author "Martin Rütter": the site's owner, spelled in its address
    ("tf-4bc4e431fd78", "https://www.martinruetter.com/service/aktuelles/aktuelles/schneefloeckchen-weissroeckchen-mit-hund-im-winter/"),
    # meta author "Kirche und Leben Münster": the site (split into three "names")
    ("tf-5e02696d9b9a", "https://www.kirche-und-leben.de/artikel/muensters-caritas-chef-kessmann-ist-gegen-impfpflicht-in-der-pflege"),
    # JSON-LD author "EFE": a news agency
    ("tf-8d57b29fd2a1", "https://www.cooperativa.cl/noticias/pais/presidente-boric/presidente-boric-vuelve-a-su-casa-magallanes-este-miercoles-realiza-su/2022-05-04/074527.html"),
    # meta author "CDU - Fraktion Erfurt", and no canonical URL: the page's own address tells
    ("tf-93ce1c8f3e54", "http://www.cdu-fraktion-erfurt.de/inhalte/aktuelles/entwicklung-der-waldorfschule-ermoeglicht/index.html"),
])
def test_real_page_author_that_is_the_site_is_dropped(page: str, url: str) -> None:
    assert not scrapeclean.clean(_fixture(page), url=url).metadata.authors


def test_screen_authors_keeps_people_and_drops_the_site() -> None:
    from scrapeclean.metadata.html import screen_authors, site_words

    site = site_words({"site_name": [("SPIEGEL ONLINE", "html:og")],
                       "url": [("https://www.spiegel.de/a", "html:canonical")]})
    assert screen_authors(["DER SPIEGEL"], site) is None
    assert screen_authors(["Clemens Höges"], site) == ["Clemens Höges"]
    assert screen_authors(["Going For Growth"], site) is None
    assert screen_authors(["SPÖ"], site) is None
    assert screen_authors(["Ela"], site) == ["Ela"]  # a blogger's first name is a name
    assert screen_authors(["Olivier Minot Olivier Minot"], site) == ["Olivier Minot"]
    assert screen_authors(["记者王敬照 编辑： 王华军"], site) == []
    assert screen_authors(["Redaktion"], site) == ["Redaktion"]  # the newsroom signs: pages show it
    assert screen_authors(["Muster Verlag GmbH"], site) is None
    assert screen_authors(["Muster Verlag GmbH"], site, declared=False) == ["Muster Verlag GmbH"]


def test_trafilatura_asked_only_where_the_model_is_unsure(monkeypatch: pytest.MonkeyPatch) -> None:
    from scrapeclean.filters import html_region

    calls: list[int] = []

    def fake(tree: object, url: str | None, owned: bool = False) -> str:
        calls.append(1)
        return "After a decade of drought, the rivers of the northern valley are flowing again"

    monkeypatch.setattr(html_region, "_run_trafilatura", fake)
    names = list(Pipeline.default().names)
    doc = Pipeline(names[: names.index("main-content")]).run(ARTICLE, kind="html")
    sure = html_region.html_probabilities(doc, gate=1.0)  # never unsure enough
    assert calls == []
    doc.html_meta.pop("_tf_text", None)
    asked = html_region.html_probabilities(doc, gate=-1.0)  # always
    assert calls == [1] and len(asked) == len(sure) == len(doc.blocks)


def test_word_counts_from_the_features_are_block_word_counts() -> None:
    from scrapeclean.filters import html_region

    # ASCII, accented Latin, a script with combining marks, other numbers: the two word
    # patterns differ on the last two
    paras = ["The council voted on Tuesday.", "Le conseil a voté mardi à l'unanimité.",
             "नमस्ते दुनिया, यह एक परीक्षण है।", "Area 5² and ½ of it, x‿y."]
    page = "<html><body>" + "".join(f"<p>{t}</p>" for t in paras) + "</body></html>"
    names = list(Pipeline.default().names)
    doc = Pipeline(names[: names.index("main-content")]).run(page, kind="html")
    html_region.html_features(doc, None, use_tf=False)
    assert html_region._word_counts(doc) == [b.word_count for b in doc.blocks]


def test_shown_time_beats_a_declared_stamp_of_another_day() -> None:
    """Less than a day apart but on another day: a time zone, and readers see the text's."""
    def published(declared: str, shown: str) -> str | None:
        page = (f"<html><head><meta property='article:published_time' content='{declared}'>"
                "<title>Council votes on the bridge</title></head><body><article>"
                "<h1>Council votes on the bridge</h1>"
                f"<p>{shown}</p>"
                + "<p>The council voted on Tuesday to rebuild the old bridge over the river, after "
                  "two years of debate about its cost and the traffic it carries every day.</p>" * 4
                + "</article></body></html>")
        return scrapeclean.clean(page).metadata.published

    assert published("2022-05-04T00:53:29Z", "May 3, 2022, 9:25 pm") == "2022-05-03T21:25"
    # a day or more apart: another event (an update), the declared stamp stays
    assert published("2022-05-05T00:53:29Z", "May 3, 2022, 9:25 pm").startswith("2022-05-05")
    # the text gives no time: a day off is as often an edit as a time zone
    assert published("2022-05-04T00:53:29Z", "May 3, 2022").startswith("2022-05-04")


def test_norm_on_ascii_is_the_unicode_engines() -> None:
    from scrapeclean.metadata import html as meta

    samples = ["Jane_Doe-Smith, Ph.D.", "  __by__  JOHN  o'neil!! ", "a\tb\nc\x0bd", "x__", "___", "",
               "Müller-Lüdenscheidt", "ǅemal Bijedić", "日本 語", "O\u0301scar"]
    samples += ["".join(chr(c) for c in range(i, i + 16)) for i in range(0, 128, 16)]
    for s in samples:
        assert meta._norm(s) == meta._NORM.sub(" ", s).strip().casefold(), repr(s)


def test_bare_copyright_year_is_no_published_date() -> None:
    # htmldate's extensive search turns "© 2016" into 2016-01-01: no date beats a made-up day
    body = "".join(f"<p>Paragraph {i} of an undated essay about gardens and the seasons that pass.</p>"
                   for i in range(8))
    page = f"<html><body><article><h1>On gardens</h1>{body}</article><footer>© 2016 Garden Notes</footer></body></html>"
    from htmldate import find_date

    assert find_date(page, extensive_search=True, original_date=True) == "2016-01-01"  # what it reads
    m = scrapeclean.clean(page, kind="html").metadata
    assert m.published is None
    dated = page.replace("<h1>On gardens</h1>", "<h1>On gardens</h1><p>Posted on March 3, 2016</p>")
    assert scrapeclean.clean(dated, kind="html").metadata.published == "2016-03-03"
