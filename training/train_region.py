"""Train the main-content detector's linear model on the dev corpus.

    python training/train_region.py --corpus ../shared/corpus/dev.jsonl.gz

Block labels come from the gold where the corpus has it: a block of a `scrapinghub` page is
article text when most of its 4-gram shingles occur in the gold article body. `trafilatura`
pages have only a few snippets, so their blocks are labelled by trafilatura's own extraction
of the page's HTML (silver labels, cached), overridden by the gold snippets. Each document
weighs the same, and inside a document each block weighs by its word count (the metrics
count words). The smoothing cost is chosen by cross-validation grouped by domain.
Writes src/scrapeclean/data/region_model.json.
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import regex
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from scrapeclean import Pipeline  # noqa: E402
from scrapeclean.features import FEATURE_NAMES, block_features  # noqa: E402
from scrapeclean.filters.region import smooth  # noqa: E402
from scrapeclean.settings import DEFAULT_FILTERS  # noqa: E402

_TOKEN = regex.compile(r"\w+")
_WS = regex.compile(r"\s+")
RENDERINGS = {"innertext": "text", "gettext": "text", "markdown": "markdown"}
MODEL = ROOT / "src" / "scrapeclean" / "data" / "region_model.json"


def shingles(tokens: list[str], n: int = 4) -> list[tuple[str, ...]]:
    if len(tokens) < n:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]


def reference_set(text: str) -> tuple[set[tuple[str, ...]], set[str], str]:
    toks = _TOKEN.findall(text)
    return set(shingles(toks)), set(toks), " ".join(toks)


def label(block_text: str, ref: tuple[set, set, str]) -> int:
    """1 when the block is (mostly) inside the reference text."""
    sh_set, tok_set, joined = ref
    toks = _TOKEN.findall(block_text)
    if not toks:
        return 0
    if len(toks) < 4:
        return int(" ".join(toks) in joined and all(t in tok_set for t in toks))
    sh = shingles(toks)
    return int(sum(s in sh_set for s in sh) / len(sh) >= 0.5)


def silver(corpus: Path, rec: dict, cache: dict) -> str:
    if rec["id"] not in cache:
        import trafilatura
        html = gzip.decompress((corpus.parent / rec["html_file"]).read_bytes()).decode(
            rec.get("html_encoding") or "utf-8", errors="replace")
        cache[rec["id"]] = trafilatura.extract(html) or ""
    return cache[rec["id"]]


def snippet_override(text: str, with_: list[str], without: list[str]) -> int | None:
    norm = _WS.sub(" ", text).strip()
    for s in without:
        s = _WS.sub(" ", s).strip()
        if s and (s in norm or (len(norm) >= 15 and norm in s)):
            return 0
    for s in with_:
        s = _WS.sub(" ", s).strip()
        if s and (s in norm or (len(norm) >= 15 and norm in s)):
            return 1
    return None


def build(corpus: Path, cache_path: Path, limit: int | None):
    records = [json.loads(l) for l in gzip.open(corpus, "rt", encoding="utf-8")][:limit]
    cache = json.loads(cache_path.read_text()) if cache_path.exists() else {}
    before = Pipeline(DEFAULT_FILTERS[:DEFAULT_FILTERS.index("main-content")])
    docs = []  # (record, rendering, X, y, word weights)
    for n, rec in enumerate(records):
        gold = rec["gold"]
        ref_text = gold.get("article_body") or silver(corpus, rec, cache)
        ref = reference_set(ref_text)
        for rendering, kind in RENDERINGS.items():
            raw = (rec.get("inputs") or {}).get(rendering)
            if not raw:
                continue
            doc = before.run(raw, kind=kind)
            if not doc.blocks:
                continue
            X = block_features(doc)
            y, w = [], []
            for b in doc.blocks:
                lab = label(b.text, ref)
                if "with" in gold:
                    o = snippet_override(b.text, gold.get("with") or [], gold.get("without") or [])
                    lab = lab if o is None else o
                y.append(lab)
                w.append(1 + len(_TOKEN.findall(b.text)))
            docs.append((rec, rendering, X, y, w))
        if n % 50 == 0:
            print(f"  {n}/{len(records)} records", file=sys.stderr)
            cache_path.write_text(json.dumps(cache))
    cache_path.write_text(json.dumps(cache))
    return docs


def fit(docs, C: float) -> LogisticRegression:
    X, y, sw = [], [], []
    for _, _, Xd, yd, wd in docs:
        total = sum(wd)
        X.extend(Xd)
        y.extend(yd)
        # every document weighs the same; short chrome lines still count (sqrt)
        sw.extend([math.sqrt(wi) / sum(math.sqrt(v) for v in wd) for wi in wd] if total else wd)
    model = LogisticRegression(C=C, max_iter=2000, fit_intercept=False)
    model.fit(np.array(X), np.array(y), sample_weight=np.array(sw) * len(docs))
    return model


def doc_f1(probs: list[float], y: list[int], w: list[int], cost: float) -> float:
    keep = smooth(probs, cost)
    tp = sum(wi for k, yi, wi in zip(keep, y, w) if k and yi)
    fp = sum(wi for k, yi, wi in zip(keep, y, w) if k and not yi)
    fn = sum(wi for k, yi, wi in zip(keep, y, w) if not k and yi)
    if tp + fp + fn == 0:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/scrapeclean-silver.json"),
                    help="where trafilatura's silver extractions are cached")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--folds", type=int, default=4)
    args = ap.parse_args()
    t0 = time.time()
    docs = build(args.corpus, args.cache, args.limit)
    print(f"{len(docs)} documents, {sum(len(d[3]) for d in docs)} blocks, "
          f"{time.time() - t0:.0f}s", file=sys.stderr)
    # cross-validation grouped by domain: the same site never trains and tests
    domains = sorted({d[0]["domain"] for d in docs})
    fold_of = {dom: i % args.folds for i, dom in enumerate(domains)}
    grid = [(C, cost) for C in (0.3, 1.0, 3.0) for cost in (0.5, 1.0, 2.0, 3.0, 4.0)]
    scores: Counter[tuple[float, float]] = Counter()
    for fold in range(args.folds):
        train = [d for d in docs if fold_of[d[0]["domain"]] != fold]
        test = [d for d in docs if fold_of[d[0]["domain"]] == fold]
        for C in sorted({g[0] for g in grid}):
            m = fit(train, C)
            for _, _, X, y, w in test:
                probs = m.predict_proba(np.array(X))[:, 1].tolist()
                for cost in sorted({g[1] for g in grid}):
                    scores[(C, cost)] += doc_f1(probs, y, w, cost) / len(docs)
    for (C, cost), s in sorted(scores.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  C={C} switch_cost={cost}: mean block-word F1 {s:.4f}", file=sys.stderr)
    (C, cost), best = max(scores.items(), key=lambda kv: kv[1])
    model = fit(docs, C)
    out = {
        "features": list(FEATURE_NAMES),
        "weights": [round(float(v), 5) for v in model.coef_[0]],
        "switch_cost": cost,
        "trained_on": f"{args.corpus.name}: {len(docs)} documents ({', '.join(RENDERINGS)}), "
                      f"C={C}, grouped {args.folds}-fold CV word F1 {best:.4f}",
    }
    MODEL.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {MODEL} ({time.time() - t0:.0f}s)", file=sys.stderr)
    for name, wv in sorted(zip(FEATURE_NAMES, out["weights"]), key=lambda kv: -abs(kv[1])):
        print(f"  {name:<20} {wv:+.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
