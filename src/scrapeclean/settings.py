"""Defaults in one place."""
from __future__ import annotations

# The default pipeline, in order. Metadata lines go first (they record values before any
# other filter can drop their line), then phrase-list chrome, then the main-content
# detector decides the rest, and the headline step reads title/date/authors around it.
DEFAULT_FILTERS: tuple[str, ...] = (
    "counters",
    "copyright",
    "dateline",
    "byline",
    "navigation",
    "social",
    "apps",
    "ads",
    "consent",
    "footer",
    "related",
    "main-content",
    "headline",
)

# language detection reads this many characters of the longer blocks: enough to decide
LANGUAGE_SAMPLE_CHARS = 20_000
