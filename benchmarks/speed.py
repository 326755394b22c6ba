"""Speed benchmark: scrapeclean on each rendering vs trafilatura on the HTML.

    python benchmarks/speed.py --corpus /work/shared/corpus/dev.jsonl.gz [--repeat 5] [--limit N]

All timings run in ONE process on the same pages, after a warm-up, with the
systems interleaved page by page (each page is cleaned by every system in turn,
the order rotating, so drift such as CPU frequency or a busy neighbour hits all
of them alike; `--sequential` times whole passes one system after the other,
the order rotating every repeat); figures are medians over the repeats, and speeds use CPU (process) time, which a shared machine
disturbs much less than wall time (both are recorded). The headline is
scrapeclean's speed as a multiple of trafilatura's (default settings,
`trafilatura.extract(html)`). Peak memory is
measured separately, one fresh child process per system (peak RSS, and its
growth over the RSS after loading the inputs and a warm-up), so systems do
not inherit each other's peaks.

Writes speed.md / speed.json (speed-limit<N>.* with --limit) under --out.
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import RENDERINGS, load_records, page_input
from benchmarks.peers import REPO, run_scrapeclean
from benchmarks.quality import versions

DEFAULT_OUT = REPO / "benchmarks" / "results"
BASELINE = "trafilatura/html"


def run_trafilatura_default(html: str, record: dict, rendering: str) -> None:
    import trafilatura
    trafilatura.extract(html, url=record.get("url"))


def contenders() -> dict[str, tuple[str, Callable]]:
    """name -> (rendering, function(input, record, rendering))."""
    out = {f"scrapeclean/{r}": (r, run_scrapeclean) for r in RENDERINGS}
    out[BASELINE] = ("html", run_trafilatura_default)
    return out


def load_inputs(corpus: str, records: list[dict]) -> dict[str, list[str]]:
    return {r: [page_input(corpus, rec, r) for rec in records] for r in RENDERINGS}


def time_pass(fn: Callable, inputs: list[str], records: list[dict],
              rendering: str) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds) to run ``fn`` over all pages, and how many calls raised."""
    errors = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for text, rec in zip(inputs, records):
        try:
            fn(text, rec, rendering)
        except Exception:  # noqa: BLE001 - a failing page still counts its time
            errors += 1
    return time.perf_counter() - wall, time.process_time() - cpu, errors


def forget_pages() -> None:
    """Empty scrapeclean's caches of line results that outlive a page (the phrase matcher's
    memo of short lines, the date parser's), so that every timed pass meets its pages as new:
    the repeats run the same pages again, and warm caches would time look-ups, not work.
    Within a pass they still serve pages of one site, as they do in a crawl."""
    from scrapeclean.metadata.dates import _find_date
    from scrapeclean.phrases import default_matcher

    default_matcher()._memo.clear()
    _find_date.cache_clear()


def usable(name: str, fn: Callable, rendering: str, inputs: list[str], records: list[dict]) -> str | None:
    """Why a contender cannot be timed (it fails on the first pages), or None."""
    last = None
    for text, rec in list(zip(inputs, records))[:5]:
        try:
            fn(text, rec, rendering)
            return None
        except Exception as exc:  # noqa: BLE001
            last = f"{type(exc).__name__}: {exc}"[:200]
    return last or "no pages"


def time_interleaved(systems: dict[str, tuple[str, Callable]], inputs: dict[str, list[str]],
                     records: list[dict]) -> dict[str, tuple[float, float, int]]:
    """One pass over the pages with the systems interleaved page by page (the order rotating
    from page to page): {name: (wall seconds, CPU seconds, calls that raised)}. A busy neighbour
    or a change of CPU frequency then slows every system alike; in whole passes one after the
    other it hit one system's pass and not another's (a pass of trafilatura took 23 s, then
    35 s, on the same pages)."""
    names = list(systems)
    out = {name: [0.0, 0.0, 0] for name in names}
    clock, cpu_clock = time.perf_counter, time.process_time
    for j, rec in enumerate(records):
        for name in names[j % len(names):] + names[:j % len(names)]:
            rendering, fn = systems[name]
            text = inputs[rendering][j]
            acc = out[name]
            wall, cpu = clock(), cpu_clock()
            try:
                fn(text, rec, rendering)
            except Exception:  # noqa: BLE001 - a failing page still counts its time
                acc[2] += 1
            acc[1] += cpu_clock() - cpu
            acc[0] += clock() - wall
    return {name: (w, c, int(e)) for name, (w, c, e) in out.items()}


def measure_speed(corpus: str, records: list[dict], repeat: int, warmup: int,
                  sequential: bool = False) -> tuple[dict, dict]:
    inputs = load_inputs(corpus, records)
    systems, skipped = {}, {}
    for name, (rendering, fn) in contenders().items():
        why = usable(name, fn, rendering, inputs[rendering], records)
        if why:
            skipped[name] = why
            print(f"[speed] skipping {name}: {why}", file=sys.stderr)
        else:
            systems[name] = (rendering, fn)
    # warm-up: imports, caches, branch predictors. By default a whole untimed pass: some costs
    # come once per process, on the first page that needs them (dateparser, which htmldate's
    # extensive search loads, takes ~4 s on the 111th dev page): start-up, not pages/s
    n_warm = len(records) if warmup < 0 else warmup
    for name, (rendering, fn) in systems.items():
        time_pass(fn, inputs[rendering][:n_warm], records[:n_warm], rendering)
    walls: dict[str, list[float]] = {name: [] for name in systems}
    cpus: dict[str, list[float]] = {name: [] for name in systems}
    errors: dict[str, int] = {name: 0 for name in systems}
    names = list(systems)
    for i in range(repeat):
        if sequential:
            for name in names[i % len(names):] + names[:i % len(names)] if names else []:
                rendering, fn = systems[name]
                forget_pages()
                wall, cpu, n_err = time_pass(fn, inputs[rendering], records, rendering)
                walls[name].append(wall)
                cpus[name].append(cpu)
                errors[name] = n_err
        else:
            forget_pages()
            for name, (wall, cpu, n_err) in time_interleaved(systems, inputs, records).items():
                walls[name].append(wall)
                cpus[name].append(cpu)
                errors[name] = n_err
        print(f"[speed] repeat {i + 1}/{repeat}: " + ", ".join(
            f"{n} {walls[n][-1]:.1f}s ({cpus[n][-1]:.1f}s CPU)" for n in names),
            file=sys.stderr, flush=True)
    rows = {}
    for name, (rendering, _) in systems.items():
        mb = sum(len(t.encode("utf-8")) for t in inputs[rendering]) / 1e6
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        rows[name] = {"system": name, "rendering": rendering, "pages": len(records), "mb": round(mb, 2),
                      "wall_s": [round(t, 3) for t in walls[name]],
                      "cpu_s": [round(t, 3) for t in cpus[name]],
                      "median_wall_s": round(wall, 3), "median_cpu_s": round(cpu, 3),
                      "pages_per_s": round(len(records) / cpu, 2), "mb_per_s": round(mb / cpu, 3),
                      "wall_pages_per_s": round(len(records) / wall, 2), "errors": errors[name]}
    base = rows.get(BASELINE)
    for row in rows.values():
        row["vs_trafilatura"] = round(row["pages_per_s"] / base["pages_per_s"], 2) if base else None
    return rows, skipped


# ------------------------------------------------------------------ memory

def _rss_mb() -> float:
    """Peak RSS of this process so far. VmHWM, not ru_maxrss: a child inherits
    its parent's ru_maxrss across fork + exec, VmHWM starts afresh."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def memory_child(corpus: str, limit: int | None, name: str) -> None:
    """In a fresh process: peak RSS of one system's pass over the pages."""
    rendering, fn = contenders()[name]
    records = load_records(corpus, limit)
    inputs = [page_input(corpus, rec, rendering) for rec in records]
    time_pass(fn, inputs[:1], records[:1], rendering)  # imports
    before = _rss_mb()
    time_pass(fn, inputs, records, rendering)
    print(json.dumps({"peak_rss_mb": round(_rss_mb(), 1), "rss_growth_mb": round(_rss_mb() - before, 1)}))


def measure_memory(corpus: str, limit: int | None, names: list[str]) -> dict[str, dict]:
    out = {}
    for name in names:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--corpus", corpus, "--memory-of", name]
        if limit is not None:
            cmd += ["--limit", str(limit)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        try:
            out[name] = json.loads(proc.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            out[name] = {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1][:200]}
        print(f"[speed] memory {name}: {out[name]}", file=sys.stderr, flush=True)
    return out


# ------------------------------------------------------------------ output

COLUMNS = ["system", "pages", "MB", "wall s", "CPU s", "pages/s", "MB/s", "x trafilatura",
           "errors", "peak RSS MB", "RSS growth MB"]


def table(rows: list[dict]) -> str:
    cells = [[r["system"], str(r["pages"]), f"{r['mb']:.1f}", f"{r['median_wall_s']:.2f}",
              f"{r['median_cpu_s']:.2f}",
              f"{r['pages_per_s']:.1f}", f"{r['mb_per_s']:.2f}",
              "-" if r["vs_trafilatura"] is None else f"{r['vs_trafilatura']:.2f}",
              str(r["errors"]), str(r.get("peak_rss_mb", "-")), str(r.get("rss_growth_mb", "-"))]
             for r in rows]
    widths = [max(len(c[i]) for c in cells + [COLUMNS]) for i in range(len(COLUMNS))]

    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.ljust(w) if i == 0 else v.rjust(w)
                                 for i, (v, w) in enumerate(zip(values, widths))) + " |"
    sep = "|" + "|".join("-" * (w + 1) + (":" if i else "-") for i, w in enumerate(widths)) + "|"
    return "\n".join([line(COLUMNS), sep] + [line(c) for c in cells])


def headline(rows: list[dict]) -> str:
    parts = [f"{r['system']} {r['vs_trafilatura']:.2f}x" for r in rows
             if r["system"] != BASELINE and r["vs_trafilatura"] is not None]
    return ("scrapeclean speed / trafilatura speed (pages per CPU second, medians): " + ", ".join(parts)
            if parts else "no scrapeclean timing (see skipped)")


def _warm_up(result: dict) -> str:
    n = result["warmup"]
    return "an untimed pass over all pages" if n < 0 or n >= result["pages"] else f"a {n}-page warm-up"


def markdown(result: dict) -> str:
    lines = ["# Speed benchmark\n",
             f"Corpus `{result['corpus']}`, {result['pages']} pages, {result['repeat']} repeats "
             f"after {_warm_up(result)}, one process, systems interleaved "
             f"{result.get('interleaved', 'page by page')}; "
             f"generated by `{result['command']}` on {result['date']}.\n",
             f"**{headline(result['rows'])}**\n", table(result["rows"]), "",
             "MB = UTF-8 size of the inputs (the rendering's text, or the decoded HTML); "
             "wall s / CPU s = median pass; pages/s, MB/s and the ratio use the CPU time "
             "(process time, which a busy machine disturbs much less than wall time; both are "
             "single-threaded so they agree on a quiet machine); errors = pages that raised (their time "
             "counts). Peak RSS: a fresh process per system; growth = peak minus the RSS after "
             "loading the inputs and one warm-up page.\n"]
    if result["skipped"]:
        lines += ["Skipped:\n"] + [f"- `{k}`: `{v}`" for k, v in result["skipped"].items()] + [""]
    lines += [f"Machine: {result['machine']}\n", "Versions:\n"]
    lines += [f"- {k}: {v}" for k, v in result["versions"].items()]
    return "\n".join(lines) + "\n"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, Python {platform.python_version()}, {platform.system()}"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--repeat", type=int, default=5, help="timed passes per system (default %(default)s)")
    ap.add_argument("--limit", type=int, help="only the first N records")
    ap.add_argument("--warmup", type=int, default=-1,
                    help="pages of the untimed warm-up pass (default -1: all of them)")
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-memory children")
    ap.add_argument("--sequential", action="store_true",
                    help="time whole passes, one system after another (default: page by page, interleaved)")
    ap.add_argument("--memory-of", help=argparse.SUPPRESS)  # internal: the memory child
    args = ap.parse_args(argv)

    if args.memory_of:
        memory_child(args.corpus, args.limit, args.memory_of)
        return
    records = load_records(args.corpus, args.limit)
    rows, skipped = measure_speed(args.corpus, records, args.repeat, args.warmup, args.sequential)
    if not args.no_memory:
        for name, mem in measure_memory(args.corpus, args.limit, list(rows)).items():
            rows[name].update(mem)
    result = {"corpus": str(Path(args.corpus).resolve()), "limit": args.limit, "pages": len(records),
              "repeat": args.repeat, "warmup": args.warmup,
              "interleaved": "whole passes" if args.sequential else "page by page",
              "command": "python benchmarks/speed.py " + " ".join(argv if argv is not None else sys.argv[1:]),
              "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "machine": machine(), "versions": versions(), "skipped": skipped,
              "rows": sorted(rows.values(), key=lambda r: (r["system"] == BASELINE,
                                                         RENDERINGS.index(r["rendering"])))}
    print(table(result["rows"]))
    print(headline(result["rows"]))
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = "speed" if args.limit is None else f"speed-limit{args.limit}"
    (out_dir / f"{stem}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (out_dir / f"{stem}.md").write_text(markdown(result), encoding="utf-8")
    print(f"[speed] wrote {out_dir / stem}.md/.json", file=sys.stderr)


if __name__ == "__main__":
    main()
