"""Phrase-list filters: one per chrome family, rules in `data/phrases/<family>.txt`.

Each removes short lines that are only chrome ("Share on Facebook", "Ссылка скопирована",
"Accept all cookies"); the reason code comes from the rule that matched.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..document import Block, Document
from ..phrases import PhraseHit, match_line
from ..registry import register_filter
from .base import Filter, Verdict


@dataclass(frozen=True, slots=True, kw_only=True)
class PhraseFilter(Filter):
    """Drop a block matched by a rule of this filter's phrase family."""

    phrases: ClassVar[str] = ""
    max_words: int = 40  # past this a block is prose, whatever phrase it contains

    def judge(self, block: Block, doc: Document) -> Verdict | None:
        if len(block.text) > 8 * self.max_words:
            return None
        hit = phrase_hits(doc)[block.index]
        if hit is None or hit.family != self.phrases or block.word_count > self.max_words:
            return None
        return Verdict.drop(hit.reason, evidence=hit.pattern)

    def apply(self, doc: Document):  # type: ignore[override]
        # only blocks with a hit can be dropped: skip judging the rest (7 filters x every block)
        for i, hit in enumerate(phrase_hits(doc)):
            if hit is not None and hit.family == self.phrases and i not in doc.dropped:
                verdict = self.judge(doc.blocks[i], doc)
                if verdict is not None:
                    yield doc.blocks[i], verdict


def phrase_hits(doc: Document) -> list[PhraseHit | None]:
    """The phrase-rule hit of every block, matched once per document for all families."""
    hits = doc.memo.get("phrase_hits")
    if hits is None:
        hits = [doc.per_text("phrases", b.text, match_line) if len(b.text) <= 1000 else None
                for b in doc.blocks]
        doc.memo["phrase_hits"] = hits
    return hits  # type: ignore[return-value]


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
    max_words: int = 80  # cookie banners are long sentences


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
