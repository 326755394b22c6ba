"""Filters by name: the built-in ones, user ones (`@register_filter`) and entry points."""
from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar, overload

from .filters.base import Filter, FunctionFilter, JudgeFn

__all__ = ["register_filter", "create_filter", "available_filters", "ENTRY_POINT_GROUP"]

ENTRY_POINT_GROUP = "scrapeclean.filters"

Factory = Callable[..., Filter]
_REGISTRY: dict[str, Factory] = {}
_entry_points_loaded = False

F = TypeVar("F")


def register_filter(name: str, *, family: str = "custom") -> Callable[[F], F]:
    """Register a Filter subclass, or a plain judge function, under `name`.

    >>> @register_filter("no-shouting")
    ... def no_shouting(block, doc, *, min_words=3):
    ...     return "shouting" if block.text.isupper() and block.word_count >= min_words else None
    """

    def decorate(obj: F) -> F:
        if inspect.isclass(obj) and issubclass(obj, Filter):
            obj.name = name  # type: ignore[misc]
            if family != "custom" or not getattr(obj, "family", None):
                obj.family = family  # type: ignore[misc]
            _REGISTRY[name] = obj
        elif callable(obj):
            fn: JudgeFn = obj  # type: ignore[assignment]
            _REGISTRY[name] = lambda **opts: FunctionFilter(name, fn, family, **opts)
        else:
            raise TypeError(f"register_filter needs a Filter subclass or a function, not {obj!r}")
        return obj

    return decorate


def create_filter(name: str, **options: Any) -> Filter:
    """Instantiate the filter registered as `name` with the given options."""
    factory = _REGISTRY.get(name)
    if factory is None:
        _load_entry_points()
        factory = _REGISTRY.get(name)
    if factory is None:
        raise KeyError(f"no filter named {name!r}; known: {', '.join(available_filters())}")
    return factory(**options)


def available_filters() -> list[str]:
    _load_entry_points()
    return sorted(_REGISTRY)


def _load_entry_points() -> None:
    """Import third-party filters advertised under the `scrapeclean.filters` group, once."""
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in _REGISTRY:
            continue
        obj = ep.load()
        if inspect.isclass(obj) and issubclass(obj, Filter):
            if not obj.name:
                obj.name = ep.name  # type: ignore[misc]
            _REGISTRY[ep.name] = obj
        elif isinstance(obj, Filter):
            _REGISTRY[ep.name] = lambda _f=obj, **opts: _f.configured(**opts) if opts else _f
        elif callable(obj):
            register_filter(ep.name)(obj)
