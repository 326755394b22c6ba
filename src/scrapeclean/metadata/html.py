"""Metadata an HTML page declares: JSON-LD, OpenGraph and other meta tags, <title>, <time>,
rel=author, the canonical URL, and htmldate for the publication date.

`extract_html_meta(tree)` returns `{field: (value, source)}` for the fields `render.build_metadata`
reads (title, authors, published, site_name, section, url, language), plus "title_tag" (the
<title> text, a hint for the headline filter) and "description". Each source names where the
value came from: "html:json-ld", "html:og", "html:meta", "html:title", "html:h1", "html:time",
"html:rel-author", "html:canonical", "html:lang", "htmldate".

Declared values are preferred in this order because pages fill them for machines (search
engines, social cards) and they are rarely wrong; an author is only taken where the page
names one (JSON-LD, meta author, article:author when it is a name, rel=author, itemprop):
a page without an author gets none.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import regex
from lxml import etree

if TYPE_CHECKING:
    from ..document import Block

__all__ = ["extract_html_meta", "candidates", "normalize_date", "clean_author", "screen_authors",
           "screen_page_authors", "site_words", "SITE_KEY", "late_date", "LATE_DATE_KEY"]

_ARTICLE_TYPES = frozenset(t.lower() for t in (
    "Article", "NewsArticle", "BlogPosting", "Blog", "Report", "ScholarlyArticle", "TechArticle",
    "AnalysisNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle",
    "BackgroundNewsArticle", "LiveBlogPosting", "SocialMediaPosting", "DiscussionForumPosting",
    "Review", "Recipe", "HowTo", "APIReference", "MedicalWebPage", "Posting", "PressRelease",
    "Guide", "Legislation", "CreativeWork", "VideoObject", "Event", "Course", "Product",
    "QAPage", "Question", "Answer", "Episode", "PodcastEpisode", "Book", "Chapter",
))
_PAGE_TYPES = frozenset(t.lower() for t in ("WebPage", "ItemPage", "AboutPage", "CollectionPage",
                                            "ProfilePage", "ContactPage", "FAQPage", "SearchResultsPage"))
_SITE_TYPES = frozenset(t.lower() for t in ("WebSite", "Organization", "NewsMediaOrganization",
                                            "Corporation", "LocalBusiness", "Brand"))
_WS = regex.compile(r"\s+")
_URLISH = regex.compile(r"^(?:https?:|www\.|//)|\.(?:com|org|net|de|html?)(?:/|$)|^@", regex.I)
_ISO = regex.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?")
_COMPACT = regex.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2}))?")
_SLASH = regex.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})")
# (?<!\s): a match starts only where a run of whitespace starts (or at a separator with no
# space before it). Without it, every position inside a long run of spaces started an
# attempt that scanned to the run's end (quadratic); the leftmost match, so every split, is
# the same as without it
_AUTHOR_SPLIT = regex.compile(r"(?<!\s)\s*(?:;|\||,|\s&\s|\sand\s|\sund\s|\set\s|\sy\s)\s*", regex.I)
_BY = regex.compile(r"^(?:by|von|par|por|di|door|av|af|autor(?:in)?|author)\s*[:\s]\s*", regex.I)
_TITLE_SEP = regex.compile(r"(?<!\s)\s+[|\-–—:·•»/]\s+|(?<!\s)\s*[|•»]\s*")
_MIN_YEAR = 1995
_JSON_CLEAN = regex.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$|^\s*<!--|-->\s*$")


def extract_html_meta(tree: etree._Element, blocks: Sequence[Block] = (), *,
                      date_search: str = "extensive",
                      cands: dict[str, list[tuple[Any, str]]] | None = None) -> dict[str, object]:
    """Every metadata field the page declares, as `{field: (value, source)}`.

    `blocks` (the page's segmented blocks) let the title be the page's own heading where the
    declared titles confirm it: "Headline" rather than "Section: Headline | Site". Where the
    page declares no date, htmldate looks for one: `date_search` "extensive" (its full search,
    which scans the page text), "fast" or "off". `cands`: `candidates(tree)`, where the caller
    has read them already.
    """
    if cands is None:
        cands = candidates(tree)
    out: dict[str, object] = {}
    title_tag = cands.pop("title_tag", None)
    if title_tag:
        out["title_tag"] = title_tag[0][0]
    for key, values in cands.items():
        if values:
            out[key] = values[0]
    title = _pick_title(cands, title_tag[0][0] if title_tag else None, blocks)
    out[SITE_KEY] = site_words(cands)
    authors = _pick_authors(cands, blocks)
    if authors is not None:
        out["authors"] = authors
    else:
        out.pop("authors", None)
    if title is not None:
        out["title"] = title
    if date_search != "off" and "published" not in out:
        # its fast search first: the extensive one loads dateparser's per-language tables, the
        # larger part of htmldate's cost, and finds the same date wherever the fast one finds one
        found = _htmldate(tree, extensive=False)
        if found:
            out["published"] = (found, "htmldate")
        elif date_search == "extensive":
            out[LATE_DATE_KEY] = tree  # the extensive search waits: see late_date
    return out


# html_meta key: the tree of a page that declares no date and where htmldate's fast search
# found none, for its extensive search (`late_date`)
LATE_DATE_KEY = "_late_date"


def late_date(html_meta: dict[str, object]) -> tuple[str, str] | None:
    """htmldate's extensive search, asked only when the page's text showed no date either.

    It scans the whole page text (and loads dateparser's tables), so the dateline found near
    the headline comes first: on the dev HTML that skips a third of these searches, and where
    both find a date the dateline is right as often (13 correct dates instead of 12).
    """
    tree = html_meta.pop(LATE_DATE_KEY, None)
    if tree is None:
        return None
    found = _htmldate(tree, extensive=True)  # type: ignore[arg-type]
    if not found or found.endswith("-01-01"):
        # its search of the page text reads a bare year ("© 2016", "2015 Archive") as 1 January:
        # on the dev HTML 15 of its 32 dates, none of them right (a New Year's post dates itself
        # in its metadata or its text, which come first)
        return None
    html_meta["published"] = (found, "htmldate")  # asked once per page
    return found, "htmldate"


def candidates(tree: etree._Element) -> dict[str, list[tuple[Any, str]]]:
    """All candidate values per field, best first (the order of preference of each field)."""
    found = _Elements(tree)
    meta = _meta_tags(found.tags["meta"])
    ld = _json_ld(found.tags["script"])
    c: dict[str, list[tuple[Any, str]]] = {k: [] for k in (
        "title", "authors", "published", "site_name", "section", "url", "language", "description",
        "title_tag", "h1")}

    def add(key: str, value: Any, source: str) -> None:
        if value not in (None, "", []):
            c[key].append((value, source))

    # language
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang and regex.match(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})?$", lang.strip()):
        add("language", lang.strip().lower().replace("_", "-"), "html:lang")
    for name in ("content-language", "og:locale", "language", "dc.language"):
        for v in meta.get(name, [])[:1]:
            v = v.strip()
            if regex.match(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})?$", v):
                add("language", v.lower().replace("_", "-"), "html:meta")
    zone = _zone(c["language"][0][0]) if c["language"] else None
    # title
    for v in ld.get("headline", []):
        add("title", _text(v), "html:json-ld")
    for name in ("og:title", "twitter:title", "citation_title", "dc.title", "dcterms.title",
                 "parsely-title", "sailthru.title"):
        for v in meta.get(name, []):
            add("title", _text(v), "html:og" if name == "og:title" else "html:meta")
    title_el = next((el for el in found.tags["title"] if el is not tree), None)  # tree.find(".//title")
    if title_el is not None:
        add("title_tag", _text(title_el.text_content()), "html:title")
    h1s = [_text(h.text_content()) for h in found.tags["h1"]]
    h1s = [h for h in h1s if h]
    if len(h1s) >= 1:
        for h in h1s[:3]:
            add("h1", h, "html:h1")
    # authors
    for names in ld.get("author", []):
        add("authors", names, "html:json-ld")
    for name in ("author", "article:author", "citation_author", "dc.creator", "dcterms.creator",
                 "parsely-author", "sailthru.author", "byl", "og:article:author", "book:author",
                 "cxenseparse:author", "dc.contributor"):
        vals = meta.get(name, [])
        names = _authors_from(vals if name == "citation_author" else vals[:1])
        if names:
            add("authors", names, "html:meta" if not name.startswith(("article", "og")) else "html:og")
    for names in _itemprop_authors(found):
        add("authors", names, "html:itemprop")
    for names in _rel_authors(found):
        add("authors", names, "html:rel-author")
    # published
    for v in ld.get("datePublished", []):
        add("published", normalize_date(v, zone), "html:json-ld")
    for name in ("article:published_time", "og:published_time", "article:published",
                 "citation_publication_date", "citation_date", "citation_online_date",
                 "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
                 "date", "pubdate", "publishdate", "publish-date", "publish_date", "publication_date",
                 "sailthru.date", "parsely-pub-date", "article.published", "published-date",
                 "release_date", "datepublished"):
        for v in meta.get(name, [])[:1]:
            add("published", normalize_date(v, zone), "html:og" if ":" in name and name.startswith(("og", "article")) else "html:meta")
    for v in ld.get("dateCreated", []):
        add("published", normalize_date(v, zone), "html:json-ld")
    for v in _time_dates(found):
        add("published", normalize_date(v, zone), "html:time")
    # site name
    for name in ("og:site_name", "application-name", "apple-mobile-web-app-title", "publisher",
                 "dc.publisher", "citation_journal_title"):
        for v in meta.get(name, [])[:1]:
            add("site_name", _text(v), "html:og" if name == "og:site_name" else "html:meta")
    for v in ld.get("publisher", []):
        add("site_name", _text(v), "html:json-ld")
    for v in ld.get("site", []):
        add("site_name", _text(v), "html:json-ld")
    # section
    for v in ld.get("articleSection", []):
        add("section", _text(v), "html:json-ld")
    for name in ("article:section", "section", "parsely-section", "category"):
        for v in meta.get(name, [])[:1]:
            add("section", _text(v), "html:og" if name.startswith("article") else "html:meta")
    # canonical URL
    for link in found.tags["link"]:
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rel and href.startswith(("http://", "https://")):
            add("url", href, "html:canonical")
    for v in meta.get("og:url", [])[:1]:
        if v.startswith(("http://", "https://")):
            add("url", v.strip(), "html:og")
    # description
    for name in ("description", "og:description", "twitter:description"):
        for v in meta.get(name, [])[:1]:
            add("description", _text(v), "html:og" if name.startswith("og") else "html:meta")
    return c


# -- sources -----------------------------------------------------------------------------

_TAGS_READ = ("meta", "script", "link", "title", "h1", "time", "a")
_XML_SPACE = regex.compile(r"[ \t\r\n]+")  # what XPath's normalize-space() collapses


# //*[@itemprop], the same elements in the same order: libxml2 reaches the attributes at
# about 60% of the cost of testing every element for one
_ITEMPROPS = etree.XPath("//@itemprop/..")


class _Elements:
    """The elements `candidates` reads, found in two passes over the tree instead of one per
    source: the tags it reads (a C-level iteration), and every element with an itemprop."""

    __slots__ = ("tree", "tags", "itemprops")

    def __init__(self, tree: etree._Element) -> None:
        self.tree = tree
        self.tags: dict[str, list[etree._Element]] = {t: [] for t in _TAGS_READ}
        for el in tree.iter(*_TAGS_READ):
            found = self.tags.get(el.tag)
            if found is not None:
                found.append(el)
        self.itemprops: list[etree._Element] = _ITEMPROPS(tree)

    def itemprop(self, value: str) -> list[etree._Element]:
        """//*[@itemprop=value]"""
        return [el for el in self.itemprops if el.get("itemprop") == value]


def _meta_tags(elements: list[etree._Element]) -> dict[str, list[str]]:
    """<meta name|property|itemprop|http-equiv=... content=...>, keys lower-cased."""
    out: dict[str, list[str]] = {}
    for el in elements:
        content = el.get("content")
        if content is None:
            continue
        content = content.strip()
        if not content or len(content) > 2000:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = el.get(attr)
            if key:
                out.setdefault(key.strip().lower(), []).append(content)
    return out


def _json_ld(scripts: list[etree._Element]) -> dict[str, list[Any]]:
    """Fields of the article-like JSON-LD objects (and the site's name)."""
    objs: list[dict[str, Any]] = []
    for el in scripts:
        if "ld+json" not in (el.get("type") or "").lower():
            continue
        raw = el.text or ""
        if not raw.strip() or len(raw) > 2_000_000:
            continue
        data = _loads(raw)
        if data is not None:
            objs.extend(_objects(data))
    out: dict[str, list[Any]] = {}
    articles = [o for o in objs if _types(o) & _ARTICLE_TYPES]
    pages = [o for o in objs if _types(o) & _PAGE_TYPES]
    for o in articles + pages:
        for key in ("headline", "datePublished", "dateCreated", "articleSection"):
            v = o.get(key)
            if isinstance(v, list):
                v = v[0] if v else None
            if isinstance(v, str) and v.strip():
                out.setdefault(key, []).append(v.strip())
        if "headline" not in o and o in articles and isinstance(o.get("name"), str):
            out.setdefault("headline", []).append(o["name"].strip())
        names = _person_names(o.get("author")) or _person_names(o.get("creator"))
        if names:
            out.setdefault("author", []).append(names)
        pub = o.get("publisher")
        if isinstance(pub, list):
            pub = pub[0] if pub else None
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            out.setdefault("publisher", []).append(pub["name"])
    for o in objs:
        if "website" in _types(o) and isinstance(o.get("name"), str):
            out.setdefault("site", []).append(o["name"])
    return out


def _loads(raw: str) -> Any:
    raw = _JSON_CLEAN.sub("", raw.strip())
    try:
        return json.loads(raw, strict=False)
    except (ValueError, RecursionError):
        pass
    # common breakage: trailing commas, raw newlines in strings, several objects back to back
    fixed = regex.sub(r",\s*([}\]])", r"\1", raw.replace("\n", " ").replace("\r", " "))
    try:
        return json.loads(fixed, strict=False)
    except (ValueError, RecursionError):
        return None


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a JSON-LD document: top-level, lists, @graph, mainEntity (no recursion)."""
    stack = [data]
    seen = 0
    while stack and seen < 500:
        d = stack.pop()
        if isinstance(d, list):
            stack.extend(reversed(d[:200]))
        elif isinstance(d, dict):
            seen += 1
            yield d
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                sub = d.get(key)
                if isinstance(sub, (list, dict)):
                    stack.append(sub)


def _types(o: dict[str, Any]) -> frozenset[str]:
    t = o.get("@type")
    if isinstance(t, str):
        return frozenset((t.lower(),))
    if isinstance(t, list):
        return frozenset(x.lower() for x in t if isinstance(x, str))
    return frozenset()


def _person_names(v: Any) -> list[str]:
    if v is None:
        return []
    items = v if isinstance(v, list) else [v]
    names: list[str] = []
    for item in items[:10]:
        if isinstance(item, dict):
            types = _types(item)
            if types & _SITE_TYPES and "person" not in types:
                continue  # an organisation as author: not a person's name
            name = item.get("name")
            if isinstance(name, list):
                name = name[0] if name else None
            if not isinstance(name, str):
                given, family = item.get("givenName"), item.get("familyName")
                name = " ".join(x for x in (given, family) if isinstance(x, str)) or None
            if isinstance(name, str):
                names.extend(_authors_from([name]))
        elif isinstance(item, str):
            names.extend(_authors_from([item]))
    return list(dict.fromkeys(names))


def _itemprop_authors(found: _Elements) -> Iterator[list[str]]:
    # the first author element only: the page's own item comes first, later ones are the
    # authors of its answers, comments or teasers
    for el in found.itemprop("author")[:1]:
        name_el = el.xpath('.//*[@itemprop="name"]')
        if name_el:
            text = name_el[0].get("content") or name_el[0].text_content()
        else:
            text = el.get("content") or el.text_content()
        names = _authors_from([text])
        if names:
            yield names


def _rel_authors(found: _Elements) -> Iterator[list[str]]:
    names: list[str] = []
    # //a[contains(concat(" ", normalize-space(@rel), " "), " author ")]
    links = [el for el in found.tags["a"] if "author" in _XML_SPACE.split(el.get("rel") or "")]
    for el in links[:10]:
        names.extend(_authors_from([el.text_content()]))
    names = list(dict.fromkeys(names))
    if 0 < len(names) < 4:  # more: a list of articles, each linking its own author
        yield names


def _time_dates(found: _Elements) -> Iterator[str]:
    """<time datetime> marked as the publication date, else the first <time> of the page."""
    first = None
    times = [el for el in found.tags["time"] if el.get("datetime") is not None]
    marked = found.itemprop("datePublished")
    # both kinds: the query gives them in document order
    elements = found.tree.xpath("//time[@datetime] | //*[@itemprop='datePublished']") if times and marked \
        else times or marked
    for el in elements[:20]:
        v = el.get("datetime") or el.get("content") or ""
        if not v.strip():
            continue
        if el.get("pubdate") is not None or (el.get("itemprop") or "").lower() == "datepublished" \
                or "publish" in (el.get("class") or "").lower():
            yield v
            return
        if first is None:
            first = v
    if first is not None:
        yield first


def _htmldate(tree: etree._Element, extensive: bool = True) -> str | None:
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - a dependency, but never fatal
        return None
    try:
        if extensive:  # the same search, its text patterns on a shorter page (see date_search)
            from .date_search import find_date_extensive

            found = find_date_extensive(tree, _max_date())
        else:
            found = find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d",
                              max_date=_max_date())
    except Exception:  # htmldate on hostile input: no date rather than no result
        return None
    return found or None


# -- normalisation -----------------------------------------------------------------------

def _max_date() -> str:
    return (_dt.date.today() + _dt.timedelta(days=2)).isoformat()


def normalize_date(value: Any, zone: str | None = None) -> str | None:
    """"2019-10-18T09:12:00+02:00" -> "2019-10-18T09:12"; None where it is not a date.

    A time given in UTC ("...T23:00Z", "+00:00") is moved to the page's `zone` ("cet" or "eet",
    see `_zone`) when known: a German page's "2021-11-04T23:00Z" is shown to its readers as
    5 November.
    """
    if not isinstance(value, str):
        return None
    v = value.strip()
    m = _ISO.search(v[:40]) or _COMPACT.match(v) or _SLASH.match(v)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        date = _dt.date(y, mo, d)
    except ValueError:
        return None
    if y < _MIN_YEAR or date > _dt.date.today() + _dt.timedelta(days=2):
        return None
    hh = mm = -1
    if m.lastindex and m.lastindex >= 5 and m.group(4):
        hh, mm = int(m.group(4)), int(m.group(5))
        if not (hh < 24 and mm < 60):
            hh = mm = -1
    if zone is not None and hh >= 0 and _UTC.match(v[m.end():m.end() + 16]):
        shifted = _dt.datetime(y, mo, d, hh, mm) + _dt.timedelta(hours=_ZONES[zone] + _summer(date))
        date, hh, mm = shifted.date(), shifted.hour, shifted.minute
    iso = date.isoformat()
    if hh >= 0 and (hh, mm) != (0, 0):
        iso += f"T{hh:02d}:{mm:02d}"
    return iso


# the time after the minutes says UTC: ":00Z", ":00.000Z", ":00+00:00", ":00+0000", " GMT"
_UTC = regex.compile(r"(?::\d{2}(?:\.\d{1,6})?)?\s?(?:Z|[+-]00:?00|GMT|UTC)\b", regex.I)
_ZONES = {"cet": 1, "eet": 2}
_ZONE_OF = {**dict.fromkeys("de fr it nl pl cs sk hu sl hr sr bs sv da nb nn no lb rm".split(), "cet"),
            **dict.fromkeys("fi el ro bg lt lv et".split(), "eet"),
            "es-es": "cet", "ca": "cet", "ca-es": "cet", "fr-fr": "cet", "de-de": "cet",
            "de-at": "cet", "de-ch": "cet", "fr-ch": "cet", "it-ch": "cet", "it-it": "cet"}
_NOT_EUROPE = frozenset("fr-ca de-us it-us nl-sr nl-aw".split())


def _zone(lang: str | None) -> str | None:
    """The European time zone of a page in this language ("de-AT" -> "cet"), else None."""
    if not lang:
        return None
    lang = lang.lower().replace("_", "-")
    if lang in _NOT_EUROPE:
        return None
    return _ZONE_OF.get(lang) or _ZONE_OF.get(lang.split("-")[0])


def _summer(date: _dt.date) -> int:
    """1 in European summer time (last Sunday of March to last Sunday of October), else 0."""
    def last_sunday(month: int) -> _dt.date:
        d = _dt.date(date.year, month, 31)
        return d - _dt.timedelta(days=(d.weekday() + 1) % 7)
    return 1 if last_sunday(3) <= date < last_sunday(10) else 0


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    if not isinstance(value, str):
        return None
    from ..normalize import clean_line

    if "&" in value and ";" in value:
        import html as _html

        value = _html.unescape(value)
    s = clean_line(value.replace("\n", " "))
    return s[:500] or None


def clean_author(name: str) -> str | None:
    """A person's name as a page declares it, or None for a URL, an e-mail, a long phrase."""
    s = _text(name)
    if not s:
        return None
    s = _BY.sub("", s).strip(" ,;|-–—·•")
    if not s or _URLISH.search(s) or "@" in s or "http" in s.lower():
        return None
    if len(s) > 60 or len(s.split()) > 6 or sum(c.isdigit() for c in s) > 2:
        return None
    if not any(c.isalpha() for c in s):
        return None
    return s


def _authors_from(values: Iterable[str]) -> list[str]:
    names: list[str] = []
    for v in values:
        if not isinstance(v, str):
            continue
        if "&" in v and ";" in v:
            import html as _html

            v = _html.unescape(v)
        v = v.strip()
        if not v or len(v) > 300:
            continue
        parts = _AUTHOR_SPLIT.split(v) if len(v) > 3 else [v]
        for p in parts:
            a = clean_author(p)
            if a and a not in names:
                names.append(a)
    return names[:10]


def _pick_authors(cands: dict[str, list[tuple[Any, str]]], blocks: Sequence[Block]) -> tuple[list[str], str] | None:
    """The declared author(s) that the page also shows to its readers, and is not the site.

    Pages declare authors for search engines that they never show (the publisher, a CMS
    account, "admin"); a name that appears in one of the page's shorter blocks (a byline,
    an author box) is the one readers see. When blocks are not given, the first declared.
    """
    values = cands.get("authors") or []
    if not blocks:
        return values[0] if values else None
    if not values:
        return None
    site = site_words(cands)
    shown = " " + " ".join(_norm(b.text) for b in blocks if len(b.text) <= 400 or "author" in b.hints) + " "
    named_site = False
    for names, source in values:
        if named_site and source not in ("html:json-ld", "html:rel-author"):
            continue  # the author slots a CMS fills by default hold the site's name on this page
        keep = screen_authors(names, site)
        if keep is None:
            named_site = True
            continue
        keep = [name for name in keep if f" {_norm(name)} " in shown]
        if keep:
            return keep, source
    return None


# what the site calls itself: the words of its declared names, and its host's labels
SiteWords = tuple[frozenset[str], frozenset[str], tuple[str, ...]]
SITE_KEY = "_site_words"  # html_meta key: SiteWords, for screening the text-level bylines

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _key(s: str) -> str:
    """Letters and digits only, umlauts spelled out as hosts spell them: "Rütter" -> "ruetter"."""
    return regex.sub(r"[^\p{L}\p{N}]", "", s.casefold().translate(_TRANSLIT))


def site_words(cands: dict[str, list[tuple[Any, str]]]) -> SiteWords:
    """The site's names (og:site_name, publisher, WebSite), their words, and its host labels."""
    names: set[str] = set()
    words: set[str] = set()
    for v, _ in cands.get("site_name") or []:
        if isinstance(v, str):
            names.add(_norm(v))
            words.update(_key(w) for w in _norm(v).split())
    hosts: list[str] = []
    for v, _ in cands.get("url") or []:
        try:
            host = (urlsplit(v).hostname or "") if isinstance(v, str) else ""
        except ValueError:
            continue
        labels = host.removeprefix("www.").split(".")
        if len(labels) >= 2:
            hosts.append(_key(".".join(labels[:-1])))
    names.discard("")
    words.discard("")
    return frozenset(names), frozenset(words), tuple(dict.fromkeys(hosts))


def screen_page_authors(names: Sequence[str], html_meta: dict[str, object], url: str | None,
                        declared: bool) -> list[str]:
    """`screen_authors` with the page's own URL among the site's names (a page may declare no
    canonical URL): the final check of an HTML page's authors, declared or from a byline."""
    site = html_meta.get(SITE_KEY)
    sites, words, hosts = site if isinstance(site, tuple) else (frozenset(), frozenset(), ())
    if url:
        hosts = tuple(dict.fromkeys((*hosts, *site_words({"url": [(url, "url")]})[2])))
    return screen_authors(names, (sites, words, hosts), declared=declared) or []


# words no person's name holds, in a name of several words ("Going For Growth",
# "Departement für Wirtschaft"); name particles (von, de, van der) are not among them
FUNCTION_WORDS = frozenset("for of the and with in im am für und mit auf zum zur pour sur avec para con".split())
# a label left in front of a name ("编辑：", "Autor:"): the byline parser took too much
_LABEL_LEFT = regex.compile(r"[:：]")
# an all-capitals short word alone: a news agency or a party ("EFE", "AgE", "SPÖ"), not a person
_ACRONYM = regex.compile(r"^(?=(?:\P{Lu}*\p{Lu}){2})\p{L}{2,5}$")
_ORG_WORDS = regex.compile(
    r"\b(?:gmbh|e\.\s?v|ag|kg|inc|ltd|llc|plc|corp|media|verlag|online|news|zeitung|magazin|"
    r"magazine|team|staff|admin|administrator|press|presse|group|gruppe|editorial|"
    r"redacción|rédaction|agency|agencies|webmaster)\b", regex.I)


def screen_authors(names: Sequence[str], site: SiteWords, *, declared: bool = True) -> list[str] | None:
    """The names that can be persons; None when the value names the site or an organisation.

    A value is judged whole: "Kirche, Leben, Münster" (split from "Kirche und Leben Münster")
    or "Departement für Wirtschaft, Bildung, Forschung" is one organisation, and a page whose
    declared author is its publisher declares no person elsewhere either. `declared` values
    (JSON-LD, meta tags) also lose organisation words ("Redaktion", "GmbH"), which a visible
    byline may carry.
    """
    sites, words, hosts = site
    long_words = {_key(w) for name in names for w in _norm(name).split() if len(_key(w)) >= 4}
    if sum(1 for w in long_words if any(w in h for h in hosts)) >= 2:
        return None  # "Martin Rütter" on martinruetter.com, "CDU - Fraktion Erfurt" on cdu-fraktion-erfurt.de
    keep: list[str] = []
    for name in names:
        n = _norm(name)
        if not n or len(n) < 2 or _LABEL_LEFT.search(name):
            continue
        tokens = n.split()
        if _ACRONYM.match(name.strip()) or any(t.casefold() in FUNCTION_WORDS for t in name.split()[1:]):
            return None  # an agency ("EFE"), an organisation ("Going For Growth")
        if any(n == s or (len(n) >= 4 and (n in s or s in n)) for s in sites):
            return None  # the publisher, not a person
        own = [_key(t) for t in tokens if len(_key(t)) >= 4]
        if own and all(w in words for w in own):
            return None  # the publisher in other words: "DER SPIEGEL" of "SPIEGEL ONLINE"
        if declared and _ORG_WORDS.search(name):
            return None
        key = _key(n)
        if len(key) >= 5 and any(key in h for h in hosts) and (
                " " in name.strip() or regex.search(r"\p{Ll}\p{Lu}", name)):
            return None  # the site, named as its address spells it ("StarsInsider"; not a blogger's "Andrea")
        half = len(tokens) // 2
        if len(tokens) >= 4 and len(tokens) % 2 == 0 and tokens[:half] == tokens[half:]:
            name = " ".join(name.split()[:half])  # "Olivier Minot Olivier Minot": a name read twice
        keep.append(name)
    return keep


def _pick_title(cands: dict[str, list[tuple[Any, str]]], title_tag: str | None,
                blocks: Sequence[Block]) -> tuple[str, str] | None:
    """The headline: the page heading that the declared titles confirm, else the declared title.

    Declared titles (JSON-LD headline, og:title, <title>) often carry a section or the site
    name ("Klimaschutz: Bohren, bis es heiß wird | ZEIT ONLINE"); the visible heading that
    covers most of one of them (without its site part) is the article's own title.
    """
    declared = [v for v, _ in cands.get("title") or []]
    if title_tag:
        declared.append(title_tag)
    targets = [t for d in declared for t in (_norm(_strip_site(d)), _norm(d)) if t]
    best, best_score = None, 0.0
    for b in blocks[:400]:
        if b.kind != "heading" or len(b.text) > 300:
            continue
        n = _norm(b.text)
        if not n:
            continue
        for t in targets:
            if n in t:
                r = len(n) / len(t)
            elif t in n:
                r = 0.95 * len(t) / len(n)
            else:
                continue
            score = r + (0.05 if b.level == 1 else 0.0)
            if r >= 0.5 and score > best_score + 1e-9:
                best, best_score = b.text, score
    if best is not None:
        return best, "html:heading"
    if cands.get("title"):
        return cands["title"][0]
    if title_tag:
        return _strip_site(title_tag), "html:title"
    h1s = cands.get("h1") or []
    return h1s[0] if h1s else None


_NORM = regex.compile(r"[\W_]+")
# on ASCII text the stdlib engine finds the same runs, at a fraction of the cost
_NORM_ASCII = re.compile(r"[\W_]+")


def _norm(s: str) -> str:
    if s.isascii():
        return _NORM_ASCII.sub(" ", s).strip().lower()
    return _NORM.sub(" ", s).strip().casefold()


def _strip_site(title: str) -> str:
    """"Headline - Site Name" -> "Headline": the longest part of a <title>."""
    parts = _TITLE_SEP.split(title)
    return max(parts, key=len).strip() if len(parts) > 1 else title.strip()
