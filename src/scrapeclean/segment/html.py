"""HTML -> blocks: the same block model as the text path, enriched with what the markup says.

The page is parsed once with lxml (libxml2's HTML parser, recovering from broken markup) and
walked without Python recursion (`etree.iterwalk`). Every block-level element (p, div, li,
h1-h6, tr, blockquote, pre, ...) and every `<br>` closes the current block; inline elements
(a, em, span, ...) are joined into their block's text. Each block gets

- `kind`/`level` from its tag (heading with its level, list_item, table_row, quote, code),
- `link_density`, the share of its characters inside `<a>`,
- `hints`: words from the tags around it (nav, footer, aside, header, form, ...) and from
  their class/id/role attributes mapped to a small vocabulary (share, comment, related,
  cookie, sidebar, menu, breadcrumb, author, date, content, ...),
- `markup`: the block as markdown (links as [text](href), **strong**, *em*, `code`),
- `start`/`end`: the source line span, so `explain()` maps lines to verdicts.

script/style/noscript/template/svg/iframe/form controls are removed, and so are hidden
elements (`hidden`, `aria-hidden="true"`, inline `display:none`/`visibility:hidden`).
libxml2 stops at 256 levels of nesting: such a page is parsed again with its container tags
removed, so its text survives. The page's metadata (JSON-LD, OpenGraph, meta tags, <title>)
comes from `metadata.html` on the same tree.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import regex
from lxml import etree
from lxml import html as lxml_html

from ..document import Block, BlockKind
from ..normalize import _HAS_INVISIBLE, _INVISIBLE, clean_line

__all__ = ["segment_html", "parse_html", "class_hints", "TREE_KEY", "ELEMENTS_KEY", "ANCESTORS_KEY", "MAX_HELPER_ELEMENTS"]

# html_meta key under which the parsed tree is handed to later steps (html_region)
TREE_KEY = "_tree"
ELEMENTS_KEY = "_elements"
ANCESTORS_KEY = "_ancestors"  # per block: the preorder numbers of its enclosing elements
# trafilatura and htmldate on pages larger than this cost more time than they bring
MAX_HELPER_ELEMENTS = 60_000

# elements whose whole subtree is not page text
_REMOVE = frozenset(
    "script style noscript template svg math iframe frame frameset object embed applet canvas "
    "video audio source track map area select option optgroup datalist textarea input button "
    "head title meta link base dialog portal param picture".split())
_BLOCK = frozenset(
    "address article aside blockquote body center dd details dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p "
    "pre section summary table tbody thead tfoot tr ul caption noframes search".split())
_CELL = frozenset(("td", "th"))
_NO_ATTRS: dict[str, str] = {}
_NO_HINTS = frozenset(("html", "body", "br"))
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_STRUCT_HINTS = {"nav": "nav", "footer": "footer", "aside": "aside", "header": "header",
                 "form": "form", "article": "article", "main": "main", "figure": "figure",
                 "figcaption": "caption", "menu": "menu", "address": "address",
                 "table": "table", "label": "label", "summary": "summary", "details": "details"}
_ROLE_HINTS = {"navigation": "nav", "contentinfo": "footer", "banner": "header",
               "complementary": "aside", "main": "main", "article": "article", "menu": "menu",
               "menubar": "menu", "search": "search", "dialog": "dialog", "alert": "alert",
               "alertdialog": "dialog", "toolbar": "toolbar", "tablist": "menu"}
_EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*"}
# the kind (and heading level) a block element gives the blocks inside it
_BLOCK_CTX: dict[str, tuple[BlockKind, int]] = {
    **{h: ("heading", lvl) for h, lvl in _HEADINGS.items()},
    "li": ("list_item", 0), "dt": ("list_item", 0), "dd": ("list_item", 0), "tr": ("table_row", 0),
    "blockquote": ("quote", 0), "pre": ("code", 0)}
_NESTED = frozenset(("table", "ul", "ol", "dl"))  # back to paragraphs when nested in an item
# the hints of an element without attributes: its tag's only
_STRUCT_ONLY = {tag: (hint,) for tag, hint in _STRUCT_HINTS.items()}

# class/id words -> hint; a token matches a key exactly, or starts/ends with a key of 4+ letters
_CLASS_WORDS: dict[str, str] = {}
for _hint, _words in {
    "nav": "nav navbar navigation navi mainnav subnav topnav",
    "menu": "menu menus megamenu dropdown hamburger",
    "breadcrumb": "breadcrumb breadcrumbs crumbs crumb",
    "footer": "footer foot colophon",
    "header": "header masthead topbar",
    "sidebar": "sidebar side widget widgets rail aside sidecol",
    "share": "share sharing sharethis addthis shariff sharebar",
    "social": "social socials follow facebook twitter whatsapp pinterest linkedin",
    "comment": "comment comments disqus respond reply replies discussion forum",
    "related": "related recommended recommendation recommendations teaser teasers trending "
               "popular readmore readalso more mostread outbrain taboola promo",
    "cookie": "cookie cookies consent gdpr cmp",
    "newsletter": "newsletter subscribe subscription signup paywall register",
    "tags": "tags tag tagcloud keywords topics",
    "author": "author authors writer byline contributor",
    "date": "date time published timestamp dateline pubdate updated posted",
    "meta": "meta postmeta entrymeta info details",
    "ad": "ad ads advert adverts advertisement advertising banner sponsor sponsored dfp gpt",
    "pagination": "pagination pager paging pages nextprev",
    "caption": "caption credit credits figcaption",
    "hidden": "hidden hide invisible nodisplay sronly dnone",
    "skip": "skip skiplink",
    "login": "login signin account user profile",
    "search": "search searchform",
    "toolbar": "toolbar tools print",
    "legal": "copyright legal disclaimer imprint impressum",
    "content": "content article entry post story body text main prose blog maincontent "
               "articlebody postbody entrycontent storybody",
    "title": "title headline heading",
    "lead": "lead intro summary teaserText excerpt standfirst subtitle subheadline",
}.items():
    for _w in _words.split():
        _CLASS_WORDS[_w.lower()] = _hint
_CLASS_AFFIXES = sorted((w for w in _CLASS_WORDS if len(w) >= 4), key=len, reverse=True)
# stdlib re: these patterns are plain ASCII, and re runs them several times faster than regex
_AFFIX_START = re.compile("(?:" + "|".join(_CLASS_AFFIXES) + ")")
_AFFIX_END = re.compile("(?:" + "|".join(_CLASS_AFFIXES) + r")$")
_CLASS_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.I)
_WS = regex.compile(r"\s+")
_XML_DECL = regex.compile(r"^\s*<\?xml[^>]{0,500}\?>", regex.I)
_DEPTH_ERROR = "Excessive depth"
# tags removed before re-parsing a page nested deeper than libxml2 allows
_CONTAINERS = regex.compile(
    r"</?(?:div|span|section|article|font|center|table|tbody|thead|tfoot|tr|td|th|ul|ol|li|dl|dt|dd|"
    r"b|i|u|em|strong|small|big|a|blockquote|form|main|aside|nav|header|footer|figure|label|sub|sup|"
    r"[a-z][a-z0-9]*-[a-z0-9-]*)\b[^<>]{0,2000}>", regex.I)
_ANY_TAG = regex.compile(r"<[^<>]{0,2000}>")


def parse_html(text: str) -> lxml_html.HtmlElement:
    """Parse HTML text into an lxml tree (broken markup recovered, nesting depth guarded)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    data = _XML_DECL.sub("", text, count=1).encode("utf-8", "replace")
    root, deep = _parse(data)
    if deep:
        # libxml2 gives up below 256 levels and drops the rest of the page: flatten and retry
        flat = _CONTAINERS.sub(" ", text)
        root, deep = _parse(flat.encode("utf-8", "replace"))
        if deep:
            root, _ = _parse(("<html><body><pre>" + _ANY_TAG.sub(" ", flat)[:len(flat)]
                              .replace("&", "&amp;").replace("<", "&lt;") + "</pre></body></html>")
                             .encode("utf-8", "replace"))
    return root


def _parse(data: bytes) -> tuple[lxml_html.HtmlElement, bool]:
    parser = lxml_html.HTMLParser(encoding="utf-8", recover=True, huge_tree=False,
                                  remove_comments=False, remove_pis=True, no_network=True,
                                  remove_blank_text=False)
    # every element an HtmlElement (what trafilatura and htmldate expect), chosen in C: lxml.html's
    # default lookup calls back into Python for each element touched
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity))
    try:
        root = etree.fromstring(data, parser) if data.strip() else None
    except etree.XMLSyntaxError:
        root = None
    deep = any(_DEPTH_ERROR in e.message for e in parser.error_log)
    if root is None or not isinstance(root, lxml_html.HtmlElement):
        root = lxml_html.fromstring("<html><body></body></html>")
    return root, deep


@lru_cache(maxsize=8192)
def class_hints(value: str) -> tuple[str, ...]:
    """Hint words of a class/id attribute value: "post-share-buttons" -> ("content", "share")."""
    out: set[str] = set()
    for tok in _CLASS_SPLIT.split(_CAMEL.sub("-", value).lower()):
        if tok and not tok.isdigit() and len(tok) <= 40:
            hint = _token_hint(tok)
            if hint is not None:
                out.add(hint)
    return tuple(sorted(out))


@lru_cache(maxsize=16384)
def _token_hint(tok: str) -> str | None:
    hint = _CLASS_WORDS.get(tok)
    if hint is None and len(tok) >= 4:
        m = _AFFIX_START.match(tok) or _AFFIX_END.search(tok)
        if m is not None:
            hint = _CLASS_WORDS[m.group(0)]
    return hint


def _element_hints(attrs: dict[str, str], tag: str) -> tuple[str, ...]:
    cls, eid, role, prop, rel = (attrs.get("class"), attrs.get("id"), attrs.get("role"),
                                 attrs.get("itemprop"), attrs.get("rel"))
    if not (cls or eid or role or prop or rel):
        s = _STRUCT_HINTS.get(tag)
        return (s,) if s else ()
    return _attr_hints(tag, cls, eid, role, prop, rel)


@lru_cache(maxsize=16384)
def _attr_hints(tag: str, cls: str | None, eid: str | None, role: str | None, prop: str | None,
                rel: str | None) -> tuple[str, ...]:
    s = _STRUCT_HINTS.get(tag)
    hints: list[str] = [s] if s else []
    if cls:
        hints.extend(class_hints(cls[:300]))
    if eid:
        hints.extend(class_hints(eid[:300]))
    if role:
        r = _ROLE_HINTS.get(role.strip().lower())
        if r:
            hints.append(r)
    if prop:
        p = prop.lower()
        if "articlebody" in p or p == "text" or p == "reviewbody":
            hints.append("articlebody")
        elif "author" in p:
            hints.append("author")
        elif "date" in p:
            hints.append("date")
        elif p in ("headline", "name"):
            hints.append("title")
    if rel and "author" in rel.lower():
        hints.append("author")
    return tuple(hints)


def _hidden(attrs: dict[str, str]) -> bool:
    if "hidden" in attrs:
        return True
    aria = attrs.get("aria-hidden")
    if aria is not None and aria.strip().lower() == "true":
        return True
    style = attrs.get("style")
    return bool(style and ("none" in style or "hidden" in style) and _HIDDEN_STYLE.search(style))


class _Buffer:
    """The block being collected: text pieces, their markdown, link characters."""

    __slots__ = ("text", "md", "link_chars", "chars", "start", "end", "hints", "kind", "level",
                 "cells", "pre", "marks", "has_text", "inline_hints")

    def __init__(self) -> None:
        self.text: list[str] = []
        self.md: list[str] = []
        self.marks: list[tuple[str, int]] = []  # open inline marks: kind, index in md
        self.inline_hints: list[tuple[tuple[str, ...], int]] = []
        self.reset(0, (), "paragraph", 0, False)

    def reset(self, line: int, hints: tuple[str, ...], kind: BlockKind, level: int, pre: bool) -> None:
        self.text.clear()
        self.md.clear()
        self.marks.clear()
        self.inline_hints.clear()
        self.link_chars = 0
        self.chars = 0
        self.start = line
        self.end = line + 1
        self.hints = hints
        self.kind: BlockKind = kind
        self.level = level
        self.cells = 0
        self.pre = pre
        self.has_text = False


def segment_html(text: str) -> tuple[list[Block], list[str], dict[str, object]]:
    """Split an HTML page into blocks; also return its source lines and its metadata.

    The metadata dict maps a field to `(value, source)` (see `metadata.html`), plus
    "title_tag" (the <title> text) and the parsed tree under `TREE_KEY` for the region step.
    """
    from ..metadata.html import extract_html_meta

    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in text.split("\n")]
    root = parse_html(text)
    ancestors: list[tuple[int, ...]] = []
    counted: list[int] = []
    blocks = list(_walk(root, len(lines), ancestors, counted))
    n_elements = counted[0] if counted else 0
    # htmldate's extensive search scans the whole page text: affordable on ordinary pages only
    date_search = "off" if n_elements > MAX_HELPER_ELEMENTS else (
        "extensive" if n_elements <= 20_000 and len(text) <= 2_000_000 else "fast")
    html_meta: dict[str, object] = extract_html_meta(root, blocks, date_search=date_search)
    html_meta[TREE_KEY] = root
    html_meta[ELEMENTS_KEY] = n_elements
    html_meta[ANCESTORS_KEY] = ancestors
    return blocks, lines, html_meta


# a frame per open element: (pushed hints, pushed kind context, is pre, inline mark, is link,
# text length at open, hints of an inline element)
_Frame = tuple[bool, bool, bool, "tuple[str, int] | None", bool, int, tuple[str, ...]]


def _walk(root: etree._Element, n_lines: int, ancestors: list[tuple[int, ...]],
          counted: list[int]) -> Iterator[Block]:
    """Blocks of the tree in document order (one pass, no recursion).

    `ancestors` receives, for each block, the preorder numbers of the elements around it, and
    `counted` the number of elements walked (removed subtrees not included).
    """
    buf = _Buffer()
    hint_stack: list[tuple[str, ...]] = []
    ctx_kind: list[tuple[BlockKind, int]] = [("paragraph", 0)]
    frames: list[_Frame] = []
    pre_depth = 0
    link_depth = 0
    pos = 0  # current 0-based source line
    index = 0
    counter = 0
    open_ids: list[int] = []  # preorder numbers of the open (kept) elements

    def add_text(s: str) -> None:
        nonlocal pos
        if not pre_depth and s.isspace():  # most text nodes: the whitespace between tags
            buf.text.append(" ")
            buf.md.append(" ")
            if "\n" in s:
                pos += s.count("\n")
            return
        stripped = s.strip()
        if stripped and not buf.has_text:
            buf.start = pos + s[: len(s) - len(s.lstrip())].count("\n")
            buf.has_text = True
        piece = s if pre_depth else (s.replace("\n", " ") if stripped else " ")
        buf.text.append(piece)
        buf.md.append(piece if pre_depth else _md_escape(piece))
        n = len(stripped)
        buf.chars += n
        if link_depth:
            buf.link_chars += n
        pos += s.count("\n")
        if stripped:
            buf.end = pos + 1 - s[len(s.rstrip()):].count("\n")

    def flush() -> Block | None:
        nonlocal index
        if not buf.has_text:
            return None
        buf.has_text = False
        raw = "".join(buf.text)
        if buf.pre:
            body = "\n".join(clean_line(x) for x in raw.strip("\n").split("\n")).strip()
        else:  # clean_line without its regex: the text holds no newlines here
            body = raw
            if not raw.isascii():  # (the invisible characters are all non-ASCII)
                if _HAS_INVISIBLE.search(raw) is not None:
                    body = raw.translate(_INVISIBLE)
                body = unicodedata.normalize("NFC", body)
            body = " ".join(body.split())
        if body:
            kind: BlockKind = buf.kind
            if kind == "table_row" and buf.cells < 1:
                kind = "paragraph"
            hints = buf.hints
            if buf.inline_hints:
                extra = [h for hs, n in buf.inline_hints if n >= 0.6 * buf.chars for h in hs]
                if extra:
                    hints = tuple(dict.fromkeys((*hints, *extra)))
            md = _markup(kind, buf.level, "".join(buf.md), buf.pre)
            density = min(1.0, buf.link_chars / (buf.chars or 1))
            start = min(max(buf.start, 0), max(n_lines - 1, 0))
            end = min(max(buf.end, start + 1), max(n_lines, start + 1))
            ancestors.append(tuple(open_ids))
            index += 1
            return Block(index=index - 1, text=body, kind=kind, start=start, end=end, level=buf.level,
                         link_density=round(density, 4), markup=md, hints=hints)
        return None

    def begin() -> None:
        k, lvl = ctx_kind[-1]
        hints = hint_stack[-1] if hint_stack else ()
        if buf.text or buf.md or buf.marks or buf.inline_hints:
            buf.reset(pos, hints, k, lvl, pre_depth > 0)
        else:  # nothing collected since the last block: only the context changes
            buf.start, buf.end, buf.hints, buf.kind, buf.level = pos, pos + 1, hints, k, lvl
            buf.pre, buf.cells, buf.link_chars, buf.chars, buf.has_text = pre_depth > 0, 0, 0, 0, False

    def push_hints(hs: tuple[str, ...]) -> None:
        """The stack holds the hints of all open block elements, accumulated."""
        top = hint_stack[-1] if hint_stack else ()
        if hs:
            new = tuple(h for h in dict.fromkeys(hs) if h not in top)
            hint_stack.append(top + new if new else top)
        else:
            hint_stack.append(top)

    walker = etree.iterwalk(root, events=("start", "end"))
    skipped: set[int] = set()
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):  # comments, processing instructions, entities
            if event == "start":
                walker.skip_subtree()
                if el.text:
                    pos += el.text.count("\n")
            elif el.tail:
                add_text(el.tail)
            continue
        if not tag.islower():
            tag = tag.lower()
        if event == "start":
            line = el.sourceline
            if line is not None and (line - 1 > pos or line < 65535):  # libxml2 caps at 65535
                pos = line - 1
            items = el.items()
            if items:
                attrs: dict[str, str] = dict(items)
                removed = tag in _REMOVE or _hidden(attrs)
            else:
                attrs = _NO_ATTRS
                removed = tag in _REMOVE
            if removed:
                walker.skip_subtree()
                skipped.add(id(el))
                if el.text and tag in ("script", "style", "textarea"):
                    pos += el.text.count("\n")
                continue
            if not items:
                hs = _STRUCT_ONLY.get(tag, ())
            else:
                hs = _element_hints(attrs, tag) if tag not in _NO_HINTS else ()
            is_block = tag in _BLOCK or tag == "br"
            if is_block and buf.has_text and (block := flush()) is not None:
                yield block
            counter += 1
            open_ids.append(counter)
            if is_block:
                ctx = _BLOCK_CTX.get(tag)
                if ctx is None and tag in _NESTED and ctx_kind[-1][0] != "paragraph":
                    ctx = ("paragraph", 0)  # a list or table nested in an item
                pushed_ctx = ctx is not None
                if pushed_ctx:
                    ctx_kind.append(ctx)
                    if tag == "pre":
                        pre_depth += 1
                push_hints(hs)
                frames.append((True, pushed_ctx, tag == "pre", None, False, 0, ()))
                begin()
            elif tag in _CELL:
                push_hints(hs)
                frames.append((True, False, False, None, False, 0, ()))
                if buf.kind == "table_row" and buf.has_text:
                    buf.text.append(" ")
                    buf.md.append(" | ")
                    buf.cells += 1
            else:  # inline
                mark: tuple[str, int] | None = None
                if tag == "a":
                    href = (attrs.get("href") or "").strip()
                    if href and not href.startswith(("#", "javascript:")) and len(href) < 2000:
                        mark = ("](" + href.replace(" ", "%20").replace(")", "%29") + ")", len(buf.md))
                    link_depth += 1
                elif tag in _EMPHASIS and not pre_depth:
                    mark = (_EMPHASIS[tag], len(buf.md))
                elif tag == "code" and not pre_depth:
                    mark = ("`", len(buf.md))
                if mark is not None:
                    buf.marks.append(mark)
                frames.append((False, False, False, mark, tag == "a", buf.chars, hs))
            text = el.text
            if text:
                if pre_depth or not text.isspace():
                    add_text(text)
                else:  # add_text's whitespace path, inline: most text nodes are the space between tags
                    buf.text.append(" ")
                    buf.md.append(" ")
                    pos += text.count("\n")
            continue
        # end event
        if id(el) in skipped:
            skipped.discard(id(el))
            if el.tail:
                add_text(el.tail)
            continue
        pushed_hints, pushed_ctx, was_pre, mark, was_link, chars_at, inline_hs = frames.pop()
        if tag in _BLOCK or tag == "br":
            if buf.has_text and (block := flush()) is not None:
                yield block
            open_ids.pop()
            hint_stack.pop()
            if pushed_ctx:
                ctx_kind.pop()
            if was_pre:
                pre_depth -= 1
            begin()
        elif pushed_hints:  # a table cell
            open_ids.pop()
            hint_stack.pop()
        else:
            open_ids.pop()
            if mark is not None and buf.marks and buf.marks[-1] is mark:
                _close_mark(buf)
            if was_link:
                link_depth -= 1
            if inline_hs and buf.chars > chars_at:
                buf.inline_hints.append((inline_hs, buf.chars - chars_at))
        tail = el.tail
        if tail:
            if pre_depth or not tail.isspace():
                add_text(tail)
            else:  # as above
                buf.text.append(" ")
                buf.md.append(" ")
                pos += tail.count("\n")
    if buf.has_text and (block := flush()) is not None:
        yield block
    counted.append(counter)


def _close_mark(buf: _Buffer) -> None:
    """Wrap the markdown written since the matching open mark: [text](href), **text**, `text`."""
    close, at = buf.marks.pop()
    inner = "".join(buf.md[at:])
    del buf.md[at:]
    core = inner.strip()
    if not core:
        buf.md.append(inner)
        return
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()):]
    if close.startswith("]("):
        if "](" in core:  # a link inside a link: keep the inner one
            buf.md.append(inner)
            return
        buf.md.append(f"{lead}[{core}{close}{trail}")
    elif close == "`":
        buf.md.append(f"{lead}`{core.replace('`', '')}`{trail}")
    elif core.startswith(close) or core.endswith(close):
        buf.md.append(inner)
    else:
        buf.md.append(f"{lead}{close}{core}{close}{trail}")


_MD_SPECIAL = regex.compile(r"([\\`*_\[\]])")


def _md_escape(s: str) -> str:
    if "*" in s or "_" in s or "[" in s or "]" in s or "`" in s or "\\" in s:
        return _MD_SPECIAL.sub(r"\\\1", s)
    return s


def _markup(kind: BlockKind, level: int, md: str, pre: bool) -> str:
    if pre:
        body = md.strip("\n")
        return "```\n" + body + "\n```"
    body = " ".join(md.split())
    if kind == "heading":
        return "#" * max(1, min(level or 2, 6)) + " " + body
    if kind == "list_item":
        return "- " + body
    if kind == "quote":
        return "> " + body
    if kind == "table_row":
        return "| " + body + " |"
    return body
