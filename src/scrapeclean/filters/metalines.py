"""Filters that read metadata off a line (date, byline, counter, copyright) and remove it.

The value found is recorded on the document (`doc.note`); the line leaves the article text.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..document import Block, Document
from ..metadata.authors import parse_byline
from ..metadata.copyright import parse_copyright
from ..metadata.counters import parse_counter
from ..metadata.dates import find_date
from ..registry import register_filter
from .base import Filter, Verdict

# metadata lines are short: these bounds keep the parsers off paragraphs
_SHORT = 200


@register_filter("counters", family="counters")
@dataclass(frozen=True, slots=True, kw_only=True)
class CounterFilter(Filter):
    """View, comment, like and share counters, reading time. Removes "Views: 343"."""

    def judge(self, block: Block, doc: Document) -> Verdict | None:
        if len(block.text) > 60:
            return None
        found = doc.per_text("parse_counter", block.text, parse_counter)
        if found is None:
            return None
        if found.kind == "views" and found.value is not None:
            doc.note("views", found.value, "text:counter", block.index)
        return Verdict.drop(f"{found.kind}_counter" if found.kind != "reading_time" else "reading_time",
                            evidence=block.text)


@register_filter("copyright", family="footer")
@dataclass(frozen=True, slots=True, kw_only=True)
class CopyrightFilter(Filter):
    """Copyright lines and reuse notices; the holder names the site.

    Removes "Caliber.az © 2025." and "Any use of materials is allowed only if there is a
    hyperlink to Caliber.az"; keeps "The copyright dispute went to court in 2025."
    """

    def judge(self, block: Block, doc: Document) -> Verdict | None:
        if len(block.text) > 300:
            return None
        found = doc.per_text("parse_copyright", block.text, parse_copyright)
        if found is None:
            return None
        if found.kind == "copyright":
            doc.note("copyright", found.text, "text:copyright", block.index)
        if found.holder:
            doc.note("site_name", found.holder, f"text:{found.kind}", block.index)
        return Verdict.drop(found.kind, evidence=block.text)


@register_filter("dateline", family="metadata")
@dataclass(frozen=True, slots=True, kw_only=True)
class DatelineFilter(Filter):
    """Lines that only give the publication date. Removes "25 August 2025 04:23"."""

    def judge(self, block: Block, doc: Document) -> Verdict | None:
        if len(block.text) > _SHORT:
            return None
        found = find_date(block.text)
        if found is None:
            return None
        doc.note("date_candidates", (found.iso, block.index, found.is_dateline), "text:date", block.index)
        if found.is_dateline:
            return Verdict.drop("dateline", evidence=found.iso)
        return None


@register_filter("byline", family="metadata")
@dataclass(frozen=True, slots=True, kw_only=True)
class BylineFilter(Filter):
    """Author lines. Removes "By Nazrin Sadigova"; keeps "By 2030 the plant will close."."""

    def judge(self, block: Block, doc: Document) -> Verdict | None:
        if len(block.text) > 120:
            return None
        names = doc.per_text("parse_byline", block.text, parse_byline)
        if not names:
            return None
        doc.note("authors", list(names), "text:byline", block.index)  # a copy: names is shared
        return Verdict.drop("byline", evidence=block.text)
