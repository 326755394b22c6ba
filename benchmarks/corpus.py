"""Reading the evaluation corpus: records (dev.jsonl.gz) and each page's HTML."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

TEXT_RENDERINGS = ("innertext", "gettext", "markdown")
RENDERINGS = TEXT_RENDERINGS + ("html",)


def load_records(path: str | Path, limit: int | None = None) -> list[dict]:
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    records = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                records.append(json.loads(line))
            if limit is not None and len(records) >= limit:
                break
    return records


def load_html(corpus_path: str | Path, record: dict) -> str:
    """The page's HTML decoded with the encoding the corpus recorded for it."""
    html_path = Path(corpus_path).parent / record["html_file"]
    data = gzip.decompress(html_path.read_bytes())
    return data.decode(record.get("html_encoding") or "utf-8", errors="replace")


def page_input(corpus_path: str | Path, record: dict, rendering: str) -> str:
    """What a system gets for ``rendering``: a raw-text rendering or the HTML."""
    if rendering == "html":
        return load_html(corpus_path, record)
    return (record.get("inputs") or {}).get(rendering) or ""
