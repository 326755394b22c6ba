"""Robustness benchmark (issue 6): is cleaning time linear in the input, whatever its shape?

    python benchmarks/robustness.py                 # the full sizes (50 MB, 5 MB line, 1M lines)
    python benchmarks/robustness.py --scale 0.1     # a tenth of every size, for a quick look
    python benchmarks/robustness.py --json out.json

For each pathological input this prints CPU seconds per MB next to an ordinary page's (the
seed page and a longer built news page, cleaned repeatedly), at the full size and at a quarter
of it: the two sizes give the growth exponent (1.0 = linear, 2.0 = quadratic). The budget is
no case over 3x the ordinary page's s/MB. Then it cleans the 50 MB input once more under
tracemalloc and reports its peak memory as a multiple of the input size (budget: 10x), and
once in a fresh child process, where the growth of the peak resident set size (VmHWM after
cleaning minus VmRSS before, the input already built) counts native allocations too. With
`--corpus dev.jsonl.gz` the memory runs also take 50 MB of the corpus' real pages (distinct
pages, short menu lines, emoji): memory is spent per block and per line, so real pages, with
about 60 bytes per block against the built pages' 150, cost more per MB.

CPU (process) time is used throughout, so a busy machine distorts the figures less.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import scrapeclean  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED = (REPO / "fixtures" / "seed-caliber-article.txt").read_text("utf-8")
MB = 1_000_000
RATIO_BUDGET = 3.0
MEMORY_BUDGET = 10.0

SENTENCE = ("The council approved the new bridge on Tuesday after a long debate about its cost, "
            "and residents said they had waited a decade for the decision.")


def news_page(paragraphs: int = 40) -> str:
    """A longer ordinary page: menu, headline, dateline, byline, prose, share links, footer."""
    menu = "\n".join(["Home", "News", "World", "Business", "Sport", "Opinion", "Search", "Log in"])
    body = "\n\n".join(
        f"Paragraph {i}: {SENTENCE} Officials from {i % 7 + 2} departments reviewed the plan, "
        f"which was changed {i % 5 + 1} times before the final vote in the town hall." for i in range(paragraphs))
    tail = "\n".join(["Share on Facebook", "Tweet", "Copy link", "Read also", "Other story one",
                      "Other story two", "Privacy Policy", "Terms of Use", "© 2025 Example News"])
    return f"{menu}\n\nBridge decision splits the town council\n\n25 August 2025 04:23\nBy Jane Doe\n\n{body}\n\n{tail}\n"


def big_input(size: int) -> str:
    """`size` bytes of ordinary pages, one after the other (a crawl dump cleaned as one input)."""
    unit = SEED + "\n\n" + news_page() + "\n\n"
    return (unit * (size // len(unit.encode()) + 1))[:size]


def corpus_input(size: int, corpus: str) -> str:
    """`size` bytes of real pages (the corpus' innerText renderings, distinct until the corpus
    runs out): their short menu lines make more blocks per MB than big_input's, and one emoji
    makes every whole-text copy four bytes per character."""
    import gzip

    parts: list[str] = []
    total = 0
    while total < size:
        with gzip.open(corpus, "rt", encoding="utf-8") as f:
            for line in f:
                text = (json.loads(line).get("inputs") or {}).get("innertext") or ""
                parts.append(text)
                total += len(text.encode()) + 2
                if total >= size:
                    break
    return "\n\n".join(parts)


def memory_input(scale: float, corpus: str | None) -> str:
    return corpus_input(int(50 * MB * scale), corpus) if corpus else big_input(int(50 * MB * scale))


def one_line(size: int) -> str:
    words = (SENTENCE + " ") * (size // len(SENTENCE) + 1)
    return words[:size]


def one_char_lines(n: int) -> str:
    return "".join("abcdefghij.,-1 "[i % 15] + "\n" for i in range(n))


def same_line(n: int, sep: str = "\n") -> str:
    return sep.join([SENTENCE] * n)


def cpu(fn: Callable[[], object], min_seconds: float = 0.0) -> tuple[float, int]:
    """CPU seconds per call (repeating until `min_seconds` in all), and the number of calls."""
    gc.collect()
    calls, spent = 0, 0.0
    while True:
        t0 = time.process_time()
        fn()
        spent += time.process_time() - t0
        calls += 1
        if spent >= min_seconds:
            return spent / calls, calls


def row(name: str, make: Callable[[float], str], scale: float, ordinary: float) -> dict[str, object]:
    small, full = make(scale / 4), make(scale)
    out: dict[str, object] = {"case": name}
    for label, text in (("quarter", small), ("full", full)):
        size = len(text.encode("utf-8"))
        seconds, _ = cpu(lambda: scrapeclean.clean(text))
        out[f"{label}_mb"] = size / MB
        out[f"{label}_s"] = seconds
        out[f"{label}_s_per_mb"] = seconds / (size / MB)
    import math
    growth = math.log(max(out["full_s"], 1e-9) / max(out["quarter_s"], 1e-9)) / math.log(
        out["full_mb"] / out["quarter_mb"])  # type: ignore[operator]
    out["exponent"] = growth
    out["vs_ordinary"] = out["full_s_per_mb"] / ordinary  # type: ignore[operator]
    return out


def _status_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def rss_child(scale: float, corpus: str | None) -> None:
    """In a fresh process: warm up, build the 50 MB input, clean it; print the RSS growth."""
    for page in (SEED, news_page()):
        scrapeclean.clean(page)
    text = memory_input(scale, corpus)
    gc.collect()
    before = _status_kb("VmRSS")
    scrapeclean.clean(text)
    peak = _status_kb("VmHWM")  # the process's peak: reached while cleaning, not before
    print(json.dumps({"input_mb": len(text.encode()) / MB, "rss_before_mb": before * 1000 / MB,
                      "rss_peak_mb": peak * 1000 / MB, "growth_mb": (peak - before) * 1000 / MB}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every size (default 1 = full)")
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    ap.add_argument("--cases", help="only the cases whose name contains one of these "
                    "comma-separated words (e.g. 'ordinary,one-character'); to run them in parallel")
    ap.add_argument("--no-time", action="store_true", help="only the memory runs")
    ap.add_argument("--corpus", help="dev.jsonl.gz: measure memory on 50 MB of its real pages "
                    "as well as on the built ones")
    ap.add_argument("--rss-child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--rss-corpus", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    s = args.scale
    if args.rss_child:
        rss_child(s, args.rss_corpus)
        return 0

    for kind_page in (SEED, news_page(), "<html><body><p>x</p></body></html>"):
        scrapeclean.clean(kind_page)  # warm-up: models, phrase tables, lazy imports

    ordinary = {}
    for name, page in (("seed page", SEED), ("news page", news_page())):
        seconds, calls = cpu(lambda p=page: scrapeclean.clean(p), min_seconds=3.0)
        ordinary[name] = seconds / (len(page.encode()) / MB)
        print(f"{name:34s} {len(page.encode()) / 1000:8.1f} KB  {seconds * 1000:8.2f} ms/page "
              f"{ordinary[name]:8.2f} s/MB  ({calls} runs)", flush=True)
    base = max(ordinary.values())  # the slower of the two ordinary pages is the reference
    print(f"reference: {base:.2f} s/MB; budget {RATIO_BUDGET:.0f}x = {RATIO_BUDGET * base:.2f} s/MB\n", flush=True)

    cases: list[tuple[str, Callable[[float], str]]] = [
        ("50 MB of ordinary pages", lambda k: big_input(int(50 * MB * k))),
        ("a single 5 MB line", lambda k: one_line(int(5 * MB * k))),
        ("1,000,000 one-character lines", lambda k: one_char_lines(int(1_000_000 * k))),
        ("10,000 times the same line", lambda k: same_line(int(10_000 * k))),
        ("10,000 times the same paragraph", lambda k: same_line(int(10_000 * k), "\n\n")),
        ("5 MB line of markdown links", lambda k: "[a](b) " * int(5 * MB * k / 7)),
        ("5 MB of one HTML line", lambda k: "<p>" + "<b>word</b> " * int(5 * MB * k / 12) + "</p>"),
    ]
    header = (f"{'case':34s} {'MB':>7s} {'CPU s':>8s} {'s/MB':>7s} {'x ordinary':>10s} "
              f"{'exponent':>8s}  verdict")
    print(header)
    print("-" * len(header))
    if args.cases:
        words = [w.strip() for w in args.cases.split(",") if w.strip()]
        cases = [c for c in cases if any(w in c[0] for w in words)]
    if args.no_time:
        cases = []
    rows = []
    for name, make in cases:
        r = row(name, make, s, base)
        rows.append(r)
        ok = r["vs_ordinary"] <= RATIO_BUDGET  # type: ignore[operator]
        print(f"{name:34s} {r['full_mb']:7.2f} {r['full_s']:8.2f} {r['full_s_per_mb']:7.2f} "
              f"{r['vs_ordinary']:10.2f} {r['exponent']:8.2f}  {'ok' if ok else 'OVER BUDGET'}", flush=True)

    memory = {}
    if not args.no_memory:
        shapes = [("built pages", None)] + ([("corpus pages", args.corpus)] if args.corpus else [])
        for label, corpus in shapes:
            memory[label] = measure_memory(label, s, corpus)
    if args.json:
        Path(args.json).write_text(json.dumps({"ordinary_s_per_mb": ordinary, "reference": base,
                                               "cases": rows, "memory": memory}, indent=2))
    over = [r for r in rows if r["vs_ordinary"] > RATIO_BUDGET]  # type: ignore[operator]
    return 1 if over or any(max(m["ratio"], m["rss_ratio"]) > MEMORY_BUDGET for m in memory.values()) else 0


def measure_memory(label: str, scale: float, corpus: str | None) -> dict[str, Any]:
    """Peak memory cleaning the 50 MB input: tracemalloc here, RSS growth in a fresh process."""
    text = memory_input(scale, corpus)
    size = len(text.encode())
    gc.collect()
    tracemalloc.start()
    base_mem = tracemalloc.get_traced_memory()[0]
    scrapeclean.clean(text)
    peak = tracemalloc.get_traced_memory()[1] - base_mem
    tracemalloc.stop()
    del text
    gc.collect()
    memory: dict[str, Any] = {"input_mb": size / MB, "peak_mb": peak / MB, "ratio": peak / size}
    print(f"\n{label}: peak memory cleaning {size / MB:.1f} MB (tracemalloc): {peak / MB:.1f} MB = "
          f"{peak / size:.2f}x the input (budget {MEMORY_BUDGET:.0f}x): "
          f"{'ok' if peak / size <= MEMORY_BUDGET else 'OVER BUDGET'}", flush=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, __file__, "--rss-child", "--scale", str(scale)]
    out = subprocess.run(cmd + (["--rss-corpus", corpus] if corpus else []),
                         check=True, capture_output=True, text=True, env=env).stdout
    rss = json.loads(out.strip().splitlines()[-1])
    memory["rss"] = rss
    memory["rss_ratio"] = rss["growth_mb"] / rss["input_mb"]
    print(f"{label}: peak RSS growth cleaning {rss['input_mb']:.1f} MB (fresh process, input built "
          f"before): {rss['growth_mb']:.1f} MB = {memory['rss_ratio']:.2f}x the input "
          f"(RSS {rss['rss_before_mb']:.0f} -> peak {rss['rss_peak_mb']:.0f} MB): "
          f"{'ok' if memory['rss_ratio'] <= MEMORY_BUDGET else 'OVER BUDGET'}", flush=True)
    return memory


if __name__ == "__main__":
    sys.exit(main())
