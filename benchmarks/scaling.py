"""Scaling benchmark: `scrapeclean batch` on 1 and 2 workers, its memory, and Dask.

    python benchmarks/scaling.py --corpus /work/shared/corpus/dev.jsonl.gz [--rounds 3]

1. Writes the corpus' innertext rendering as JSONL ({"id", "url", "text"} per page) under
   --workdir, and the same pages repeated --repeat times (default 10) with fresh ids.
2. Throughput: `scrapeclean batch in.jsonl -o out.jsonl --workers N` in a child process, for
   N = 1 and 2; pages/s is records / the batch's own time (from its summary line: it
   includes starting the pool and building the pipelines, not the interpreter's start-up).
   Floor: 2 workers >= 1.6 x one worker (on a 2-core machine).
3. Memory: peak RSS of the whole process tree (the CLI and its workers, sampled every
   20 ms with psutil) for the 1x and the 10x input with 2 workers. Floor: 10x <= 1.2 x 1x.
4. Dask: the same JSONL read with `dask.bag.read_text`, cleaned with
   `scrapeclean.dask.clean_bag` on a LocalCluster (2 worker processes, 1 thread each) and
   written back as JSONL; pages/s over the compute (the cluster is started, and warmed
   up on a few pages, before the clock starts: a cluster is long-lived). Floor: >= 80% of
   batch's pages/s with 2 workers.

Rounds are interleaved (1 worker, 2 workers, Dask, 1 worker, ...) and each configuration
keeps its best round, so a busy neighbour on a shared machine hurts all alike. The floor
row "best of rounds" divides the best 2-worker round by the best 1-worker round, which may
come from different rounds; a second row, "median of paired rounds", is the median over
rounds of (2-worker pages/s / 1-worker pages/s of the same round). Both runs of a pair ran
back to back under the same neighbours' load, and the median ignores one lucky or unlucky
round; best-of is biased low on a shared machine, because a 1-worker run needs one free
core to get a lucky round and a 2-worker run needs two. Both rows are printed; neither
replaces the other.

On a busy machine wall-clock ratios swing with the neighbours' load, so the script also
prints the CPU seconds of every process, the parent (reading, dispatching, writing) apart
from the workers: the 1-worker run's CPU time over the busiest process of the parallel run
is the speedup with a core per process. Prints tables; --json PATH also writes the
numbers. Run it from a clean checkout (e.g. `git archive HEAD`), not a tree that others
are editing.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src"


def write_inputs(corpus: str, workdir: Path, repeat: int, rendering: str,
                 limit: int | None = None) -> tuple[Path, Path, int]:
    one, many = workdir / "pages.jsonl", workdir / f"pages-x{repeat}.jsonl"
    rows = []
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            text = (rec.get("inputs") or {}).get(rendering)
            if text:
                rows.append({"id": rec["id"], "url": rec.get("url"), "text": text})
            if limit is not None and len(rows) >= limit:
                break
    with open(one, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(many, "w", encoding="utf-8") as f:
        for k in range(repeat):
            for r in rows:
                f.write(json.dumps({**r, "id": f"{r['id']}#{k}"}, ensure_ascii=False) + "\n")
    return one, many, len(rows)


class TreeSampler:
    """Peak RSS of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        import psutil

        self.proc = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.cpu: dict[int, float] = {}  # pid -> CPU seconds (user + sys), last seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        procs: list[Any] = []
        refreshed = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            if now - refreshed > 0.25:  # listing children scans /proc: not every sample
                try:
                    procs = [self.proc, *self.proc.children(recursive=True)]
                except psutil.Error:
                    return
                refreshed = now
            total = 0
            for p in procs:
                try:
                    total += p.memory_info().rss
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_batch(inp: Path, out: Path, workers: int, pipeline: str | None) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, "-m", "scrapeclean.cli", "batch", str(inp), "-o", str(out),
           "--workers", str(workers), "--no-progress"]
    if pipeline:
        cmd += ["--pipeline", pipeline]
    t0 = time.perf_counter()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid)
    _, err = proc.communicate()
    peak = sampler.stop()
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # the CLI and its (joined) workers
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"batch failed ({proc.returncode}): {err}")
    m = re.search(r"(\d+) records in, (\d+) out, (\d+) failed.* in ([\d.]+) s", err)
    if not m:
        raise SystemExit(f"no summary line in: {err}")
    n_in, n_out, failed, secs = int(m[1]), int(m[2]), int(m[3]), float(m[4])
    per_process = sorted(sampler.cpu.values(), reverse=True)
    parent = sampler.cpu.get(proc.pid, 0.0)  # the CLI itself, interpreter start-up included
    worker_cpu = sorted((c for pid, c in sampler.cpu.items() if pid != proc.pid), reverse=True)
    return {"workers": workers, "records": n_in, "out": n_out, "failed": failed,
            "seconds": secs, "wall_seconds": round(wall, 2), "pages_per_s": n_in / secs,
            "cpu_seconds": round(cpu, 2), "busiest_process_cpu_seconds": round(per_process[0], 2),
            "process_cpu_seconds": [round(c, 2) for c in per_process],
            "parent_cpu_seconds": round(parent, 2),
            "worker_cpu_seconds": [round(c, 2) for c in worker_cpu],
            "peak_rss_mb": peak / 2**20}


def startup_cpu() -> float:
    """CPU seconds of starting the CLI's interpreter and importing the package: part of every
    run's parent CPU, outside the batch's own clock."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", "import scrapeclean.cli, scrapeclean.batch"], env=env,
                   check=True)
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)


def dask_cluster(workers: int) -> Any:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return cluster, Client(cluster)


def run_dask(client: Any, inp: Path, outdir: Path, n_records: int, workers: int,
             pipeline: str | None) -> dict[str, Any]:
    import dask.bag as db

    from scrapeclean.dask import clean_bag

    shutil.rmtree(outdir, ignore_errors=True)
    size = inp.stat().st_size
    npart = 8 * workers  # enough partitions to balance pages of very different sizes
    t0 = time.perf_counter()
    bag = db.read_text(str(inp), blocksize=max(1, size // npart) + 1).map(json.loads)
    cleaned = clean_bag(bag, pipeline=pipeline)
    cleaned.map(lambda r: json.dumps(r, ensure_ascii=False)).to_textfiles(
        str(outdir / "*.jsonl"))
    secs = time.perf_counter() - t0
    n_out = sum(1 for p in outdir.glob("*.jsonl") for _ in open(p, encoding="utf-8"))
    if n_out != n_records:
        raise SystemExit(f"dask wrote {n_out} records, expected {n_records}")
    return {"workers": workers, "records": n_out, "seconds": secs,
            "pages_per_s": n_out / secs, "partitions": bag.npartitions}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="dev.jsonl.gz of the evaluation corpus")
    ap.add_argument("--rendering", default="innertext", choices=("innertext", "gettext", "markdown"))
    ap.add_argument("--workdir", help="where to write inputs and outputs (default: a temp dir)")
    ap.add_argument("--repeat", type=int, default=10, help="size of the big input, x the corpus")
    ap.add_argument("--rounds", type=int, default=1, help="interleaved rounds; best one counts")
    ap.add_argument("--workers", type=int, default=2, help="the parallel configuration")
    ap.add_argument("--pipeline", help="a pipeline TOML for batch and Dask alike")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--limit", type=int, help="only the first N pages (a quick check)")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()
    sys.path.insert(0, str(SRC))

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="scrapeclean-scaling-"))
    workdir.mkdir(parents=True, exist_ok=True)
    one, many, n = write_inputs(args.corpus, workdir, args.repeat, args.rendering,
                                args.limit)
    print(f"{n} pages ({args.rendering}) -> {one}; x{args.repeat} -> {many}; "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
    start_cpu = startup_cpu()
    print(f"interpreter start-up and imports: {start_cpu:.2f} CPU s (in every parent's CPU "
          f"below, outside the batch's clock)", file=sys.stderr)

    client = cluster = None
    if not args.skip_dask:
        cluster, client = dask_cluster(args.workers)
        # warm-up: workers import scrapeclean and build the pipeline (once per process)
        warm = workdir / "warm.jsonl"
        warm.write_text("".join(open(one, encoding="utf-8").readlines()[: 4 * args.workers]),
                        encoding="utf-8")
        run_dask(client, warm, workdir / "dask-warm", 4 * args.workers, args.workers, args.pipeline)

    best: dict[str, dict[str, Any]] = {}
    rounds: list[dict[str, Any]] = []

    def keep(name: str, res: dict[str, Any]) -> None:
        res = {"config": name, **res}
        rounds.append(res)
        print(f"  {name:<12} {res['pages_per_s']:7.1f} pages/s  ({res['seconds']:.1f} s"
              + (f", {res['cpu_seconds']:.1f} CPU s (parent {res['parent_cpu_seconds']:.2f}"
                 + (f", workers {', '.join(f'{c:.2f}' for c in res['worker_cpu_seconds'])}"
                    if res["worker_cpu_seconds"] else "") + ")"
                 if "cpu_seconds" in res else "")
              + (f", peak RSS {res['peak_rss_mb']:.0f} MB" if "peak_rss_mb" in res else "")
              + f"; load {os.getloadavg()[0]:.1f})", file=sys.stderr)
        if name not in best or res["pages_per_s"] > best[name]["pages_per_s"]:
            best[name] = res

    for r in range(args.rounds):
        print(f"round {r + 1}/{args.rounds}", file=sys.stderr)
        keep("batch-1", run_batch(one, workdir / "out-1.jsonl", 1, args.pipeline))
        keep(f"batch-{args.workers}", run_batch(one, workdir / f"out-{args.workers}.jsonl",
                                                args.workers, args.pipeline))
        if client is not None:
            keep(f"dask-{args.workers}", run_dask(client, one, workdir / "dask-out", n,
                                                  args.workers, args.pipeline))

    mem = {}
    if not args.skip_memory:
        print(f"memory: x1 and x{args.repeat} with {args.workers} workers", file=sys.stderr)
        mem["x1"] = run_batch(one, workdir / "mem-1.jsonl", args.workers, args.pipeline)
        mem[f"x{args.repeat}"] = run_batch(many, workdir / "mem-many.jsonl", args.workers,
                                           args.pipeline)
        for k, v in mem.items():
            print(f"  {k:<5} {v['records']} pages, peak RSS {v['peak_rss_mb']:.0f} MB, "
                  f"{v['pages_per_s']:.1f} pages/s", file=sys.stderr)
    if client is not None:
        client.close()
        cluster.close()

    b1, bn = best["batch-1"]["pages_per_s"], best[f"batch-{args.workers}"]["pages_per_s"]
    checks = [(f"batch {args.workers} workers / 1 worker, best of rounds", bn / b1, ">=", 1.6)]
    ones = [r["pages_per_s"] for r in rounds if r["config"] == "batch-1"]
    manys = [r["pages_per_s"] for r in rounds if r["config"] == f"batch-{args.workers}"]
    paired = [m / o for o, m in zip(ones, manys)]
    print(f"paired-round ratios ({args.workers} workers / 1 worker, round by round): "
          f"{', '.join(f'{p:.2f}' for p in paired)}", file=sys.stderr)
    checks.append((f"batch {args.workers} workers / 1 worker, median of paired rounds",
                   statistics.median(paired), ">=", 1.6))
    # the same ratio with each process on a core of its own (a busy machine's fair share
    # varies from run to run; CPU time does not): the work of one worker over the CPU time
    # of the busiest process of the parallel run, i.e. the critical path
    cpu1 = min(r["cpu_seconds"] for r in rounds if r["config"] == "batch-1")
    crit = min(r["busiest_process_cpu_seconds"] for r in rounds
               if r["config"] == f"batch-{args.workers}")
    print(f"CPU-time speedup (1-worker CPU s {cpu1:.1f} / busiest process of the "
          f"{args.workers}-worker run {crit:.1f}): {cpu1 / crit:.2f}", file=sys.stderr)
    if mem:
        checks.append((f"peak RSS x{args.repeat} / x1", mem[f"x{args.repeat}"]["peak_rss_mb"]
                       / mem["x1"]["peak_rss_mb"], "<=", 1.2))
    if f"dask-{args.workers}" in best:
        checks.append((f"dask / batch ({args.workers} workers)",
                       best[f"dask-{args.workers}"]["pages_per_s"] / bn, ">=", 0.8))
    print("\n| configuration | pages/s | seconds | CPU seconds (process tree) |\n"
          "| --- | ---: | ---: | ---: |")
    for name, res in best.items():
        cpu = f"{res['cpu_seconds']:.1f}" if "cpu_seconds" in res else "-"
        print(f"| {name} | {res['pages_per_s']:.1f} | {res['seconds']:.1f} | {cpu} |")
    if mem:
        print("\n| input | pages | peak RSS (MB, process tree) |\n| --- | ---: | ---: |")
        for k, v in mem.items():
            print(f"| {k} | {v['records']} | {v['peak_rss_mb']:.0f} |")
    print("\n| floor | value | target | ok |\n| --- | ---: | --- | --- |")
    ok_all = True
    for name, value, op, target in checks:
        ok = value >= target if op == ">=" else value <= target
        ok_all &= ok
        print(f"| {name} | {value:.2f} | {op} {target} | {'yes' if ok else 'NO'} |")
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"pages": n, "rendering": args.rendering, "cpus": os.cpu_count(),
             "startup_cpu_seconds": start_cpu, "best": best,
             "rounds": rounds, "paired_ratios": paired, "memory": mem,
             "cpu_time_speedup": cpu1 / crit,
             "floors": [{"name": c[0], "value": c[1], "op": c[2], "target": c[3]} for c in checks]},
            indent=2), encoding="utf-8")
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
