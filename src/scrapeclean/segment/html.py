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
    decl = _XML_DECL.match(text)  # (anchored: a search would try every position of the page)
    data = (text[decl.end():] if decl is not None else text).encode("utf-8", "replace")
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
    # name by name: a value is often unique to its page ("post-1234 entry has-thumb"), its
    # class names are shared by the pages of a site, or of a CMS; most names hint nothing
    out: tuple[str, ...] = ()
    merged = False
    for name in value.split():
        hints = _name_hints(name)
        if hints:
            if out:
                out += hints
                merged = True
            else:
                out = hints
    return tuple(sorted(set(out))) if merged else out


@lru_cache(maxsize=16384)
def _name_hints(name: str) -> tuple[str, ...]:
    """class_hints of one class name (no whitespace), sorted."""
    low = name.lower()
    if low != name:  # capitals: split camelCase first
        low = _CAMEL.sub("-", name).lower()
    if low.isalnum() and low.isascii():  # one token
        hint = _token_hint(low) if len(low) <= 40 and not low.isdigit() else None
        return (hint,) if hint is not None else ()
    out: set[str] = set()
    for tok in _CLASS_SPLIT.split(low):
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


# what a tag does in the walk: closes the block (block elements and <br>), separates table cells,
# or (any other tag) is inline
_BLOCK_ROLE, _CELL_ROLE = 1, 2
_TAG_ROLE = {**dict.fromkeys(_BLOCK, _BLOCK_ROLE), "br": _BLOCK_ROLE,
             **dict.fromkeys(_CELL, _CELL_ROLE)}
_MARKS = {**_EMPHASIS, "code": "`"}  # the inline marks besides links


def segment_html(text: str) -> tuple[list[Block], list[str], dict[str, object]]:
    """Split an HTML page into blocks; also return its source lines and its metadata.

    The metadata dict maps a field to `(value, source)` (see `metadata.html`), plus
    "title_tag" (the <title> text) and the parsed tree under `TREE_KEY` for the region step.
    """
    from ..metadata.html import candidates, extract_html_meta

    lines = text.split("\n")
    if "\r" in text:
        lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    root = parse_html(text)
    # the declared metadata first, while the new tree is still in the CPU's caches: read after
    # the walk, the same passes over it cost about a third more (~0.5 ms/page on the dev HTML)
    cands = candidates(root)
    ancestors: list[tuple[int, ...]] = []
    counted: list[int] = []
    blocks = list(_walk(root, len(lines), ancestors, counted))
    n_elements = counted[0] if counted else 0
    # htmldate's extensive search scans the whole page text: affordable on ordinary pages only
    date_search = "off" if n_elements > MAX_HELPER_ELEMENTS else (
        "extensive" if n_elements <= 20_000 and len(text) <= 2_000_000 else "fast")
    html_meta: dict[str, object] = extract_html_meta(root, blocks, date_search=date_search, cands=cands)
    html_meta[TREE_KEY] = root
    html_meta[ELEMENTS_KEY] = n_elements
    html_meta[ANCESTORS_KEY] = ancestors
    return blocks, lines, html_meta


def _walk(root: etree._Element, n_lines: int, ancestors: list[tuple[int, ...]],
          counted: list[int]) -> Iterator[Block]:
    """Blocks of the tree in document order (one pass, no recursion).

    `ancestors` receives, for each block, the preorder numbers of the elements around it, and
    `counted` the number of elements walked (removed subtrees not included). It runs for every
    element of every page, so the block being collected is held in local variables, and the
    code paths of the common elements call no functions of their own.
    """
    # the block being collected: text pieces, their markdown, open inline marks (the closing
    # mark, index in md), the hints of inline elements with the characters they hold
    text: list[str] = []
    md: list[str] = []
    marks: list[tuple[str, int]] = []
    inline_hints: list[tuple[tuple[str, ...], int]] = []
    chars = link_chars = cells = 0
    start, end = 0, 1
    hints: tuple[str, ...] = ()
    kind: BlockKind = "paragraph"
    level = 0
    pre = has_text = False
    hint_stack: list[tuple[str, ...]] = [()]  # the hints of all open block elements, accumulated
    stacked: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, ...]] = {}
    ctx_kind: list[tuple[BlockKind, int]] = [("paragraph", 0)]
    block_frames: list[int] = []  # per open block element: 1 pushed a kind context, 2 also <pre>
    # per open inline element: (mark, is a link, characters at its start, its hints), or None
    inline_frames: list[tuple[tuple[str, int] | None, bool, int, tuple[str, ...]] | None] = []
    pre_depth = link_depth = 0
    pos = 0  # current 0-based source line
    index = 0
    counter = 0
    open_ids: list[int] = []  # preorder numbers of the open (kept) elements
    last_line = max(n_lines - 1, 0)

    def add_text(s: str) -> None:
        nonlocal pos, has_text, start, end, chars, link_chars
        if not pre_depth and s.isspace():  # most text nodes: the whitespace between tags
            text.append(" ")
            md.append(" ")
            if "\n" in s:
                pos += s.count("\n")
            return
        stripped = s.strip()
        if stripped and not has_text:
            start = pos + s[: len(s) - len(s.lstrip())].count("\n")
            has_text = True
        piece = s if pre_depth else (s.replace("\n", " ") if stripped else " ")
        text.append(piece)
        md.append(piece if pre_depth else _md_escape(piece))
        n = len(stripped)
        chars += n
        if link_depth:
            link_chars += n
        pos += s.count("\n")
        if stripped:
            end = pos + 1 - s[len(s.rstrip()):].count("\n")

    def flush() -> Block | None:
        nonlocal index, has_text
        has_text = False
        raw = "".join(text)
        if pre:
            body = "\n".join(clean_line(x) for x in raw.strip("\n").split("\n")).strip()
        else:  # clean_line without its regex: the text holds no newlines here
            body = raw
            if not raw.isascii():  # (the invisible characters are all non-ASCII)
                if _HAS_INVISIBLE.search(raw) is not None:
                    body = raw.translate(_INVISIBLE)
                body = unicodedata.normalize("NFC", body)
            body = " ".join(body.split())
        if not body:
            return None
        k = kind
        if k == "table_row" and cells < 1:
            k = "paragraph"
        hs = hints
        if inline_hints:
            extra = [h for ihs, n in inline_hints if n >= 0.6 * chars for h in ihs]
            if extra:
                hs = tuple(dict.fromkeys((*hs, *extra)))
        markup = _markup(k, level, "".join(md), pre)
        density = min(1.0, link_chars / (chars or 1))
        first = min(max(start, 0), last_line)
        last = min(max(end, first + 1), max(n_lines, first + 1))
        ancestors.append(tuple(open_ids))
        index += 1
        # positional (index, text, kind, start, end, level, link_density, markup, hints): a
        # frozen dataclass's keyword call costs more, for every block
        return Block(index - 1, body, k, first, last, level, round(density, 4), markup, hs)

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
                removed = tag in _REMOVE or (
                    ("hidden" in attrs or "aria-hidden" in attrs or "style" in attrs) and _hidden(attrs))
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
            elif tag in _NO_HINTS:
                hs = ()
            else:
                cls, eid, role, prop, rel = (attrs.get("class"), attrs.get("id"), attrs.get("role"),
                                             attrs.get("itemprop"), attrs.get("rel"))
                hs = (_attr_hints(tag, cls, eid, role, prop, rel) if cls or eid or role or prop or rel
                      else _STRUCT_ONLY.get(tag, ()))
            tag_role = _TAG_ROLE.get(tag, 0)
            if tag_role == _BLOCK_ROLE and has_text and (block := flush()) is not None:
                yield block
            counter += 1
            open_ids.append(counter)
            if tag_role:  # a block or a cell: its hints go to the blocks inside it
                top = hint_stack[-1]
                if hs:
                    acc = stacked.get((top, hs))
                    if acc is None:
                        new = tuple(h for h in dict.fromkeys(hs) if h not in top)
                        acc = stacked[top, hs] = top + new if new else top
                    hint_stack.append(acc)
                else:
                    hint_stack.append(top)
            if tag_role == _BLOCK_ROLE:
                ctx = _BLOCK_CTX.get(tag)
                if ctx is None and tag in _NESTED and ctx_kind[-1][0] != "paragraph":
                    ctx = ("paragraph", 0)  # a list or table nested in an item
                if ctx is None:
                    block_frames.append(0)
                else:
                    ctx_kind.append(ctx)
                    if tag == "pre":
                        pre_depth += 1
                        block_frames.append(2)
                    else:
                        block_frames.append(1)
                # a new block begins
                if text or md or marks or inline_hints:
                    text.clear()
                    md.clear()
                    marks.clear()
                    inline_hints.clear()
                kind, level = ctx_kind[-1]
                hints = hint_stack[-1]
                start, end = pos, pos + 1
                pre = pre_depth > 0
                cells = link_chars = chars = 0
                has_text = False
            elif tag_role == _CELL_ROLE:
                if kind == "table_row" and has_text:
                    text.append(" ")
                    md.append(" | ")
                    cells += 1
            else:  # inline
                mark: tuple[str, int] | None = None
                if tag == "a":
                    href = (attrs.get("href") or "").strip()
                    if href and not href.startswith(("#", "javascript:")) and len(href) < 2000:
                        mark = ("](" + href.replace(" ", "%20").replace(")", "%29") + ")", len(md))
                        marks.append(mark)
                    link_depth += 1
                    inline_frames.append((mark, True, chars, hs))
                else:
                    close = _MARKS.get(tag)
                    if close is not None and not pre_depth:
                        mark = (close, len(md))
                        marks.append(mark)
                    inline_frames.append((mark, False, chars, hs) if mark is not None or hs else None)
            s = el.text
            if s:
                if pre_depth or not s.isspace():
                    add_text(s)
                else:  # add_text's whitespace path, inline: most text nodes are the space between tags
                    text.append(" ")
                    md.append(" ")
                    pos += s.count("\n")
            continue
        # end event
        if skipped and id(el) in skipped:
            skipped.discard(id(el))
            if el.tail:
                add_text(el.tail)
            continue
        tag_role = _TAG_ROLE.get(tag, 0)
        if tag_role == _BLOCK_ROLE:
            frame = block_frames.pop()
            if has_text and (block := flush()) is not None:
                yield block
            open_ids.pop()
            hint_stack.pop()
            if frame:
                ctx_kind.pop()
                if frame == 2:
                    pre_depth -= 1
            # a new block begins
            if text or md or marks or inline_hints:
                text.clear()
                md.clear()
                marks.clear()
                inline_hints.clear()
            kind, level = ctx_kind[-1]
            hints = hint_stack[-1]
            start, end = pos, pos + 1
            pre = pre_depth > 0
            cells = link_chars = chars = 0
            has_text = False
        elif tag_role == _CELL_ROLE:
            open_ids.pop()
            hint_stack.pop()
        else:
            open_ids.pop()
            inline = inline_frames.pop()
            if inline is not None:
                mark, was_link, chars_at, inline_hs = inline
                if mark is not None and marks and marks[-1] is mark:
                    _close_mark(md, marks)
                if was_link:
                    link_depth -= 1
                if inline_hs and chars > chars_at:
                    inline_hints.append((inline_hs, chars - chars_at))
        s = el.tail
        if s:
            if pre_depth or not s.isspace():
                add_text(s)
            else:  # as above
                text.append(" ")
                md.append(" ")
                pos += s.count("\n")
    if has_text and (block := flush()) is not None:
        yield block
    counted.append(counter)


def _close_mark(md: list[str], marks: list[tuple[str, int]]) -> None:
    """Wrap the markdown written since the matching open mark: [text](href), **text**, `text`."""
    close, at = marks.pop()
    inner = "".join(md[at:])
    del md[at:]
    core = inner.strip()
    if not core:
        md.append(inner)
        return
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()):]
    if close.startswith("]("):
        if "](" in core:  # a link inside a link: keep the inner one
            md.append(inner)
            return
        md.append(f"{lead}[{core}{close}{trail}")
    elif close == "`":
        md.append(f"{lead}`{core.replace('`', '')}`{trail}")
    elif core.startswith(close) or core.endswith(close):
        md.append(inner)
    else:
        md.append(f"{lead}{close}{core}{close}{trail}")


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
