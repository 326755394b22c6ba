"""What clean() returns: the article text, its metadata, and every removed block."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

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
    removed: list[Removal]
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
