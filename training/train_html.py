"""Train the HTML main-content model (filters/html_region.py) on the dev corpus.

    python training/train_html.py prepare --corpus /work/shared/corpus/dev.jsonl.gz
    python training/train_html.py fit [--write]
    python training/train_html.py eval          # end-to-end scores, trafilatura output cached
    python training/train_html.py eval --cv 4 --trees [--no-tf]   # out-of-fold, grouped by domain

`prepare` runs the default pipeline up to the main-content filter on each page's HTML, runs
trafilatura's extraction on the parsed tree (cached, it is the slow part), and stores one
feature vector and label per block. Labels come from the gold: a block of a `scrapinghub`
page is article when most of its word 4-grams occur in the gold article body; a block of a
`trafilatura` page is article when it holds (or sits inside) a must-keep snippet and chrome
when it holds a must-drop one (other blocks of those pages are not labelled). Each document
weighs the same; inside a scrapinghub document blocks weigh by their word count.

`eval --cv 4` is the figure to trust: the pages are split into 4 folds by domain, each fold is
scored end to end (the corpus's own scorer) by models trained on the other three, and the
held-out predictions are pooled. `--no-tf` scores the model without trafilatura's evidence.
Measured 2026-11-27 (depth 4, 150 trees): shingle F1 0.961 / snippet F1 0.943 out of fold
(in-sample 0.963 / 0.965, trafilatura 0.953 / 0.923); depth 3 x 100 trees: 0.956 / 0.944;
without trafilatura's evidence: 0.936 / 0.927.

At run time trafilatura's evidence is only asked for where the model without it is unsure
(`html_region.GATE`), so `eval` scores that gated mix; `--no-tf` scores the model without it
everywhere. Measured 2026-11-27 with the gate at 0.15 (trafilatura on ~38% of the pages): see
the module docstring of filters/html_region.py.

`fit` fits two logistic regressions (with trafilatura's coverage, and without it for pages
where trafilatura returns nothing), reports cross-validated block accuracy grouped by domain,
and with --write saves src/scrapeclean/data/html_region.json.
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import pickle
import sys
import time
import multiprocessing
from pathlib import Path

import numpy as np
import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from scrapeclean import Pipeline  # noqa: E402
from scrapeclean.decode import to_text  # noqa: E402
from scrapeclean.filters.html_region import HTML_FEATURES, extract_main_text, html_features  # noqa: E402
from scrapeclean.settings import DEFAULT_FILTERS  # noqa: E402
from train_region import export  # noqa: E402  (the same tree export as the text model)

_TOKEN = regex.compile(r"\w+")
_WS = regex.compile(r"\s+")
MODEL = ROOT / "src" / "scrapeclean" / "data" / "html_region.json"
CACHE = Path("/tmp/scrapeclean-train-html")


def Pool(jobs: int, **kw):  # noqa: N802
    """Worker processes started fresh ("spawn"): forking after OpenMP/BLAS threads can hang."""
    return multiprocessing.get_context("spawn").Pool(jobs, **kw)


def load_records(path: str) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def page_bytes(corpus: str, record: dict) -> bytes:
    return gzip.decompress((Path(corpus).parent / record["html_file"]).read_bytes())


def _shingles(tokens: list[str], n: int = 4) -> list[tuple[str, ...]]:
    if len(tokens) < n:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]


def labels_for(record: dict, texts: list[str]) -> tuple[list[int | None], list[float]]:
    gold = record["gold"]
    if "article_body" in gold:
        ref = set(_shingles(_TOKEN.findall(gold["article_body"])))
        labs: list[int | None] = []
        weights = []
        for t in texts:
            sh = _shingles(_TOKEN.findall(t))
            if not sh:
                labs.append(None)
                weights.append(0.0)
                continue
            labs.append(int(sum(s in ref for s in sh) >= 0.5 * len(sh)))
            weights.append(float(len(sh)))
        total = sum(weights) or 1.0
        return labs, [w / total for w in weights]
    with_ = [_WS.sub(" ", s).strip() for s in gold.get("with", [])]
    without = [_WS.sub(" ", s).strip() for s in gold.get("without", [])]
    labs, weights = [], []
    for t in texts:
        t = _WS.sub(" ", t).strip()
        pos = any(s and (s in t or (len(t) >= 12 and t in s)) for s in with_)
        neg = any(s and (s in t or (len(t) >= 12 and t in s)) for s in without)
        labs.append(1 if pos and not neg else 0 if neg and not pos else None)
        weights.append(1.0 if labs[-1] is not None else 0.0)
    n = sum(1 for x in labs if x is not None) or 1
    return labs, [w / n for w in weights]


_PRE: Pipeline | None = None


def _pre_pipeline() -> Pipeline:
    global _PRE
    if _PRE is None:
        names = list(DEFAULT_FILTERS)
        _PRE = Pipeline(names[: names.index("main-content")])
    return _PRE


def prepare_one(args: tuple[str, dict]) -> dict | None:
    corpus, record = args
    cache = CACHE / f"tf-{record['id']}.json"
    raw = page_bytes(corpus, record)
    text = raw.decode(record.get("html_encoding") or "utf-8", errors="replace")
    t0 = time.perf_counter()
    doc = _pre_pipeline().run(text, kind="html", url=record.get("url"))
    t1 = time.perf_counter()
    if cache.exists():
        main = json.loads(cache.read_text())["text"]
        doc.html_meta["_tf_text"] = main or False
    else:
        main = extract_main_text(doc)
        cache.write_text(json.dumps({"text": main}))
    feats = html_features(doc, main, use_tf=True)
    feats_no = html_features(doc, None, use_tf=False)
    labs, weights = labels_for(record, [b.text for b in doc.blocks])
    return {"id": record["id"], "domain": record["domain"], "source": record["source"],
            "X": feats, "X_no": feats_no, "y": labs, "w": weights, "has_tf": bool(main),
            "seconds": t1 - t0, "n": len(doc.blocks)}


def prepare(corpus: str, out: Path, jobs: int) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    records = load_records(corpus)
    rows = []
    with Pool(jobs) as pool:
        for i, row in enumerate(pool.imap(prepare_one, [(corpus, r) for r in records], chunksize=2)):
            if row is not None:
                rows.append(row)
            if (i + 1) % 50 == 0:
                print(f"[prepare] {i + 1}/{len(records)}", file=sys.stderr)
    with open(out, "wb") as f:
        pickle.dump(rows, f)
    print(f"[prepare] {len(rows)} pages -> {out}", file=sys.stderr)


def _matrix(rows: list[dict], key: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    X, y, w, g = [], [], [], []
    domains = {d: i for i, d in enumerate(sorted({r["domain"] for r in rows}))}
    for r in rows:
        for x, lab, wt in zip(r[key], r["y"], r["w"]):
            if lab is None or wt <= 0:
                continue
            X.append(x)
            y.append(lab)
            w.append(wt)
            g.append(domains[r["domain"]])
    return np.array(X), np.array(y), np.array(w), np.array(g)


def _gbdt(depth: int, iters: int):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(max_depth=depth, max_leaf_nodes=2 ** depth - 1,
                                          max_iter=iters, learning_rate=0.1,
                                          early_stopping=False, random_state=0)


def fit(data: Path, write: bool, c: float, trees: bool, depth: int, iters: int, cv: bool = True) -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    rows = pickle.load(open(data, "rb"))
    model: dict = {"features": list(HTML_FEATURES)}
    for key, name in (("X", "weights"), ("X_no", "no_tf_weights")):
        X, y, w, g = _matrix(rows, key)
        makers = {"linear": lambda: LogisticRegression(C=c, max_iter=3000, fit_intercept=False)}
        if trees:
            makers["trees"] = lambda: _gbdt(depth, iters)
        for kind, make in makers.items():
            accs = [float("nan")]
            for tr, te in (GroupKFold(5).split(X, y, g) if cv else ()):
                m = make()
                m.fit(X[tr], y[tr], sample_weight=w[tr])
                accs = [a for a in accs if a == a]
                accs.append(float(np.average(m.predict(X[te]) == y[te], weights=w[te])))
            m = make()
            m.fit(X, y, sample_weight=w)
            print(f"{name} {kind}: {len(y)} blocks, CV weighted accuracy {np.mean(accs):.4f}")
            if kind == "linear":
                model[name] = [round(float(v), 4) for v in m.coef_[0]]
                for f, v in sorted(zip(HTML_FEATURES, model[name]), key=lambda t: -abs(t[1]))[:12]:
                    print(f"   {f:<20} {v:+.3f}")
            else:
                model[name.replace("weights", "trees")] = export(m, len(HTML_FEATURES), depth)
    how = f"gradient-boosted trees (depth {depth}, {iters} trees) and " if trees else ""
    model["trained_on"] = (f"dev corpus, {len(rows)} pages: {how}logistic regression C={c} "
                           "(training/train_html.py)")
    if write:
        MODEL.write_text(json.dumps(model, separators=(",", ":")) + "\n")
        print(f"wrote {MODEL}")


_SCORER = None


_OVERRIDE: dict | None = None
_NO_TF = False


def _set_override(model: dict | None, no_tf: bool = False) -> None:
    global _OVERRIDE, _NO_TF
    _OVERRIDE = model
    _NO_TF = no_tf


def eval_one(args: tuple[str, dict]) -> dict:
    corpus, record = args
    import scrapeclean
    from scrapeclean.filters import html_region

    if _OVERRIDE is not None:  # cross-validation: the model trained without this page's fold
        from scrapeclean.trees import TreeEnsemble

        m = dict(_OVERRIDE)
        for key in ("trees", "no_tf_trees"):
            if key in m:
                m[key + "_model"] = TreeEnsemble(m[key])
        html_region._model = lambda name="html_region.json", _m=m: _m  # type: ignore[assignment]

    cache = CACHE / f"tf-{record['id']}.json"
    if _NO_TF:  # the model without trafilatura's evidence
        html_region._run_trafilatura = lambda tree, url, owned=False: None  # type: ignore[assignment]
    elif cache.exists():  # trafilatura's output does not depend on our model: reuse it
        main = json.loads(cache.read_text())["text"]
        html_region._run_trafilatura = lambda tree, url, owned=False, _m=main: _m  # type: ignore[assignment]
    text = page_bytes(corpus, record).decode(record.get("html_encoding") or "utf-8", errors="replace")
    t0 = time.perf_counter()
    res = scrapeclean.clean(text, kind="html", url=record.get("url"))
    secs = time.perf_counter() - t0
    return {"id": record["id"], "text": res.text, "title": res.metadata.title,
            "author": res.metadata.author, "date": res.metadata.published, "seconds": secs,
            "sources": res.metadata.sources}


def cv_models(data: Path, c: float, trees: bool, depth: int, iters: int, folds: int) -> list[tuple[set[str], dict]]:
    """One model per domain-grouped fold, trained on the other folds: (page ids held out, model)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    rows = pickle.load(open(data, "rb"))
    domains = sorted({r["domain"] for r in rows})
    groups = np.array([domains.index(r["domain"]) for r in rows])
    out = []
    for tr, te in GroupKFold(folds).split(np.zeros(len(rows)), np.zeros(len(rows)), groups):
        train = [rows[i] for i in tr]
        model: dict = {"features": list(HTML_FEATURES)}
        for key, name in (("X", "weights"), ("X_no", "no_tf_weights")):
            X, y, w, _ = _matrix(train, key)
            lr = LogisticRegression(C=c, max_iter=3000, fit_intercept=False).fit(X, y, sample_weight=w)
            model[name] = [float(v) for v in lr.coef_[0]]
            if trees:
                gb = _gbdt(depth, iters).fit(X, y, sample_weight=w)
                model[name.replace("weights", "trees")] = export(gb, len(HTML_FEATURES), depth)
        out.append(({rows[i]["id"] for i in te}, model))
    return out


def evaluate(corpus: str, jobs: int, out: str | None, cv: list[tuple[set[str], dict]] | None = None,
             no_tf: bool = False) -> None:
    """End-to-end scores of scrapeclean on the HTML of every page (trafilatura cached)."""
    sys.path.insert(0, str(Path(corpus).parent))
    from score import format_table, score  # the corpus's reference scorer

    records = load_records(corpus)
    if cv is None:
        with Pool(jobs, initializer=_set_override, initargs=(None, no_tf)) as pool:
            preds = list(pool.imap(eval_one, [(corpus, r) for r in records], chunksize=2))
    else:
        preds = []
        for held, model in cv:
            with Pool(jobs, initializer=_set_override, initargs=(model, no_tf)) as pool:
                preds.extend(pool.imap(eval_one, [(corpus, r) for r in records if r["id"] in held], chunksize=2))
    print(format_table(score(records, preds)))
    by_id = {p["id"]: p for p in preds}
    none = [r for r in records if r["source"] == "trafilatura" and not r["gold"].get("author")]
    given = sum(1 for r in none if by_id[r["id"]]["author"])
    print(f"author given on {given}/{len(none)} = {given / max(len(none), 1):.3f} of the pages without one")
    print(f"mean seconds/page (trafilatura cached): {sum(p['seconds'] for p in preds) / len(preds):.3f}")
    if out:
        with open(out, "w") as f:
            for p in preds:
                f.write(json.dumps(p, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--corpus", default="/work/shared/corpus/dev.jsonl.gz")
    p.add_argument("--out", default=str(CACHE / "features.pkl"))
    p.add_argument("--jobs", type=int, default=2)
    f = sub.add_parser("fit")
    f.add_argument("--data", default=str(CACHE / "features.pkl"))
    f.add_argument("--write", action="store_true")
    f.add_argument("-C", type=float, default=1.0)
    f.add_argument("--trees", action="store_true", help="also fit gradient-boosted trees (used when present)")
    f.add_argument("--depth", type=int, default=4)
    f.add_argument("--iters", type=int, default=150)
    f.add_argument("--no-cv", action="store_true", help="skip the block-level cross-validation")
    e = sub.add_parser("eval")
    e.add_argument("--corpus", default="/work/shared/corpus/dev.jsonl.gz")
    e.add_argument("--jobs", type=int, default=2)
    e.add_argument("--out")
    e.add_argument("--cv", type=int, default=0, help="N: cross-validate, each page scored by a model "
                   "trained without its domain fold (uses the prepared features)")
    e.add_argument("--data", default=str(CACHE / "features.pkl"))
    e.add_argument("--trees", action="store_true")
    e.add_argument("-C", type=float, default=1.0)
    e.add_argument("--depth", type=int, default=4)
    e.add_argument("--iters", type=int, default=150)
    e.add_argument("--no-tf", action="store_true", help="score the model without trafilatura's evidence")
    args = ap.parse_args()
    if args.cmd == "eval":
        cv = cv_models(Path(args.data), args.C, args.trees, args.depth, args.iters, args.cv) if args.cv else None
        evaluate(args.corpus, args.jobs, args.out, cv, args.no_tf)
    elif args.cmd == "prepare":
        CACHE.mkdir(parents=True, exist_ok=True)
        prepare(args.corpus, Path(args.out), args.jobs)
    else:
        fit(Path(args.data), args.write, args.C, args.trees, args.depth, args.iters, not args.no_cv)


if __name__ == "__main__":
    main()
