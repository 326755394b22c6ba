"""The block model every input kind is turned into, and the per-document state filters read."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Literal, TypeVar

from .normalize import words

if TYPE_CHECKING:
    from .result import Removals

InputKind = Literal["text", "markdown", "html"]
BlockKind = Literal["paragraph", "heading", "list_item", "table_row", "quote", "code"]
T = TypeVar("T")
_MISSING = object()
# Document.memo key set on a re-reading of the output (Pipeline._settle): only its drops are
# used (its metadata is the first reading's), so a filter may skip work that only finds metadata
REREADING = "rereading"


@dataclass(frozen=True, slots=True, init=False)
class Block:
    """One unit of the page that is kept or removed as a whole.

    `start`/`end` are the 0-based line span [start, end) in the input text; `text` is the
    normalised plain text (markdown syntax removed, fragments joined).
    """

    index: int
    text: str
    kind: BlockKind = "paragraph"
    start: int = 0
    end: int = 0
    level: int = 0  # heading level (1-6) where the input says it
    link_density: float = 0.0  # share of the text inside links (markdown, HTML)
    markup: str = ""  # the block's source as written (markdown syntax, HTML tag path)
    hints: tuple[str, ...] = ()  # structural hints from HTML: "nav", "footer", "aside", class words

    def __init__(self, index: int, text: str, kind: BlockKind = "paragraph", start: int = 0, end: int = 0,
                 level: int = 0, link_density: float = 0.0, markup: str = "",
                 hints: tuple[str, ...] = ()) -> None:
        # a page makes hundreds of blocks: the frozen dataclass's own __init__ sets each field
        # through object.__setattr__, the slots' descriptors (_SET) set them ~2x faster
        s = _SET
        s[0](self, index)
        s[1](self, text)
        s[2](self, kind)
        s[3](self, start)
        s[4](self, end)
        s[5](self, level)
        s[6](self, link_density)
        s[7](self, markup)
        s[8](self, hints)

    @property
    def words(self) -> list[str]:
        return words(self.text)

    @property
    def word_count(self) -> int:
        return len(words(self.text))


# Block's fields in __init__'s order, each slot's setter
_SET = tuple(getattr(Block, f.name).__set__ for f in fields(Block))


@dataclass(slots=True)
class Found:
    """One metadata value a filter found, with where it came from."""

    value: object
    source: str  # e.g. "text:byline", "html:json-ld", "url"
    block: int | None = None


@dataclass(slots=True)
class Document:
    """A page being cleaned: its blocks, and what filters decided and found so far."""

    blocks: list[Block]
    kind: InputKind
    lines: list[str]
    url: str | None = None
    doc_id: str | None = None
    _language: str | None = field(default=None, repr=False)
    title_hint: str | None = None  # e.g. gettext's leading <title> line, HTML <title>
    html_meta: dict[str, object] = field(default_factory=dict)  # metadata an HTML parser found
    text: str | None = None  # the output text, once Pipeline.run has settled it (render_text else)
    found: dict[str, list[Found]] = field(default_factory=dict)
    dropped: dict[int, tuple[str, str, str | None]] = field(default_factory=dict)  # i -> filter, reason, evidence
    memo: dict[str, object] = field(default_factory=dict)  # per-document cache of derived data
    # what a pure function of a block's text gave, shared by every reading of one page: the
    # re-readings of the output (Pipeline._settle) meet the page's own block texts again
    text_memo: dict[str, dict[str, object]] = field(default_factory=dict)
    # a text cleaned in parts (Pipeline._run_parts) keeps only its kept blocks as `blocks`;
    # the removed ones are here, as compact records (a result.Removals)
    removals: Removals | None = None
    # detects `language` on first use: a re-reading of the output seldom needs it
    language_detector: Callable[[Document], str | None] | None = field(default=None, repr=False)

    @property
    def language(self) -> str | None:
        """The page's language (ISO 639-1), or None when unknown."""
        if self.language_detector is not None:
            detect, self.language_detector = self.language_detector, None
            self._language = detect(self)
        return self._language

    @language.setter
    def language(self, value: str | None) -> None:
        self.language_detector = None
        self._language = value

    def note(self, key: str, value: object, source: str, block: int | None = None) -> None:
        """Record a metadata candidate; the first one recorded for a key wins by default."""
        self.found.setdefault(key, []).append(Found(value, source, block))

    def first(self, key: str) -> Found | None:
        values = self.found.get(key)
        return values[0] if values else None

    def per_text(self, what: str, text: str, fn: Callable[[str], T]) -> T:
        """fn(text), computed once per page; `what` names fn. Results are shared: never mutate one."""
        table = self.text_memo.get(what)
        if table is None:
            table = self.text_memo[what] = {}
        out = table.get(text, _MISSING)  # a miss is common: no exception for it
        if out is _MISSING:
            out = table[text] = fn(text)
        return out  # type: ignore[return-value]

    def alive(self) -> list[Block]:
        """The blocks no filter has dropped yet, in document order."""
        return [b for b in self.blocks if b.index not in self.dropped]

    def is_alive(self, index: int) -> bool:
        return index not in self.dropped
