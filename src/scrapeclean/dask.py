"""Clean pages on a Dask cluster: a `dask.bag` of pages, or a column of a `dask.dataframe`.

Needs the optional extra: ``pip install "scrapeclean[dask]"``. The pipeline (a Pipeline, a
config dict or a TOML path) travels to the workers as its plain config dict and is built
once per worker process (at most once per partition), exactly as `scrapeclean batch` does.

>>> import dask.bag as db
>>> from scrapeclean.dask import clean_bag
>>> pages = db.read_text("s3://bucket/pages-*.jsonl.gz").map(json.loads)
>>> clean_bag(pages, pipeline="pipeline.toml").map(json.dumps).to_textfiles("out/*.jsonl.gz")
"""
from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
from dataclasses import fields as dc_fields
from typing import Any, Literal

from .batch import Settings, _State, item_task, output_record, pipeline_spec, process_task
from .errors import ScrapecleanError
from .pipeline import Pipeline
from .result import CleanResult, Metadata

__all__ = ["clean_bag", "clean_dataframe", "clean_partition", "DATAFRAME_FIELDS"]

OnError = Literal["record", "raise"]
# the columns clean_dataframe can add: result fields, Metadata fields, "author" (joined)
_RESULT_FIELDS = ("text", "markdown", "kind", "removed")
DATAFRAME_FIELDS = _RESULT_FIELDS + ("author",) + tuple(f.name for f in dc_fields(Metadata))
DEFAULT_COLUMNS = ("text", "title", "author", "published", "site_name", "language")

_STATES: dict[bytes, _State] = {}  # per worker process: settings -> built pipeline


def _state(settings: Settings) -> _State:
    key = pickle.dumps(settings)
    state = _STATES.get(key)
    if state is None:
        if len(_STATES) >= 8:
            _STATES.clear()
        state = _STATES[key] = _State(settings, in_worker=True)
    return state


def _settings(pipeline: Any, kind: str | None, timeout: float | None, errors: str) -> Settings:
    # only the cooperative timeout: Dask runs tasks in threads, where no alarm can reach them
    return Settings(pipeline=pipeline_spec(pipeline), mode="result", timeout=timeout,
                    errors=errors, kind=kind, hard_timeout=False)


def clean_partition(items: Sequence[Any], settings: Settings, on_error: OnError = "record",
                    output: Literal["record", "result"] = "record") -> list[Any]:
    """Clean one partition: the pipeline is built once (and kept for the next partitions)."""
    state = _state(settings)
    out: list[Any] = []
    for i, obj in enumerate(items):
        ok, value = process_task(state, item_task(obj, settings, default_id=None,
                                                  source=f"item {i}"))
        if ok:
            out.append(value if output == "result" else output_record(value, *_id_url(obj)))
            continue
        exc = value.pop("_exc", None)
        if on_error == "raise":
            raise exc if exc is not None else ScrapecleanError(f"{value['error']}: {value['reason']}")
        out.append(value)
    return out


def _id_url(obj: Any) -> tuple[str | None, str | None]:
    if isinstance(obj, Mapping):
        doc_id, url = obj.get("id"), obj.get("url")
        return (None if doc_id is None else str(doc_id)), (url if isinstance(url, str) else None)
    return None, None


def clean_bag(bag: Any, pipeline: Pipeline | Mapping[str, Any] | str | None = None, *,
              kind: str | None = None, timeout: float | None = None, errors: str = "replace",
              on_error: OnError = "record", output: Literal["record", "result"] = "record") -> Any:
    """Clean every item of a `dask.bag.Bag`: str/bytes pages, or dicts with text/html/url/id.

    Returns a bag of output records, the same dicts `scrapeclean batch` writes (id, url,
    kind, text, metadata, removed counts), or CleanResult objects with `output="result"`.
    With `on_error="record"` (default) an item that fails becomes an error record
    {"id", "url", "source", "error", "reason"} in its place; with "raise" it fails the task.
    """
    if on_error not in ("record", "raise"):
        raise ValueError('on_error must be "record" or "raise"')
    settings = _settings(pipeline, kind, timeout, errors)
    return bag.map_partitions(clean_partition, settings, on_error, output)


def clean_dataframe(df: Any, column: str, *, pipeline: Pipeline | Mapping[str, Any] | str | None = None,
                    columns: Sequence[str] = DEFAULT_COLUMNS, prefix: str = "",
                    kind: str | None = None, url_column: str | None = None,
                    timeout: float | None = None, errors: str = "replace",
                    on_error: OnError = "record") -> Any:
    """Clean the pages in `df[column]`; return `df` with the cleaned `columns` added.

    `columns` name result fields ("text", "markdown", "kind", "removed"), Metadata fields
    ("title", "authors", "published", "site_name", "section", "views", "language",
    "copyright", "url", "sources") or "author" (all authors joined with "; "); each becomes
    column `prefix + name` (an existing column of that name is replaced, so cleaning a
    "text" column in place is `clean_dataframe(df, "text")`). `kind` is the input kind of
    the column (default: detect per page); `url_column` gives each page's URL. With
    `on_error="record"` a page that fails gets nulls and the reason in `prefix + "error"`.
    """
    unknown = [c for c in columns if c not in DATAFRAME_FIELDS]
    if unknown:
        raise ValueError(f"unknown columns {unknown}; choose from {list(DATAFRAME_FIELDS)}")
    if on_error not in ("record", "raise"):
        raise ValueError('on_error must be "record" or "raise"')
    settings = _settings(pipeline, kind, timeout, errors)
    args = (column, url_column, tuple(columns), prefix, settings, on_error)
    meta = _clean_frame(df._meta, *args)
    return df.map_partitions(_clean_frame, *args, meta=meta)


def _clean_frame(frame: Any, column: str, url_column: str | None, columns: tuple[str, ...],
                 prefix: str, settings: Settings, on_error: OnError) -> Any:
    import pandas as pd

    values: dict[str, list[Any]] = {c: [] for c in columns}
    failures: list[str | None] = []
    texts = frame[column].tolist()
    urls = frame[url_column].tolist() if url_column else [None] * len(texts)
    state = _state(settings) if texts else None
    for raw, url in zip(texts, urls):
        result: CleanResult | None = None
        reason: str | None = None
        if not isinstance(raw, (str, bytes)) and pd.isna(raw):  # None, NaN, pd.NA: no page
            reason = "NoText: the page is missing"
        else:
            item = {"text": raw, "url": url if isinstance(url, str) else None}
            ok, value = process_task(state, item_task(item, settings, default_id=None,  # type: ignore[arg-type]
                                                      source=None))
            if ok:
                result = value
            else:
                exc = value.pop("_exc", None)
                if on_error == "raise":
                    raise exc if exc is not None else ScrapecleanError(value["reason"])
                reason = f"{value['error']}: {value['reason']}"
        failures.append(reason)
        for c in columns:
            values[c].append(None if result is None else _field(result, c))
    out = frame.copy()
    for c in columns:
        dtype = "Int64" if c == "views" else object
        out[prefix + c] = pd.Series(values[c], index=frame.index, dtype=dtype)
    if on_error == "record":
        out[prefix + "error"] = pd.Series(failures, index=frame.index, dtype=object)
    return out


def _field(result: CleanResult, name: str) -> Any:
    if name == "removed":
        return result.removed_counts()
    if name in _RESULT_FIELDS:
        return getattr(result, name)
    if name == "author":
        return result.metadata.author
    return getattr(result.metadata, name)
