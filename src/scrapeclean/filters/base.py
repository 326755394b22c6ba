"""The filter contract: judge one block (and, if needed, revise with the whole document)."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from ..document import Block, Document

__all__ = ["Verdict", "Filter", "FunctionFilter", "KEEP"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """A filter's decision on one block: keep it, or drop it with a snake_case reason code."""

    keep: bool
    reason: str | None = None
    evidence: str | None = None

    @classmethod
    def drop(cls, reason: str, evidence: str | None = None) -> Verdict:
        return cls(False, reason, evidence)


KEEP = Verdict(True)


class Filter:
    """Base class of a pipeline step.

    Subclasses are (frozen) dataclasses whose fields are their options, set a registry `name`
    and a `family`, and override `judge` (one block at a time) or `apply` (the whole document,
    for filters that need context, like the main-content detector). Filters keep no state
    between documents: per-document findings go to `doc.note(...)`.
    """

    name: ClassVar[str] = ""
    family: ClassVar[str] = "custom"

    def judge(self, block: Block, doc: Document) -> Verdict | None:
        """Return a drop verdict for `block`, or None / KEEP to let it through."""
        return None

    def apply(self, doc: Document) -> Iterator[tuple[Block, Verdict]]:
        """Yield (block, verdict) for each block this filter drops."""
        for block in doc.alive():
            verdict = self.judge(block, doc)
            if verdict is not None and not verdict.keep:
                yield block, verdict

    def options(self) -> dict[str, Any]:
        """The filter's options (its dataclass fields)."""
        if dataclasses.is_dataclass(self):
            return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return {}

    def configured(self, **options: Any) -> Filter:
        """A copy of this filter with some options changed."""
        if not dataclasses.is_dataclass(self):
            raise TypeError(f"filter {self.name!r} takes no options")
        return dataclasses.replace(self, **options)  # type: ignore[type-var]


JudgeFn = Callable[..., "Verdict | str | bool | None"]


class FunctionFilter(Filter):
    """A filter made from a plain function by `@register_filter` (see registry).

    The function gets `(block, doc, **options)` and returns a reason code (drop), True (drop
    with reason = the filter's name), a Verdict, or None/False (keep).
    """

    def __init__(self, name: str, fn: JudgeFn, family: str = "custom", **options: Any) -> None:
        self._name, self._fn, self._family, self._options = name, fn, family, options

    @property  # type: ignore[override]
    def name(self) -> str:  # noqa: D401
        return self._name

    @property  # type: ignore[override]
    def family(self) -> str:
        return self._family

    def judge(self, block: Block, doc: Document) -> Verdict | None:
        out = self._fn(block, doc, **self._options)
        if out is None or out is False:
            return None
        if out is True:
            return Verdict.drop(self._name.replace("-", "_"))
        if isinstance(out, str):
            return Verdict.drop(out)
        return out

    def options(self) -> dict[str, Any]:
        return dict(self._options)

    def configured(self, **options: Any) -> Filter:
        return FunctionFilter(self._name, self._fn, self._family, **{**self._options, **options})

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._name, self._fn, self._family, self._options))

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, FunctionFilter) and other._name == self._name
                and other._fn is self._fn and other._options == self._options)

    def __hash__(self) -> int:
        return hash((self._name, self._fn))

    def __repr__(self) -> str:
        return f"FunctionFilter({self._name!r}, {self._fn.__name__}, {self._options!r})"


def _rebuild(name: str, fn: JudgeFn, family: str, options: dict[str, Any]) -> FunctionFilter:
    return FunctionFilter(name, fn, family, **options)
