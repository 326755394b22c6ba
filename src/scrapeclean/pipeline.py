"""Pipeline: an ordered list of named filters run over the blocks of one page."""
from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from itertools import zip_longest
from typing import Any

from .decode import Errors, to_text
from .detect import detect_kind
from .document import REREADING, Block, Document, Found, InputKind
from .errors import CleanTimeout, FilterError, InputTypeError, ScrapecleanError
from .filters.base import Filter
from .registry import create_filter
from .render import assemble_result, layout, render_text, renders_as
from .result import CleanResult, LineVerdict, Removals
from .segment import segment
from .segment.text import _HAS_NEWLINE, split_lines
from .metadata.language import detect_language
from .settings import DEFAULT_FILTERS, LANGUAGE_SAMPLE_CHARS

__all__ = ["Pipeline"]

# re-readings of the output at most (each one that changes the text drops a block or
# settles the layout; real pages settle in 1-3)
SETTLE_ROUNDS = 10
# every line break split_lines knows (segment.text._NEWLINES and "\n")
_BREAK_CHARS = r"\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
_LINE_BREAK = re.compile(r"\r\n?|[" + _BREAK_CHARS + "]")
_WORDS = re.compile(r"\w+")
# A text longer than PAGE_MAX_CHARS is cleaned as parts of about PART_CHARS (Pipeline._run_parts),
# cut at a blank line (else a line break) that no other line break precedes (so each part's
# lines are the text's lines)
PAGE_MAX_CHARS = 2_000_000
PART_CHARS = 1_000_000
_NOT_AFTER_BREAK = r"(?<![\r" + _BREAK_CHARS + "])"
_BLANK_CUT = re.compile(_NOT_AFTER_BREAK + r"\r?\n(?:[ \t]*\r?\n)+")
_LINE_CUT = re.compile(_NOT_AFTER_BREAK + r"\r?\n")


def _parts(text: str) -> Iterator[tuple[str, int]]:
    """Cut `text` into parts of about PART_CHARS at blank lines (else at a line break): each
    part, and how many input lines lie between it and the next (the cut's blank lines).
    split_lines of the parts, with those lines between, are split_lines of the text."""
    pos = 0
    while len(text) - pos > PAGE_MAX_CHARS:
        at = pos + PART_CHARS
        cut = _BLANK_CUT.search(text, at, at + PART_CHARS) or _LINE_CUT.search(text, at)
        if cut is None:
            break
        yield text[pos:cut.start()], cut.group().count("\n") - 1
        pos = cut.end()
    yield text[pos:], 0


def _line_ranges(text: str) -> tuple[list[int], list[int]]:
    """Where each line of `text` (as split_lines splits it) starts and ends."""
    breaks = list(_LINE_BREAK.finditer(text))
    return [0] + [m.end() for m in breaks], [m.start() for m in breaks] + [len(text)]


def _block_offsets(blocks: list, apart: bool = False) -> list[tuple[int, int]]:
    """Each block's character range in render_text(blocks), or with `apart` in the blocks'
    texts joined by blank lines."""
    out = []
    pos = 0
    for i, piece in enumerate(layout(blocks)):  # block text, separator, block text, ...
        if i % 2 == 0:
            out.append((pos, pos + len(piece)))
        pos += 2 if apart and i % 2 else len(piece)
    return out


def _own_pieces(blocks: list[Block], apart: bool = False) -> list[tuple[int, int, tuple[int, ...]]]:
    """Each block's character range (see _block_offsets) and the block it shows."""
    return [(lo, hi, (b.index,)) for b, (lo, hi) in zip(blocks, _block_offsets(blocks, apart))]


def _output_lines(blocks: list[Block], text: str) -> list[str] | None:
    """split_lines(text), text being render_text(blocks), built from the blocks' own strings:
    a re-reading then shares them instead of copying the page. None where a block holds a
    line break other than "\n" (only split_lines splits those right; one search of the text
    finds it, the separators are "\n")."""
    if _HAS_NEWLINE.search(text) is not None:
        return None
    lines: list[str] = []
    for i, piece in enumerate(layout(blocks)):  # block text, separator, block text, ...
        if i % 2 == 0:
            lines.extend(piece.split("\n"))
        elif piece == "\n\n":
            lines.append("")
    return lines


def _same_words(a: str, b: str) -> bool:
    """The same words in the same order (lazily: word lists of a big page cost ~10x its size)."""
    return all(x is not None and y is not None and x.group() == y.group()
               for x, y in zip_longest(_WORDS.finditer(a), _WORDS.finditer(b)))


class Pipeline:
    """Ordered, named filters. Mutating methods return the pipeline, so calls chain.

    >>> pipe = Pipeline.default().remove("social").configure("main-content", threshold=0.4)
    >>> pipe.clean(raw).text
    """

    def __init__(self, filters: Iterable[Filter | str | Mapping[str, Any]] = ()) -> None:
        self.filters: list[Filter] = []
        for f in filters:
            self.add(f)

    # -- building ---------------------------------------------------------------------
    @classmethod
    def default(cls) -> Pipeline:
        """The default pipeline (see `settings.DEFAULT_FILTERS`)."""
        return cls(DEFAULT_FILTERS)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Pipeline:
        """Build from a plain dict, e.g. loaded from TOML or JSON.

        `{"filters": ["navigation", {"name": "share-widgets", "max_words": 5}]}`; a config
        with `"base": "default"` starts from the default pipeline and applies `remove`,
        `configure` ({name: options}) and `add` (a list as above) to it.
        """
        if config.get("base") == "default":
            pipe = cls.default()
            for name in config.get("remove", []):
                pipe.remove(name)
            for name, opts in (config.get("configure") or {}).items():
                pipe.configure(name, **opts)
            for spec in config.get("add", []):
                pipe.add(spec)
            return pipe
        if "filters" not in config:
            raise ValueError('a pipeline config needs "filters" (a list) or "base": "default"')
        return cls(config["filters"])

    @classmethod
    def from_toml(cls, path: str) -> Pipeline:
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]
        with open(path, "rb") as f:
            data = tomllib.load(f)
        return cls.from_config(data.get("pipeline", data))

    def to_config(self) -> dict[str, Any]:
        """The plain-dict form `from_config` reads back."""
        return {"filters": [{"name": f.name, **f.options()} for f in self.filters]}

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.filters]

    def add(self, spec: Filter | str | Mapping[str, Any], *, before: str | None = None,
            after: str | None = None) -> Pipeline:
        """Append a filter (an instance, a registered name, or {"name": ..., **options})."""
        flt = _make(spec)
        if flt.name in self.names:
            raise ValueError(f"the pipeline already has a filter named {flt.name!r}")
        if before is not None:
            self.filters.insert(self._index(before), flt)
        elif after is not None:
            self.filters.insert(self._index(after) + 1, flt)
        else:
            self.filters.append(flt)
        return self

    def remove(self, name: str) -> Pipeline:
        del self.filters[self._index(name)]
        return self

    def replace(self, name: str, spec: Filter | str | Mapping[str, Any]) -> Pipeline:
        self.filters[self._index(name)] = _make(spec)
        return self

    def move(self, name: str, *, before: str | None = None, after: str | None = None) -> Pipeline:
        flt = self.get(name)
        self.remove(name)
        if before is None and after is None:
            self.filters.append(flt)
            return self
        pos = self._index(before) if before is not None else self._index(after) + 1  # type: ignore[arg-type]
        self.filters.insert(pos, flt)
        return self

    def configure(self, name: str, **options: Any) -> Pipeline:
        i = self._index(name)
        self.filters[i] = self.filters[i].configured(**options)
        return self

    def get(self, name: str) -> Filter:
        return self.filters[self._index(name)]

    def _index(self, name: str) -> int:
        for i, f in enumerate(self.filters):
            if f.name == name:
                return i
        raise KeyError(f"no filter named {name!r} in this pipeline ({', '.join(self.names)})")

    def __repr__(self) -> str:
        return f"Pipeline({self.names!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and self.filters == other.filters

    # -- running ----------------------------------------------------------------------
    def run(self, raw: str | bytes, *, url: str | None = None, kind: InputKind | None = None,
            doc_id: str | None = None, errors: Errors = "replace",
            timeout: float | None = None) -> Document:
        """Segment the input and run every filter; return the document with its decisions."""
        if url is not None and not isinstance(url, str):
            raise InputTypeError(f"url= takes a str or None, not {type(url).__name__}")
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))):
            raise InputTypeError(f"timeout= takes seconds (int or float) or None, not {type(timeout).__name__}")
        if errors not in ("replace", "strict"):
            raise ValueError(f"errors must be 'replace' or 'strict', not {errors!r}")
        deadline = None if timeout is None else time.monotonic() + timeout
        text = to_text(raw, errors=errors)
        if kind is None:
            kind = detect_kind(text)
        elif kind not in ("text", "markdown", "html"):
            raise ValueError(f"kind must be 'text', 'markdown' or 'html', not {kind!r}")
        if kind != "html" and len(text) > PAGE_MAX_CHARS:
            return self._run_parts(text, kind, url, doc_id, deadline, timeout)
        doc = self._run_once(text, kind, url, doc_id, deadline, timeout)
        self._settle(doc, doc_id, deadline, timeout)
        return doc

    def _run_parts(self, text: str, kind: InputKind, url: str | None, doc_id: str | None,
                   deadline: float | None, timeout: float | None) -> Document:
        """Clean a text too long to be one page as consecutive parts, each read as a page.

        A text of millions of characters is a dump of many pages, a log or a book: page-level
        statistics (position, repetition, where the article's core is) mean little over all
        of it, and a page's per-block working memory (features, memo tables, re-readings)
        would grow with it. Each part is cleaned and settled on its own; what is kept of it
        is its kept blocks and, for the removed ones, compact records (`doc.removals`).
        Metadata found in earlier parts comes first.
        """
        kept: list[Block] = []
        removals = Removals()
        found: dict[str, list[Found]] = {}
        texts: list[str] = []
        title_hint: str | None = None
        base = line0 = 0
        for n, (part, skipped) in enumerate(_parts(text)):
            doc = self._run_once(part, kind, url, doc_id, deadline, timeout)
            self._settle(doc, doc_id, deadline, timeout)
            for b in doc.blocks:
                verdict = doc.dropped.get(b.index)
                if verdict is None:
                    kept.append(replace(b, index=b.index + base, start=b.start + line0, end=b.end + line0))
                else:
                    removals.add(b.text, verdict[0], verdict[1], b.start + line0, b.end + line0,
                                 verdict[2], b.index + base)
            for key, values in doc.found.items():
                found.setdefault(key, []).extend(
                    replace(f, block=None if f.block is None else f.block + base) for f in values)
            if doc.text:
                texts.append(doc.text)
            if n == 0:
                title_hint = doc.title_hint
            base += len(doc.blocks)
            line0 += len(doc.lines) + skipped
            del doc, part  # before the next part is read
        whole = Document(blocks=kept, kind=kind, lines=[], url=url, doc_id=doc_id,
                         title_hint=title_hint, found=found, text="\n\n".join(texts),
                         removals=removals)
        whole.language_detector = _language
        return whole

    def _run_once(self, text: str | list[str], kind: InputKind, url: str | None, doc_id: str | None,
                  deadline: float | None, timeout: float | None,
                  text_memo: dict[str, dict[str, object]] | None = None) -> Document:
        doc = _document(text, kind, url, doc_id)
        if text_memo is not None:  # a re-reading: the page's block texts come back
            doc.text_memo = text_memo
            doc.memo[REREADING] = True
        for flt in self.filters:
            if deadline is not None and time.monotonic() > deadline:
                raise CleanTimeout(f"cleaning took longer than {timeout} s (stopped before {flt.name!r})")
            try:
                for block, verdict in flt.apply(doc):
                    if block.index not in doc.dropped:
                        doc.dropped[block.index] = (flt.name, verdict.reason or flt.name, verdict.evidence)
            except ScrapecleanError:
                raise
            except Exception as exc:  # a third-party filter's bug: say whose it is
                raise FilterError(flt.name, doc_id, exc) from exc
        if deadline is not None and self.filters and time.monotonic() > deadline:
            raise CleanTimeout(f"cleaning took longer than {timeout} s (ran over in {self.filters[-1].name!r})")
        return doc

    def _settle(self, doc: Document, doc_id: str | None, deadline: float | None,
                timeout: float | None) -> None:
        """Re-read the output until reading it again changes nothing (idempotence).

        The filters judge a block in its context: the region detector by its neighbours, the
        headline step by what lies before the article. Cleaning the output again shows them
        the article without the page around it, and they may drop a block they kept in that
        context (a caption or teaser that the page's chrome made look like article text); and
        the output's layout may read back differently (table rows without their tabs). So the
        output is read again as plain text (`kind="text"`, no url: as a caller re-cleans it);
        every block of the page that the re-reading drops whole is dropped here, by the
        filter and reason of the re-reading, and the output takes the re-reading's layout,
        until a re-reading gives back the same text. Then
        `clean(clean(x).text, kind="text").text == clean(x).text`. Metadata comes from the
        first reading, which saw the whole page.
        """
        kept = doc.alive()
        if not kept:
            return
        text = render_text(kept)
        # the current text's pieces: character range -> the page's blocks it shows (built
        # only once a re-reading differs: most pages settle at once, and a big page's pieces
        # would add to its peak memory)
        pieces: list[tuple[int, int, tuple[int, ...]]] | None = None
        # the first re-reading reads the kept blocks' strings as its lines (no page-sized copy)
        source: str | list[str] = _output_lines(kept, text) or text
        for _ in range(SETTLE_ROUNDS):
            again = self._run_once(source, "text", None, doc_id, deadline, timeout, doc.text_memo)
            alive = again.alive()
            if renders_as(alive, text):
                break
            if pieces is None:
                pieces = _own_pieces(kept)
            again_text = render_text(alive)
            starts, ends = _line_ranges(text)
            shown: list[tuple[int, ...]] = []  # the page's blocks each re-read block shows
            still: set[int] = set()
            j = 0  # pieces and re-read blocks both run in text order: one sweep
            for b in again.blocks:
                lo, hi = starts[b.start], ends[b.end - 1]
                while j < len(pieces) and pieces[j][1] <= lo:
                    j += 1
                found: list[int] = []
                k = j
                while k < len(pieces) and pieces[k][0] < hi:
                    found.extend(pieces[k][2])
                    k += 1
                idx = tuple(sorted(set(found)))
                shown.append(idx)
                if b.index not in again.dropped:
                    still.update(idx)
            for b in again.blocks:
                if b.index not in again.dropped:
                    continue
                name, reason, evidence = again.dropped[b.index]
                for i in shown[b.index]:
                    if i not in still and i not in doc.dropped:
                        doc.dropped[i] = (name, reason, f"on re-reading the output: {evidence}"
                                          if evidence else "on re-reading the output")
            kept = doc.alive()
            joined = any(len(shown[b.index]) > 1 for b in alive)
            if joined and kept:
                # the re-reading ran lines of several blocks together (list items without
                # their markers read as one paragraph): a blank line between every block
                # keeps them apart, and reads back as the same blocks
                text = "\n\n".join(b.text for b in kept)
                pieces = _own_pieces(kept, apart=True)
            else:
                rendered = render_text(kept)
                if _same_words(again_text, rendered):
                    text = again_text  # the re-reading's layout, same words
                    pieces = [(lo, hi, shown[b.index]) for b, (lo, hi) in zip(alive, _block_offsets(alive))]
                else:  # a block partly re-read as chrome: keep it whole
                    if rendered == text:
                        break
                    text = rendered
                    pieces = _own_pieces(kept)
            if not kept:
                break
            source = text
            del again, alive, shown  # let this reading go before the next one is built
        doc.text = text if kept else ""

    def clean(self, raw: str | bytes, *, url: str | None = None, kind: InputKind | None = None,
              doc_id: str | None = None, errors: Errors = "replace",
              timeout: float | None = None) -> CleanResult:
        """Clean one page: article text, metadata, and a record of every removed block."""
        return assemble_result(self.run(raw, url=url, kind=kind, doc_id=doc_id, errors=errors,
                                        timeout=timeout))

    def explain(self, raw: str | bytes, *, url: str | None = None, kind: InputKind | None = None,
                errors: Errors = "replace") -> list[LineVerdict]:
        """Every input line with its verdict, and the filter and reason that decided it."""
        doc = self.run(raw, url=url, kind=kind, errors=errors)
        # a text cleaned in parts keeps no lines of its own: split the input again
        lines = doc.lines if doc.removals is None else split_lines(to_text(raw, errors=errors))
        owner: dict[int, tuple[int, str | None, str | None]] = {}  # line -> block, filter, reason
        for b in doc.blocks:
            verdict = doc.dropped.get(b.index)
            for ln in range(b.start, b.end):
                owner.setdefault(ln, (b.index, *verdict[:2]) if verdict else (b.index, None, None))
        for r in doc.removals or ():
            for ln in range(*r.span):
                owner.setdefault(ln, (r.block, r.filter, r.reason))
        out = []
        for ln, line in enumerate(lines):
            seen = owner.get(ln)
            if seen is None:
                out.append(LineVerdict(ln, line, "blank"))
            elif seen[1] is not None:
                out.append(LineVerdict(ln, line, "drop", seen[1], seen[2], seen[0]))
            else:
                out.append(LineVerdict(ln, line, "keep", None, None, seen[0]))
        return out

    def __reduce__(self) -> tuple[Any, ...]:
        return (Pipeline, (list(self.filters),))


def _make(spec: Filter | str | Mapping[str, Any]) -> Filter:
    if isinstance(spec, Filter):
        return spec
    if isinstance(spec, str):
        return create_filter(spec)
    if isinstance(spec, Mapping):
        opts = dict(spec)
        name = opts.pop("name", None)
        if not isinstance(name, str):
            raise ValueError(f"a filter spec needs a 'name': {spec!r}")
        return create_filter(name, **opts)
    raise TypeError(f"a filter is a Filter, a registered name or a dict, not {type(spec).__name__}")


def _document(text: str | list[str], kind: InputKind, url: str | None, doc_id: str | None) -> Document:
    html_meta: dict[str, object] = {}
    if kind == "html":
        from .segment.html import segment_html

        blocks, lines, html_meta = segment_html(text)
    else:
        blocks, lines = segment(text, kind)
    doc = Document(blocks=blocks, kind=kind, lines=lines, url=url, doc_id=doc_id, html_meta=html_meta)
    doc.language_detector = _language  # on first use
    if blocks and kind != "html":
        doc.title_hint = blocks[0].text if blocks[0].word_count <= 40 else None
    else:
        title = html_meta.get("title_tag")
        doc.title_hint = title if isinstance(title, str) else None
    return doc


def _language(doc: Document) -> str | None:
    """Detect the language on the longer blocks: menus and chrome are often in another one."""
    declared = doc.html_meta.get("language")
    declared = declared[0] if isinstance(declared, tuple) else None
    sample: list[str] = []
    size = 0
    for b in sorted(doc.blocks, key=lambda b: -len(b.text))[:50]:
        if size >= LANGUAGE_SAMPLE_CHARS:
            break
        sample.append(b.text[:LANGUAGE_SAMPLE_CHARS])
        size += len(sample[-1])
    found = detect_language("\n".join(sample))
    if found is None and isinstance(declared, str) and declared:
        return declared.split("-")[0].lower()[:2]
    return found
