"""Quality benchmark: every system on every corpus record, side by side.

    python benchmarks/quality.py --corpus /work/shared/corpus/dev.jsonl.gz
    python benchmarks/quality.py --corpus ... --systems scrapeclean,raw --renderings innertext --worst 20
    python benchmarks/quality.py --corpus ... --reuse --worst 20 --renderings innertext

Prints one table (system x rendering -> shingle / snippet / metadata scores,
failures, pages/s), writes it as Markdown and JSON under --out, and writes
the per-page scores and predictions to pages-<system>-<rendering>.jsonl
(gitignored) for --worst. A run with --limit writes quality-limit<N>.* so it
never overwrites the full-corpus table; a full run of some systems only
updates their rows in quality.json/md and keeps the others.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone
from importlib import metadata as importlib_metadata
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import RENDERINGS, load_records
from benchmarks.metrics import META_FIELDS, PageScore, score_page, summarize
from benchmarks.peers import REGION_MODELS_ENV, REPO, SYSTEMS
from benchmarks.runner import run_tasks
from benchmarks.worst import load_pages, pages_path, report

DEFAULT_OUT = REPO / "benchmarks" / "results"
PACKAGES = ("trafilatura", "justext", "readability-lxml", "resiliparse", "datatrove", "scrapeclean")


# ------------------------------------------------------------------ running

def page_row(record: dict, pred: dict, error: str | None, seconds: float,
             score: PageScore, keep_text: bool) -> dict:
    """One line of pages-<system>-<rendering>.jsonl."""
    row = {"id": record["id"], "source": record["source"], "error": error,
           "seconds": round(seconds, 5), "chars": len(pred.get("text") or ""),
           "shingle": None, "snippet": None, "metadata": score.metadata,
           "pred": {f: v if isinstance(v, str) else str(v) for f in META_FIELDS if (v := pred.get(f))}}
    if score.shingle is not None:
        sh = score.shingle
        row["shingle"] = {"tp": sh.tp, "fp": sh.fp, "fn": sh.fn, "f1": sh.f1}
    if score.snippet is not None:
        sn = score.snippet
        row["snippet"] = {"tp": sn.tp, "fp": sn.fp, "fn": sn.fn, "tn": sn.tn,
                          "missing": list(sn.missing), "present": list(sn.present)}
    if keep_text:
        row["text"] = pred.get("text") or ""
    return row


def run(corpus: str, records: list[dict], systems: list[str], renderings: list[str],
        jobs: int, timeout: float, limit: int | None) -> tuple[dict, dict]:
    """Run all (system, rendering) pairs; returns (summary rows, page rows),
    both keyed by (system, rendering)."""
    by_id = {r["id"]: r for r in records}
    pairs = [(s, r) for s in systems for r in renderings if r in SYSTEMS[s].renderings]
    # Record-major order, so the workers share each page's (cached) input.
    tasks = [(s, r, rec["id"]) for rec in records for s, r in pairs]
    scores: dict[tuple[str, str], list[PageScore]] = defaultdict(list)
    pages: dict[tuple[str, str], list[dict]] = defaultdict(list)
    started, done, step = time.monotonic(), 0, max(1, len(tasks) // 20)
    for out in run_tasks(tasks, corpus, limit, jobs=jobs, timeout=timeout):
        system, rendering, rec_id = out.task
        record = by_id[rec_id]
        score = score_page(record, out.prediction)
        scores[system, rendering].append(score)
        pages[system, rendering].append(
            page_row(record, out.prediction, out.error, out.seconds, score, keep_text=system != "raw"))
        done += 1
        if done % step == 0 or done == len(tasks):
            print(f"[quality] {done}/{len(tasks)} calls, {time.monotonic() - started:.0f}s",
                  file=sys.stderr, flush=True)
    rows = {pair: summary_row(pair, scores[pair], pages[pair]) for pair in pairs}
    return rows, pages


def summary_row(pair: tuple[str, str], scores: list[PageScore], pages: list[dict]) -> dict:
    system = SYSTEMS[pair[0]]
    summary = summarize(scores)
    seconds = sum(p["seconds"] for p in pages)
    errors = Counter(p["error"] for p in pages if p["error"])
    return {
        "system": pair[0], "rendering": pair[1], "n": len(pages),
        "shingle": summary["shingle"], "snippet": summary["snippet"],
        # Only the fields the system predicts: the others would read as 0.
        "metadata": {f: v for f, v in summary["metadata"].items()
                     if f in system.metadata and pair[1] in system.metadata_on},
        **{key: summary[key] if "author" in system.metadata and pair[1] in system.metadata_on else None
           for key in ("author_where_none", "author_where_none_annotated")},
        "failures": sum(errors.values()),
        "empty": sum(1 for p in pages if not p["error"] and p["chars"] == 0),
        "seconds": round(seconds, 3),
        "pages_per_s": round(len(pages) / seconds, 2) if seconds else None,
        "errors": dict(errors.most_common(3)),
    }


# ------------------------------------------------------------------ output

def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _rate(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f}" if x < 100 else f"{x:.0f}"


COLUMNS = ["system", "input", "sh P", "sh R", "sh F1", "sn P", "sn R", "sn F1", "sn acc",
           "title", "author", "date", "no-author", "no-author a", "fail", "empty", "pages/s"]


def table(rows: list[dict]) -> str:
    """Markdown table, padded so it also reads well in a terminal."""
    cells = []
    for r in rows:
        sh, sn, md = r["shingle"] or {}, r["snippet"] or {}, r["metadata"]
        cells.append([r["system"], r["rendering"],
                      _f(sh.get("precision")), _f(sh.get("recall")), _f(sh.get("f1")),
                      _f(sn.get("precision")), _f(sn.get("recall")), _f(sn.get("f1")),
                      _f(sn.get("accuracy")),
                      *(_f(md[f]["accuracy"]) if f in md else "-" for f in META_FIELDS),
                      _f((r.get("author_where_none") or {}).get("rate")),
                      _f((r.get("author_where_none_annotated") or {}).get("rate")),
                      str(r["failures"]), str(r["empty"]),
                      _rate(r["pages_per_s"])])
    widths = [max(len(c[i]) for c in cells + [COLUMNS]) for i in range(len(COLUMNS))]

    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.ljust(w) if i < 2 else v.rjust(w)
                                 for i, (v, w) in enumerate(zip(values, widths))) + " |"
    sep = "|" + "|".join("-" * (w + 1) + (":" if i >= 2 else "-") for i, w in enumerate(widths)) + "|"
    return "\n".join([line(COLUMNS), sep] + [line(c) for c in cells])


def ordered(rows: dict) -> list[dict]:
    """By rendering (the raw floor first), then by the systems' registry order."""
    names = list(SYSTEMS)
    return sorted(rows.values(), key=lambda r: (RENDERINGS.index(r["rendering"]),
                                                names.index(r["system"])))


def versions() -> dict[str, str]:
    out = {}
    for pkg in PACKAGES:
        try:
            out[pkg] = importlib_metadata.version(pkg)
        except importlib_metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    try:
        def git(*args: str) -> str:
            return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True,
                                  text=True, timeout=10).stdout.strip()
        dirty = " + uncommitted changes in src/" if git("status", "--porcelain", "src") else ""
        out["scrapeclean commit"] = git("rev-parse", "--short", "HEAD") + dirty
    except (OSError, subprocess.SubprocessError):
        pass
    return out


def markdown(result: dict) -> str:
    rows = result["rows"]
    lines = ["# Quality benchmark\n",
             f"Corpus `{result['corpus']}`: {result['n_records']} records "
             f"({result['n_shingle']} with an article body -> shingle metrics, "
             f"{result['n_snippet']} with snippets -> snippet metrics). "
             f"Generated by `{result['command']}` on {result['date']} "
             f"({result['wall_seconds']:.0f} s wall, {result['jobs']} worker processes, "
             f"{result['timeout']:g} s limit per call).\n",
             table(rows), "",
             "sh = shingle P/R/F1 (macro over `scrapinghub` pages); sn = snippet P/R/F1/accuracy "
             "(micro over `trafilatura` snippets); title/author/date = share of pages with that gold "
             "field matched (`-`: the system gives none); no-author = share of the pages annotated "
             "with no author where the system names one (lower is better), no-author a = the same on the pages "
             "whose gold annotates another metadata field (title or date: the others were not annotated for "
             "metadata at all); fail = crashes + time-outs (scored as "
             "empty output); empty = empty outputs without an error; pages/s = pages / summed "
             "per-call time in one worker (single core).\n",
             "## Systems\n"]
    for name, system in SYSTEMS.items():
        if any(r["system"] == name for r in rows) or name in result["skipped"]:
            skipped = f" **Skipped: {result['skipped'][name]}.**" if name in result["skipped"] else ""
            opts = f" Options: `{json.dumps(system.options)}`." if system.options else ""
            lines.append(f"- `{name}`: {system.note}.{opts}{skipped}")
    older = [f"`{r['system']}` on {r['rendering']} ({r.get('date', '?')})"
             for r in rows if r.get("date") != result["date"]]
    if older:
        lines += ["", "Rows kept from earlier runs: " + ", ".join(older) + "."]
    errors = [(r, msg, n) for r in rows for msg, n in r["errors"].items()]
    if errors:
        lines += ["", "## Failures (most common errors)\n"]
        lines += [f"- `{r['system']}` on {r['rendering']}: {n} x `{msg}`" for r, msg, n in errors]
    lines += ["", "## Versions\n"] + [f"- {k}: {v}" for k, v in result["versions"].items()]
    return "\n".join(lines) + "\n"


def save(result: dict, out_dir: Path, stem: str) -> None:
    """Write <stem>.json/.md; rows of systems not in this run are kept from a
    previous result of the same corpus and limit."""
    json_path = out_dir / f"{stem}.json"
    if json_path.exists():
        old = json.loads(json_path.read_text(encoding="utf-8"))
        if old.get("corpus") == result["corpus"] and old.get("limit") == result["limit"]:
            new_keys = {(r["system"], r["rendering"]) for r in result["rows"]}
            kept = [r for r in old.get("rows", []) if (r["system"], r["rendering"]) not in new_keys
                    and r["system"] in SYSTEMS]
            result["rows"] = ordered({(r["system"], r["rendering"]): r
                                      for r in result["rows"] + kept})
            result["skipped"] = {**old.get("skipped", {}), **result["skipped"]}
    json_path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out_dir / f"{stem}.md").write_text(markdown(result), encoding="utf-8")


def write_pages(out_dir: Path, pages: dict) -> None:
    for (system, rendering), rows in pages.items():
        rows = sorted(rows, key=lambda r: r["id"])
        with pages_path(out_dir, system, rendering).open("w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)


# ------------------------------------------------------------------ CLI

def split(value: str | None, allowed, what: str) -> list[str]:
    items = list(allowed) if not value else [v.strip() for v in value.split(",") if v.strip()]
    bad = [v for v in items if v not in allowed]
    if bad:
        sys.exit(f"unknown {what}: {', '.join(bad)} (choose from {', '.join(allowed)})")
    return items


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="dev.jsonl.gz (html/ beside it)")
    ap.add_argument("--renderings", help=f"comma list, default all: {','.join(RENDERINGS)}")
    ap.add_argument("--systems", help=f"comma list, default all: {','.join(SYSTEMS)}")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="results directory (default %(default)s)")
    ap.add_argument("--limit", type=int, help="only the first N records")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default %(default)s)")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per system call (default %(default)s)")
    ap.add_argument("--worst", type=int, metavar="N", help="print the N worst pages of --worst-system")
    ap.add_argument("--worst-system", default="scrapeclean", help="system for --worst (default %(default)s)")
    ap.add_argument("--worst-lines", type=int, default=8, help="lines shown per list in --worst (default %(default)s)")
    ap.add_argument("--region-models", metavar="DIR",
                    help="out-of-fold run: text renderings use the region model of the fold that never "
                         "saw the page's domain (training/train_region.py --oof-dir DIR)")
    ap.add_argument("--reuse", action="store_true",
                    help="run nothing: --worst from the pages-*.jsonl already in --out")
    args = ap.parse_args(argv)

    renderings = split(args.renderings, RENDERINGS, "rendering")
    systems = split(args.systems, list(SYSTEMS), "system")
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    records = load_records(args.corpus, args.limit)
    if args.region_models:  # read by the scrapeclean system in every worker
        os.environ[REGION_MODELS_ENV] = str(Path(args.region_models).resolve())
        if args.out == str(DEFAULT_OUT):
            sys.exit("an out-of-fold run must not overwrite the in-sample results: give --out")

    if not args.reuse:
        skipped = {s: why for s in systems if (why := SYSTEMS[s].missing())}
        for s, why in skipped.items():
            print(f"[quality] skipping {s}: {why}", file=sys.stderr)
        started = time.monotonic()
        rows, pages = run(args.corpus, records, [s for s in systems if s not in skipped],
                          renderings, args.jobs, args.timeout, args.limit)
        wall = time.monotonic() - started
        result = {
            "corpus": str(Path(args.corpus).resolve()), "limit": args.limit,
            "n_records": len(records),
            "n_shingle": sum("article_body" in (r.get("gold") or {}) for r in records),
            "n_snippet": sum("with" in (r.get("gold") or {}) for r in records),
            "command": "python benchmarks/quality.py " + " ".join(argv if argv is not None else sys.argv[1:]),
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "wall_seconds": round(wall, 1), "jobs": args.jobs, "timeout": args.timeout,
            "versions": versions(), "skipped": skipped, "rows": ordered(rows),
        }
        for row in result["rows"]:
            row["date"] = result["date"]
        print(table(result["rows"]))
        print(f"\n{len(records)} records, {wall:.0f}s wall with {args.jobs} jobs", file=sys.stderr)
        write_pages(out_dir, pages)
        stem = "quality" if args.limit is None else f"quality-limit{args.limit}"
        save(result, out_dir, stem)
        print(f"[quality] wrote {out_dir / stem}.md/.json and pages-*.jsonl", file=sys.stderr)

    if args.worst:
        by_id = {r["id"]: r for r in records}
        compare_rows = load_pages(out_dir, "trafilatura", "html")
        compare = ("trafilatura/html", compare_rows) if compare_rows else None
        for rendering in renderings:
            rows_ = load_pages(out_dir, args.worst_system, rendering)
            if rows_ is None:
                print(f"\n(no {pages_path(out_dir, args.worst_system, rendering).name} for --worst)")
                continue
            rows_ = {k: v for k, v in rows_.items() if k in by_id}
            print()
            print(report(by_id, rows_, args.worst_system, rendering, args.worst,
                         args.worst_lines, None if args.worst_system == "trafilatura"
                         and rendering == "html" else compare))


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # e.g. `--worst 50 | head`
        sys.stderr.close()
