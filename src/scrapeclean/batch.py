"""Clean many pages at once: `scrapeclean batch` (JSONL, WARC/WET, directories) and `clean_many`.

Work goes to a process pool in small chunks with a bounded number in flight, so memory stays
flat however large the input; results come back in input order through a bounded reorder
buffer (or as they finish with `--unordered`). A record that fails (undecodable, too large,
too slow, a filter error, even a worker crash) becomes a line of the errors file and the
batch goes on. Each worker builds the pipeline once, from a plain config dict.

>>> from scrapeclean import clean_many
>>> for result in clean_many(pages, workers=4):
...     print(result.metadata.title)
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sized
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import Any, Literal

from ._io import (InputError, InputSet, ParquetWriter, Task, default_errors_path, dumps,
                  ensure_parent, error_record, open_writer)
from .decode import to_text
from .errors import CleanTimeout, FilterError, ScrapecleanError
from .pipeline import Pipeline
from .result import CleanResult

__all__ = ["clean_many", "run_batch", "BatchStats", "Failure", "add_batch_parser",
           "output_record", "DEFAULT_MAX_BYTES"]

# a page larger than this (bytes of HTML or text) goes to the errors file instead of a worker
DEFAULT_MAX_BYTES = 20_000_000
# worker processes are replaced by fresh ones after this many records each (0/None: never)
DEFAULT_RECYCLE = 1000
# adaptive chunks: about this much worker CPU per submission. Each submission costs the
# parent ~1 ms of CPU and wakes three of its threads, which preempt a worker when there is a
# core per worker. Dev corpus, 555 pages, 2 workers: 50 ms of wall time made ~480
# submissions and 0.5 CPU s in the parent, 250 ms of CPU ~110 and 0.15 s. The idle tail
# that bigger chunks would leave is cut by `_GUIDE`.
_TARGET_CHUNK_SECONDS = 0.25
_MAX_CHUNK = 32
# guided chunks (as in OpenMP's schedule(guided)): when the input size is known, a chunk is
# at most the estimated remaining records / (_GUIDE x workers), so chunks shrink to one
# record towards the end and the workers finish together
_GUIDE = 4
_KINDS = ("text", "markdown", "html")
_CRASH_REASON = ("the worker process died on this record (out of memory, or a crash in "
                 "native code)")

Mode = Literal["json", "dict", "result"]
PipelineSpec = tuple[str, Any] | None  # ("config", dict) | ("pickle", bytes) | None: default


# -- pipeline shipping ----------------------------------------------------------------------
def pipeline_spec(pipeline: Pipeline | Mapping[str, Any] | str | os.PathLike[str] | None
                  ) -> PipelineSpec:
    """What workers need to rebuild `pipeline`: its config dict, or (rarely) its pickle.

    Accepts a Pipeline, a config dict (as `Pipeline.from_config` reads), or the path of a
    TOML file. The pipeline is built here once to fail early on a bad config. A pipeline
    whose config does not rebuild it (a filter instance that is not registered) is pickled.
    """
    if pipeline is None:
        return None
    if isinstance(pipeline, (str, os.PathLike)):
        config = _load_toml(os.fspath(pipeline))
        Pipeline.from_config(config)
        return ("config", config)
    if isinstance(pipeline, Mapping):
        config = json.loads(json.dumps(dict(pipeline)))  # a plain, picklable copy
        Pipeline.from_config(config)
        return ("config", config)
    if isinstance(pipeline, Pipeline):
        config = pipeline.to_config()
        try:
            if Pipeline.from_config(config) == pipeline:
                return ("config", config)
        except (KeyError, ValueError, TypeError):
            pass
        return ("pickle", pickle.dumps(pipeline))
    raise TypeError(f"pipeline must be a Pipeline, a config dict or a TOML path, not "
                    f"{type(pipeline).__name__}")


def build_pipeline(spec: PipelineSpec) -> Pipeline:
    if spec is None:
        return Pipeline.default()
    how, value = spec
    return Pipeline.from_config(value) if how == "config" else pickle.loads(value)


def _load_toml(path: str) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    with open(path, "rb") as f:
        data = tomllib.load(f)
    return dict(data.get("pipeline", data))


# -- one record -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    """Everything a worker needs, shipped once to each worker by the pool initializer."""

    pipeline: PipelineSpec = None
    mode: Mode = "json"
    timeout: float | None = None
    errors: str = "replace"
    kind: str | None = None  # force the kind of text fields / str items (None: detect)
    text_field: str = "text"
    html_field: str = "html"
    url_field: str = "url"
    id_field: str = "id"
    hard_timeout: bool = True  # also interrupt a stuck filter with SIGALRM (main thread only)


class _State:
    def __init__(self, settings: Settings, *, in_worker: bool) -> None:
        self.settings = settings
        self.pipeline = build_pipeline(settings.pipeline)
        self.in_worker = in_worker
        self.hard = False
        self.check_hard()
        self.fields = {k: tuple(v.split(".")) for k, v in (
            ("text", settings.text_field), ("html", settings.html_field),
            ("url", settings.url_field), ("id", settings.id_field))}

    def check_hard(self) -> None:
        """Whether a stuck record can be interrupted by an alarm: only in a main thread."""
        s = self.settings
        self.hard = bool(s.timeout and s.hard_timeout and hasattr(signal, "setitimer")
                         and threading.current_thread() is threading.main_thread())


_STATE: _State | None = None


def _init_worker(settings: Settings) -> None:
    """Pool initializer: build the pipeline once per worker process."""
    global _STATE
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _STATE = _State(settings, in_worker=True)
    if _STATE.hard:
        signal.signal(signal.SIGALRM, _on_alarm)


def _on_alarm(signum: int, frame: Any) -> None:
    raise CleanTimeout("cleaning took longer than the timeout (interrupted)")


def _work(tasks: list[Task]) -> tuple[float, list[tuple[bool, Any]]]:
    """Worker entry point: clean one chunk; never raises for a bad record."""
    assert _STATE is not None, "worker not initialised"
    # CPU time, not wall time: on a busy machine a record's wall time swells with the
    # neighbours' load, and chunks sized by it shrink just when the overhead hurts most
    t0 = time.process_time()
    out = [process_task(_STATE, t) for t in tasks]
    return time.process_time() - t0, out


def process_task(state: _State, task: Task) -> tuple[bool, Any]:
    """(True, output) or (False, error record) for one task."""
    tag = task[0]
    if tag == "error":
        return False, task[1]
    if tag == "line":
        parsed = _parse_line(state, task)
        if parsed[0] == "error":
            return False, parsed[1]
        task = parsed
    _, doc_id, url, raw, kind, charset, source = task
    try:
        if charset and isinstance(raw, (bytes, bytearray)):
            raw = to_text(raw, errors=state.settings.errors,  # type: ignore[arg-type]
                          declared=charset)
        result = _clean(state, raw, url, kind, doc_id)
        mode = state.settings.mode
        if mode == "result":
            return True, result
        record = output_record(result, doc_id, url)
        return True, (dumps(record) if mode == "json" else record)
    except Exception as exc:  # one bad record never stops the batch
        rec = error_record(doc_id, url, source, type(exc).__name__, str(exc) or repr(exc))
        if isinstance(exc, FilterError):  # whose bug it is, as a field of its own
            rec["filter"] = exc.filter_name
        if state.settings.mode == "result":
            rec["_exc"] = _portable(exc)
        return False, rec


def _clean(state: _State, raw: Any, url: str | None, kind: Any, doc_id: str | None) -> CleanResult:
    s = state.settings
    if not state.hard:
        return state.pipeline.clean(raw, url=url, kind=kind, doc_id=doc_id,
                                    errors=s.errors, timeout=s.timeout)  # type: ignore[arg-type]
    # cooperative timeout between filters, and an alarm for a filter stuck on one block
    signal.setitimer(signal.ITIMER_REAL, float(s.timeout) * 1.5 + 0.1)  # type: ignore[arg-type]
    try:
        return state.pipeline.clean(raw, url=url, kind=kind, doc_id=doc_id,
                                    errors=s.errors, timeout=s.timeout)  # type: ignore[arg-type]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it survives pickling, else a ScrapecleanError with its message.

    Where tblib's pickling support is installed (importing `distributed` does it for every
    exception class), the chained cause and traceback are pickled too: a FilterError whose
    cause (the third-party filter's own exception) cannot be pickled then travels without
    its chain, keeping its class, message, filter name and document id.
    """
    for strip in (False, True):
        if strip:
            exc.__cause__ = exc.__context__ = None
            exc.__traceback__ = None
        try:
            pickle.loads(pickle.dumps(exc))
            return exc
        except Exception:
            continue
    return ScrapecleanError(f"{type(exc).__name__}: {exc}")


def _parse_line(state: _State, task: Task) -> Task:
    _, label, lineno, data = task
    source = f"{label}:{lineno}"
    try:
        obj = json.loads(data)
    except ValueError as exc:
        return ("error", error_record(source, None, source, "JSONDecodeError", str(exc)))
    return item_task(obj, state, default_id=source, source=source)


def item_task(obj: Any, state: _State | Settings, *, default_id: str | None,
              source: str | None) -> Task:
    """A "doc" task from one item: str/bytes, or a dict with text/html/url/id (and kind)."""
    settings = state.settings if isinstance(state, _State) else state
    fields = state.fields if isinstance(state, _State) else None
    if isinstance(obj, (str, bytes, bytearray, memoryview)):
        return ("doc", default_id, None, obj, settings.kind, None, source)
    if not isinstance(obj, Mapping):
        return ("error", error_record(default_id, None, source, "InputTypeError",
                                      "a record must be a JSON object or a string, not "
                                      f"{type(obj).__name__}"))

    def get(name: str) -> Any:
        path = fields[name] if fields else tuple(getattr(settings, name + "_field").split("."))
        value: Any = obj
        for part in path:
            if not isinstance(value, Mapping):
                return None
            value = value.get(part)
        return value

    doc_id, url = get("id"), get("url")
    doc_id = default_id if doc_id is None else str(doc_id)
    url = url if isinstance(url, str) else None
    kind = obj.get("kind") if obj.get("kind") in _KINDS else settings.kind
    raw = get("text")
    if raw is None:
        raw = get("html")
        kind = "html"
        if raw is None:
            return ("error", error_record(
                doc_id, url, source, "NoText",
                f"the record has no {settings.text_field!r} or {settings.html_field!r} field"))
    if not isinstance(raw, (str, bytes)):
        return ("error", error_record(doc_id, url, source, "InputTypeError",
                                      f"the page text is a {type(raw).__name__}, not a string"))
    return ("doc", doc_id, url, raw, kind, None, source)


def output_record(result: CleanResult, doc_id: str | None, url: str | None) -> dict[str, Any]:
    """One line of batch output: id, url, kind, text, metadata, removed counts by reason."""
    return {"id": doc_id, "url": url, "kind": result.kind, "text": result.text,
            "metadata": asdict(result.metadata), "removed": result.removed_counts()}


def _task_ident(task: Task) -> tuple[str | None, str | None, str | None]:
    """(id, url, source) of a task, for an error record made outside the worker."""
    if task[0] == "doc":
        return task[1], task[2], task[6]
    if task[0] == "line":
        source = f"{task[1]}:{task[2]}"
        try:
            obj = json.loads(task[3])
            if isinstance(obj, dict):
                return str(obj.get("id", source)), obj.get("url"), source
        except ValueError:
            pass
        return source, None, source
    rec = task[1]
    return rec.get("id"), rec.get("url"), rec.get("source")


# -- the pool -------------------------------------------------------------------------------
class _Slot:
    __slots__ = ("tasks", "pos", "future", "results")

    def __init__(self, tasks: list[Task], pos: int, future: Future[Any]) -> None:
        self.tasks = tasks
        self.pos = pos
        self.future = future
        self.results: list[tuple[bool, Any]] | None = None

    def ready(self) -> bool:
        return self.results is not None or self.future.done()


class Engine:
    """Runs tasks on `workers` processes (or inline for one worker), yielding per chunk
    (input bytes read, [(ok, value), ...]) in input order unless `ordered=False`.

    At most 2 chunks per worker are queued or running, and at most 8 per worker wait in the
    reorder buffer, so memory does not grow with the input. Chunk size adapts to about
    250 ms of worker CPU unless `chunk_size` is given. If a worker process dies, the chunks it took
    down are re-run one record at a time on a fresh pool, and the record that kills a worker
    again is reported as failed. With `total_bytes` (the input size, in the unit of the
    positions `run` is given) or `max_records` (at most that many tasks), chunks shrink
    towards the end. Worker processes are replaced by fresh ones after
    `recycle_after` records each (on average), so whatever a long-running worker
    accumulates (allocator fragmentation, a leaking third-party filter) cannot grow without
    bound. (The parent does not build the pipeline itself: forked workers would inherit
    it, but every process of the tree would then count it in its RSS.)
    """

    def __init__(self, settings: Settings, *, workers: int = 1, ordered: bool = True,
                 chunk_size: int | None = None, mp_context: Any = None,
                 recycle_after: int | None = DEFAULT_RECYCLE, total_bytes: int = 0,
                 max_records: int | None = None) -> None:
        self.settings = settings
        self.total_bytes = total_bytes
        self.max_records = max_records
        self.workers = max(1, int(workers))
        self.ordered = ordered
        self.fixed_chunk = chunk_size
        self.chunk_size = chunk_size or 2
        self.mp_context = mp_context
        self.max_pending = 2 * self.workers
        self.max_buffer = 8 * self.workers
        self._per_record: float | None = None
        self._ex: ProcessPoolExecutor | None = None
        self.restarts = 0  # pools replaced after a worker crash
        self.recycles = 0  # pools replaced after recycle_after records per worker
        self.recycle_every = recycle_after * self.workers if recycle_after else None
        self._sent = 0
        self._taken = 0  # records read from the input so far
        self._pos = 0  # input position after them

    def run(self, tasks: Iterable[tuple[int, Task]]) -> Iterator[tuple[int, list[tuple[bool, Any]]]]:
        if self.workers == 1:
            yield from self._inline(tasks)
        else:
            yield from self._pool(tasks)

    def _inline(self, tasks: Iterable[tuple[int, Task]]) -> Iterator[tuple[int, list[tuple[bool, Any]]]]:
        state = _State(self.settings, in_worker=False)
        old = signal.signal(signal.SIGALRM, _on_alarm) if state.hard else None
        try:
            for pos, task in tasks:
                yield pos, [process_task(state, task)]
        finally:
            if state.hard:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=self.mp_context,
                                   initializer=_init_worker, initargs=(self.settings,))

    def _pool(self, tasks: Iterable[tuple[int, Task]]) -> Iterator[tuple[int, list[tuple[bool, Any]]]]:
        it = iter(tasks)
        self._ex = self._new_executor()
        dq: deque[_Slot] = deque()
        exhausted = False
        try:
            while True:
                if self.ordered:
                    while dq and dq[0].ready():
                        yield self._finish(dq.popleft(), dq)
                else:
                    for slot in [s for s in dq if s.ready()]:
                        dq.remove(slot)
                        yield self._finish(slot, dq)
                pending = [s.future for s in dq if not s.ready()]
                if exhausted or len(pending) >= self.max_pending or len(dq) >= self.max_buffer:
                    if not dq:
                        return
                    if pending:
                        wait(pending, return_when=FIRST_COMPLETED)
                    continue
                if self.recycle_every and self._sent >= self.recycle_every:
                    if pending:  # let the current workers finish their work first
                        wait(pending, return_when=FIRST_COMPLETED)
                        continue
                    self.recycles += 1
                    self._restart()
                chunk = list(islice(it, self._next_size()))
                if not chunk:
                    exhausted = True
                    continue
                self._sent += len(chunk)
                self._taken += len(chunk)
                pos = self._pos = chunk[-1][0]
                batch = [t for _, t in chunk]
                dq.append(_Slot(batch, pos, self._ex.submit(_work, batch)))
        finally:
            self._ex.shutdown(wait=True, cancel_futures=True)

    def _finish(self, slot: _Slot, others: Iterable[_Slot]) -> tuple[int, list[tuple[bool, Any]]]:
        if slot.results is None:
            try:
                elapsed, slot.results = slot.future.result()
                self._observe(elapsed, len(slot.tasks))
            except BrokenProcessPool:
                self._recover([slot, *others])
            except Exception as exc:  # e.g. an output that cannot be pickled
                slot.results = [(False, error_record(*_task_ident(t), type(exc).__name__, str(exc)))
                                for t in slot.tasks]
        assert slot.results is not None
        return slot.pos, slot.results

    def _next_size(self) -> int:
        """The adaptive chunk size, capped by the records left (estimated from the position)
        before the end of the input, or before the pool is recycled (which waits for the
        work in flight, so the workers should run out together there too)."""
        if self.fixed_chunk:
            return self.chunk_size
        left = float("inf")
        if self.total_bytes and self._pos > 0:
            left = self._taken * max(0, self.total_bytes - self._pos) / self._pos
        if self.max_records is not None:
            left = min(left, self.max_records - self._taken)
        if self.recycle_every:
            left = min(left, self.recycle_every - self._sent)
        if left == float("inf"):
            return self.chunk_size
        return max(1, min(self.chunk_size, int(left / (_GUIDE * self.workers))))

    def _observe(self, elapsed: float, n: int) -> None:
        if self.fixed_chunk or n == 0:
            return
        per = elapsed / n
        self._per_record = per if self._per_record is None else 0.8 * self._per_record + 0.2 * per
        self.chunk_size = max(1, min(_MAX_CHUNK, int(_TARGET_CHUNK_SECONDS / max(self._per_record, 1e-6))))

    def _recover(self, slots: list[_Slot]) -> None:
        """A worker died: keep the chunks that finished, re-run the others record by record."""
        self.restarts += 1
        broken = []
        for s in slots:
            if s.results is not None:
                continue
            wait([s.future])
            try:
                _, s.results = s.future.result()
            except Exception:
                broken.append(s)
        self._restart()
        for s in broken:
            s.results = [self._isolated(t) for t in s.tasks]

    def _isolated(self, task: Task) -> tuple[bool, Any]:
        assert self._ex is not None
        try:
            return self._ex.submit(_work, [task]).result()[1][0]
        except BrokenProcessPool:
            self._restart()
            return False, error_record(*_task_ident(task), "WorkerCrashed", _CRASH_REASON)

    def _restart(self) -> None:
        if self._ex is not None:
            self._ex.shutdown(wait=True, cancel_futures=True)
        self._ex = self._new_executor()
        self._sent = 0


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# -- Python API -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Failure:
    """A record `clean_many(..., on_error="return")` could not clean."""

    id: str | None
    url: str | None
    error: str  # exception class name
    reason: str
    exception: BaseException | None = field(default=None, compare=False, repr=False)


def clean_many(items: Iterable[Any], *, workers: int | None = None,
               pipeline: Pipeline | Mapping[str, Any] | str | None = None,
               kind: str | None = None, timeout: float | None = None,
               errors: str = "replace", on_error: Literal["raise", "return"] = "raise",
               chunk_size: int | None = None, mp_context: Any = None,
               recycle_after: int | None = DEFAULT_RECYCLE) -> Iterator[CleanResult | Failure]:
    """Clean many pages on `workers` processes (default: all cores), yielding in input order.

    Items are str/bytes (kind detected, or `kind=`), or dicts with "text" or "html" and
    optionally "url", "id" and "kind". `pipeline` is a Pipeline, a config dict or a TOML
    path; each worker builds it once. With `on_error="raise"` the first record that fails
    raises its exception (a ScrapecleanError subclass, in order); with "return" a `Failure`
    is yielded in its place and the rest goes on. `timeout` is per record, in seconds.
    Memory stays flat: items are read from the iterable only as workers free up.
    """
    if on_error not in ("raise", "return"):
        raise ValueError('on_error must be "raise" or "return"')
    n = default_workers() if not workers else workers
    # inline (one worker): no alarm signal in the caller's process, the cooperative timeout only
    settings = Settings(pipeline=pipeline_spec(pipeline), mode="result", timeout=timeout,
                        errors=errors, kind=kind, hard_timeout=n > 1)
    engine = Engine(settings, workers=n, chunk_size=chunk_size, mp_context=mp_context,
                    recycle_after=recycle_after,
                    max_records=len(items) if isinstance(items, Sized) else None)

    def tasks() -> Iterator[tuple[int, Task]]:
        for i, obj in enumerate(items):
            yield i, item_task(obj, settings, default_id=None, source=f"item {i}")

    for _, results in engine.run(tasks()):
        for ok, value in results:
            if ok:
                yield value
                continue
            exc = value.pop("_exc", None)
            if on_error == "raise":
                raise exc if exc is not None else ScrapecleanError(
                    f"{value['error']}: {value['reason']}")
            yield Failure(value["id"], value["url"], value["error"], value["reason"], exc)


# -- the batch command ------------------------------------------------------------------------
@dataclass
class BatchStats:
    """What one batch did; printed as the summary line at the end."""

    records_in: int = 0
    records_out: int = 0
    failed: int = 0
    skipped: int = 0  # WARC records that are not pages (non-HTML, redirects, requests)
    seconds: float = 0.0
    workers: int = 1
    output: str = ""
    errors_path: str = ""
    errors_by_type: dict[str, int] = field(default_factory=dict)

    @property
    def pages_per_second(self) -> float:
        return self.records_in / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        parts = [f"{self.records_in} records in, {self.records_out} out, {self.failed} failed"]
        if self.skipped:
            parts.append(f"{self.skipped} WARC records skipped (not pages)")
        line = (f"scrapeclean batch: {', '.join(parts)} in {self.seconds:.1f} s "
                f"({self.pages_per_second:.1f} pages/s, {self.workers} worker"
                f"{'s' if self.workers != 1 else ''})")
        if self.failed:
            kinds = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors_by_type.items(),
                                                             key=lambda kv: -kv[1]))
            line += f"\n  errors ({kinds}) in {self.errors_path}"
        return line


def run_batch(inputs: list[str], output: str, *, errors_path: str | None = None,
              workers: int | None = None, pipeline: Pipeline | Mapping[str, Any] | str | None = None,
              text_field: str = "text", html_field: str = "html", url_field: str = "url",
              id_field: str = "id", kind: str | None = None, timeout: float | None = None,
              max_bytes: int | None = DEFAULT_MAX_BYTES, ordered: bool = True,
              progress: bool | None = None, limit: int | None = None, strict: bool = False,
              chunk_size: int | None = None,
              recycle_after: int | None = DEFAULT_RECYCLE) -> BatchStats:
    """Clean every record of `inputs` into `output` (JSONL, .jsonl.gz or .parquet).

    Raises InputError (missing input, unsupported format, missing optional dependency) and
    the pipeline's config errors before any work starts; a bad record only fails itself.
    """
    start = time.perf_counter()
    source = InputSet(inputs, max_bytes=max_bytes, limit=limit, kind=kind)
    n = default_workers() if not workers else workers
    parquet = output.lower().endswith((".parquet", ".pq"))
    settings = Settings(pipeline=pipeline_spec(pipeline), mode="dict" if parquet else "json",
                        timeout=timeout, errors="strict" if strict else "replace", kind=kind,
                        text_field=text_field, html_field=html_field, url_field=url_field,
                        id_field=id_field)
    errors_path = errors_path or default_errors_path(output)
    if os.path.abspath(errors_path) == os.path.abspath(output):
        raise InputError("the errors file cannot be the output file")
    ensure_parent(output)
    ensure_parent(errors_path)
    stats = BatchStats(workers=n, output=output, errors_path=errors_path)
    writer = open_writer(output)
    errors_out = open_writer(errors_path)
    bar = _progress_bar(progress, source)
    # the size guides chunking too, but walking directories only for a progress bar
    total_bytes = source.total_bytes(walk=bar is not None)
    engine = Engine(settings, workers=n, ordered=ordered, chunk_size=chunk_size,
                    recycle_after=recycle_after, total_bytes=total_bytes, max_records=limit)
    try:
        for pos, results in engine.run(source):
            for ok, value in results:
                stats.records_in += 1
                if ok:
                    writer.write(value)
                    stats.records_out += 1
                else:
                    value.pop("_exc", None)
                    errors_out.write(value)
                    stats.failed += 1
                    stats.errors_by_type[value["error"]] = stats.errors_by_type.get(value["error"], 0) + 1
            if bar is not None:
                if pos and total_bytes:
                    bar.total = max(stats.records_in, round(stats.records_in * total_bytes / pos))
                bar.update(len(results))
        if bar is not None:
            bar.total = stats.records_in  # the estimate becomes the count
            bar.refresh()
    finally:
        if bar is not None:
            bar.close()
        writer.close()
        errors_out.close()
    stats.skipped = source.skipped
    stats.seconds = time.perf_counter() - start
    return stats


def _progress_bar(progress: bool | None, source: InputSet) -> Any:
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(unit=" pages", file=sys.stderr, dynamic_ncols=True, mininterval=0.5,
                smoothing=0.1, desc="cleaning")


def add_batch_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the `batch` command to the CLI's subparsers."""
    p = sub.add_parser(
        "batch", help="clean many pages: JSONL, WARC/WET files, directories -> JSONL or Parquet",
        description="Clean every record of the inputs into one output file, on all cores. "
                    "Inputs: .jsonl[.gz] (one JSON object per line), .warc[.gz] (HTML "
                    "responses), .wet[.gz] (page text), directories of .txt/.html/.md files, "
                    "single such files, or - (JSONL on standard input). A record that fails "
                    "goes to the errors file and the batch goes on.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="input files or directories")
    p.add_argument("-o", "--output", required=True, metavar="OUTPUT",
                   help="output .jsonl, .jsonl.gz or .parquet (needs pyarrow); - for stdout")
    p.add_argument("--errors", metavar="PATH", help="errors file (default: OUTPUT.errors.jsonl)")
    p.add_argument("--workers", "-j", type=int, default=None, metavar="N",
                   help=f"worker processes (default: all cores, here {default_workers()})")
    p.add_argument("--pipeline", metavar="CONFIG.toml", help="a pipeline configuration file")
    p.add_argument("--text-field", default="text", metavar="NAME",
                   help="JSONL field with the page text (default: text; a.b for nested)")
    p.add_argument("--html-field", default="html", metavar="NAME",
                   help="JSONL field with the page HTML, used when there is no text (default: html)")
    p.add_argument("--url-field", default="url", metavar="NAME", help="JSONL URL field (default: url)")
    p.add_argument("--id-field", default="id", metavar="NAME",
                   help="JSONL id field (default: id; missing ids become FILE:LINE)")
    p.add_argument("--kind", choices=("text", "markdown", "html"),
                   help="the kind of JSONL text fields and str pages (default: detect; WET "
                        "records: text)")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="per-record time limit")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                   help=f"records larger than this fail as too large (default: {DEFAULT_MAX_BYTES})")
    p.add_argument("--strict-decoding", action="store_true",
                   help="records whose bytes do not decode fail instead of using replacement characters")
    p.add_argument("--unordered", action="store_true",
                   help="write records as they finish instead of in input order")
    p.add_argument("--limit", type=int, metavar="N", help="stop after N records")
    p.add_argument("--chunk-size", type=int, metavar="N", help="records per task (default: adaptive)")
    p.add_argument("--recycle-after", type=int, default=DEFAULT_RECYCLE, metavar="N",
                   help=f"replace worker processes after N records each, so memory stays flat "
                        f"(default: {DEFAULT_RECYCLE}; 0: never)")
    prog = p.add_mutually_exclusive_group()
    prog.add_argument("--progress", dest="progress", action="store_true", default=None,
                      help="show a progress bar (default: when stderr is a terminal)")
    prog.add_argument("--no-progress", dest="progress", action="store_false")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary line")
    p.set_defaults(run=_cli_run)
    return p


def _cli_run(args: argparse.Namespace) -> int:
    try:
        stats = run_batch(
            args.inputs, args.output, errors_path=args.errors, workers=args.workers,
            pipeline=args.pipeline, text_field=args.text_field, html_field=args.html_field,
            url_field=args.url_field, id_field=args.id_field, kind=args.kind,
            timeout=args.timeout, max_bytes=args.max_bytes, ordered=not args.unordered,
            progress=args.progress, limit=args.limit, strict=args.strict_decoding,
            chunk_size=args.chunk_size, recycle_after=args.recycle_after)
    except KeyboardInterrupt:
        print("scrapeclean batch: interrupted", file=sys.stderr)
        return 130
    except (InputError, ScrapecleanError, OSError, KeyError, ValueError, TypeError) as exc:
        print(f"scrapeclean batch: error: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(stats.summary(), file=sys.stderr)
    return 1 if stats.records_in and not stats.records_out else 0


# ParquetWriter is re-exported for callers that write batch output themselves
__all__ += ["ParquetWriter", "Settings", "Engine", "pipeline_spec", "build_pipeline"]
