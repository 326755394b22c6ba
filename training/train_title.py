"""Train the headline ranker (scrapeclean.filters.title_rank) on the dev corpus's gold titles.

    OMP_NUM_THREADS=1 python training/train_title.py --corpus ../shared/corpus/dev.jsonl.gz

Every page with a gold title is run through the default pipeline up to the headline step, in
each text rendering (innertext, gettext, markdown); the candidate lines around the article
start are labelled 1 when the line matches the gold title by the benchmark's rule
(benchmarks/metrics.title_match). Gradient-boosted trees score the candidates; the page's
title is its best candidate. Reported: page-level top-1 accuracy out of fold (cross-validated
by domain, so a site never helps to rank its own pages), per rendering, against the share of
pages where any candidate is right (the ceiling). Writes src/scrapeclean/data/title_model.json.
"""
from __future__ import annotations

import argparse
import gzip
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from benchmarks.metrics import title_match  # noqa: E402
from scrapeclean import Pipeline  # noqa: E402
from scrapeclean.filters.title_rank import (FEATURE_NAMES, candidate_features, candidate_text,  # noqa: E402
                                            candidates)
from train_region import export, fit  # noqa: E402

RENDERINGS = {"innertext": "text", "gettext": "text", "markdown": "markdown"}
MODEL = ROOT / "src" / "scrapeclean" / "data" / "title_model.json"


def documents(corpus: Path, cache: Path | None) -> list[tuple[str, str, str, object]]:
    """(domain, rendering, gold title, Document before the headline step) per page."""
    if cache is not None and cache.exists():
        return pickle.loads(cache.read_bytes())
    pipe = Pipeline.default().remove("headline")
    out = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            gold = rec["gold"].get("title")
            if not gold:
                continue
            for rendering, kind in RENDERINGS.items():
                raw = rec["inputs"].get(rendering)
                if raw:
                    out.append((rec["domain"], rendering, gold, pipe.run(raw, url=rec.get("url"), kind=kind)))
    if cache is not None:
        cache.write_bytes(pickle.dumps(out))
    return out


def article_start(doc) -> int:
    kept = [b.index for b in doc.blocks if b.index not in doc.dropped]
    return kept[0] if kept else 0


def dataset(docs):
    X, y, page, groups, rend = [], [], [], [], []
    for p, (domain, rendering, gold, doc) in enumerate(docs):
        start = article_start(doc)
        cands = candidates(doc, start)
        if not cands:
            continue
        X.extend(candidate_features(doc, cands, start))
        y.extend(int(title_match(gold, candidate_text(b))) for b in cands)
        page.extend([p] * len(cands))
        groups.extend([domain] * len(cands))
        rend.extend([rendering] * len(cands))
    return np.array(X), np.array(y), np.array(page), np.array(groups), np.array(rend)


def page_weights(page: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Each page weighs the same; its positives weigh as much as its negatives."""
    w = np.ones(len(page))
    for p in np.unique(page):
        m = page == p
        pos, neg = (y[m] == 1).sum(), (y[m] == 0).sum()
        w[m & (y == 1)] = 0.5 / pos if pos else 0.0
        w[m & (y == 0)] = (0.5 if pos else 1.0) / max(neg, 1)
    return w * len(np.unique(page)) / w.sum() * 1.0


def top1(scores: np.ndarray, y: np.ndarray, page: np.ndarray) -> dict[int, bool]:
    """Page -> whether its best-scored candidate is a right one."""
    out: dict[int, bool] = {}
    order = np.lexsort((-scores, page))
    seen = set()
    for i in order:
        if page[i] not in seen:
            seen.add(page[i])
            out[int(page[i])] = bool(y[i])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev.jsonl.gz")
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the processed pages (reused)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--iters", type=int, default=80)
    ap.add_argument("--dry-run", action="store_true", help="report the cross-validation, write nothing")
    args = ap.parse_args()
    from sklearn.model_selection import GroupKFold

    t0 = time.time()
    docs = documents(args.corpus, args.cache)
    X, y, page, groups, rend = dataset(docs)
    n_pages = {r: sum(1 for d in docs if d[1] == r) for r in RENDERINGS}
    print(f"{len(docs)} pages, {len(X)} candidates, {y.sum()} right ones ({time.time() - t0:.0f}s)")
    sw = page_weights(page, y)
    oof = np.zeros(len(X))
    for tr, te in GroupKFold(n_splits=args.folds).split(X, y, groups):
        model = fit(X[tr], y[tr], sw[tr], args.depth, args.iters)
        oof[te] = model.predict_proba(X[te])[:, 1]
    right = top1(oof, y, page)
    print("rendering   pages  ceiling  out-of-fold top-1")
    for r in RENDERINGS:
        pages = {int(p) for p in np.unique(page[rend == r])}
        ceiling = sum(1 for p in pages if y[page == p].any())
        acc = sum(right[p] for p in pages)
        print(f"{r:<10} {n_pages[r]:>6}  {ceiling / n_pages[r]:.3f}    {acc / n_pages[r]:.3f}")
    model = fit(X, y, sw, args.depth, args.iters)
    right_in = top1(model.predict_proba(X)[:, 1], y, page)
    print(f"in-sample top-1 (all renderings): {sum(right_in.values()) / len(docs):.3f}")
    if args.dry_run:
        return
    data = {"features": list(FEATURE_NAMES), "model": export(model, X.shape[1], args.depth),
            "trained_on": f"{args.corpus.name}: {len(docs)} page renderings with a gold title, "
                          f"depth {args.depth}, {args.iters} trees"}
    from scrapeclean.trees import TreeEnsemble
    check = TreeEnsemble(data["model"]).predict(X[:200])
    assert np.allclose(check, model.predict_proba(X[:200])[:, 1], atol=1e-4), "exported trees disagree"
    MODEL.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {MODEL.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
