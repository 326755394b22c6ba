"""Turn a processed Document into a CleanResult: text, markdown, metadata, removals."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from .document import Block, Document, Found
from .metadata.authors import NAME_PARTICLES, is_name, parse_byline
from .normalize import ascii_spellings
from .result import CleanResult, Metadata, Removals

# metadata fields and the Document.found keys they are read from, in order of preference
_FIELDS = ("title", "authors", "published", "site_name", "section", "views", "copyright")


def assemble_result(doc: Document) -> CleanResult:
    kept = doc.alive()
    removed = doc.removals if doc.removals is not None else Removals()
    for b in doc.blocks:
        verdict = doc.dropped.get(b.index)
        if verdict is not None:
            removed.add(b.text, verdict[0], verdict[1], b.start, b.end, verdict[2], b.index)
    return CleanResult(text=doc.text if doc.text is not None else render_text(kept), metadata=build_metadata(doc), removed=removed,
                       kept=kept, kind=doc.kind)


def layout(blocks: list[Block]) -> Iterator[str]:
    """The pieces of render_text(blocks) in order: block texts and the separators between."""
    prev: Block | None = None
    for b in blocks:
        if prev is not None:
            same_run = b.kind == prev.kind and b.kind in ("list_item", "table_row")
            yield "\n" if same_run else "\n\n"
        yield b.text
        prev = b


def render_text(blocks: list[Block]) -> str:
    """Paragraphs separated by a blank line; runs of list items or table rows one per line."""
    return "".join(layout(blocks))


def renders_as(blocks: list[Block], text: str) -> bool:
    """render_text(blocks) == text, without building the rendering (a page-sized string)."""
    pos = 0
    for piece in layout(blocks):
        if not text.startswith(piece, pos):
            return False
        pos += len(piece)
    return pos == len(text)


def render_markdown(blocks: list[Block], *, use_markup: bool = False) -> str:
    """Markdown of the kept blocks: headings, lists, quotes and tables marked up.

    With `use_markup` (HTML input) each block's own markdown (`Block.markup`: links, emphasis,
    code, table cells) is used, and a table's first row gets the header separator.
    """
    out: list[str] = []
    prev: Block | None = None
    for b in blocks:
        same_run = prev is not None and b.kind == prev.kind and b.kind in ("list_item", "table_row")
        if prev is not None:
            out.append("\n" if same_run else "\n\n")
        if use_markup and b.markup:
            out.append(b.markup)
            if b.kind == "table_row" and not same_run:
                out.append("\n|" + " --- |" * (b.markup.count(" | ") + 1))
        elif b.kind == "heading":
            out.append("#" * max(1, min(b.level or 2, 6)) + " " + b.text)
        elif b.kind == "list_item":
            out.append(b.text if b.text[:1] in "-*•" or b.text[:1].isdigit() else "- " + b.text)
        elif b.kind == "quote":
            out.append("> " + b.text)
        else:
            out.append(b.text)
        prev = b
    return "".join(out)


# blocks above the article's first block (or headline) and below its last where its byline or
# author box sits: the window headline.py searches for text bylines
_ABOVE, _BELOW = 8, 6


def _shown_near_article(names: list[str], doc: Document) -> bool:
    """True when a declared author is shown by a block near the article. A name the page shows
    only far from it (the footer's copyright holder, a "Theme by" credit, a sidebar link) is
    the site's owner or designer, not this article's author."""
    from .metadata.html import _norm

    kept = [b.index for b in doc.blocks if b.index not in doc.dropped]
    if not kept:
        return True
    title = doc.first("title")
    first = kept[0] if title is None or title.block is None else min(kept[0], title.block)
    lo, hi = first - _ABOVE, kept[-1] + _BELOW
    wanted = [f" {_norm(n)} " for n in names]
    return any(w in f" {_norm(b.text)} " for b in doc.blocks[max(0, lo):hi + 1]
               if len(b.text) <= 400 or "author" in b.hints for w in wanted)


_WORD = re.compile(r"\w+")


def _phrase(value: object, doc: Document) -> bool:
    """True when a bare name (no "By" label) has a word the article writes in lower case:
    "Match Settings", "Open Future", "Einfaches Muffin Grundrezept" are phrases, not persons."""
    names = value if isinstance(value, list) else [value]
    tokens = [t for n in names for t in str(n).split() if t.lower() not in NAME_PARTICLES and not t.islower()]
    if not tokens:
        return False
    # the name itself written in lower case ("Video: watson/oliver baroni") is still a name
    written = [str(n).lower() for n in names]
    lower: set[str] = set()
    for b in doc.alive():
        text = b.text
        for name in written:
            text = text.replace(name, " ")
        lower.update(w for w in _WORD.findall(text) if w.islower())
    return any(t.lower() in lower for t in tokens)


def _category_line(value: object, found_block: int | None, doc: Document) -> bool:
    """True for a "Name <date>" line (no label) one of whose words is a block of its own
    elsewhere on the page, a menu entry or a tag: "Ehrenamt Jugendverbände 23.01.2020" is the
    article's categories and date, not a byline."""
    if not isinstance(value, list) or not value or found_block is None or found_block >= len(doc.blocks):
        return False
    name = str(value[0])
    if not doc.blocks[found_block].text.lstrip().startswith(name):
        return False  # a labelled byline ("By ...", "Posted on <date> by ...")
    words = {t.casefold() for t in name.split() if len(t) > 2 and t.lower() not in NAME_PARTICLES}
    return any(b.text.strip().casefold() in words for b in doc.blocks
               if b.index != found_block and len(b.text) <= 40)


def _teaser_author(names: list[str], doc: Document) -> bool:
    """True when the page shows the bylines of three or more people (a list of other articles)
    and names this author only below the article: one of those articles' authors."""
    from .metadata.html import _norm

    kept = doc.alive()
    if not kept:
        return False
    people: set[str] = set()
    for b in doc.blocks:
        if doc.dropped.get(b.index, ("", ""))[1] == "byline":
            people.update(doc.per_text("parse_byline", b.text, parse_byline) or ())
    if len(people) < 3:
        return False
    wanted = [f" {_norm(n)} " for n in names]
    for b in doc.blocks:  # in page order: the first block that names them
        text = f" {_norm(b.text)} "
        if any(w in text for w in wanted):
            return b.index > kept[-1].index
    return False


def _local_day(declared: object, shown: Found | None) -> bool:
    """True when the page's text shows a date and time less than a day from the declared one
    but on another day: one of them is in another time zone, mostly a declared UTC stamp
    ("2022-05-04T00:53" for an evening article of 3 May in Buenos Aires), and the text is
    what its readers see. Times only: a bare date a day off is as often a later edit."""
    if shown is None or shown.source != "text:date" or not isinstance(declared, str) \
            or not isinstance(shown.value, str):
        return False
    try:
        a, b = datetime.fromisoformat(declared), datetime.fromisoformat(shown.value)
    except ValueError:
        return False
    return "T" in declared and "T" in shown.value and a.date() != b.date() \
        and abs(a - b) < timedelta(days=1)


# a date in an address's path: ".../2019/12/30/slug", ".../2019-12-30-slug"
_URL_DATE = re.compile(r"/((?:19|20)\d\d)([/-])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?=[/\-_.]|$)")


def url_date(url: str | None) -> str | None:
    """The publication day a page's address gives (blogs and news sites file articles by day),
    for a page whose text shows none."""
    if not url:
        return None
    m = _URL_DATE.search(urlsplit(url).path[:2000])
    if m is None:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(3)), int(m.group(4))).date().isoformat()
    except ValueError:  # 2019/02/30
        return None


def _fuller_name(declared: list[str], found: Found | None) -> tuple[list[str], str] | None:
    """The page's byline when it writes out the one first name the page declares: JSON-LD
    "Todd", the byline "Todd Bates" (a CMS account's display name is often the first name)."""
    if len(declared) != 1 or " " in declared[0].strip() or found is None or not isinstance(found.value, list) \
            or len(found.value) != 1 or not isinstance(found.value[0], str):
        return None
    from .metadata.html import FUNCTION_WORDS

    tokens = found.value[0].split()
    if 2 <= len(tokens) <= 4 and tokens[0].casefold() == declared[0].strip().casefold() \
            and is_name(found.value[0]) and not any(t.casefold() in FUNCTION_WORDS for t in tokens):
        return [found.value[0]], found.source  # (not "Henry In Aktuell": "von Henry in Aktuell")
    return None


def build_metadata(doc: Document) -> Metadata:
    """Metadata from the text-level finds, where HTML gave none (HTML's are declared by the page)."""
    meta = Metadata(language=doc.language, url=doc.url)
    if doc.language:
        meta.sources["language"] = "text:stopwords"
    host = page_host(doc.url) if doc.url else ""
    for key in (*_FIELDS, "url"):
        declared = doc.html_meta.get(key)
        value0 = declared[0] if isinstance(declared, tuple) else None
        if key == "authors" and isinstance(declared, tuple) and isinstance(value0, list) and value0:
            from .metadata.html import screen_page_authors

            names = screen_page_authors([str(n) for n in value0], doc.html_meta, doc.url, declared=True)  # the site's address too
            declared = (names, declared[1]) if names and _shown_near_article(names, doc) \
                and not _teaser_author(names, doc) else None
            fuller = _fuller_name(declared[0], doc.first(key)) if declared is not None else None
            if fuller is not None:
                declared = fuller
        if key == "published" and isinstance(declared, tuple) and _local_day(declared[0], doc.first(key)):
            declared = None  # the text's date and time: the day the page shows its readers
        if isinstance(declared, tuple) and declared[0] not in (None, "", []):
            setattr(meta, key, declared[0])
            meta.sources[key] = declared[1]
            continue
        found = doc.first(key)
        if key == "published" and (found is None or found.value in (None, "", [])):
            if doc.html_meta:
                from .metadata.html import late_date

                late = late_date(doc.html_meta)  # htmldate's extensive search: only where the text has no date
                if late is not None:
                    meta.published, meta.sources[key] = late
                    continue
            day = url_date(doc.url)
            if day is not None:
                meta.published, meta.sources[key] = day, "url"
            continue
        if found is None or found.value in (None, "", []):
            continue
        value = found.value
        if key == "site_name" and doc.url and not _names_host(str(value), host):
            continue  # a publisher's company or a stray name ("Gannett" on usatoday.com): the host below
        if key == "authors":
            if found.source == "text:name_below_headline" and (doc.kind == "html" or _phrase(found.value, doc)):
                continue  # HTML pages declare their authors; a bare name under the title was mostly not one
            if found.source == "text:byline" and _category_line(found.value, found.block, doc):
                continue
            if isinstance(value, list) and _teaser_author([str(n) for n in value], doc):
                continue
            from .metadata.html import screen_page_authors

            names = [str(n) for n in value] if isinstance(value, list) else [str(value)]
            value = screen_page_authors(names, doc.html_meta, doc.url, declared=False)  # not the site, not an agency
            if not value:
                continue
        setattr(meta, key, value)
        meta.sources[key] = found.source
    if meta.site_name is None and host:
        meta.site_name = host
        meta.sources["site_name"] = "url"
    return meta


# an address inside an address: a web archive's or a proxy's copy names the page it copies
_INNER_URL = re.compile(r"/(https?://[^/\s]{1,253})", re.IGNORECASE)


def page_host(url: str) -> str:
    """The host of the page an address shows, without "www.": "swap-stop.org" for
    "https://web.archive.org/web/2019/http://www.swap-stop.org/a"."""
    try:
        parts = urlsplit(url)
        inner = _INNER_URL.search(parts.path[:2000])
        host = urlsplit(inner.group(1)).hostname if inner else parts.hostname
    except ValueError:  # "http://[::1" and other broken addresses
        return ""
    return (host or "").removeprefix("www.")


def _names_host(name: str, host: str) -> bool:
    """True when a copyright holder names the site at `host`: one of its words (4+ letters, accents
    folded or spelt out) is in the host's name, the host's name is in it, or its initials start it
    ("MEEDIA GmbH" for meedia.de, "Liberté!" for liberte.pl, "Übermedien" for uebermedien.de,
    "Deutscher Turner-Bund e.V." for dtb.de)."""
    label = host.rsplit(".", 1)[0].casefold() if host else ""
    if not label:
        return True  # nothing to compare with: keep the holder
    for form in ascii_spellings(name.casefold()):
        words = _WORD.findall(form)
        squeezed = "".join(words)
        if any(len(w) >= 4 and w in label for w in words) or (len(label) >= 4 and label.replace("-", "") in squeezed):
            return True
        initials = "".join(w[0] for w in words if len(w) > 1)
        if len(initials) >= 3 and label.startswith(initials):
            return True
    return False
