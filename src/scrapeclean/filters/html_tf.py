"""trafilatura's main text of a page, on the tree scrapeclean parsed, without its idle work.

`main_text(tree, url, owned)` returns what `trafilatura.bare_extraction(tree, url=url,
fast=True, include_comments=False, include_tables=True).text` returns, the same string, at
about 80% of its CPU on the dev HTML. It runs the steps of trafilatura's fast path itself
(its own functions, in its order) and leaves out what changes nothing there:

- the copy of the whole tree bare_extraction makes, when the caller hands over a tree it no
  longer needs (`owned`): the first steps prune the tree in place;
- the copy of the cleaned tree kept for the external extractors, which the fast path never runs;
- the two raw-tree prunes (infinite-scroll containers, comment sections) on a page where no
  id or class holds the words their regular expressions need. Those prunes test every
  element's id and class with EXSLT regular expressions, each a call back into Python; a plain
  XPath over the id and class attributes tells, at a fifth of the cost, that nothing can match;
- likewise, in the page length its recall retry is gated on (`html2txt`), the search for cookie
  banners by the same kind of expression, where no class or id names one;
- that page length itself (a copy of the tree, deletions, a Python pass over its block
  elements), where a bound read from the page's text as it is already says the extracted
  text is too long for the retry: on 61 of the 108 dev pages that get that far, at a quarter
  of the cost.

The steps are those of the trafilatura release it was written against: at first use the
source of the functions it mirrors is compared with theirs, and on any other release
`main_text` calls bare_extraction itself (tests/test_html_tf.py holds both to the same text).
"""
from __future__ import annotations

import hashlib
import inspect
import re
from copy import copy
from functools import lru_cache
from typing import Any

from lxml import etree

__all__ = ["main_text", "mirrors_trafilatura"]

# sha256 of the source of the trafilatura functions whose steps main_text takes (and of
# _spaced_text, which the page length's bound reads), and of the expressions its screens stand
# in for (trafilatura 2.3.1)
_MIRRORED = "d75c98199786ed0903af5f96a34083ba77cf815a8acd702e431088942e3fa9f3"

# every id and every class of the page, each after a \x00 (lxml's strings hold none), so that
# "\x00comment" in them is an id or class starting with "comment"
_IDS = etree.XPath("//@id", smart_strings=False)
_CLASSES = etree.XPath("//@class", smart_strings=False)


def _may_prune_raw(ids: str, classes: str) -> bool:
    """Whether RAW_TREE_PRUNE_XPATH can match: an id or class with the words its tests need
    ("mvp-post-add-(?:box|wrap)|infinite-?scroll", "elementor-share-buttons" in a class)."""
    return ("infinite" in ids or "mvp-post-add-" in ids or "infinite" in classes or "mvp-post-add-" in classes
            or "elementor-share-buttons" in classes)


def _may_prune_comments(ids: str, classes: str) -> bool:
    """Whether REMOVE_COMMENTS_AND_LISTS_XPATH can match: an id matching
    "^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)" or a class matching
    "^[Cc]omment(?!ary)|(?:article|post)-comments" needs these words."""
    return (any(w in ids for w in ("\x00comment", "\x00Comment", "\x00comol", "\x00disqus_thread", "\x00dsq-comments"))
            or any(w in classes for w in ("\x00comment", "\x00Comment", "article-comments", "post-comments")))


def _sources() -> str:
    from trafilatura import core, settings, xpaths
    from trafilatura.baseline import _spaced_text, basic_cleaning, html2txt

    return "".join([*(inspect.getsource(f) for f in (
        core.bare_extraction, core.trafilatura_sequence, core._prepare_tree, core._extract_and_compare,
        core._recall_retry, html2txt, basic_cleaning, _spaced_text)),
        *(x.path for x in (*xpaths.RAW_TREE_PRUNE_XPATH, *xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH,
                           settings.BASIC_CLEAN_XPATH)), settings._COOKIE_CONSENT_RE])


@lru_cache(maxsize=1)
def mirrors_trafilatura() -> bool:
    """Whether the installed trafilatura's fast path is the one main_text takes."""
    try:
        return hashlib.sha256(_sources().encode("utf-8")).hexdigest() == _MIRRORED
    except Exception:  # (no source, another layout): call trafilatura itself
        return False


def main_text(tree: Any, url: str | None, owned: bool = False) -> str | None:
    """trafilatura's main text (comments excluded), or None where it extracts nothing.

    `owned`: the caller will not read `tree` again, and trafilatura may prune it in place.
    Other exceptions than bare_extraction's ValueError and TypeError (no text) are raised.
    """
    import trafilatura

    if not mirrors_trafilatura():
        found = trafilatura.bare_extraction(tree, url=url, fast=True, include_comments=False,
                                            include_tables=True, with_metadata=False)
        return (getattr(found, "text", None) if found is not None else None) or None
    try:
        return _fast_path(tree, url, owned)
    except (TypeError, ValueError):  # where bare_extraction discards the page
        return None


def _fast_path(tree: Any, url: str | None, owned: bool) -> str | None:
    from trafilatura import core
    from trafilatura.baseline import baseline
    from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
    from trafilatura.main_extractor import extract_content
    from trafilatura.settings import Extractor
    from trafilatura.xml import xmltotxt
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

    options = Extractor(output_format="python", fast=True, comments=False, tables=True, url=url)
    if not owned:
        tree = copy(tree)
    forum = core._forum_thread_page(tree)
    # the screens read the whole page: the prunes only take elements away
    ids, classes = "\x00" + "\x00".join(_IDS(tree)), "\x00" + "\x00".join(_CLASSES(tree))
    if _may_prune_raw(ids, classes):
        tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
    if not forum and _may_prune_comments(ids, classes):
        tree = prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH)
    body, text = extract_content(convert_tags(tree_cleaning(copy(tree), options), options, url), options)
    if len(text) < options.min_extracted_size:  # its rescue: the page's plain text
        b_body, b_text, b_len = baseline(tree)
        if b_len > len(text):
            body, text = b_body, b_text
    if (0 < len(text) < core.ESCALATION_MAX_LENGTH and len(text) < core.ESCALATION_PAGE_SHARE * _page_length_bound(tree)
            and len(text) < core.ESCALATION_PAGE_SHARE * _page_length(tree, ids + classes)):
        # little of the page: its retry in recall mode, kept when clearly longer
        recall = copy(options)
        recall.focus = "recall"
        r_text = ""
        try:
            r_body, r_text = extract_content(convert_tags(tree_cleaning(copy(tree), recall), recall, url), recall)
        except Exception:  # as trafilatura does: the first result stands
            pass
        if len(r_text) >= options.min_extracted_size and len(r_text) > core.ESCALATION_ACCEPT_RATIO * len(text):
            body, text = r_body, r_text
    if options.max_tree_size and len(body) > options.max_tree_size:
        etree.strip_tags(body, "hi")
        if len(body) > options.max_tree_size:
            return None
    if len(text) < options.min_output_size and 0 < options.min_output_comm_size:
        return None
    return xmltotxt(body, options.formatting) or None


def _page_length(tree: Any, ids_classes: str) -> int:
    """len(trafilatura.html2txt(tree)), the page's length for the recall retry's gate
    (`ids_classes`: the ids and classes of the page, or of a larger one, \x00-separated)."""
    from trafilatura.baseline import _spaced_text, html2txt
    from trafilatura.settings import _COOKIE_CONSENT_RE
    from trafilatura.xml import delete_element

    # BASIC_CLEAN_XPATH deletes asides, footers, scripts... and cookie banners, found by an EXSLT
    # regular expression on every element's class and id: where no class or id holds one, the
    # same elements are those of its plain part. (The expression has no \x00 to match across.)
    if _cookie_banner(_COOKIE_CONSENT_RE).search(ids_classes):
        return len(html2txt(tree))
    tree = copy(tree)
    body = tree.find(".//body")
    if body is None:
        body = tree
    for elem in _BASIC_CLEAN_PLAIN(body):
        delete_element(elem)
    return len(_spaced_text(body))


def _page_length_bound(tree: Any) -> int:
    """At least _page_length(tree), from the page's text as it is (no copy, no deletions): on
    most pages where the recall retry's gate asks the page's length, this says it is short enough.

    html2txt's text is the body's text with elements deleted (their tails kept) and control
    characters dropped, which only takes characters away, scripts and styles among them; and
    with a space put before the text and the tail of its block elements, at most two per
    element, each splitting at most one word. Its length is its non-space characters plus its
    words, less one: at most those of the body's text outside scripts and styles, plus two per
    element.
    """
    body = tree.find(".//body")
    if body is None:
        body = tree
    words = "".join(_TEXT_OUTSIDE_SCRIPTS(body)).split()
    return sum(map(len, words)) + len(words) + 2 * (int(_COUNT_ELEMENTS(body)) + 1)


_TEXT_OUTSIDE_SCRIPTS = etree.XPath(".//text()[not(parent::script or parent::style)]", smart_strings=False)
_COUNT_ELEMENTS = etree.XPath("count(.//*)")
_BASIC_CLEAN_PLAIN = etree.XPath(
    ".//aside|.//div[contains(@class|@id, 'footer')]|.//fencedframe|.//footer|.//script|.//style|.//svg|.//template")


@lru_cache(maxsize=1)
def _cookie_banner(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)  # as lxml compiles re:test's (re.UNICODE is implied)
