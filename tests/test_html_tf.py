"""html_tf.main_text gives bare_extraction's text, and leaves a tree it does not own as it was."""
from __future__ import annotations

import gzip
from copy import copy
from pathlib import Path

import pytest
from lxml import etree

from scrapeclean.segment.html import parse_html

trafilatura = pytest.importorskip("trafilatura")
from scrapeclean.filters import html_tf  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
PROSE = ("The river authority said on Tuesday that water levels in the northern valley had "
         "risen for the third week in a row, after a decade in which the reservoirs rarely "
         "filled beyond half of their capacity. ")


def _page(body: str) -> str:
    return f"<html><head><title>T</title></head><body>{body}</body></html>"


SYNTHETIC = {
    # the comment section and ol/ul comment lists: REMOVE_COMMENTS_AND_LISTS_XPATH prunes them
    "comments": _page(f"<article><h1>Rivers</h1><p>{PROSE * 3}</p></article>"
                      f"<div id='comments'><p>{PROSE}</p></div><ol class='commentlist'><li>{PROSE}</li></ol>"
                      f"<section class='post-comments'><p>Nice.</p></section>"),
    # a commentary is not a comment section
    "commentary": _page(f"<div id='commentary'><p>{PROSE * 2}</p></div>"),
    # infinite scroll holding a follow-up article: RAW_TREE_PRUNE_XPATH prunes it
    "infinite": _page(f"<main><h1>Rivers</h1><p>{PROSE * 3}</p></main>"
                      f"<div class='infinite-scroll'><h2>Next</h2><p>{PROSE * 2}</p></div>"
                      f"<div class='elementor-share-buttons'><a href='/s'>Share</a></div>"),
    "infinite-h1": _page(f"<div id='infinite-scroll'><h1>Rivers</h1><p>{PROSE * 3}</p></div>"),
    # the words spelled with character references
    "references": _page(f"<p>{PROSE * 2}</p><div class='&#99;omment-list'><p>{PROSE}</p></div>"
                        f"<div id='inf&#105;nitescroll'><p>{PROSE}</p></div>"),
    # little text: the rescue and the recall retry
    "short": _page("<div><a href='/a'>Home</a> <a href='/b'>News</a></div><div class='x'>"
                   "<span>Water levels rose again.</span></div><ul><li>One</li><li>Two</li></ul>"
                   f"<div class='teaser'>{PROSE}</div>" + "<div><a href='/c'>Link</a></div>" * 30),
    # a page of teasers around one paragraph: the retry in recall mode
    "listing": _page(f"<article><p>{PROSE}</p></article><div class='listing'>" + "".join(
        f"<div class='card'><h3><a href='/{i}'>{PROSE[:90]}</a></h3><span>{PROSE[:120]}</span></div>"
        for i in range(20)) + "</div>"),
    "cookies": _page(f"<p>{PROSE * 2}</p><div id='CookieBanner'><p>{PROSE}</p></div>"
                     f"<div class='site-footer'><p>{PROSE}</p></div><aside>{PROSE}</aside>"),
    "empty": _page(""),
    "forum": ('<html><head><script type="application/ld+json">{"@type": "DiscussionForumPosting"}</script>'
              f"</head><body><h1>Thread</h1><div class='comment'><p>{PROSE * 2}</p></div></body></html>"),
}


def _pages() -> list[tuple[str, str]]:
    pages = list(SYNTHETIC.items())
    for path in sorted(FIXTURES.glob("*.html.gz")):
        pages.append((path.name, gzip.decompress(path.read_bytes()).decode("utf-8", "replace")))
    return pages


def _reference(tree: etree._Element, url: str) -> str | None:
    found = trafilatura.bare_extraction(tree, url=url, fast=True, include_comments=False,
                                        include_tables=True, with_metadata=False)
    return (found.text if found is not None else None) or None


def test_it_mirrors_the_installed_trafilatura() -> None:
    # on another release main_text calls bare_extraction (the tests below still hold, only
    # slower): a new trafilatura release must not fail CI, but on the release it was written
    # against the mirror must be active
    if trafilatura.__version__ != "2.3.1":
        pytest.skip(f"html_tf mirrors trafilatura 2.3.1; {trafilatura.__version__} runs bare_extraction")
    assert html_tf.mirrors_trafilatura()
    from trafilatura import main_extractor

    assert html_tf._stand_ins()[0] is not main_extractor.extract_content  # the stand-ins run


@pytest.mark.parametrize(("name", "html"), _pages(), ids=[n for n, _ in _pages()])
def test_main_text_is_bare_extractions_text(name: str, html: str) -> None:
    url = f"https://example.org/{name}"
    tree = parse_html(html)
    before = etree.tostring(tree)
    expected = _reference(copy(tree), url)
    assert html_tf.main_text(tree, url) == expected
    assert etree.tostring(tree) == before  # not owned: untouched
    assert html_tf.main_text(copy(tree), url, owned=True) == expected


def _screens(tree: etree._Element) -> tuple[bool, bool]:
    ids = "\x00" + "\x00".join(html_tf._IDS(tree))
    classes = "\x00" + "\x00".join(html_tf._CLASSES(tree))
    return html_tf._may_prune_raw(ids, classes), html_tf._may_prune_comments(ids, classes)


def test_the_prune_screens_pass_what_the_prunes_match() -> None:
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

    for name, html in _pages():
        tree = parse_html(html)
        raw, comments = _screens(tree)
        if any(x(tree) for x in RAW_TREE_PRUNE_XPATH):
            assert raw, name
        if any(x(tree) for x in REMOVE_COMMENTS_AND_LISTS_XPATH):
            assert comments, name
    # and they do screen pages out
    assert _screens(parse_html(_page(f"<div class='content' id='main'><p>{PROSE}</p></div>"))) == (False, False)
    assert _screens(parse_html(_page(f"<div class='x-comment' id='commentary-1'><p>{PROSE}</p></div>"))) == (False, True)
    assert _screens(parse_html(_page(f"<div class='x' id='post-comment'><p>{PROSE}</p></div>"))) == (False, False)
    assert _screens(parse_html(SYNTHETIC["infinite"]))[0]
    assert _screens(parse_html(SYNTHETIC["references"])) == (True, True)


def test_page_length_is_html2txts() -> None:
    from trafilatura.baseline import html2txt

    for name, html in _pages():
        tree = parse_html(html)
        ids_classes = "\x00" + "\x00".join((*html_tf._IDS(tree), *html_tf._CLASSES(tree)))
        assert html_tf._page_length(tree, ids_classes) == len(html2txt(tree)), name


def test_page_length_bound_is_at_least_the_page_length() -> None:
    from trafilatura.baseline import html2txt

    pages = _pages() + [
        ("scripts", _page(f"<p>{PROSE}</p><script>var a = 'x y z';</script>tail words<style>p {{}}</style>")),
        ("blocks", _page("".join(f"<div>a</div><p>b<br>c</p>" for _ in range(50)))),
        ("control", _page("<p>a\x07b c</p><div>x\x07\x07 y</div>")),
        ("nobody", "<div><p>one two</p><p>three</p></div>"),
    ]
    for name, html in pages:
        tree = parse_html(html)
        bound = html_tf._page_length_bound(tree)
        assert bound >= len(html2txt(tree)), name
    # and it is close enough to tell: a page of paragraphs is bounded within ~2x
    tree = parse_html(_page(f"<p>{PROSE}</p>" * 20))
    assert html_tf._page_length_bound(tree) < 1.5 * len(html2txt(tree))


# elements whose ids, classes and other attributes meet each test of the selectors html_tf
# stands in for, in both attribute orders where XPath reads the first of two (string(@id|@class))
SELECTOR_CASES = [
    '<div id="cookie-bar" class="x">a</div>', '<div class="x" id="cookie-bar">a</div>',
    '<div class="cookie-bar" id="x">a</div>', '<div id="x" class="cookie-bar">a</div>',
    '<div class="cookies">a</div>', '<section id="cookies">a</section>',
    '<p class="reply-form" id="c">a</p>', '<p id="c" class="reply-form">a</p>', '<p id="reply-1">a</p>',
    '<span id="x" style="hidden">a</span>', '<span style="a:hidden" id="x">a</span>',
    '<span id="is-hidden" style="color:red">a</span>', '<span style="color:red" id="is-hidden">a</span>',
    '<span style="display:none">a</span>', '<span style="display: none">a</span>', '<b style="display : none">a</b>',
    '<i aria-hidden="true">a</i>', '<i aria-hidden="TRUE">a</i>', '<h2 class="comments-title">a</h2>',
    '<h2 class="comments-title x">a</h2>', '<div class="x hidden">a</div>', '<div class="hide-me">a</div>',
    '<div id="akismet-x">a</div>', '<div id="">a</div>', '<div class="" id="reply-">a</div>',
    '<div role="Navigation">a</div>', '<div role="NAVIGATION">a</div>', '<div data-component="MostPopularStories2">a</div>',
    '<div data-lp-replacement-content="">a</div>', '<div class="share-buttons">a</div>', '<div id="shariff">a</div>',
    '<div class="x shariff">a</div>', '<div class=" ad ">a</div>', '<div class="top ad-slot">a</div>',
    '<div class="dfpAd">a</div>', '<li class="menu-item">a</li>', '<ul class="navbar">a</ul>', '<a class="navbar">a</a>',
    '<div class="Teaser">a</div>', '<div id="TEASER">a</div>', '<div class="wp-caption">a</div>',
    '<div class="post">a</div>', '<div class="entry">a</div>', '<div itemprop="articleBody">a</div>',
    '<div id="articleContent">a</div>', '<div class="post-text">a</div>', '<section id="article-body">a</section>',
    '<article role="article">a</article>', '<div id="story">a</div>', '<div class="FullText">a</div>',
    '<main class="story-content">a</main>', '<div id="primary-x">a</div>', '<div class="article x">a</div>',
    '<div id="content">a</div>', '<div class="content">a</div>', '<div class="Main-Content">a</div>',
    '<div id="MAIN-CONTENT">a</div>', '<div class="Page-Content">a</div>', '<div class="content__body">a</div>',
    '<span class="x">a</span>', '<p>a</p>',
    '<div class="infinite-scroll">a</div>', '<section id="infinitescroll">a<h1>b</h1></section>',
    '<aside class="mvp-post-add-box">a<h1>b</h1></aside>', '<div id="mvp-post-add-wrap">a</div>',
    '<div class="x elementor-share-buttons">a</div>', '<div id="comments">a</div>', '<div id="Comment-1">a</div>',
    '<div id="commentary">a</div>', '<ol class="commentlist">a</ol>', '<ul id="comol">a</ul>', '<ul id="disqus_thread">a</ul>',
    '<ol class="post-comments">a</ol>', '<details class="article-comments">a</details>', '<h1>a</h1>',
]


def test_the_stand_ins_select_what_trafilaturas_xpaths_select() -> None:
    import random

    from trafilatura.htmlprocessing import convert_tags, tree_cleaning
    from trafilatura.settings import Extractor
    from trafilatura.xpaths import (BODY_XPATH, DISCARD_IMAGE_ELEMENTS, OVERALL_DISCARD_XPATH, RAW_TREE_PRUNE_XPATH,
                                    REMOVE_COMMENTS_AND_LISTS_XPATH, TEASER_DISCARD_XPATH)

    discard, body = html_tf._selectors()
    raw, comments = html_tf._raw_prunes()
    pairs = [*zip(discard, OVERALL_DISCARD_XPATH), (html_tf._teasers, TEASER_DISCARD_XPATH[0]),
             (html_tf._captions, DISCARD_IMAGE_ELEMENTS[0]), *zip(raw, RAW_TREE_PRUNE_XPATH),
             *zip(comments, REMOVE_COMMENTS_AND_LISTS_XPATH)]
    rng = random.Random(7)
    pages = [html for _, html in _pages()]
    for _ in range(300):  # pages of nested cases, in random orders
        cases = rng.choices(SELECTOR_CASES, k=12)
        html = "".join(c.replace(">a<", ">" + "".join(rng.choices(SELECTOR_CASES, k=2)) + "<", 1) for c in cases)
        pages.append(_page(html))
    options = Extractor(output_format="python", fast=True, comments=False, tables=True)
    selected = 0
    for html in pages:
        tree = parse_html(html)
        cleaned = convert_tags(tree_cleaning(copy(tree), options), options)
        for root in (tree, cleaned, *list(cleaned.iter("div", "section"))[:20]):
            for ours, theirs in pairs:
                found = theirs(root)
                assert ours(root) == found, html
                selected += len(found)
            for ours, theirs in zip(body, BODY_XPATH):  # _extract reads the first element
                assert ours(root)[:1] == theirs(root)[:1], html
    assert selected > 1000  # (the cases do meet the tests)
