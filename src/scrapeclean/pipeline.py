"""Pipeline: an ordered list of named filters run over the blocks of one page."""
from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import Any

from .decode import Errors, to_text
from .detect import detect_kind
from .document import Document, InputKind
from .errors import CleanTimeout, FilterError, InputTypeError, ScrapecleanError
from .filters.base import Filter
from .registry import create_filter
from .render import assemble_result
from .result import CleanResult, LineVerdict
from .segment import segment
from .metadata.language import detect_language
from .settings import DEFAULT_FILTERS, LANGUAGE_SAMPLE_CHARS

__all__ = ["Pipeline"]



class Pipeline:
    """Ordered, named filters. Mutating methods return the pipeline, so calls chain.

    >>> pipe = Pipeline.default().remove("social").configure("main-content", threshold=0.4)
    >>> pipe.clean(raw).text
    """

    def __init__(self, filters: Iterable[Filter | str | Mapping[str, Any]] = ()) -> None:
        self.filters: list[Filter] = []
        for f in filters:
            self.add(f)

    # -- building ---------------------------------------------------------------------
    @classmethod
    def default(cls) -> Pipeline:
        """The default pipeline (see `settings.DEFAULT_FILTERS`)."""
        return cls(DEFAULT_FILTERS)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Pipeline:
        """Build from a plain dict, e.g. loaded from TOML or JSON.

        `{"filters": ["navigation", {"name": "share-widgets", "max_words": 5}]}`; a config
        with `"base": "default"` starts from the default pipeline and applies `remove`,
        `configure` ({name: options}) and `add` (a list as above) to it.
        """
        if config.get("base") == "default":
            pipe = cls.default()
            for name in config.get("remove", []):
                pipe.remove(name)
            for name, opts in (config.get("configure") or {}).items():
                pipe.configure(name, **opts)
            for spec in config.get("add", []):
                pipe.add(spec)
            return pipe
        if "filters" not in config:
            raise ValueError('a pipeline config needs "filters" (a list) or "base": "default"')
        return cls(config["filters"])

    @classmethod
    def from_toml(cls, path: str) -> Pipeline:
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]
        with open(path, "rb") as f:
            data = tomllib.load(f)
        return cls.from_config(data.get("pipeline", data))

    def to_config(self) -> dict[str, Any]:
        """The plain-dict form `from_config` reads back."""
        return {"filters": [{"name": f.name, **f.options()} for f in self.filters]}

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.filters]

    def add(self, spec: Filter | str | Mapping[str, Any], *, before: str | None = None,
            after: str | None = None) -> Pipeline:
        """Append a filter (an instance, a registered name, or {"name": ..., **options})."""
        flt = _make(spec)
        if flt.name in self.names:
            raise ValueError(f"the pipeline already has a filter named {flt.name!r}")
        if before is not None:
            self.filters.insert(self._index(before), flt)
        elif after is not None:
            self.filters.insert(self._index(after) + 1, flt)
        else:
            self.filters.append(flt)
        return self

    def remove(self, name: str) -> Pipeline:
        del self.filters[self._index(name)]
        return self

    def replace(self, name: str, spec: Filter | str | Mapping[str, Any]) -> Pipeline:
        self.filters[self._index(name)] = _make(spec)
        return self

    def move(self, name: str, *, before: str | None = None, after: str | None = None) -> Pipeline:
        flt = self.get(name)
        self.remove(name)
        if before is None and after is None:
            self.filters.append(flt)
            return self
        pos = self._index(before) if before is not None else self._index(after) + 1  # type: ignore[arg-type]
        self.filters.insert(pos, flt)
        return self

    def configure(self, name: str, **options: Any) -> Pipeline:
        i = self._index(name)
        self.filters[i] = self.filters[i].configured(**options)
        return self

    def get(self, name: str) -> Filter:
        return self.filters[self._index(name)]

    def _index(self, name: str) -> int:
        for i, f in enumerate(self.filters):
            if f.name == name:
                return i
        raise KeyError(f"no filter named {name!r} in this pipeline ({', '.join(self.names)})")

    def __repr__(self) -> str:
        return f"Pipeline({self.names!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and self.filters == other.filters

    # -- running ----------------------------------------------------------------------
    def run(self, raw: str | bytes, *, url: str | None = None, kind: InputKind | None = None,
            doc_id: str | None = None, errors: Errors = "replace",
            timeout: float | None = None) -> Document:
        """Segment the input and run every filter; return the document with its decisions."""
        if url is not None and not isinstance(url, str):
            raise InputTypeError(f"url= takes a str or None, not {type(url).__name__}")
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))):
            raise InputTypeError(f"timeout= takes seconds (int or float) or None, not {type(timeout).__name__}")
        if errors not in ("replace", "strict"):
            raise ValueError(f"errors must be 'replace' or 'strict', not {errors!r}")
        deadline = None if timeout is None else time.monotonic() + timeout
        text = to_text(raw, errors=errors)
        if kind is None:
            kind = detect_kind(text)
        elif kind not in ("text", "markdown", "html"):
            raise ValueError(f"kind must be 'text', 'markdown' or 'html', not {kind!r}")
        doc = _document(text, kind, url, doc_id)
        for flt in self.filters:
            if deadline is not None and time.monotonic() > deadline:
                raise CleanTimeout(f"cleaning took longer than {timeout} s (stopped before {flt.name!r})")
            try:
                for block, verdict in flt.apply(doc):
                    if block.index not in doc.dropped:
                        doc.dropped[block.index] = (flt.name, verdict.reason or flt.name, verdict.evidence)
            except ScrapecleanError:
                raise
            except Exception as exc:  # a third-party filter's bug: say whose it is
                raise FilterError(flt.name, doc_id, exc) from exc
        if deadline is not None and self.filters and time.monotonic() > deadline:
            raise CleanTimeout(f"cleaning took longer than {timeout} s (ran over in {self.filters[-1].name!r})")
        return doc

    def clean(self, raw: str | bytes, *, url: str | None = None, kind: InputKind | None = None,
              doc_id: str | None = None, errors: Errors = "replace",
              timeout: float | None = None) -> CleanResult:
        """Clean one page: article text, metadata, and a record of every removed block."""
        return assemble_result(self.run(raw, url=url, kind=kind, doc_id=doc_id, errors=errors,
                                        timeout=timeout))

    def explain(self, raw: str | bytes, *, url: str | None = None, kind: InputKind | None = None,
                errors: Errors = "replace") -> list[LineVerdict]:
        """Every input line with its verdict, and the filter and reason that decided it."""
        doc = self.run(raw, url=url, kind=kind, errors=errors)
        owner: dict[int, int] = {}
        for b in doc.blocks:
            for ln in range(b.start, b.end):
                owner.setdefault(ln, b.index)
        out = []
        for ln, line in enumerate(doc.lines):
            bi = owner.get(ln)
            if bi is None:
                out.append(LineVerdict(ln, line, "blank"))
            elif bi in doc.dropped:
                name, reason, _ = doc.dropped[bi]
                out.append(LineVerdict(ln, line, "drop", name, reason, bi))
            else:
                out.append(LineVerdict(ln, line, "keep", None, None, bi))
        return out

    def __reduce__(self) -> tuple[Any, ...]:
        return (Pipeline, (list(self.filters),))


def _make(spec: Filter | str | Mapping[str, Any]) -> Filter:
    if isinstance(spec, Filter):
        return spec
    if isinstance(spec, str):
        return create_filter(spec)
    if isinstance(spec, Mapping):
        opts = dict(spec)
        name = opts.pop("name", None)
        if not isinstance(name, str):
            raise ValueError(f"a filter spec needs a 'name': {spec!r}")
        return create_filter(name, **opts)
    raise TypeError(f"a filter is a Filter, a registered name or a dict, not {type(spec).__name__}")


def _document(text: str, kind: InputKind, url: str | None, doc_id: str | None) -> Document:
    html_meta: dict[str, object] = {}
    if kind == "html":
        from .segment.html import segment_html

        blocks, lines, html_meta = segment_html(text)
    else:
        blocks, lines = segment(text, kind)
    doc = Document(blocks=blocks, kind=kind, lines=lines, url=url, doc_id=doc_id, html_meta=html_meta)
    doc.language = _language(doc)
    if blocks and kind != "html":
        doc.title_hint = blocks[0].text if blocks[0].word_count <= 40 else None
    else:
        title = html_meta.get("title_tag")
        doc.title_hint = title if isinstance(title, str) else None
    return doc


def _language(doc: Document) -> str | None:
    """Detect the language on the longer blocks: menus and chrome are often in another one."""
    declared = doc.html_meta.get("language")
    declared = declared[0] if isinstance(declared, tuple) else None
    sample: list[str] = []
    size = 0
    for b in sorted(doc.blocks, key=lambda b: -len(b.text))[:50]:
        if size >= LANGUAGE_SAMPLE_CHARS:
            break
        sample.append(b.text[:LANGUAGE_SAMPLE_CHARS])
        size += len(sample[-1])
    found = detect_language("\n".join(sample))
    if found is None and isinstance(declared, str) and declared:
        return declared.split("-")[0].lower()[:2]
    return found
