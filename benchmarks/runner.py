"""Run system calls in worker processes with a hard per-call time limit.

A hung call (e.g. a regex or C-level loop that ignores signals) cannot be
interrupted from inside Python reliably, so the parent kills the worker
process after the limit and starts a fresh one; the call counts as a failure
with empty output. Each worker loads the corpus records itself, so a task is
just (system, rendering, record id) and only predictions cross the pipe.
"""
from __future__ import annotations

import multiprocessing as mp
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Iterable, Iterator

Task = tuple[str, str, str]  # (system name, rendering, record id)


@dataclass
class Outcome:
    """One system call: its prediction (text "" on failure), the error if it
    crashed or timed out, and how long the call took in the worker."""
    task: Task
    prediction: dict
    error: str | None
    seconds: float


def _worker(conn: Connection, corpus: str, limit: int | None, warm: list[str]) -> None:
    # Imported here so a spawned child only pays for what it uses.
    from benchmarks.corpus import load_records, page_input
    from benchmarks.peers import SYSTEMS

    records = {r["id"]: r for r in load_records(corpus, limit)}
    _warm_up([SYSTEMS[name] for name in warm])
    conn.send("ready")  # the parent starts the per-call clock from here
    cache: dict[tuple[str, str], str] = {}  # the last pages' inputs (HTML is read from disk)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        system, rendering, rec_id = task
        record = records[rec_id]
        key = (rec_id, rendering)
        if key not in cache:
            if len(cache) > 8:
                cache.clear()
            cache[key] = page_input(corpus, record, rendering)
        start = time.perf_counter()
        try:
            pred, error = SYSTEMS[system].run(cache[key], record, rendering), None
            if not isinstance(pred.get("text"), str):
                pred["text"] = ""
        except BaseException as exc:  # noqa: BLE001 - any crash is one failed page
            pred = {"text": ""}
            error = f"{type(exc).__name__}: {exc}"[:300]
        seconds = time.perf_counter() - start
        try:
            conn.send((task, pred, error, seconds))
        except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable metadata value
            conn.send((task, {"text": ""}, f"unsendable prediction: {exc}"[:300], seconds))


WARM_UP_RECORD = {"id": "warm-up", "url": "https://example.com/a", "gold": {}}
WARM_UP_TEXT = "Warm-up page.\nIt has two lines of text."


def _warm_up(systems: list) -> None:
    """Call every system once, untimed, so lazy imports and caches do not
    count against the first page's time."""
    html = f"<html><body><p>{WARM_UP_TEXT}</p></body></html>"
    for system in systems:
        if system.missing():
            continue
        for rendering in system.renderings:
            try:
                system.run(html if rendering == "html" else WARM_UP_TEXT, WARM_UP_RECORD, rendering)
            except Exception:  # noqa: BLE001 - failures show up on the real pages
                pass


STARTUP_LIMIT = 300.0  # seconds for a worker to load the corpus and warm up


class _Slot:
    """One worker process, whether it has started up, and its current task."""

    def __init__(self, ctx, corpus: str, limit: int | None, warm: list[str]) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, corpus, limit, warm), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False  # set by the worker's "ready" message
        self.task: Task | None = None
        self.deadline = time.monotonic() + STARTUP_LIMIT

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()


def run_tasks(tasks: Iterable[Task], corpus: str, limit: int | None,
              jobs: int = 2, timeout: float = 30.0) -> Iterator[Outcome]:
    """Yield one Outcome per task, in completion order."""
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    pending = list(tasks)[::-1]  # pop() from the end keeps the given order
    warm = sorted({task[0] for task in pending})

    def new_slot() -> _Slot:
        return _Slot(ctx, corpus, limit, warm)

    slots = [new_slot() for _ in range(max(1, jobs))]
    try:
        while pending or any(s.task for s in slots):
            for slot in slots:
                if slot.ready and slot.task is None and pending:
                    slot.task = pending.pop()
                    slot.deadline = time.monotonic() + timeout
                    slot.conn.send(slot.task)
            waiting = [s for s in slots if s.task or not s.ready]
            now = time.monotonic()
            wait([s.conn for s in waiting], timeout=max(0.0, min(s.deadline for s in waiting) - now))
            for i, slot in enumerate(slots):
                if slot not in waiting:
                    continue
                if slot.conn.poll():
                    try:
                        message = slot.conn.recv()
                    except (EOFError, OSError):  # the worker died (segfault, OOM kill)
                        if slot.task is None:
                            raise RuntimeError("a benchmark worker died while starting up")
                        task = slot.task
                        slot.kill()
                        slots[i] = new_slot()
                        yield Outcome(task, {"text": ""}, "worker died", 0.0)
                        continue
                    if message == "ready":
                        slot.ready = True
                    else:
                        slot.task = None
                        yield Outcome(*message)
                elif time.monotonic() > slot.deadline:
                    if slot.task is None:
                        raise RuntimeError(f"a benchmark worker did not start within {STARTUP_LIMIT:g}s")
                    task = slot.task
                    slot.kill()
                    slots[i] = new_slot()
                    yield Outcome(task, {"text": ""}, f"timeout after {timeout:g}s", timeout)
    finally:
        for slot in slots:
            if slot.proc.is_alive():
                try:
                    slot.conn.send(None)
                except OSError:
                    pass
                slot.proc.join(timeout=2)
                if slot.proc.is_alive():
                    slot.kill()
