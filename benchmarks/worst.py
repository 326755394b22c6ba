"""The worst pages of one system on one rendering, with the lines that cost
the most: the tool for tuning a cleaner.

Works from the per-page rows the quality run writes
(``pages-<system>-<rendering>.jsonl``), which keep each prediction's text.
For shingle pages it lists the predicted lines not in the gold (false
positives, longest first) and the gold lines missing from the prediction; for
snippet pages the ``with`` snippets missing and the ``without`` snippets
present. "(not in input)" marks a loss no cleaner of that input can avoid.
"""
from __future__ import annotations

import json
from pathlib import Path

from benchmarks.metrics import SHINGLE_SIZE, normalize_space, tokens

WIDTH = 150  # characters shown of a line or snippet


def pages_path(out_dir: str | Path, system: str, rendering: str) -> Path:
    return Path(out_dir) / f"pages-{system}-{rendering}.jsonl"


def load_pages(out_dir: str | Path, system: str, rendering: str) -> dict[str, dict] | None:
    path = pages_path(out_dir, system, rendering)
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as f:
        return {row["id"]: row for row in map(json.loads, f) if row}


def page_error(row: dict) -> float:
    """0 = perfect: 1 - F1 on shingle pages, wrong / all snippets otherwise."""
    if row.get("shingle"):
        return 1.0 - row["shingle"]["f1"]
    sn = row.get("snippet")
    if sn:
        n = sn["tp"] + sn["fp"] + sn["fn"] + sn["tn"]
        return (sn["fp"] + sn["fn"]) / n if n else 0.0
    return 0.0


class _TextIndex:
    """Answers "is this line (mostly) in that text?" on word tokens: a line of
    4+ tokens counts as present when half its 4-grams occur in the text, a
    shorter one when its token sequence does."""

    def __init__(self, text: str | None) -> None:
        toks = tokens(text)
        self.joined = " " + " ".join(toks) + " "
        self.grams = {tuple(toks[i:i + SHINGLE_SIZE]) for i in range(len(toks) - SHINGLE_SIZE + 1)}

    def __contains__(self, line_tokens: list[str]) -> bool:
        if len(line_tokens) < SHINGLE_SIZE:
            return " " + " ".join(line_tokens) + " " in self.joined
        grams = [tuple(line_tokens[i:i + SHINGLE_SIZE])
                 for i in range(len(line_tokens) - SHINGLE_SIZE + 1)]
        return sum(g in self.grams for g in grams) * 2 >= len(grams)


def _lines_not_in(text: str | None, other: _TextIndex) -> list[tuple[int, str]]:
    """(token count, line) of the lines of ``text`` not in ``other``, longest first."""
    out = []
    for line in (text or "").splitlines():
        toks = tokens(line)
        if toks and toks not in other:
            out.append((len(toks), line.strip()))
    return sorted(out, key=lambda x: -x[0])


def _clip(s: str) -> str:
    s = normalize_space(s)
    return s if len(s) <= WIDTH else s[:WIDTH - 1] + "…"


def _clip_around(line: str, snippet: str, margin: int = 60) -> str:
    """``line`` cut to the snippet with ``margin`` characters either side."""
    line, snippet = normalize_space(line), normalize_space(snippet)
    i = line.find(snippet)
    if i < 0 or len(line) <= WIDTH:
        return _clip(line)
    start, end = max(0, i - margin), min(len(line), i + len(snippet) + margin)
    return ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")


def _fmt_lines(title: str, lines: list[tuple[int, str]], max_lines: int,
               marker: _TextIndex | None = None) -> list[str]:
    if not lines:
        return []
    words = sum(n for n, _ in lines)
    out = [f"   {title} ({len(lines)} lines, {words} words):"]
    for n, line in lines[:max_lines]:
        note = ""
        if marker is not None and tokens(line) not in marker:
            note = "  (not in input)"
        out.append(f"     [{n:>4}w] {_clip(line)}{note}")
    if len(lines) > max_lines:
        rest = lines[max_lines:]
        out.append(f"     ... {len(rest)} more lines, {sum(n for n, _ in rest)} words")
    return out


def _line_with(text: str | None, snippet: str) -> str | None:
    """The longest line of ``text`` that holds ``snippet`` (None if none holds
    it whole); the longest, because a short one is often a menu entry."""
    needle = normalize_space(snippet)
    lines = [line for line in (text or "").splitlines() if needle in normalize_space(line)]
    return max(lines, key=len) if lines else None


def _fmt_snippets(title: str, snippets: list[str], max_lines: int,
                  raw_input: str | None, context: str | None) -> list[str]:
    """One snippet a line, followed by the whole line of ``context`` holding it
    (the input line dropped, or the output line to drop)."""
    if not snippets:
        return []
    raw = normalize_space(raw_input) if raw_input is not None else None
    out = [f"   {title} ({len(snippets)}):"]
    for s in snippets[:max_lines]:
        note = "  (not in input)" if raw is not None and normalize_space(s) not in raw else ""
        out.append(f"     - {_clip(s)}{note}")
        line = _line_with(context, s)
        if line is not None and normalize_space(line) != normalize_space(s):
            out.append(f"         in line: {_clip_around(line, s)}")
    if len(snippets) > max_lines:
        out.append(f"     ... {len(snippets) - max_lines} more")
    return out


def _scores(row: dict) -> str:
    sh, sn = row.get("shingle"), row.get("snippet")
    if sh:
        p = sh["tp"] / (sh["tp"] + sh["fp"]) if sh["tp"] + sh["fp"] else 0.0
        r = sh["tp"] / (sh["tp"] + sh["fn"]) if sh["tp"] + sh["fn"] else 0.0
        return f"shingle P {p:.2f} R {r:.2f} F1 {sh['f1']:.2f}"
    if sn:
        return (f"snippets: with {sn['tp']}/{sn['tp'] + sn['fn']} kept, "
                f"without {sn['fp']}/{sn['fp'] + sn['tn']} kept")
    return "no gold"


def report(records: dict[str, dict], rows: dict[str, dict], system: str, rendering: str,
           n: int, max_lines: int = 8, compare: tuple[str, dict[str, dict]] | None = None) -> str:
    """Text report of the ``n`` worst pages of ``rows`` (one system, one rendering).

    ``compare`` = (label, rows of another system) adds that system's score on
    each page, to tell a hard page from a cleaner's mistake.
    """
    ranked = sorted(rows.values(), key=lambda r: (-page_error(r), r["id"]))
    ranked = [r for r in ranked if page_error(r) > 0 or r.get("error")][:n]
    out = [f"== {len(ranked)} worst pages: {system} on {rendering} =="]
    for i, row in enumerate(ranked, 1):
        rec = records.get(row["id"], {})
        raw = (rec.get("inputs") or {}).get(rendering) if rendering != "html" else None
        line = f"#{i} {row['id']}  {rec.get('url') or '-'}\n   {_scores(row)}"
        if compare and row["id"] in compare[1]:
            line += f"   | {compare[0]}: {_scores(compare[1][row['id']])}"
        out.append(line)
        if row.get("error"):
            out.append(f"   FAILED: {row['error']}")
        elif row.get("chars") == 0:
            out.append("   EMPTY output")
        gold = rec.get("gold") or {}
        if row.get("shingle") and "article_body" in gold:
            text = row.get("text") if row.get("text") is not None else raw
            out += _fmt_lines("extra lines, not in gold", _lines_not_in(text, _TextIndex(gold["article_body"])),
                              max_lines)
            out += _fmt_lines("gold lines missing", _lines_not_in(gold["article_body"], _TextIndex(text)),
                              max_lines, marker=_TextIndex(raw) if raw is not None else None)
        if row.get("snippet"):
            text = row.get("text") if row.get("text") is not None else raw
            out += _fmt_snippets("`with` snippets missing", row["snippet"]["missing"], max_lines,
                                 raw, context=raw)
            out += _fmt_snippets("`without` snippets present", row["snippet"]["present"], max_lines,
                                 None, context=text)
    return "\n".join(out)
