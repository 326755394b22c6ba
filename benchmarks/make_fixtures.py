"""Copy a few corpus pages into fixtures/pages/ for the golden tests (run by hand).

    python benchmarks/make_fixtures.py --corpus ../shared/corpus/dev.jsonl.gz ID [ID ...]

Each page gets its three raw renderings and a page.json with its URL and gold (the article
body, or the must-keep / must-drop snippets). Then `pytest tests/test_golden.py
--update-golden` writes the expected outputs: review them by hand before committing.
"""
from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
FILES = {"innertext": "innertext.txt", "gettext": "gettext.txt", "markdown": "markdown.md"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("ids", nargs="+")
    args = ap.parse_args()
    wanted = set(args.ids)
    for line in gzip.open(args.corpus, "rt", encoding="utf-8"):
        rec = json.loads(line)
        if rec["id"] not in wanted:
            continue
        out = PAGES / f"{rec['domain']}-{rec['id']}"
        out.mkdir(parents=True, exist_ok=True)
        for rendering, name in FILES.items():
            text = (rec.get("inputs") or {}).get(rendering)
            if text:
                (out / name).write_text(text, encoding="utf-8")
        info = {"id": rec["id"], "url": rec.get("url"), "source": rec["source"], "gold": rec["gold"]}
        (out / "page.json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(out)


if __name__ == "__main__":
    main()
