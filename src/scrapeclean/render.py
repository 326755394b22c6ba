"""Turn a processed Document into a CleanResult: text, markdown, metadata, removals."""
from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from .document import Block, Document
from .result import CleanResult, Metadata, Removal

# metadata fields and the Document.found keys they are read from, in order of preference
_FIELDS = ("title", "authors", "published", "site_name", "section", "views", "copyright")


def assemble_result(doc: Document) -> CleanResult:
    kept = doc.alive()
    removed = [
        Removal(text=b.text, filter=doc.dropped[b.index][0], reason=doc.dropped[b.index][1],
                span=(b.start, b.end), evidence=doc.dropped[b.index][2], block=b.index)
        for b in doc.blocks if b.index in doc.dropped
    ]
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


def build_metadata(doc: Document) -> Metadata:
    """Metadata from the text-level finds, where HTML gave none (HTML's are declared by the page)."""
    meta = Metadata(language=doc.language, url=doc.url)
    if doc.language:
        meta.sources["language"] = "text:stopwords"
    for key in (*_FIELDS, "url"):
        declared = doc.html_meta.get(key)
        value0 = declared[0] if isinstance(declared, tuple) else None
        if key == "authors" and isinstance(declared, tuple) and isinstance(value0, list) and value0:
            from .metadata.html import screen_page_authors

            names = screen_page_authors([str(n) for n in value0], doc.html_meta, doc.url, declared=True)  # the site's address too
            declared = (names, declared[1]) if names else None
        if isinstance(declared, tuple) and declared[0] not in (None, "", []):
            setattr(meta, key, declared[0])
            meta.sources[key] = declared[1]
            continue
        found = doc.first(key)
        if found is None or found.value in (None, "", []):
            continue
        value = found.value
        if doc.kind == "html" and key == "authors":
            if found.source == "text:name_below_headline":
                continue  # HTML pages declare their authors; a bare name under the title was mostly not one
            from .metadata.html import screen_page_authors

            names = [str(n) for n in value] if isinstance(value, list) else [str(value)]
            value = screen_page_authors(names, doc.html_meta, doc.url, declared=False)  # not the site, not an agency
            if not value:
                continue
        setattr(meta, key, value)
        meta.sources[key] = found.source
    if meta.site_name is None and doc.url:
        host = urlsplit(doc.url).hostname
        if host:
            meta.site_name = host.removeprefix("www.")
            meta.sources["site_name"] = "url"
    return meta
