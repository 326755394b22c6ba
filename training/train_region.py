"""Train the main-content detector's gradient-boosted trees on the dev corpus.

    python training/train_region.py --corpus ../shared/corpus/dev.jsonl.gz

Block labels come from the gold where the corpus has it: a block of a `scrapinghub` page is
article text when most of its 4-gram shingles occur in the gold article body. `trafilatura`
pages have only a few snippets, so their blocks are labelled by trafilatura's own extraction
of the page's HTML (silver labels, cached), overridden by the gold snippets. Each document
weighs the same, and inside a document each block weighs by its word count (the metrics
count words). Stage 1 (trees on each block's features) is trained, its out-of-fold probabilities feed
stage 2 (trees on the neighbours' probabilities); cross-validation grouped by domain reports
each smoothing cost's block-word F1. The cost and the regularisation are set from the
benchmark's page metrics out of fold (`--oof-dir`, then `benchmarks/quality.py --region-models`).
Writes src/scrapeclean/data/region_model.json.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from scrapeclean import Pipeline  # noqa: E402
from scrapeclean.features import FEATURE_NAMES, block_features  # noqa: E402
from scrapeclean.filters.region import STAGE2_NAMES, drop_reasons, smooth, stage2_features  # noqa: E402
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


def silver(corpus: Path, rec: dict, cache: dict, comments: bool = True) -> str:
    if rec["id"] not in cache:
        import trafilatura
        html = gzip.decompress((corpus.parent / rec["html_file"]).read_bytes()).decode(
            rec.get("html_encoding") or "utf-8", errors="replace")
        cache[rec["id"]] = trafilatura.extract(html, include_comments=comments) or ""
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


def build(corpus: Path, cache_path: Path, limit: int | None, comments: bool = True):
    """Features and labels of every block of every rendering of every record (cached)."""
    import pickle
    # one cache per checkout: worktrees with other filters must not share block features
    tag = hashlib.sha1(f"{ROOT}|{cache_path.resolve()}".encode()).hexdigest()[:8]
    store = Path(f"/tmp/scrapeclean-train-{tag}-{limit}.pkl")
    # the earlier filters' phrase lists shape the features too (drop reasons, dropped_before)
    sources = [*(ROOT / "src").rglob("*.py"), *(ROOT / "src").rglob("*.txt")]
    if store.exists() and store.stat().st_mtime > max(p.stat().st_mtime for p in sources):
        return pickle.loads(store.read_bytes())
    docs = _build(corpus, cache_path, limit, comments)
    store.write_bytes(pickle.dumps(docs))
    return docs


def _build(corpus: Path, cache_path: Path, limit: int | None, comments: bool):
    records = [json.loads(l) for l in gzip.open(corpus, "rt", encoding="utf-8")][:limit]
    cache = json.loads(cache_path.read_text()) if cache_path.exists() else {}
    before = Pipeline(DEFAULT_FILTERS[:DEFAULT_FILTERS.index("main-content")])
    docs = []  # (record, rendering, X, y, word weights, earlier filters' drop reasons)
    for n, rec in enumerate(records):
        gold = rec["gold"]
        ref_text = gold.get("article_body") or silver(corpus, rec, cache, comments)
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
            docs.append((rec, rendering, X, y, w, drop_reasons(doc)))
        if n % 50 == 0:
            print(f"  {n}/{len(records)} records", file=sys.stderr)
            cache_path.write_text(json.dumps(cache))
    cache_path.write_text(json.dumps(cache))
    return docs


def weights(docs) -> np.ndarray:
    """Each document weighs the same; inside it a block weighs by sqrt(words)."""
    out = []
    for d in docs:
        w = [math.sqrt(v) for v in d[4]]
        total = sum(w) or 1.0
        out.extend(v / total for v in w)
    return np.array(out) * len(docs)


def fit(X: np.ndarray, y: np.ndarray, sw: np.ndarray, depth: int, iters: int, rate: float,
        min_leaf: int, l2: float, max_features: float):
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_depth=depth, max_leaf_nodes=2 ** depth - 1,
                                           max_iter=iters, learning_rate=rate,
                                           min_samples_leaf=min_leaf, l2_regularization=l2,
                                           max_features=max_features,
                                           early_stopping=False, random_state=0)
    model.fit(X, y, sample_weight=sw)
    return model


def export(model, n_features: int, depth: int) -> dict:
    """The trees as plain arrays (see scrapeclean.trees.TreeEnsemble)."""
    trees = []
    for (pred,) in model._predictors:
        nodes = pred.nodes
        trees.append({
            "feature": nodes["feature_idx"].astype(int).tolist(),
            "threshold": [float(v) for v in nodes["num_threshold"]],  # exact: rounding flips splits
            "left": nodes["left"].astype(int).tolist(),
            "right": nodes["right"].astype(int).tolist(),
            "leaf": nodes["is_leaf"].astype(int).tolist(),
            "value": [round(float(v), 6) for v in nodes["value"]],
        })
    return {"n_features": n_features, "depth": depth + 1,
            "baseline": float(np.ravel(model._baseline_prediction)[0]), "trees": trees}


def doc_f1(keep: list[bool], y: list[int], w: list[int]) -> float:
    tp = sum(wi for k, yi, wi in zip(keep, y, w) if k and yi)
    fp = sum(wi for k, yi, wi in zip(keep, y, w) if k and not yi)
    fn = sum(wi for k, yi, wi in zip(keep, y, w) if not k and yi)
    if tp + fp + fn == 0:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--cache", type=Path,
                    help="where trafilatura's silver extractions are cached (default: /tmp/scrapeclean-silver"
                         "[-nocomments].json)")
    ap.add_argument("--silver-without-comments", action="store_true",
                    help="silver labels from trafilatura without reader comments (see README: measured, not shipped)")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--depth", type=int, default=5)
    ap.add_argument("--iters", type=int, default=80)
    ap.add_argument("--rate", type=float, default=0.1, help="learning rate (fewer trees: a higher rate)")
    # regularised: out of fold (quality.py --region-models) min-leaf 100 and l2 1 gained on
    # the page metrics over 20 and 0 (README, "Where the article is: the region detector")
    ap.add_argument("--min-leaf", type=int, default=100, help="fewest blocks in a leaf")
    ap.add_argument("--l2", type=float, default=1.0, help="L2 regularisation of the leaf values")
    ap.add_argument("--max-features", type=float, default=1.0, help="share of features each split considers")
    ap.add_argument("--switch-cost", type=float, default=0.5,
                    help="the smoothing's cost of a switch between article and chrome: block-word F1 "
                         "prefers 0, the benchmark's page metrics out of fold 0.25-0.5 (README)")
    ap.add_argument("--fold-seed", type=int, help="shuffle the domains into folds with this seed")
    ap.add_argument("--model-out", type=Path, default=MODEL, help="default: the shipped model")
    ap.add_argument("--oof-dir", type=Path,
                    help="also write each fold's models (trained without that fold's domains) and "
                         "folds.json here, for benchmarks/quality.py --region-models")
    args = ap.parse_args()
    t0 = time.time()
    comments = not args.silver_without_comments
    hp = dict(depth=args.depth, iters=args.iters, rate=args.rate, min_leaf=args.min_leaf, l2=args.l2,
              max_features=args.max_features)
    cache = args.cache or Path("/tmp/scrapeclean-silver" + ("" if comments else "-nocomments") + ".json")
    docs = build(args.corpus, cache, args.limit, comments)
    print(f"{len(docs)} documents, {sum(len(d[3]) for d in docs)} blocks, "
          f"{time.time() - t0:.0f}s", file=sys.stderr)
    # cross-validation grouped by domain: the same site never trains and tests
    domains = sorted({d[0]["domain"] for d in docs})
    if args.fold_seed is not None:  # another grouping of the domains into folds
        import random
        random.Random(args.fold_seed).shuffle(domains)
    fold_of = {dom: i % args.folds for i, dom in enumerate(domains)}
    folds = np.array([fold_of[d[0]["domain"]] for d in docs])
    X1 = [np.array(d[2]) for d in docs]
    Y = [np.array(d[3]) for d in docs]
    oof: list[list[float]] = [[] for _ in docs]
    fold_models: dict[int, list] = {}
    for fold in range(args.folds):
        tr = [i for i in range(len(docs)) if folds[i] != fold]
        m = fold_models.setdefault(fold, [])
        m.append(fit(np.vstack([X1[i] for i in tr]), np.concatenate([Y[i] for i in tr]),
                weights([docs[i] for i in tr]), **hp))
        for i in range(len(docs)):
            if folds[i] == fold:
                oof[i] = m[0].predict_proba(X1[i])[:, 1].tolist()
    X2 = [stage2_features(oof[i], np.asarray(docs[i][2]), docs[i][5]) for i in range(len(docs))]
    scores: Counter[str] = Counter()
    costs = tuple(sorted({0.0, 0.25, 0.5, 1.0, 2.0, args.switch_cost}))
    for fold in range(args.folds):
        tr = [i for i in range(len(docs)) if folds[i] != fold]
        m2 = fit(np.vstack([X2[i] for i in tr]), np.concatenate([Y[i] for i in tr]),
                 weights([docs[i] for i in tr]), **hp)
        fold_models[fold].append(m2)
        for i in range(len(docs)):
            if folds[i] != fold:
                continue
            y, w = docs[i][3], docs[i][4]
            scores["stage1"] += doc_f1([p > 0.5 for p in oof[i]], y, w) / len(docs)
            p2 = m2.predict_proba(X2[i])[:, 1].tolist()
            for c in costs:
                scores[f"stage2 cost={c}"] += doc_f1(smooth(p2, c), y, w) / len(docs)
    for name, s in sorted(scores.items(), key=lambda kv: -kv[1]):
        print(f"  {name}: mean block-word F1 {s:.4f} (grouped {args.folds}-fold CV)", file=sys.stderr)
    cost = args.switch_cost
    if args.oof_dir:
        # Stage 2 of fold k was trained on stage-1 probabilities of models that saw fold k's
        # labels (the usual stacking shortcut): a small optimistic bias, stage 1 has none.
        args.oof_dir.mkdir(parents=True, exist_ok=True)
        for fold, (fm1, fm2) in fold_models.items():
            (args.oof_dir / f"fold{fold}.json").write_text(json.dumps({
                "features": list(FEATURE_NAMES), "context": list(STAGE2_NAMES),
                "switch_cost": cost, "trained_on": f"all folds but {fold}",
                "stage1": export(fm1, len(FEATURE_NAMES), args.depth),
                "stage2": export(fm2, len(STAGE2_NAMES), args.depth)}, separators=(",", ":")))
        (args.oof_dir / "folds.json").write_text(json.dumps(fold_of, indent=0))
        print(f"wrote {args.folds} fold models to {args.oof_dir}", file=sys.stderr)
    m1 = fit(np.vstack(X1), np.concatenate(Y), weights(docs), **hp)
    m2 = fit(np.vstack(X2), np.concatenate(Y), weights(docs), **hp)
    out = {
        "features": list(FEATURE_NAMES),
        "context": list(STAGE2_NAMES),
        "switch_cost": cost,
        "trained_on": f"{args.corpus.name}: {len(docs)} documents ({', '.join(RENDERINGS)}), "
                      f"depth {args.depth}, {args.iters} trees, rate {args.rate:g}, min leaf {args.min_leaf}, "
                      f"l2 {args.l2:g}{'' if args.max_features == 1 else f', max features {args.max_features:g}'}"
                      f"{'' if comments else ', silver labels without comments'}; grouped {args.folds}-fold CV "
                      f"word F1 {scores[f'stage2 cost={cost}']:.4f}",
        "stage1": export(m1, len(FEATURE_NAMES), args.depth),
        "stage2": export(m2, len(STAGE2_NAMES), args.depth),
    }
    args.model_out.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    # the shipped evaluator must agree with scikit-learn
    from scrapeclean.trees import TreeEnsemble
    check = TreeEnsemble(out["stage1"]).predict(X1[0].tolist())
    assert np.allclose(check, m1.predict_proba(X1[0])[:, 1], atol=1e-4), "exported trees disagree"
    print(f"wrote {args.model_out} ({args.model_out.stat().st_size // 1024} KB, {time.time() - t0:.0f}s)", file=sys.stderr)


if __name__ == "__main__":
    main()
