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
  of the cost;
- in its main-content extraction (extract_content), the XPath selectors of the article's
  container (BODY_XPATH) and of what is pruned from it (OVERALL_DISCARD_XPATH, teasers,
  captions): libxml2 evaluates them on every element, calling back into Python for each
  regular-expression test, and BODY_XPATH's whole result where its first element is read.
  Its own code runs with stand-ins that select the same elements in Python (see
  `_extract_content`), and so do the raw-tree prunes where the screens let them run.

The steps are those of the trafilatura release it was written against: at first use the
source of the functions it mirrors is compared with theirs, and on any other release
`main_text` calls bare_extraction itself (tests/test_html_tf.py holds both to the same text).
"""
from __future__ import annotations

import hashlib
import inspect
import re
import types
from collections.abc import Callable
from copy import copy
from functools import lru_cache
from typing import Any

from lxml import etree

__all__ = ["main_text", "mirrors_trafilatura"]

# sha256 of the source of the trafilatura functions whose steps main_text takes (and of
# _spaced_text, which the page length's bound reads), and of the expressions its screens stand
# in for (trafilatura 2.3.1)
_MIRRORED = "df90a4bc12c83ea958aab285daefdc36aa2bdfb60888397b4d8ef1c37c457d13"

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
    from trafilatura import core, main_extractor, settings, xpaths
    from trafilatura.baseline import _spaced_text, basic_cleaning, html2txt

    return "".join([*(inspect.getsource(f) for f in (
        core.bare_extraction, core.trafilatura_sequence, core._prepare_tree, core._extract_and_compare,
        core._recall_retry, html2txt, basic_cleaning, _spaced_text,
        *(getattr(main_extractor, name) for name in _REBOUND))),
        *(x.path for x in (*xpaths.RAW_TREE_PRUNE_XPATH, *xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH,
                           settings.BASIC_CLEAN_XPATH, *xpaths.OVERALL_DISCARD_XPATH, *xpaths.BODY_XPATH,
                           *xpaths.TEASER_DISCARD_XPATH, *xpaths.DISCARD_IMAGE_ELEMENTS)),
        settings._COOKIE_CONSENT_RE])


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
    from trafilatura.settings import Extractor
    from trafilatura.xml import xmltotxt

    extract_content, raw_prune, comments_prune = _stand_ins()
    options = Extractor(output_format="python", fast=True, comments=False, tables=True, url=url)
    if not owned:
        tree = copy(tree)
    forum = core._forum_thread_page(tree)
    # the screens read the whole page: the prunes only take elements away
    ids, classes = "\x00" + "\x00".join(_IDS(tree)), "\x00" + "\x00".join(_CLASSES(tree))
    if _may_prune_raw(ids, classes):
        tree = prune_unwanted_nodes(tree, raw_prune)
    if not forum and _may_prune_comments(ids, classes):
        tree = prune_unwanted_nodes(tree, comments_prune)
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


# -- trafilatura's main-content selectors, without a call back into Python per element --------
#
# Its content selectors (BODY_XPATH) and the prune every candidate goes through first
# (OVERALL_DISCARD_XPATH) test ids and classes with EXSLT regular expressions: libxml2 calls
# back into Python for each test of each element, attribute or not, and the whole expression
# is evaluated where the first match is all it needs. The functions below select the same
# elements, in the same order, testing the same expressions (read from the XPath) in Python,
# on the elements that carry the attributes; trafilatura's own code (extract_content and what
# it calls) runs them in place of the XPath objects (`_extract_content`).

_REBOUND = ("prune_unwanted_sections", "_extract", "recover_wild_text", "extract_content")
_RE_TEST = re.compile(r"re:test\((@[\w@|-]+), '([^']*)'(?:, '(\w*)')?\)")
_EQUALS = re.compile(r"@([\w-]+)='([^']*)'")


def _tests(path: str, expected: tuple[str, ...]) -> list[re.Pattern[str]]:
    """The patterns of the re:test calls of an XPath, compiled as lxml compiles them, in order
    (`expected`: the attributes each reads, as the predicates below assume)."""
    found = _RE_TEST.findall(path)
    if tuple(attrs for attrs, _, _ in found) != expected:
        raise ValueError(f"unexpected re:test calls in {path!r}")
    out = [re.compile(pattern, re.IGNORECASE if "i" in flags else 0) for _, pattern, flags in found]
    if any(p.search("") for p in out):  # an attribute the element lacks reads as ""
        raise ValueError(f"a pattern of {path!r} matches the empty string")
    return out


def _equals(path: str) -> dict[str, frozenset[str]]:
    """The attribute = 'literal' tests of an XPath: {attribute: values}."""
    out: dict[str, set[str]] = {}
    for attr, value in _EQUALS.findall(path):
        out.setdefault(attr, set()).add(value)
    return {attr: frozenset(values) for attr, values in out.items()}


def _first(el: Any, a: str, b: str, va: str | None, vb: str | None) -> str:
    """XPath's string(@a|@b): the value of whichever of the two comes first on the element."""
    if va is None or vb is None:
        return va if vb is None else vb  # (not both None: the callers ask when one is there)
    for key in el.keys():
        if key == a:
            return va
        if key == b:
            break
    return vb


_DISCARD_TAGS = ("div", "item", "list", "p", "section", "span")
_BODY_TAGS = ("article", "div", "main", "section")
_CM, _CP, _T = str.maketrans("CM", "cm"), str.maketrans("CP", "cp"), str.maketrans("T", "t")


def _teasers(tree: Any) -> list[Any]:
    """TEASER_DISCARD_XPATH: an id or class holding "teaser" (or "Teaser")."""
    out = []
    for el in tree.iterdescendants(*_DISCARD_TAGS):
        get = el.get
        eid, cls = get("id"), get("class")
        if (eid is not None and "teaser" in eid.translate(_T)) or (cls is not None and "teaser" in cls.translate(_T)):
            out.append(el)
    return out


def _captions(tree: Any) -> list[Any]:
    """DISCARD_IMAGE_ELEMENTS: an id or class holding "caption"."""
    out = []
    for el in tree.iterdescendants(*_DISCARD_TAGS):
        get = el.get
        eid, cls = get("id"), get("class")
        if (eid is not None and "caption" in eid) or (cls is not None and "caption" in cls):
            out.append(el)
    return out


def _selectors() -> tuple[list[Callable[[Any], list[Any]]], list[Any]]:
    """Stand-ins for OVERALL_DISCARD_XPATH and BODY_XPATH (trafilatura 2.3.1's expressions)."""
    from lxml.etree import Element
    from trafilatura.xpaths import BODY_XPATH, OVERALL_DISCARD_XPATH

    cookie, d_id, d_class = _tests(OVERALL_DISCARD_XPATH[0].path, ("@id|@class", "@id", "@class"))
    hidden, h_id, h_class = _tests(OVERALL_DISCARD_XPATH[1].path, ("@id|@style", "@id", "@class"))
    h_eq = _equals(OVERALL_DISCARD_XPATH[1].path)  # class comments-title, aria-hidden true
    b0_id, b0_class = _tests(BODY_XPATH[0].path, ("@id", "@class"))
    b0_eq = _equals(BODY_XPATH[0].path)
    b2_id, b2_full, b2_class = _tests(BODY_XPATH[2].path, ("@id", "@class", "@class"))
    b2_eq = _equals(BODY_XPATH[2].path)
    b3_id, b3_class = _tests(BODY_XPATH[3].path, ("@id", "@class"))
    b3_eq = _equals(BODY_XPATH[3].path)
    # the long alternations, on class strings that repeat within a page and across a site's pages
    d_class_hit = lru_cache(maxsize=4096)(lambda cls: d_class.search(cls) is not None)
    h_class_hit = lru_cache(maxsize=4096)(lambda cls: h_class.search(cls) is not None)
    if (set(h_eq) != {"class", "aria-hidden"} or set(b0_eq) != {"class", "itemprop", "id"}
            or set(b2_eq) != {"role", "id", "class"} or set(b3_eq) != {"id", "class"}):
        raise ValueError("unexpected attribute tests in trafilatura's selectors")

    def discard_marked(tree: Any) -> list[Any]:
        """OVERALL_DISCARD_XPATH[0]: ids and classes of site chrome (share, nav, widget...)."""
        out = []
        for el in tree.iterdescendants(*_DISCARD_TAGS):
            get = el.get
            eid, cls = get("id"), get("class")
            if (eid is not None and d_id.search(eid)) or (cls is not None and d_class_hit(cls)):
                out.append(el)
            elif ((get("data-lp-replacement-content") is not None)
                  or ((role := get("role")) is not None and "nav" in role.replace("N", "n"))
                  or ((comp := get("data-component")) is not None and "MostPopularStories" in comp)
                  or (((eid is not None and cookie.search(eid)) or (cls is not None and cookie.search(cls)))
                      and cookie.search(_first(el, "id", "class", eid, cls)))):
                out.append(el)
        return out

    def discard_hidden(tree: Any) -> list[Any]:
        """OVERALL_DISCARD_XPATH[1]: hidden elements, comment titles and reply forms."""
        out = []
        for el in tree.iterdescendants(Element):
            get = el.get
            eid, cls, style = get("id"), get("class"), get("style")
            if ((cls is not None and (cls in h_eq["class"] or h_class_hit(cls)))
                    or (eid is not None and h_id.search(eid))
                    or (style is not None and ("display:none" in style or "display: none" in style))
                    or get("aria-hidden") in h_eq["aria-hidden"]
                    or (((eid is not None and eid.startswith("reply-")) or (cls is not None and cls.startswith("reply-")))
                        and _first(el, "id", "class", eid, cls).startswith("reply-"))
                    or (((eid is not None and hidden.search(eid)) or (style is not None and hidden.search(style)))
                        and hidden.search(_first(el, "id", "style", eid, style)))):
                out.append(el)
        return out

    def first_of(test: Callable[[Any], bool]) -> Callable[[Any], list[Any]]:
        def select(tree: Any) -> list[Any]:
            """The first element of the selector's (what _extract reads of its result)."""
            for el in tree.iterdescendants(*_BODY_TAGS):
                if test(el):
                    return [el]
            return []
        return select

    def body0(el: Any) -> bool:
        get = el.get
        eid, cls = get("id"), get("class")
        return ((cls is not None and (cls in b0_eq["class"] or b0_class.search(cls) is not None))
                or (eid is not None and (eid in b0_eq["id"] or b0_id.search(eid) is not None))
                or get("itemprop") in b0_eq["itemprop"])

    def body2(el: Any) -> bool:
        get = el.get
        eid, cls = get("id"), get("class")
        return ((cls is not None and (cls in b2_eq["class"] or b2_full.search(cls) is not None
                                      or b2_class.search(cls) is not None))
                or (eid is not None and (eid in b2_eq["id"] or b2_id.search(eid) is not None))
                or get("role") in b2_eq["role"])

    def body3(el: Any) -> bool:
        get = el.get
        eid, cls = get("id"), get("class")
        return ((cls is not None and (cls in b3_eq["class"] or b3_class.search(cls) is not None
                                      or "main-content" in cls.translate(_CM) or "page-content" in cls.translate(_CP)))
                or (eid is not None and (eid in b3_eq["id"] or b3_id.search(eid) is not None
                                         or "main-content" in eid.translate(_CM))))

    body = [first_of(body0), BODY_XPATH[1], first_of(body2), first_of(body3), BODY_XPATH[4]]
    return [discard_marked, discard_hidden], body


@lru_cache(maxsize=1)
def _stand_ins() -> tuple[Callable[..., Any], list[Any], list[Any]]:
    """extract_content and the raw-tree prunes as _fast_path runs them: the stand-ins, or
    trafilatura's own where an expression reads otherwise than expected (which the source
    hash rules out)."""
    from trafilatura import main_extractor
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

    try:
        return (_extract_content(), *_raw_prunes())
    except ValueError:
        return main_extractor.extract_content, RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH


@lru_cache(maxsize=1)
def _raw_prunes() -> tuple[list[Callable[[Any], list[Any]]], list[Callable[[Any], list[Any]]]]:
    """Stand-ins for the raw-tree prunes, RAW_TREE_PRUNE_XPATH and REMOVE_COMMENTS_AND_LISTS_XPATH,
    where the screens above let them run (on a whole page)."""
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

    scroll_id, scroll_class, theme_id, theme_class = _tests(
        RAW_TREE_PRUNE_XPATH[0].path, ("@id", "@class", "@id", "@class"))
    comment_id, comment_class, list_id, list_class = _tests(
        REMOVE_COMMENTS_AND_LISTS_XPATH[0].path, ("@id", "@class", "@id", "@class"))

    def scrolls(tree: Any) -> list[Any]:
        """Infinite-scroll containers without a <h1> (and a theme's appended articles)."""
        out = []
        for el in tree.iterdescendants("div", "section", "aside"):
            get = el.get
            eid, cls = get("id"), get("class")
            if (((eid is not None and scroll_id.search(eid)) or (cls is not None and scroll_class.search(cls)))
                    and (next(el.iterdescendants("h1"), None) is None or (eid is not None and theme_id.search(eid))
                         or (cls is not None and theme_class.search(cls)))):
                out.append(el)
        return out

    def share_buttons(tree: Any) -> list[Any]:
        return [el for el in tree.iterdescendants("div", "section", "aside")
                if "elementor-share-buttons" in (el.get("class") or "")]

    def comment_sections(tree: Any) -> list[Any]:
        """Comment sections, and ol/ul comment lists."""
        out = []
        for el in tree.iterdescendants("div", "list", "section", "details", "ol", "ul"):
            get = el.get
            eid, cls = get("id"), get("class")
            if (((eid is not None and comment_id.search(eid)) or (cls is not None and comment_class.search(cls)))
                    and (el.tag not in ("ol", "ul") or (eid is not None and list_id.search(eid))
                         or (cls is not None and list_class.search(cls)))):
                out.append(el)
        return out

    return [scrolls, share_buttons], [comment_sections]


def _extract_content() -> Callable[..., Any]:
    """trafilatura's extract_content, its own code, with the selectors above in its globals.

    The functions of trafilatura.main_extractor that read the selectors (and those that call
    them) are rebound over a copy of the module's namespace: trafilatura itself, for any other
    caller, is left as it is.
    """
    from trafilatura import main_extractor

    namespace = dict(vars(main_extractor))
    namespace["OVERALL_DISCARD_XPATH"], namespace["BODY_XPATH"] = _selectors()
    namespace["TEASER_DISCARD_XPATH"], namespace["DISCARD_IMAGE_ELEMENTS"] = [_teasers], [_captions]
    for name in _REBOUND:
        f = getattr(main_extractor, name)
        g = types.FunctionType(f.__code__, namespace, f.__name__, f.__defaults__, f.__closure__)
        g.__kwdefaults__ = f.__kwdefaults__
        namespace[name] = g
    fn: Callable[..., Any] = namespace["extract_content"]
    return fn
