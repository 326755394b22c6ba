"""What clean() returns: the article text, its metadata, and every removed block."""
from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, overload

from .document import Block, InputKind


@dataclass(slots=True)
class Metadata:
    """Metadata of the page; `sources` says where each value came from (e.g. "text:byline")."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601: "2025-08-25" or "2025-08-25T04:23"
    site_name: str | None = None
    section: str | None = None
    views: int | None = None
    language: str | None = None  # ISO 639-1
    copyright: str | None = None
    url: str | None = None
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def author(self) -> str | None:
        """All authors joined with "; " (the corpus gold's convention), or None."""
        return "; ".join(self.authors) or None


@dataclass(frozen=True, slots=True)
class Removal:
    """One removed block: which filter removed it, why, and where it was in the input."""

    text: str
    filter: str
    reason: str
    span: tuple[int, int]  # 0-based input line span [start, end)
    evidence: str | None = None
    block: int = -1


class Removals(Sequence[Removal]):
    """The removed blocks: a read-only sequence of `Removal` records, made on access.

    A big page removes tens of thousands of blocks; one record object (and span tuple) each
    would cost more memory than their text. The records are kept as columns instead: the
    texts, line spans and block numbers in arrays, and each distinct (filter, reason,
    evidence) once.
    """

    __slots__ = ("_texts", "_starts", "_ends", "_blocks", "_verdict", "_verdicts", "_verdict_ids")

    def __init__(self, records: Iterator[Removal] | Sequence[Removal] = ()) -> None:
        self._texts: list[str] = []
        self._starts, self._ends, self._blocks = array("q"), array("q"), array("q")
        self._verdict = array("l")  # index into _verdicts
        self._verdicts: list[tuple[str, str, str | None]] = []
        self._verdict_ids: dict[tuple[str, str, str | None], int] = {}
        for r in records:
            self.add(r.text, r.filter, r.reason, r.span[0], r.span[1], r.evidence, r.block)

    def add(self, text: str, filter: str, reason: str, start: int, end: int,
            evidence: str | None = None, block: int = -1) -> None:
        verdict = (filter, reason, evidence)
        vid = self._verdict_ids.get(verdict)
        if vid is None:
            vid = self._verdict_ids[verdict] = len(self._verdicts)
            self._verdicts.append(verdict)
        self._texts.append(text)
        self._starts.append(start)
        self._ends.append(end)
        self._blocks.append(block)
        self._verdict.append(vid)

    def __len__(self) -> int:
        return len(self._texts)

    @overload
    def __getitem__(self, i: int) -> Removal: ...
    @overload
    def __getitem__(self, i: slice) -> list[Removal]: ...
    def __getitem__(self, i: int | slice) -> Removal | list[Removal]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        filter_, reason, evidence = self._verdicts[self._verdict[i]]
        return Removal(self._texts[i], filter_, reason, (self._starts[i], self._ends[i]),
                       evidence, self._blocks[i])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Removals):
            return list(self) == list(other)
        return isinstance(other, list) and list(self) == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Removals({list(self)!r})"


@dataclass(frozen=True, slots=True)
class LineVerdict:
    """One input line in `Pipeline.explain()`: kept, removed (by what and why) or blank."""

    line: int
    text: str
    verdict: str  # "keep" | "drop" | "blank"
    filter: str | None = None
    reason: str | None = None
    block: int | None = None


@dataclass(slots=True)
class CleanResult:
    text: str
    metadata: Metadata
    removed: Sequence[Removal]  # a Removals in results from clean()
    kept: list[Block]
    kind: InputKind
    _markdown: str | None = field(default=None, repr=False, compare=False)

    @property
    def markdown(self) -> str:
        """The article as markdown: headings, lists, quotes and tables marked up (from HTML
        also links, emphasis and code). Rendered on first use: most callers never ask, and
        on a big page it is one more copy of the text."""
        if self._markdown is None:
            from .render import render_markdown  # render imports this module

            self._markdown = render_markdown(self.kept, use_markup=self.kind == "html")
        return self._markdown

    def removed_counts(self) -> dict[str, int]:
        """Number of removed blocks by reason code."""
        counts: dict[str, int] = {}
        for r in self.removed:
            counts[r.reason] = counts.get(r.reason, 0) + 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable view: text, markdown, kind, metadata and removed blocks."""
        return {
            "text": self.text,
            "markdown": self.markdown,
            "kind": self.kind,
            "metadata": asdict(self.metadata),
            "removed": [
                {"text": r.text, "filter": r.filter, "reason": r.reason,
                 "span": list(r.span), "evidence": r.evidence}
                for r in self.removed
            ],
        }
