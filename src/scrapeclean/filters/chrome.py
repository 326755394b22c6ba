"""Phrase-list filters: one per chrome family, rules in `data/phrases/<family>.txt`.

Each removes short lines that are only chrome ("Share on Facebook", "Ссылка скопирована",
"Accept all cookies"); the reason code comes from the rule that matched.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from ..document import Block, Document
from ..phrases import PhraseHit, default_matcher
from ..registry import register_filter
from .base import Filter, Verdict


@dataclass(frozen=True, slots=True, kw_only=True)
class PhraseFilter(Filter):
    """Drop a block matched by a rule of this filter's phrase family."""

    phrases: ClassVar[str] = ""
    max_words: int = 40  # past this a block is prose, whatever phrase it contains

    def judge(self, block: Block, doc: Document) -> Verdict | None:
        if len(block.text) > self._max_chars():
            return None
        hit = _hit(doc, block.text)
        if hit is None or hit.family != self.phrases or block.word_count > self.max_words:
            return None
        return Verdict.drop(hit.reason, evidence=hit.pattern)

    def apply(self, doc: Document) -> Iterator[tuple[Block, Verdict]]:
        # only blocks with a hit of this family can be dropped: skip judging the rest
        for i in _family_hits(doc, self._max_chars()).get(self.phrases, ()):
            if i not in doc.dropped:
                verdict = self.judge(doc.blocks[i], doc)
                if verdict is not None:
                    yield doc.blocks[i], verdict

    def _max_chars(self) -> int:
        """judge keeps a longer block: prose (8 characters a word), or past any chrome line."""
        return min(8 * self.max_words, _MAX_CHARS)


# a longer block is never chrome (a flattened page or prose): not matched at all
_MAX_CHARS = 1000
_MISSING = object()


def _hit(doc: Document, text: str) -> PhraseHit | None:
    """The phrase-rule hit of one block text, matched once per page (the table _family_hits fills)."""
    return doc.per_text("phrases", text, default_matcher().match)


def _family_hits(doc: Document, max_chars: int) -> dict[str, list[int]]:
    """family -> the blocks it has the hit of, among those of at most `max_chars` characters
    (the only ones a filter with this bound can drop) that no filter has dropped yet (the
    metadata-line filters before these drop dates and bylines: no need to match those)."""
    key = f"phrase_families:{max_chars}"
    by_family = doc.memo.get(key)
    if by_family is None:
        by_family = {}
        table = doc.text_memo.get("phrases")
        if table is None:
            table = doc.text_memo["phrases"] = {}
        match = default_matcher().match
        get = table.get
        dropped = doc.dropped
        for b in doc.blocks:
            text = b.text
            if len(text) > max_chars or b.index in dropped:
                continue
            hit = get(text, _MISSING)  # not try/except: most texts are new on a first reading
            if hit is _MISSING:
                hit = table[text] = match(text)
            if hit is not None:
                by_family.setdefault(hit.family, []).append(b.index)
        doc.memo[key] = by_family
    return by_family  # type: ignore[return-value]


@register_filter("navigation", family="navigation")
@dataclass(frozen=True, slots=True, kw_only=True)
class NavigationFilter(PhraseFilter):
    """Menus, skip links, search prompts, language/theme/font switchers, pagination.

    Removes "WHAT ARE YOU LOOKING FOR ?" or "A+"; keeps "Search teams found the wreck."
    """

    phrases: ClassVar[str] = "navigation"


@register_filter("social", family="social")
@dataclass(frozen=True, slots=True, kw_only=True)
class SocialFilter(PhraseFilter):
    """Social link lists, follow and share prompts, copy-link and print controls.

    Removes "Follow us on Telegram"; keeps "Telegram was founded in 2013."
    """

    phrases: ClassVar[str] = "social"


@register_filter("apps", family="apps")
@dataclass(frozen=True, slots=True, kw_only=True)
class AppBadgeFilter(PhraseFilter):
    """App-store badges. Removes "Get it on Google Play"; keeps "The app store fee is 30%."."""

    phrases: ClassVar[str] = "apps"


@register_filter("ads", family="ads")
@dataclass(frozen=True, slots=True, kw_only=True)
class AdLabelFilter(PhraseFilter):
    """Ad labels and loading placeholders. Removes "Advertisement"; keeps "Ads work."."""

    phrases: ClassVar[str] = "ads"


@register_filter("consent", family="consent")
@dataclass(frozen=True, slots=True, kw_only=True)
class ConsentFilter(PhraseFilter):
    """Cookie banners, newsletter and paywall prompts, JavaScript notices.

    Removes "We use cookies to improve your experience. Accept all"; keeps prose about cookies.
    """

    phrases: ClassVar[str] = "consent"
    max_words: int = 120  # cookie banners are long sentences (a common WordPress one has 99 words)


@register_filter("footer", family="footer")
@dataclass(frozen=True, slots=True, kw_only=True)
class FooterLinkFilter(PhraseFilter):
    """Legal and site links. Removes "Privacy Policy"; keeps "The privacy policy changed in May."."""

    phrases: ClassVar[str] = "footer"


@register_filter("related", family="related")
@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedFilter(PhraseFilter):
    """Related / read-more / comments / tags headings. Removes "Read also"; keeps prose."""

    phrases: ClassVar[str] = "related"
