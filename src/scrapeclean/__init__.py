"""scrapeclean: clean article text and metadata from the raw text (or HTML) of a web page.

>>> import scrapeclean
>>> result = scrapeclean.clean(raw_text, url="https://example.com/story")
>>> result.text, result.metadata.title, [r.reason for r in result.removed]
"""
from __future__ import annotations

from . import filters as _filters  # noqa: F401  (registers the built-in filters)
from .decode import Errors
from .document import Block, Document, InputKind
from .errors import CleanTimeout, DecodeError, FilterError, InputTypeError, ScrapecleanError
from .filters.base import Filter, Verdict
from .pipeline import Pipeline
from .registry import available_filters, create_filter, register_filter
from .result import CleanResult, LineVerdict, Metadata, Removal
from .batch import clean_many

__all__ = [
    "clean", "explain", "Pipeline", "CleanResult", "Metadata", "Removal", "LineVerdict",
    "Filter", "Verdict", "Block", "Document", "register_filter", "create_filter",
    "available_filters", "ScrapecleanError", "InputTypeError", "DecodeError", "CleanTimeout",
    "FilterError", "clean_many",
]
__version__ = "0.1.0"

_DEFAULT: Pipeline | None = None


def _default() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline.default()
    return _DEFAULT


def clean(raw: str | bytes, *, url: str | None = None, pipeline: Pipeline | None = None,
          kind: InputKind | None = None, doc_id: str | None = None, errors: Errors = "replace",
          timeout: float | None = None) -> CleanResult:
    """Clean one page given as innerText, get_text() output, markdown or HTML (str or bytes)."""
    return (pipeline or _default()).clean(raw, url=url, kind=kind, doc_id=doc_id, errors=errors,
                                          timeout=timeout)


def explain(raw: str | bytes, *, url: str | None = None, pipeline: Pipeline | None = None,
            kind: InputKind | None = None) -> list[LineVerdict]:
    """Every input line with its verdict and the filter and reason behind it."""
    return (pipeline or _default()).explain(raw, url=url, kind=kind)
