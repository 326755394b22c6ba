"""Filters that read metadata off a line (date, byline, counter, copyright) and remove it.

The value found is recorded on the document (`doc.note`); the line leaves the article text.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from ..document import Block, Document
from ..features import is_prose
from ..metadata.authors import parse_byline
from ..metadata.copyright import names_photo, parse_copyright, reads_as_credit
from ..metadata.counters import parse_counter
from ..metadata.dates import find_date
from ..registry import register_filter
from .base import Filter, Verdict

# metadata lines are short: these bounds keep the parsers off paragraphs
_SHORT = 200


def _found_in(doc: Document, limit: int, what: str, parse: Callable[[str], object]) -> Iterator[Block]:
    """The alive blocks of at most `limit` characters for which `parse` finds something.

    `parse(text)` is computed once per page (shared with `doc.per_text(what, ...)`); this loop
    replaces a judge call per block: most blocks are prose, and the call was most of the cost.
    """
    table = doc.text_memo.get(what)
    if table is None:
        table = doc.text_memo[what] = {}
    dropped = doc.dropped
    get = table.get
    for block in doc.blocks:
        text = block.text
        if len(text) > limit or block.index in dropped:
            continue
        found = get(text, _MISSING)  # not try/except: most texts are new on a first reading
        if found is _MISSING:
            found = table[text] = parse(text)
        if found:
            yield block


_MISSING = object()


class _MetaLineFilter(Filter):
    """Judge only the blocks `_found_in` picks (the others' verdict is None)."""

    # judge returns None for a block longer than `_limit` or one `_parse` finds nothing in
    _limit: ClassVar[int] = 0
    _what: ClassVar[str] = ""  # the per_text key of `_parse`
    _parse: ClassVar[Callable[[str], object]]

    def apply(self, doc: Document) -> Iterator[tuple[Block, Verdict]]:
        for block in _found_in(doc, self._limit, self._what, self._parse):
            verdict = self.judge(block, doc)
            if verdict is not None and not verdict.keep:
                yield block, verdict


@register_filter("counters", family="counters")
@dataclass(frozen=True, slots=True, kw_only=True)
class CounterFilter(_MetaLineFilter):
    """View, comment, like and share counters, reading time. Removes "Views: 343"."""

    _limit: ClassVar[int] = 60
    _what: ClassVar[str] = "parse_counter"
    _parse = staticmethod(parse_counter)

    def judge(self, block: Block, doc: Document) -> Verdict | None:
        if len(block.text) > self._limit:
            return None
        found = doc.per_text(self._what, block.text, parse_counter)
        if found is None:
            return None
        if found.kind == "views" and found.value is not None:
            doc.note("views", found.value, "text:counter", block.index)
        return Verdict.drop(f"{found.kind}_counter" if found.kind != "reading_time" else "reading_time",
                            evidence=block.text)


@register_filter("copyright", family="footer")
@dataclass(frozen=True, slots=True, kw_only=True)
class CopyrightFilter(_MetaLineFilter):
    """Copyright lines and reuse notices; the holder names the site.

    Removes "Caliber.az © 2025." and "Any use of materials is allowed only if there is a
    hyperlink to Caliber.az"; keeps "The copyright dispute went to court in 2025."
    """

    _limit: ClassVar[int] = 300
    _what: ClassVar[str] = "parse_copyright"
    _parse = staticmethod(parse_copyright)

    def judge(self, block: Block, doc: Document) -> Verdict | None:
        if len(block.text) > self._limit:
            return None
        found = doc.per_text(self._what, block.text, parse_copyright)
        if found is None:
            return None
        if reads_as_credit(found) and (names_photo(block.text) or _prose_follows(doc, block.index)):
            # a photo's credit (between paragraphs, or saying so): it names neither the site
            # nor the end of the article (the region detector counts copyright lines as its end)
            return Verdict.drop("photo_credit", evidence=block.text)
        if found.kind == "copyright":
            doc.note("copyright", found.text, "text:copyright", block.index)
        if found.holder:
            doc.note("site_name", found.holder, f"text:{found.kind}", block.index)
        return Verdict.drop(found.kind, evidence=block.text)


# a credit sits under its photo, and the article goes on below it: a paragraph within a few blocks
_CREDIT_REACH = 3
_CREDIT_PARAGRAPH_WORDS = 25


def _prose_follows(doc: Document, index: int) -> bool:
    """True when one of the next few blocks is a paragraph of the article's kind."""
    return any(is_prose(b, doc, _CREDIT_PARAGRAPH_WORDS) for b in doc.blocks[index + 1:index + 1 + _CREDIT_REACH])


@register_filter("dateline", family="metadata")
@dataclass(frozen=True, slots=True, kw_only=True)
class DatelineFilter(_MetaLineFilter):
    """Lines that only give the publication date. Removes "25 August 2025 04:23"."""

    _limit: ClassVar[int] = _SHORT
    _what: ClassVar[str] = "find_date"
    _parse = staticmethod(find_date)

    def judge(self, block: Block, doc: Document) -> Verdict | None:
        if len(block.text) > self._limit:
            return None
        found = doc.per_text(self._what, block.text, find_date)
        if found is None:
            return None
        doc.note("date_candidates", (found.iso, block.index, found.is_dateline), "text:date", block.index)
        if found.is_dateline:
            return Verdict.drop("dateline", evidence=found.iso)
        return None


@register_filter("byline", family="metadata")
@dataclass(frozen=True, slots=True, kw_only=True)
class BylineFilter(_MetaLineFilter):
    """Author lines. Removes "By Nazrin Sadigova"; keeps "By 2030 the plant will close."."""

    _limit: ClassVar[int] = 120
    _what: ClassVar[str] = "parse_byline"
    _parse = staticmethod(parse_byline)

    def judge(self, block: Block, doc: Document) -> Verdict | None:
        if len(block.text) > self._limit:
            return None
        names = doc.per_text(self._what, block.text, parse_byline)
        if not names:
            return None
        doc.note("authors", list(names), "text:byline", block.index)  # a copy: names is shared
        return Verdict.drop("byline", evidence=block.text)
