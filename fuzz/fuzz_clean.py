#!/usr/bin/env python
"""Fuzz `scrapeclean.clean()` on arbitrary bytes (atheris / libFuzzer; hypothesis fallback).

    python fuzz/fuzz_clean.py -max_total_time=600                 # atheris, 10 minutes
    python fuzz/fuzz_clean.py -max_total_time=600 fuzz/corpus     # keep/grow a corpus dir
    python fuzz/fuzz_clean.py fuzz/crash-<sha>                    # replay one finding
    python fuzz/fuzz_clean.py --hypothesis -max_total_time=600    # without atheris

The first input byte picks the call (input kind and errors= mode), the rest is the page.
A finding is any exception other than a documented `ScrapecleanError`, a broken invariant
(kept blocks and removals must cover every non-blank line exactly once; output words must
come from the input in order), or one call taking longer than `SCRAPECLEAN_FUZZ_SLOW`
seconds (default 5; libFuzzer's own `-timeout=` also applies). Every finding becomes a test
in tests/regression/.
"""
from __future__ import annotations

import os
import sys
import time

_HERE = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(_HERE)
for _p in (os.path.join(_ROOT, "src"), os.path.join(_ROOT, "tests")):
    if _p not in sys.path:
        sys.path.insert(0, _p)

SLOW = float(os.environ.get("SCRAPECLEAN_FUZZ_SLOW", "5"))
_KINDS = (None, "text", "markdown", "html")


def _imports():
    import scrapeclean
    from scrapeclean.decode import to_text
    from test_properties import check_invariants  # the invariants, stated once
    # warm up: the first call of each kind loads models, phrase tables, date-parser data
    # (seconds of CPU), which must not count as a slow input
    page = "Home\n\n# Title\n\n[a](b) Some text of a page, with words.\n\n25 August 2025\n"
    for kind in _KINDS:
        scrapeclean.clean(page, kind=kind)
        scrapeclean.clean(f"<html><head><title>T</title></head><body><p>{page}</p></body></html>", kind=kind)
        scrapeclean.clean(page.encode("cp1251"), kind=kind)
    # an HTML date no language claims makes the date parser load every locale, once (~5 s)
    scrapeclean.clean("<html><head><title>B</title></head><body><h1>Brid25 ust 2025 04:230</h1></body></html>")
    return scrapeclean, to_text, check_invariants


def one_input(data: bytes) -> None:
    """Clean one fuzzer input; raise on anything that is a bug."""
    scrapeclean, to_text, check_invariants = _MODS
    if not data:
        return
    mode, raw = data[0], data[1:]
    kind = _KINDS[mode % 4]
    errors = "strict" if mode & 0x80 else "replace"
    t0 = time.process_time()
    try:
        res = scrapeclean.clean(raw, kind=kind, errors=errors)
    except scrapeclean.DecodeError:
        if errors != "strict":
            raise
        return
    spent = time.process_time() - t0
    if spent > SLOW:
        raise RuntimeError(f"clean() took {spent:.1f} s CPU on {len(raw)} bytes (kind={kind})")
    check_invariants(to_text(raw, errors=errors), res)


def _run_hypothesis(argv: list[str]) -> None:
    """Fallback without atheris: hypothesis over bytes for -max_total_time seconds."""
    from hypothesis import HealthCheck, given, settings, strategies as st

    limit = 600.0
    for a in argv:
        if a.startswith("-max_total_time="):
            limit = float(a.split("=", 1)[1])
    deadline = time.monotonic() + limit
    runs = 0
    while time.monotonic() < deadline:
        @settings(max_examples=2000, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(st.binary(max_size=4096))
        def prop(data: bytes) -> None:
            one_input(data)

        prop()
        runs += 2000
        print(f"#{runs} hypothesis examples, {deadline - time.monotonic():.0f} s left", flush=True)


def main() -> None:
    global _MODS
    argv = sys.argv[1:]
    if "--hypothesis" in argv:
        argv.remove("--hypothesis")
        _MODS = _imports()
        _run_hypothesis(argv)
        return
    try:
        import atheris
    except ImportError:
        print("atheris is not installed: falling back to hypothesis", file=sys.stderr)
        _MODS = _imports()
        _run_hypothesis(argv)
        return
    with atheris.instrument_imports(include=["scrapeclean"]):
        _MODS = _imports()
    if not any(a.startswith("-timeout=") for a in argv):
        argv.append("-timeout=30")
    if not any(a.startswith("-rss_limit_mb=") for a in argv):
        argv.append("-rss_limit_mb=4096")
    if not any(a.startswith("-max_len=") for a in argv):
        argv.append("-max_len=65536")
    if not any(not a.startswith("-") for a in argv):  # no corpus dir/file given: seed one
        argv.append(_seed_corpus(os.environ.get("SCRAPECLEAN_FUZZ_CORPUS",
                                                os.path.join(_tmp(), "scrapeclean-fuzz-corpus"))))
    if not any(a.startswith("-dict=") for a in argv):
        argv.append("-dict=" + _write_dict(os.path.join(_tmp(), "scrapeclean-fuzz.dict")))
    atheris.Setup([sys.argv[0], *argv], one_input)
    atheris.Fuzz()


def _tmp() -> str:
    import tempfile
    return tempfile.gettempdir()


# tokens the pipeline branches on: markup, chrome phrases, dates, bylines, counters
_TOKENS = [
    "<html>", "<!doctype html>", "<p>", "</p>", '<div class="share">', "<nav>", "<br>", '<a href="',
    "<script>", "<!--", "-->", '<?xml version="1.0"?>', "&amp;", "&#x", "](", "![", "[", "# ", "## ",
    "- ", "* ", "1. ", "> ", "| ", "|---|", "---", "**", "`", "\\", "\t", "\r\n", "\n\n", "\u2028",
    "\ufeff", "\u00ad", "\u200b", "\xa0", "By ", "Views: ", "\u00a9 2025", "25 August 2025 04:23",
    "2025-08-25", "Share on Facebook", "Privacy Policy", "Accept all cookies", "Advertisement",
    "Read also", "http://", "https://example.com/", "Home", "News", "\u041d\u043e\u0432\u043e\u0441\u0442\u0438",
]
_RAW_TOKENS = [b"\xff\xfe", b"\xfe\xff", b"\x00", b"\x89PNG\r\n\x1a\n"]


def _write_dict(path: str) -> str:
    """The tokens in libFuzzer's dictionary format (quoted, non-printable bytes as \\xNN)."""
    with open(path, "w", encoding="ascii") as f:
        for i, tok in enumerate([t.encode("utf-8") for t in _TOKENS] + _RAW_TOKENS):
            esc = "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\x{b:02x}" for b in tok)
            f.write(f'kw{i}="{esc}"\n')
    return path


def _seed_corpus(path: str) -> str:
    """A corpus directory holding a few real pages in every input kind and mode."""
    os.makedirs(path, exist_ok=True)
    seed = os.path.join(_ROOT, "fixtures", "seed-caliber-article.txt")
    pages: list[bytes] = []
    if os.path.exists(seed):
        with open(seed, "rb") as f:
            text = f.read()
        pages += [text, text[:1500], text.decode("utf-8").encode("utf-16")]
    article = "\n\n".join(f"Paragraph {i} says what the council decided about the bridge." for i in range(4))
    pages += [
        f"Home\nNews\n\n# Bridge decision\n\nBy Jane Doe\n\n{article}\n\n[Share](https://x.com)\n".encode(),
        (f"<!doctype html><html><head><title>Bridge</title></head><body><nav><a href=/>Home</a></nav>"
         f"<article><h1>Bridge</h1><p>{article}</p></article><footer>Privacy Policy</footer></body></html>").encode(),
        "Главная\nНовости\n\nСовет одобрил строительство моста.\n".encode("cp1251"),
    ]
    for i, page in enumerate(pages):
        for mode in (0, 1, 2, 3):
            with open(os.path.join(path, f"seed-{i}-{mode}"), "wb") as f:
                f.write(bytes([mode]) + page)
    return path


_MODS: tuple = ()

if __name__ == "__main__":
    main()
