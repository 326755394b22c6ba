"""Built-in filters; importing this package registers them."""
from __future__ import annotations

from . import chrome, headline, metalines, region  # noqa: F401  (registration side effects)
from .base import KEEP, Filter, FunctionFilter, Verdict

__all__ = ["Filter", "FunctionFilter", "Verdict", "KEEP"]
