"""Every regular expression in the package is safe against catastrophic backtracking (issue 6).

The patterns are found, not listed by hand, so a new one is checked the day it is added:

* every `re.Pattern` / `regex.Pattern` reachable from the package's modules once a few pages of
  every input kind have been cleaned (module globals, class attributes, closures and defaults,
  `lru_cache`d objects such as the phrase matcher with its per-rule and combined regexes);
* every `re.*` / `regex.*` call in the source with a literal pattern (`re.split(r"...", s)`),
  found with `ast`.

Each pattern (str or bytes) is run (`search`, `match`; `findall` too for `$`-anchored ones in
the full run) on adversarial strings of 100 KB: repetitions of the characters, character pairs
and words the pattern itself uses, and of spaces, letters, digits, punctuation, brackets,
`[`/`](` (markdown) and `<` (HTML), followed by a character that makes the match fail at the
very end. Every call must finish in under 0.5 s of CPU time; an alarm turns a real hang into
a failure naming the pattern. The quick run (default, CI) uses a subset of the pieces;
SCRAPECLEAN_REGEX_FULL=1 runs all of them (see test_no_catastrophic_backtracking).
"""
from __future__ import annotations

import ast
import gc
import importlib
import os
import pkgutil
import re
import signal
import sys
import time
import types
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import regex

import scrapeclean

SIZE = 100_000
CPU_LIMIT = 0.5  # seconds per call
HANG_GUARD = 15  # seconds of wall time before one call counts as hung
FULL = os.environ.get("SCRAPECLEAN_REGEX_FULL") == "1"
OWN = "scrapeclean"
SRC = Path(scrapeclean.__file__).resolve().parent

Pattern = Any  # re.Pattern[str] | regex.Pattern[str]


def _own(obj: object) -> bool:
    return (getattr(obj, "__module__", None) or "").startswith(OWN)


def _warm_up() -> None:
    """Import every module and clean pages of every kind: lazily built patterns get built."""
    for m in pkgutil.walk_packages(scrapeclean.__path__, OWN + "."):
        try:
            importlib.import_module(m.name)
        except ImportError:  # an optional dependency (dask, fastwarc) is missing
            pass
    seed = Path(__file__).resolve().parents[1] / "fixtures" / "seed-caliber-article.txt"
    pages = [seed.read_text("utf-8"),
             "<html><head><title>T</title><script type='application/ld+json'>{\"@type\": \"NewsArticle\","
             " \"author\": {\"name\": \"Jane Doe\"}, \"datePublished\": \"2025-08-25\"}</script></head>"
             "<body><nav class='menu'>Home</nav><p class=byline>By Jane Doe</p><p>Text of the story.</p>"
             "<footer>© 2025 Example</footer></body></html>",
             "# Title\n\n[Home](/) [News](/n)\n\n![img](x.png)\n\n- item\n- item\n\n> quote\n\n| a | b |\n|---|---|\n",
             "Главная\nПоделиться\n\nОпубликовано 25.08.2025\nАвтор: Иван Петров\nПросмотров: 343\n"]
    for page in pages:
        try:
            scrapeclean.clean(page)
        except scrapeclean.ScrapecleanError:
            pass  # a filter in flux; the patterns it would build are still found by literal_patterns()
    from scrapeclean import phrases
    phrases.match_line("Share on Facebook")
    for fam in phrases.families():
        phrases.match_line("Share on Facebook", families=(fam,))
    # the phrase matcher compiles one alternation per first character, on first use: build all
    dispatch = getattr(phrases, "_Dispatch", None)
    if dispatch is not None:
        for obj in _walk():
            if isinstance(obj[0], dispatch):
                for ch in [*obj[0].by_char, "\x01"]:
                    obj[0].get(ch)


def reachable_patterns() -> dict[tuple[str, str, int], tuple[Pattern, str]]:
    """Patterns reachable from the package's modules: (engine, source, flags) -> (pattern, where)."""
    found: dict[tuple[str, str, int], tuple[Pattern, str]] = {}
    for obj, where in _walk():
        if isinstance(obj, (re.Pattern, regex.Pattern)):
            key = (type(obj).__module__.split(".")[0].lstrip("_"), obj.pattern, obj.flags)
            found.setdefault(key, (obj, where))
    return found


def _walk() -> Iterator[tuple[object, str]]:
    """Every object reachable from the package's modules that the package owns, with a path."""
    seen: set[int] = set()
    # breadth first from the modules, so each pattern is named by its shortest path
    stack: deque[tuple[object, str]] = deque(
        (mod, name) for name, mod in sorted(sys.modules.items()) if name == OWN or name.startswith(OWN + "."))
    while stack:
        obj, where = stack.popleft()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        yield obj, where
        if isinstance(obj, (re.Pattern, regex.Pattern)):
            continue
        elif isinstance(obj, (str, bytes, int, float, complex, bool, type(None))):
            continue
        elif isinstance(obj, types.ModuleType):
            if obj.__name__ == OWN or obj.__name__.startswith(OWN + "."):
                stack.extend((v, f"{obj.__name__}.{k}") for k, v in vars(obj).items())
        elif isinstance(obj, type):
            if _own(obj):
                stack.extend((v, f"{obj.__module__}.{obj.__qualname__}.{k}") for k, v in vars(obj).items())
        elif isinstance(obj, dict):
            stack.extend((v, f"{where}[{k!r:.40}]") for k, v in obj.items())
            stack.extend((k, f"{where}<key>") for k in obj)
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(obj))
        elif callable(obj) and not _own(type(obj)):
            # functions, lru_cache wrappers (their cache dict is a referent), bound methods
            if _own(obj) or _own(getattr(obj, "__func__", None)):
                stack.extend((r, f"{where}()") for r in gc.get_referents(obj)
                             if not isinstance(r, types.ModuleType))
        elif _own(type(obj)) or type(obj).__name__ == "cell":
            # named attributes first: breadth first, the first path to an object names it
            for klass in type(obj).__mro__:
                for slot in klass.__dict__.get("__slots__", ()):
                    if hasattr(obj, slot):
                        stack.append((getattr(obj, slot), f"{where}.{slot}"))
            stack.extend((v, f"{where}.{k}") for k, v in getattr(obj, "__dict__", {}).items())
            stack.extend((r, f"{where}.?") for r in gc.get_referents(obj) if not isinstance(r, type))


_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}


def literal_patterns() -> Iterator[tuple[Pattern, str]]:
    """`re.X("literal", ...)` / `regex.X(...)` calls in the source, compiled as written."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in ("re", "regex")
                    and node.func.attr in _CALLS and node.args):
                continue
            try:
                source = ast.literal_eval(node.args[0])
            except ValueError:
                continue  # built at run time: reachable_patterns() sees the compiled object
            if not isinstance(source, str):
                continue
            engine = re if node.func.value.id == "re" else regex
            flags = 0
            for kw in node.keywords:
                if kw.arg == "flags":
                    flags = eval(compile(ast.Expression(kw.value), "<flags>", "eval"),  # noqa: S307
                                 {"re": re, "regex": regex})
            if node.func.attr == "compile" and len(node.args) > 1:
                flags = eval(compile(ast.Expression(node.args[1]), "<flags>", "eval"),  # noqa: S307
                             {"re": re, "regex": regex})
            yield engine.compile(source, flags), f"{path.relative_to(SRC)}:{node.lineno}"


def all_patterns() -> list[tuple[Pattern, str]]:
    _warm_up()
    out: dict[tuple[str, str, int], tuple[Pattern, str]] = dict(reachable_patterns())
    for pat, where in literal_patterns():
        key = (type(pat).__module__.split(".")[0].lstrip("_"), pat.pattern, pat.flags)
        out.setdefault(key, (pat, where))
    return sorted(out.values(), key=lambda pw: pw[1])


# characters every pattern is tried with, whatever it contains
_GENERIC = [" ", "a", "A", "1", ".", ",", "-", "_", "#", "*", "[", "](", "<", ">", "|", "\t", "/", ":",
            "'", "(", "!", "©", "д", "é", "a ", "a.", "1 ", "1.", "a1", "<a", "[a](", "&#", "\\", "~"]
_CORE = [" ", "a", "1", "<"]  # the quick (CI) run's share of them
QUICK_BUDGET = 0.3  # CPU seconds per pattern in the quick run, once its first pieces are tried
_CLASSES = {"s": " ", "S": "x", "d": "7", "D": "x", "w": "a", "W": ".", "b": "a ", "p{L}": "aд", "p{Lu}": "A",
            "p{Ll}": "a", "p{N}": "7", "p{P}": ".", "p{Z}": " ", "p{Han}": "中", "p{Cyrillic}": "д"}


def _source(pat: Pattern) -> str:
    return pat.pattern if isinstance(pat.pattern, str) else pat.pattern.decode("latin-1")


def adversarial_pieces(pat: Pattern, full: bool = True) -> list[str]:
    """Short units to repeat: the pattern's own characters, pairs and words, plus generic ones."""
    src = _source(pat)
    lits: list[str] = []
    i = 0
    while i < len(src):
        c = src[i]
        if c == "\\" and i + 1 < len(src):
            nxt = src[i + 1]
            if nxt in "pP" and i + 2 < len(src) and src[i + 2] == "{":
                j = src.find("}", i)
                lits.append(_CLASSES.get("p" + src[i + 2:j + 1], "aд"))
                i = j + 1
                continue
            lits.append(_CLASSES.get(nxt, nxt if not nxt.isalnum() else ""))
            i += 2
            continue
        if c == ".":
            lits.append("x")
        elif c not in "()[]{}?*+|^$":
            lits.append(c)
        i += 1
    lits = [x for x in lits if x]
    chars = list(dict.fromkeys(lits))
    pairs = list(dict.fromkeys(a + b for a, b in zip(lits, lits[1:]) if a != b))
    # the pattern's literal words ("views", "by", "2025")
    words = list(dict.fromkeys(regex.findall(r"[^\W\d_]{2,}|\d{2,}", regex.sub(r"\\[pP]\{[^}]*\}|\\.", " ", src))))
    if full:
        pieces = chars + pairs[:40] + [w + sep for w in words for sep in ("", " ")] + _GENERIC
        return list(dict.fromkeys(pieces))[:120]
    # own characters first: the pieces most likely to hit a pattern's weak spot come first
    return list(dict.fromkeys(chars[:6] + pairs[:2] + [w + " " for w in words[:1]] + _CORE))


class _Hung(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Hung()


def _timed(call: Any, s: str | bytes) -> float:
    """CPU seconds of one call; raises _Hung after HANG_GUARD seconds of wall time."""
    signal.setitimer(signal.ITIMER_REAL, HANG_GUARD)
    t0 = time.process_time()
    try:
        call(s)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return time.process_time() - t0


def _check(pat: Pattern, where: str, full: bool = True) -> list[str]:
    """Problems of one pattern: calls over CPU_LIMIT (after a re-run, for noise) or hanging."""
    problems = []
    as_bytes = isinstance(pat.pattern, bytes)
    src = _source(pat)
    tails = ("", "\x01", "\n") if full else ("\x01",)
    start = time.process_time()
    for n, piece in enumerate(adversarial_pieces(pat, full)):
        if not full and n >= 4 and time.process_time() - start > QUICK_BUDGET:
            break  # a slow but linear pattern (a big alternation): the full run tries the rest
        body = (piece * (SIZE // len(piece) + 1))[:SIZE]
        for tail in tails:
            s: str | bytes = body + tail
            if as_bytes:
                s = s.encode("utf-8")
            calls = [pat.search, pat.match]
            if full and (src.rstrip().endswith("$") or "(?=" in src or "(?!" in src):
                calls.append(pat.findall)
            for call in calls:
                try:
                    spent = _timed(call, s)
                    if spent > CPU_LIMIT:
                        spent = min(spent, _timed(call, s))
                except _Hung:
                    problems.append(f"{where}: {call.__name__} hangs on {piece!r}*{SIZE}+{tail!r} "
                                    f"(pattern {src[:120]!r})")
                    return problems
                if spent > CPU_LIMIT:
                    problems.append(f"{where}: {call.__name__} took {spent:.2f} s CPU on {piece!r}*{SIZE}"
                                    f"+{tail!r} (pattern {src[:120]!r})")
    return problems


# Were quadratic on a long run of spaces (`\s*` / `\s+` before a separator that may itself
# start with `\s`: every start inside the run scanned to its end); now a match may only start
# where a run of whitespace starts (`(?<!\s)`), which leaves every split as it was. Checked
# with everything else, and on their own below.
ONCE_QUADRATIC = (
    "scrapeclean.metadata.html._AUTHOR_SPLIT",
    "scrapeclean.metadata.html._TITLE_SEP",
)
# Linear, but over 0.5 s for a search() through 100 KB of letters or digits: a big alternation
# of labels tried at every position. They are only ever used with fullmatch() on lines of at
# most 60 characters (metadata/counters.py), where one anchored attempt is cheap.
LINEAR_SLOW = {
    "scrapeclean.metadata.counters._LABEL_FIRST",
    "scrapeclean.metadata.counters._NUMBER_FIRST",
    "scrapeclean.metadata.counters._READING",
}


def _run_checks(patterns: list[tuple[Pattern, str]], full: bool) -> list[str]:
    old = signal.signal(signal.SIGALRM, _alarm)
    problems: list[str] = []
    try:
        for pat, where in patterns:
            found = _check(pat, where, full)
            if found and where in LINEAR_SLOW:
                found = [p for p in found if not _linear(pat, p)]
            problems += found
    finally:
        signal.signal(signal.SIGALRM, old)
    return problems


def _linear(pat: Pattern, problem: str) -> bool:
    """Whether the slow call of `problem` grows linearly: a quarter of the input, about a quarter of the time."""
    piece = ast.literal_eval(problem.split(" on ", 1)[1].split("*", 1)[0])
    call = getattr(pat, problem.split(": ", 1)[1].split(" ", 1)[0])
    big, small = (piece * SIZE)[:SIZE] + "\x01", (piece * SIZE)[:SIZE // 4] + "\x01"
    try:
        return _timed(call, big) < 8 * max(_timed(call, small), 1e-3)
    except _Hung:
        return False


@pytest.fixture(scope="module")
def patterns() -> list[tuple[Pattern, str]]:
    return all_patterns()


def test_patterns_are_found(patterns: list[tuple[Pattern, str]]) -> None:
    """The collector sees the module-level regexes, inline ones and the phrase tables."""
    sources = {p.pattern for p, _ in patterns}
    from scrapeclean import phrases
    from scrapeclean.segment import markdown, text
    assert markdown._LINK.pattern in sources
    assert text._NEWLINES.pattern in sources
    assert r"[.\-'’]" in sources  # an inline re.split() in metadata/authors.py
    combined = [p for p, where in patterns if where.endswith(".combined")]
    assert len(combined) >= 20, "the phrase matcher's combined regexes were not found"
    assert len(patterns) >= 300
    assert phrases.default_matcher.cache_info().currsize == 1


def test_no_catastrophic_backtracking(patterns: list[tuple[Pattern, str]]) -> None:
    """Every pattern, 100 KB adversarial strings, < 0.5 s CPU per call.

    The quick run (CI) tries each pattern's own characters, pairs and words plus a core of
    generic pieces, and skips the phrase matcher's combined alternations: each is an alternation
    `(?:rule1)|(?:rule2)|...` of rules that are all checked on their own, and an alternation of
    linear branches is linear (each start tries each branch once). SCRAPECLEAN_REGEX_FULL=1 runs
    everything with the full piece set and three endings (about half an hour).
    """
    todo = [(p, w) for p, w in patterns if FULL or not w.endswith(".combined")]
    problems = _run_checks(todo, FULL)
    assert not problems, "\n".join(problems)


def test_once_quadratic_patterns_are_linear(patterns: list[tuple[Pattern, str]]) -> None:
    """The author and title separators of metadata/html.py on runs of spaces: 2,000 spaces
    within a fiftieth of the time limit, and 4x the spaces in about 4x the time (linear)."""
    known = [(p, w) for p, w in patterns if w in ONCE_QUADRATIC]
    assert sorted(w for _, w in known) == sorted(ONCE_QUADRATIC)
    old = signal.signal(signal.SIGALRM, _alarm)
    slow = []
    try:
        for pat, where in known:
            for call in (pat.search, pat.split):
                try:
                    spent = _timed(call, " " * 2000 + "\x01")
                    small = _timed(call, " " * 25_000 + "\x01")
                    big = _timed(call, " " * 100_000 + "\x01")
                except _Hung:
                    spent = small = big = float("inf")
                if spent > CPU_LIMIT / 50 or big > 8 * max(small, 1e-3):
                    slow.append(f"{where}.{call.__name__}: {spent:.3f} s on 2,000 spaces, "
                                f"{small:.3f} s on 25,000, {big:.3f} s on 100,000")
    finally:
        signal.signal(signal.SIGALRM, old)
    assert not slow, "\n".join(slow)


def test_bounded_separators_still_split() -> None:
    """The guarded patterns split exactly as the unguarded ones did."""
    from scrapeclean.metadata import html as mh

    unguarded = regex.compile(mh._AUTHOR_SPLIT.pattern.replace("(?<!\\s)", ""), regex.I)
    for text in ("Ana Ruiz and  Bo Li; Cy Wu & Di Ng, Ed Po", "Ana Ruiz" + " " * 50 + "; Bo Li",
                 " , Ana", "Ana\t|\tBo", "Ana y Bo", "Ana & Bo"):
        assert mh._AUTHOR_SPLIT.split(text) == unguarded.split(text)
    assert mh._AUTHOR_SPLIT.split("Ana Ruiz and  Bo Li; Cy Wu & Di Ng, Ed Po") == \
        ["Ana Ruiz", "Bo Li", "Cy Wu", "Di Ng", "Ed Po"]
    assert mh._strip_site("Bridge decision splits the town council | Example News") == \
        "Bridge decision splits the town council"
    assert mh._strip_site("Example News" + " " * 40 + "—" + " " * 40 + "Bridge decision splits the council") == \
        "Bridge decision splits the council"
    assert mh._strip_site("Bridge decision splits the council » News") == "Bridge decision splits the council"


def test_the_checker_catches_a_catastrophic_pattern() -> None:
    """A nested quantifier is caught (with a small input, so the test stays fast)."""
    global SIZE, CPU_LIMIT
    saved = SIZE, CPU_LIMIT
    SIZE, CPU_LIMIT = 22, 0.02  # (a+)+$ on 22 a's and a "\x01": millions of steps, 0.2 s or more
    old = signal.signal(signal.SIGALRM, _alarm)
    try:
        problems = _check(re.compile(r"(a+)+$"), "test", full=False)
        assert not _check(re.compile(r"a+$"), "test", full=False)
    finally:
        signal.signal(signal.SIGALRM, old)
        SIZE, CPU_LIMIT = saved
    assert problems and "(a+)+$" in problems[0]
