"""Recognise web-page chrome lines ("Share", "Skip to content", "Impressum") from phrase lists.

The phrase lists are package data, one file per family in ``scrapeclean/data/phrases/``
(``navigation.txt``, ``social.txt``, ``consent.txt`` ...); the file name is the family.
Each file is UTF-8 text with one rule per line::

    reason_code<TAB>mode<TAB>pattern

Blank lines and lines starting with ``#`` are comments (a ``# lang`` comment opens
each language group). ``reason_code`` is snake_case (``share_prompt``) and is what a
filter reports. ``mode`` is one of:

``line``
    the pattern must match the WHOLE normalised line ("share", "skip to content").
``prefix``
    the normalised line starts with the pattern and the rest may be anything, as long
    as the line is short (at most :data:`PREFIX_MAX_CHARS`): "tags: politics, economy",
    "share-lineLiked the story?". A pattern whose last character is a letter, digit
    or ``_`` must end at a word boundary ("tags" will not match "tagsüber"); end the
    pattern with a lookahead such as ``(?=\\w)`` to require glued text instead.
``contains``
    the pattern occurs anywhere in a line of up to :data:`CONTAINS_MAX_CHARS`
    characters, starting at a word that follows a space or the line start ("we use
    cookies" is found in "Hi. We use cookies to...", not in "(we use cookies"). Only for
    phrases that never occur in ordinary prose ("we use cookies", "please enable
    javascript"): a phrase that can appear in an article sentence belongs in ``line``.
``token``
    a vocabulary word that never matches alone ("it" as a language code, "ok" for
    Odnoklassniki, "german"). A reason that has ``token`` rules takes part in
    token-set matching, and its literal ``line`` phrases become strong vocabulary.

Token sets: a line made only of vocabulary phrases, separated by spaces, ``|``, ``,``,
``/``, ``·``, ``•`` or a spaced dash ("Facebook Twitter Instagram", "EN | DE | FR",
"Impressum · Datenschutz"), matches, if every phrase is in one family's vocabulary
(tokens count only next to a strong phrase of their own reason: "EN | IT" is a
language switcher, "it is" and "Spanish Language" are not) or else if every phrase is
a strong phrase of some family ("Impressum | Facebook"). The reason reported is the
one owning most of the phrases; the pattern is ``"token-set: facebook | twitter"``.
A run of consecutive page numbers with optional ellipsis and pagination words
("1 2 3 … 10 Next") is reported as ``pagination`` (pattern ``"page-numbers: ..."``).

A pattern is a literal phrase unless it contains one of ``\\ ^ $ | ? * + ( ) [ ] { }``,
in which case it is a regular expression (Python ``re`` syntax) matched against the
normalised, case-folded line: write it in lower case, use only non-capturing groups
``(?:...)`` and keep it backtracking-safe: no nested quantifiers such as ``(a+)+``,
and bounded repeats (``\\S{1,40}``, not ``\\S+``) so that even ``re.search`` over a
100 KB string stays linear; ``(?: \\S{1,40}){1,4}`` is fine. A ``.`` in a
literal phrase is literal ("vk.com"). Literal ``line`` and ``token`` patterns are
normalised like lines, so "Tags:" in a file is the phrase "tags".

Normalisation (:func:`normalize_line`), applied to the line and to literal patterns:
NFKC; markdown images and links reduced to their text ("[Twitter](https://...)" ->
"twitter"); markdown emphasis and backslash escapes removed; invisible format
characters removed; casefold (Turkish dotted/dotless i folded to "i"); whitespace
collapsed; punctuation, symbols, bullets, arrows, pipes and emoji stripped from both
ends ("• Share »" -> "share"), except a ``+`` or ``-`` glued to a word ("A+", "A-")
and a closing bracket whose opener is kept ("comments (12)").

Matching order: ``line`` (a dict lookup for literal phrases, then the regex rules),
token sets, ``prefix``, ``contains``; the first hit wins, families in :func:`families`
order. A line longer than :data:`LINE_MAX_CHARS` after normalisation only goes
through ``contains`` rules; one longer than :data:`CONTAINS_MAX_CHARS` matches
nothing (it is prose, or a whole page flattened to one line).

Speed: rule files are read and checked on first use (:func:`default_matcher`, cached).
Regex rules are grouped by the first character a match can start with, and each
group's alternation is compiled the first time a line starting with that character
comes by; ``contains`` phrases are looked up by their first word; results for short
lines are memoised. About 3 µs per innerText line on a desktop CPU.

Extending: add rules to the packaged files, or keep your own files in the same format
(the file name is the family) and build a matcher over both::

    matcher = PhraseMatcher(load_rules() + load_rules(["my_rules/widgets.txt"]))
    matcher.match("Weather forecast")

>>> match_line("• Share »")
PhraseHit(family='social', reason='share_prompt', pattern='share')
>>> match_line("Share prices fell sharply on Monday.") is None
True
"""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "CONTAINS_MAX_CHARS",
    "LINE_MAX_CHARS",
    "MODES",
    "PREFIX_MAX_CHARS",
    "PhraseFileError",
    "PhraseHit",
    "PhraseMatcher",
    "PhraseRule",
    "default_matcher",
    "families",
    "load_rules",
    "match_line",
    "normalize_line",
]

# Chrome lines are short; a line past this is prose (or a cookie banner, which
# ``contains`` rules catch at any length).
LINE_MAX_CHARS = 300
# "tags: a, b, c" or "share-lineLiked the story? Share it!": the rest after a prefix
# is short. Longer lines that start with "Share" or "Read more" are usually prose.
PREFIX_MAX_CHARS = 200
# A cookie banner or paywall notice is at most a few hundred characters (the longest
# in the dev corpus: ~900); a longer line that mentions "we use cookies" is an
# article paragraph, or a whole page flattened to one line, and must not be dropped.
CONTAINS_MAX_CHARS = 1000
# Token sets: "Facebook Twitter Instagram" has a handful of tokens, never dozens.
TOKENSET_MAX_TOKENS = 24
# Short lines repeat a lot ("Share", "1", "Menu"; ~40% of the short innerText lines of
# the dev corpus repeat one seen before), so results for them are memoised, up to
# this many entries (then the memo starts afresh).
MEMO_MAX_CHARS = 80
MEMO_MAX_ENTRIES = 65536

MODES = ("line", "prefix", "contains", "token")

# Families listed first win when the same line is in several files.
_FAMILY_ORDER = ("navigation", "social", "apps", "ads", "consent", "footer", "related")

_REGEX_META = frozenset("\\^$|?*+()[]{}")
_REASON_RE = re.compile(r"[a-z][a-z0-9_]*")
_LANG_COMMENT = re.compile(r"#\s*(\*|[a-z]{2,3}(?:\s*,\s*[a-z]{2,3})*)")


class PhraseFileError(ValueError):
    """A phrase file has a malformed rule (reported with file and line number)."""


@dataclass(frozen=True, slots=True)
class PhraseHit:
    """A line recognised as chrome: its family, reason code and the matching pattern."""

    family: str
    reason: str
    pattern: str


@dataclass(frozen=True, slots=True)
class PhraseRule:
    """One rule of a phrase file."""

    family: str
    reason: str
    mode: str
    pattern: str  # as written in the file
    source: str = ""  # "navigation.txt:12"
    lang: str = ""  # from the last "# xx" comment: "en", "de", "es, pt", "*" (any)
    is_regex: bool = False
    key: str = field(default="", compare=False)  # normalised literal / regex source


# --------------------------------------------------------------------------- normalise

_MD_IMAGE = re.compile(
    r"!\[([^\[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)"
)
_MD_LINK = re.compile(
    r"\[([^\[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)"
)
_MD_REFLINK = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
# Invisible characters that split words in scraped text (zero-width space, soft hyphen,
# BOM, word joiner, ZWJ/ZWNJ) and variation selectors left over from emoji.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\ufe0e\ufe0f\u20e3\u034f")
)
_INVISIBLE_RE = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]")
_GLUED_SIGNS = frozenset("+-\u2212")


@functools.lru_cache(maxsize=4096)
def _strippable(ch: str) -> bool:
    """Whether an end character is decoration: punctuation, symbol, space, control."""
    if ch in _GLUED_SIGNS:
        return True
    cat = unicodedata.category(ch)
    return cat[0] in "PSZC" or cat == "Sk"


def _strip_ends(s: str) -> str:
    """Strip decoration from both ends, keeping a ``+``/``-`` glued to a word ("a+")."""
    n = len(s)
    i = 0
    while i < n:
        ch = s[i]
        if ch.isalnum() or not _strippable(ch):
            break
        if ch in _GLUED_SIGNS and i + 1 < n and s[i + 1].isalnum():
            break
        i += 1
    j = n
    while j > i:
        ch = s[j - 1]
        if ch.isalnum() or not _strippable(ch):
            break
        if ch in _GLUED_SIGNS and j - 2 >= i and s[j - 2].isalnum():
            break
        j -= 1
    if j < n and s[j] in ")]" and i < j:
        # keep a closing bracket whose opener is kept: "comments (12)", "name (required)"
        opener = "(" if s[j] == ")" else "["
        if s.count(opener, i, j) > s.count(s[j], i, j):
            j += 1
    return s[i:j]


def normalize_line(line: str) -> str:
    """Normalise a line for phrase matching: "• [Share](/s) »" -> "share"."""
    s = line
    if not s.isascii():
        s = unicodedata.normalize("NFKC", s)
        if _INVISIBLE_RE.search(s) is not None:
            s = s.translate(_INVISIBLE)
    # a character of each markup below (one memchr each): most lines hold none
    if "]" in s or "\\" in s or "*" in s or "_" in s:
        if "](" in s:
            s = _MD_LINK.sub(r"\1", _MD_IMAGE.sub(r"\1", s))
        if "][" in s:
            s = _MD_REFLINK.sub(r"\1", s)
        if "\\" in s:
            s = _MD_ESCAPE.sub(r"\1", s)
        if "**" in s:
            s = s.replace("**", "")
        if "__" in s:
            s = s.replace("__", "")
    s = s.casefold()
    if not s.isascii():
        # Turkish: "GİRİŞ".casefold() is "gi̇ri̇ş"; fold dotted and dotless i to "i" on
        # both sides so upper- and lower-case spellings meet.
        s = s.replace("i\u0307", "i").replace("ı", "i")
    # collapse whitespace, unless it is single spaces already (most lines): a printable
    # string holds no whitespace but " " (isprintable is one pass in C, split+join two)
    if not s.isprintable() or "  " in s or s[:1] == " " or s[-1:] == " ":
        s = " ".join(s.split())
    if s and not (s[0].isalnum() and s[-1].isalnum()):
        s = _strip_ends(s)
    return s


def _normalize_regex(pattern: str) -> str:
    """NFKC a regex pattern and fold Turkish i like :func:`normalize_line` does."""
    s = unicodedata.normalize("NFKC", pattern)
    return s.replace("İ", "i").replace("ı", "i")


# ----------------------------------------------------------------------------- loading


def _packaged_files() -> list[Traversable]:
    """The packaged phrase files (read through importlib.resources: works from a zip too)."""
    folder = resources.files("scrapeclean").joinpath("data", "phrases")
    return [f for f in folder.iterdir() if f.name.endswith(".txt") and f.is_file()]


def _family_sort_key(name: str) -> tuple[int, str]:
    try:
        return (_FAMILY_ORDER.index(name), name)
    except ValueError:
        return (len(_FAMILY_ORDER), name)


def _parse_file(path: Path | Traversable, family: str) -> Iterator[PhraseRule]:
    text = path.read_text(encoding="utf-8")
    lang = ""
    for lineno, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        if raw.lstrip().startswith("#"):
            m = _LANG_COMMENT.fullmatch(raw.strip())
            if m is not None:
                lang = m.group(1)
            continue
        where = f"{path.name}:{lineno}"
        parts = raw.split("\t")
        if len(parts) != 3:
            raise PhraseFileError(
                f"{where}: expected reason<TAB>mode<TAB>pattern, got {raw!r}"
            )
        reason, mode, pattern = (p.strip() for p in parts)
        if not _REASON_RE.fullmatch(reason):
            raise PhraseFileError(
                f"{where}: reason code must be snake_case: {reason!r}"
            )
        if mode not in MODES:
            raise PhraseFileError(
                f"{where}: unknown mode {mode!r} (one of {', '.join(MODES)})"
            )
        if not pattern:
            raise PhraseFileError(f"{where}: empty pattern")
        is_regex = not _REGEX_META.isdisjoint(pattern)
        if is_regex:
            if mode == "token":
                raise PhraseFileError(f"{where}: token rules are literal words")
            key = _normalize_regex(pattern)
            try:
                compiled = re.compile(key)
            except re.error as exc:
                raise PhraseFileError(
                    f"{where}: bad regular expression {pattern!r}: {exc}"
                ) from exc
            if compiled.groups:
                raise PhraseFileError(
                    f"{where}: use non-capturing groups (?:...) in {pattern!r}"
                )
        else:
            key = (
                normalize_line(pattern)
                if mode in ("line", "token")
                else " ".join(
                    _normalize_regex(pattern).casefold().replace("i\u0307", "i").split()
                )
            )
            if not key:
                raise PhraseFileError(
                    f"{where}: pattern {pattern!r} is empty once normalised"
                )
        yield PhraseRule(family, reason, mode, pattern, where, lang, is_regex, key)


def load_rules(paths: Iterable[str | Path] | None = None) -> list[PhraseRule]:
    """Read phrase files (default: the packaged ``data/phrases/*.txt``), family = file stem."""
    files: list[Path | Traversable]
    if paths is None:
        files = list(_packaged_files())
    else:
        files = [Path(p) for p in paths]
    files.sort(key=lambda f: _family_sort_key(_stem(f.name)))
    rules: list[PhraseRule] = []
    for f in files:
        rules.extend(_parse_file(f, _stem(f.name)))
    return rules


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name


# ----------------------------------------------------------------------------- matching

_FIRST_TOKEN = re.compile(r"[^\s|,/·•;∙⋅‧]+")
_TOKEN_SEP = re.compile(r"\s{0,20}(?:[|,/·•;∙⋅‧]|\s[-–—]\s)\s{0,20}")  # bounded: \s* is quadratic on a long space run


def _rule_regex(rule: PhraseRule) -> str:
    """The regex source of one rule (literal phrases escaped, prefix boundaries added)."""
    body = rule.key if rule.is_regex else re.escape(rule.key)
    if rule.mode == "prefix":
        last = rule.pattern[-1]
        if last.isalnum() or last == "_":
            body = f"(?:{body})(?!\\w)"
    return body


def _needles(pattern: str) -> tuple[str, ...] | None:
    """Literal strings of which every match of ``pattern`` holds one, or None if unknown.

    "(?:photo|bild) ?credit" -> ("credit",); "delivered (?:\\S{1,15} )?to" -> ("delivered ",).
    A rule can only match a line holding one of them: a substring test in C rules out most
    lines before the regex is tried.
    """
    sets = _needle_sets(pattern, reduce=False)
    if not sets:
        return None
    # fewer misses first: the longer shortest string, then fewer strings
    best = max(sets, key=lambda found: (min(map(len, found)), -len(found)))  # the first on ties
    return _irredundant(best)


def _needle_sets(
    pattern: str, reduce: bool = True, classes: bool = False
) -> list[tuple[str, ...]] | None:
    """Every set of literal strings :func:`_needles` can choose from, one per part of the
    pattern's top-level sequence: every match holds a string of each ("photo ?: ?\\S" ->
    [(":",), ("photo",)]). None if unknown (a case-insensitive pattern). ``classes`` also
    reads a small character class as its characters ("[/|(]" -> ("(", "/", "|"))."""
    try:
        c = importlib.import_module("re._constants")  # private, as in _first_chars
        sre_parse = importlib.import_module("re._parser")
        repeats = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None))

        def better(a: set[str], b: set[str] | None) -> bool:
            """Fewer misses first: the longer shortest string, then fewer strings."""
            return b is None or (min(map(len, a)), -len(a)) > (min(map(len, b)), -len(b))

        def seq_needles(
            seq: Iterable[tuple[object, object]], every: list[set[str]] | None = None
        ) -> set[str] | None:
            best: set[str] | None = None
            run: list[str] = []
            for op, av in [*seq, (None, None)]:  # a sentinel flushes the last literal run
                if op is c.LITERAL:
                    run.append(chr(av))  # type: ignore[arg-type]
                    continue
                found: set[str] | None = {"".join(run)} if run else None
                run = []
                if found is not None and every is not None:
                    every.append(found)
                if found is not None and better(found, best):
                    best = found
                found = None
                if op is c.SUBPATTERN:
                    if not av[1] & re.IGNORECASE:  # type: ignore[index]
                        found = seq_needles(av[-1])  # type: ignore[index]
                elif op is c.BRANCH:
                    alts = [seq_needles(alt) for alt in av[1]]  # type: ignore[index]
                    if all(alts):
                        found = set().union(*alts)  # type: ignore[arg-type]
                elif op in repeats and av[0] >= 1:  # type: ignore[index]
                    found = seq_needles(av[2])  # type: ignore[index]
                elif op is c.IN and classes and len(av) <= 8:  # type: ignore[arg-type]
                    if all(o is c.LITERAL for o, _ in av):  # type: ignore[attr-defined]
                        found = {chr(a) for _, a in av}  # type: ignore[attr-defined]
                if found and every is not None:
                    every.append(found)
                if found and better(found, best):
                    best = found
            return best

        parsed = sre_parse.parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return None
        every: list[set[str]] = []
        seq_needles(parsed, every)
    except (ImportError, AttributeError, TypeError, ValueError, re.error):  # pragma: no cover
        return None
    return [_irredundant(f) if reduce else tuple(f) for f in every if "" not in f]


def _irredundant(found: Iterable[str]) -> tuple[str, ...]:
    """The strings of ``found`` that hold no other: "photo" is in every line "photo credit" is in."""
    found = set(found)
    return tuple(sorted(n for n in found if not any(m != n and m in n for m in found)))


def _whole_words(pattern: str) -> tuple[str, ...]:
    """Words every match of ``pattern`` holds with a space on both sides, so that on a
    normalised line (single spaces) each is one of ``line.split(" ")``: "this entry was
    posted (?:in|on)" -> ("entry", "was", "posted"). A set lookup then rules a line out
    at C speed, however many rules there are. () when unknown (a case-insensitive pattern).
    """
    try:
        c = importlib.import_module("re._constants")  # private, as in _first_chars
        parsed = importlib.import_module("re._parser").parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return ()
        runs: list[str] = []
        run: list[str] = []
        for op, av in [*parsed, (None, None)]:  # top level only: every match holds it
            if op is c.LITERAL:
                run.append(chr(av))  # type: ignore[arg-type]
            elif run:
                runs.append("".join(run))
                run = []
    except (ImportError, AttributeError, TypeError, ValueError, re.error):  # pragma: no cover
        return ()
    # in " a b " the inner pieces have a space on both sides; the first and last may be
    # parts of longer words of the line
    return tuple(w for r in runs for w in r.split(" ")[1:-1] if w)


def _first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with, or None if unknown/any."""
    try:
        # re's own parser (private, so looked up by name): a change in a later Python
        # only turns the dispatch off, matching stays correct
        c = importlib.import_module("re._constants")
        sre_parse = importlib.import_module("re._parser")

        def seq_first(
            seq: Iterable[tuple[object, object]],
        ) -> tuple[set[str] | None, bool]:
            acc: set[str] = set()
            for op, av in seq:
                chars, nullable = item_first(op, av)
                if chars is None:
                    return None, False
                acc |= chars
                if not nullable:
                    return acc, False
            return acc, True

        def item_first(op: object, av: object) -> tuple[set[str] | None, bool]:
            if op is c.LITERAL:
                return {chr(av)}, False  # type: ignore[arg-type]
            if op is c.IN:
                chars: set[str] = set()
                for o, a in av:  # type: ignore[attr-defined]
                    if o is c.LITERAL:
                        chars.add(chr(a))
                    elif o is c.RANGE and a[1] - a[0] < 256:
                        chars.update(map(chr, range(a[0], a[1] + 1)))
                    elif o is c.CATEGORY and a is c.CATEGORY_DIGIT:
                        chars.update("0123456789")  # other digits: see _Dispatch.get
                    else:
                        return None, False
                return chars, False
            if op is c.BRANCH:
                acc: set[str] = set()
                any_null = False
                for alt in av[1]:  # type: ignore[index]
                    chars2, nullable = seq_first(alt)
                    if chars2 is None:
                        return None, False
                    acc |= chars2
                    any_null = any_null or nullable
                return acc, any_null
            if op is c.SUBPATTERN:
                return seq_first(av[-1])  # type: ignore[index]
            if op in (
                c.MAX_REPEAT,
                c.MIN_REPEAT,
                getattr(c, "POSSESSIVE_REPEAT", None),
            ):
                lo, _hi, item = av  # type: ignore[misc]
                chars3, nullable = seq_first(item)  # type: ignore[has-type]
                return chars3, nullable or lo == 0  # type: ignore[has-type]
            if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                return set(), True
            return None, False

        chars, nullable = seq_first(sre_parse.parse(pattern))
    except (
        ImportError,
        AttributeError,
        TypeError,
        ValueError,
        re.error,
    ):  # pragma: no cover
        return None
    if chars is None or nullable:
        return None
    return frozenset(chars)


def _width(pattern: str) -> tuple[int, int]:
    """The fewest and most characters a match of ``pattern`` can span ((0, huge) if unknown)."""
    try:
        lo, hi = importlib.import_module("re._parser").parse(pattern).getwidth()
        return int(lo), int(hi)
    except (ImportError, AttributeError, TypeError, ValueError, re.error):  # pragma: no cover
        return 0, 1 << 62


class _Dispatch:
    """Rules of one mode split by the first character a match can start with.

    The line's first character picks the few rules worth trying; their
    alternation is compiled on first use and cached. A rule that can start
    anywhere but holds a literal ("(?:\\S{1,40} ){0,3}\\S{0,40}newsletters?") joins
    it only for lines holding that literal: one substring test instead of a
    backtracking try on every line.
    """

    __slots__ = ("_alts", "_by_idx", "_gated", "any_rules", "by_char", "rules")

    def __init__(self, rules: list[PhraseRule]) -> None:
        self.rules = rules
        firsts = [_first_chars(_rule_regex(r)) for r in rules]
        anywhere = [(i, _needles(_rule_regex(rules[i]))) for i, f in enumerate(firsts) if f is None]
        self._gated = tuple((i, ns) for i, ns in anywhere if ns)
        self.any_rules = tuple(i for i, ns in anywhere if not ns)
        chars: set[str] = set()
        for f in firsts:
            if f is not None:
                chars |= f
        self.by_char: dict[str, tuple[int, ...]] = {
            ch: tuple(i for i, f in enumerate(firsts) if i in self.any_rules or (f and ch in f))
            for ch in chars
        }
        # first character -> compiled alternation (None: no rule can match), filled
        # lazily; alternations are shared between characters with the same rules
        self._alts: dict[str, _Alternation | None] = {}
        self._by_idx: dict[tuple[int, ...], _Alternation] = {}

    def get(self, s: str) -> _Alternation | None:
        for i, needles in self._gated:
            for n in needles:
                if n in s:
                    return self._with_gated(s)
        ch = s[0]
        try:
            return self._alts[ch]
        except KeyError:
            pass
        alt = self._alternation(self._idx(ch))
        if (
            len(self._alts) < 4096
        ):  # bounded: CJK text has thousands of first characters
            self._alts[ch] = alt
        return alt

    def _idx(self, ch: str) -> tuple[int, ...]:
        key = "0" if ch.isdecimal() and not ch.isascii() else ch  # r"\d" is Unicode
        return self.by_char.get(key, self.any_rules)

    def _alternation(self, idx: tuple[int, ...]) -> _Alternation | None:
        if not idx:
            return None
        alt = self._by_idx.get(idx)
        if alt is None:
            alt = self._by_idx[idx] = _Alternation([self.rules[i] for i in idx])
        return alt

    def _with_gated(self, s: str) -> _Alternation | None:
        """The alternation for ``s`` with the gated rules whose literal it holds."""
        held = {i for i, needles in self._gated if any(n in s for n in needles)}
        return self._alternation(tuple(sorted(held.union(self._idx(s[0])))))


class _Alternation:
    """One compiled alternation of rules plus the rules, to name the one that matched.

    The combined pattern has no capturing groups: ``re`` slows down sharply with
    hundreds of groups (it saves and restores marks on every failed branch), so
    the matching rule is found afterwards, and only for lines that matched.
    """

    __slots__ = ("combined", "compiled", "max_len", "min_len", "rules")

    def __init__(self, rules: list[PhraseRule]) -> None:
        self.rules = rules
        self.compiled = [re.compile(_rule_regex(r)) for r in rules]
        # "(?!)" never matches: an empty rule list
        self.combined = re.compile(
            "|".join(f"(?:{_rule_regex(r)})" for r in rules) or "(?!)"
        )
        # the shortest and longest text any rule can match: a line outside these bounds
        # cannot be a whole match ("page \d{1,4} of \d{1,4}" is no 200-character line)
        widths = [_width(_rule_regex(r)) for r in rules]
        self.min_len = min((lo for lo, _ in widths), default=0)
        self.max_len = max((hi for _, hi in widths), default=0)

    def which(self, s: str, how: str) -> PhraseRule:
        for rule, rx in zip(self.rules, self.compiled):
            if getattr(rx, how)(s) is not None:
                return rule
        raise AssertionError(
            "combined pattern matched but no single rule did"
        )  # pragma: no cover


class PhraseMatcher:
    """Match lines against a set of :class:`PhraseRule`; compiled once, then read-only."""

    def __init__(self, rules: Iterable[PhraseRule]) -> None:
        self.rules: tuple[PhraseRule, ...] = tuple(rules)
        self._memo: dict[str, PhraseHit | None] = {}
        fams: list[str] = []
        for r in self.rules:
            if r.family not in fams:
                fams.append(r.family)
        self.families: tuple[str, ...] = tuple(sorted(fams, key=_family_sort_key))
        by_mode: dict[str, list[PhraseRule]] = {m: [] for m in MODES}
        for r in sorted(self.rules, key=lambda r: _family_sort_key(r.family)):
            by_mode[r.mode].append(r)

        # line: literal phrases in a dict, the rest in one regex
        self._line_dict: dict[str, PhraseHit] = {}
        for r in by_mode["line"]:
            if not r.is_regex:
                self._line_dict.setdefault(
                    r.key, PhraseHit(r.family, r.reason, r.pattern)
                )
        self._line_re = _Dispatch([r for r in by_mode["line"] if r.is_regex])
        self._prefix_re = _Dispatch(by_mode["prefix"])

        # contains: a multi-word literal phrase is indexed by the longest of its words
        # but the last (those are whole words of a line that holds the phrase; the last
        # may be cut: "we use cookie" is in "we use cookies") and checked with str.find
        # only when that word is one of the line's words (a set intersection in C instead
        # of a regex alternation tried at every character; the longest word is the
        # rarest: "use", not "we"). One-word phrases, phrases in scripts written without
        # spaces (Chinese) and regex rules go to a small regex searched the usual way.
        self._contains_index: dict[str, list[tuple[int, str, PhraseHit]]] = {}
        other: list[PhraseRule] = []
        for order, r in enumerate(by_mode["contains"]):
            first, sep, _ = r.key.partition(" ")
            if r.is_regex or not sep or _has_unspaced_script(first):
                other.append(r)
                continue
            word = max(r.key.split(" ")[:-1], key=len)
            self._contains_index.setdefault(word, []).append(
                (order, r.key, PhraseHit(r.family, r.reason, r.pattern))
            )
        self._contains_words = frozenset(self._contains_index)
        # no indexed phrase fits in a shorter line: most chrome lines skip the search
        self._contains_minlen = min(
            (
                len(key)
                for entries in self._contains_index.values()
                for _, key, _ in entries
            ),
            default=0,
        )
        self._contains_other = _Alternation(other)
        # most of these are Chinese phrases: skip the search on ASCII-only lines
        self._contains_other_ascii = any(r.is_regex or r.key.isascii() for r in other)
        # each rule's needles (see _needles; a literal is its own); when every rule has
        # some, a line is searched only by the rules whose needle it holds
        other_needles = [_needles(_rule_regex(r)) if r.is_regex else (r.key,) for r in other]
        self._contains_needles: list[tuple[str, int]] | None = (
            [(n, i) for i, ns in enumerate(other_needles) for n in ns]  # type: ignore[union-attr]
            if all(other_needles) else None
        )
        # split by what a line must hold to hold them: ASCII needles (looked for in the
        # line's ASCII characters, see _contains), CJK/Thai ones (only in lines with such
        # characters), and the few others
        needles = self._contains_needles or ()
        self._needles_ascii = [(n, i) for n, i in needles if n.isascii()]
        self._needles_unspaced = [(n, i) for n, i in needles if _has_unspaced_script(n)]
        self._needles_wide = [
            (n, i) for n, i in needles if not n.isascii() and not _has_unspaced_script(n)
        ]
        # A cheaper gate in front of those needles (~60 substring tests a line; most lines
        # hold none). Every match of a rule holds two things we look for, the cheaper first:
        # a whole word (see _whole_words: one set lookup for all rules at once), else the
        # cheapest string set (see _needle_sets: "(?:photo|bild) ?: ?..." needs ":"); then
        # the next cheapest set ("photo" or "bild"), looked for only in lines holding the
        # first. A line that passes goes through the needles as before: the gate only
        # says "no rule can match".
        self._gate_word_then: dict[str, list[tuple[str, ...]]] = {}  # word -> second sets
        self._gate_then: dict[str, list[tuple[str, ...]]] = {}  # string -> second sets
        if self._contains_needles is not None:
            for r in other:
                pattern = _rule_regex(r) if r.is_regex else re.escape(r.key)
                sets = sorted(_needle_sets(pattern, classes=True) or (), key=_gate_cost)
                whole = max(_whole_words(pattern), key=len, default="")
                if whole:
                    then = sets[0] if sets else ()
                    self._gate_word_then.setdefault(whole, []).append(then)
                    continue
                first, then = sets[0], sets[1] if len(sets) > 1 else ()
                for n in first:
                    self._gate_then.setdefault(n, []).append(then)
        self._gate_words = frozenset(self._gate_word_then)
        # the first strings by what a line must hold to hold them (as for the needles)
        firsts = list(self._gate_then)
        self._gate_ascii = tuple(n for n in firsts if n.isascii())
        self._gate_unspaced = tuple(n for n in firsts if _has_unspaced_script(n))
        self._gate_wide = tuple(
            n for n in firsts if not n.isascii() and not _has_unspaced_script(n)
        )

        # token sets: vocabulary per family, phrase -> (reason, strong). Literal
        # `line` phrases of token-set reasons are strong; `token` words are weak
        # and a token-set line needs at least one strong phrase ("it is" is not a
        # language switcher, "EN | IT" is).
        token_reasons = {(r.family, r.reason) for r in by_mode["token"]}
        self._vocab: dict[str, dict[str, tuple[str, bool]]] = {}
        for r in by_mode["line"] + by_mode["token"]:
            if (r.family, r.reason) in token_reasons and not r.is_regex:
                self._vocab.setdefault(r.family, {}).setdefault(
                    r.key, (r.reason, r.mode == "line")
                )
        # every family's vocabulary together, for footer rows that mix families
        # ("Impressum | Datenschutz | Facebook | Instagram")
        merged: dict[str, tuple[str, bool]] = {}
        self._vocab_family: dict[str, str] = {}
        for fam in self.families:
            for k, (reason, strong) in self._vocab.get(fam, {}).items():
                old = merged.get(k)
                if old is None or (strong and not old[1]):
                    merged[k] = (reason, strong)
                self._vocab_family.setdefault(reason, fam)
        self._vocab_all = merged
        self._vocab_first = frozenset(k.split(" ", 1)[0] for k in merged)
        self._vocab_words = frozenset(w for k in merged for w in k.split(" "))
        self._vocab_maxwords = max((len(k.split()) for k in merged), default=1)
        self._pagination_words = {
            k
            for k, (reason, _) in self._vocab.get("navigation", {}).items()
            if reason == "pagination"
        }

    # -- token sets

    def _split_tokens(self, s: str) -> tuple[list[str], list[int]]:
        """Words of ``s`` and the end index of each separator-delimited segment."""
        segments = _TOKEN_SEP.split(s)
        words: list[str] = []
        bounds: list[int] = []
        for seg in segments:
            if seg and not (seg[0].isalnum() and seg[-1].isalnum()):
                seg = _strip_ends(seg)
            if not seg:
                continue
            for w in seg.split():
                if not (w[0].isalnum() and w[-1].isalnum()):
                    if not w.strip(".…"):
                        words.append("...")  # an ellipsis between page numbers
                        continue
                    w = _strip_ends(w)
                    if not w or not any(c.isalnum() for c in w):
                        continue  # a lone "-", "»" or "..." between items
                words.append(w)
            bounds.append(len(words))
        return words, bounds

    def _may_be_tokens(self, s: str) -> bool:
        """False when ``s`` holds a word that rules out page numbers and every cover: a
        space-separated piece made only of letters and digits is one of _split_tokens' words
        as it is (no separator or decoration to cut off), and one in no vocabulary phrase
        that is no page number can be neither. Most lines that start with a vocabulary word
        fail here, before the split."""
        for piece in set(s.split(" ")).difference(self._vocab_words):
            if piece.isalnum() and not piece.isdecimal():
                return False
        return True

    def _tokenset(self, s: str) -> PhraseHit | None:
        m = _FIRST_TOKEN.match(s)
        first = m.group() if m is not None else ""
        if first not in self._vocab_first and not first.isdecimal():
            return None
        if not self._may_be_tokens(s):
            return None
        words, bounds = self._split_tokens(s)
        if len(words) < 2 or len(words) > TOKENSET_MAX_TOKENS:
            return None
        if self._pagination_words and self._page_numbers(words):
            return PhraseHit(
                "navigation", "pagination", "page-numbers: " + " ".join(words)
            )
        if not self._vocab_words.issuperset(words):
            return None  # a word in no vocabulary phrase: no cover below can hold it
        first = words[0]
        for fam in self.families:
            vocab = self._vocab.get(fam)
            if vocab is not None and (
                first in vocab
                or " ".join(words[:2]) in vocab
                or " ".join(words[:3]) in vocab
            ):
                hit = self._tokenset_in(vocab, fam, words, bounds)
                if hit is not None:
                    return hit
        return self._tokenset_in(self._vocab_all, None, words, bounds)

    def _tokenset_in(
        self,
        vocab: dict[str, tuple[str, bool]],
        fam: str | None,
        words: list[str],
        bounds: list[int],
    ) -> PhraseHit | None:
        """Cover ``words`` with vocabulary phrases (longest first, within segments)."""
        found: list[tuple[str, str, bool]] = []  # (phrase, reason, strong)
        i = 0
        b = 0
        while i < len(words):
            while i >= bounds[b]:
                b += 1
            for n in range(min(self._vocab_maxwords, bounds[b] - i), 0, -1):
                phrase = " ".join(words[i : i + n]) if n > 1 else words[i]
                entry = vocab.get(phrase)
                if entry is not None and (fam is not None or entry[1]):
                    found.append((phrase, entry[0], entry[1]))
                    i += n
                    break
            else:
                return None
        if len(found) < 2:
            return None
        # a weak word ("it", "german", "ok") needs a strong phrase of its own reason:
        # "EN | IT" is a language switcher, "it is" and "Spanish Language" are not
        strong = {reason for _, reason, is_strong in found if is_strong}
        if not strong or any(reason not in strong for _, reason, _ in found):
            return None
        counts: dict[str, int] = {}
        for _, reason, _ in found:
            counts[reason] = counts.get(reason, 0) + 1
        reason = max(counts, key=counts.__getitem__)  # first reason wins ties
        family = fam if fam is not None else self._vocab_family[reason]
        return PhraseHit(
            family, reason, "token-set: " + " | ".join(p for p, _, _ in found)
        )

    def _page_numbers(self, words: list[str]) -> bool:
        """'1 2 3 ... 10 next': page numbers, consecutive except across an ellipsis."""
        last = -1
        numbers = 0
        gap = False
        for w in words:
            if w.isdecimal() and len(w) <= 4:
                v = int(w)
                if last >= 0 and not (v == last + 1 or (gap and v > last + 1)):
                    return False
                last = v
                numbers += 1
                gap = False
            elif w in ("...", "…", "..", ". . ."):
                if gap:
                    return False
                gap = True
            elif w in self._pagination_words:
                continue
            else:
                return False
        return numbers >= 2 and len(words) >= 3

    # -- public

    def match(self, line: str) -> PhraseHit | None:
        """Return the first rule that recognises ``line`` as chrome, else None."""
        if len(line) > MEMO_MAX_CHARS:
            return self._match(line)
        memo = self._memo
        hit = memo.get(line, _MISSING)  # not try/except: most lines are new
        if hit is not _MISSING:
            return hit  # type: ignore[return-value]
        hit = self._match(line)
        if len(memo) >= MEMO_MAX_ENTRIES:
            memo.clear()
        memo[line] = hit
        return hit

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        state["_memo"] = {}
        return state

    def _match(self, line: str) -> PhraseHit | None:
        s = normalize_line(line)
        if not s:
            return None
        n = len(s)
        if n <= LINE_MAX_CHARS:
            hit = self._line_dict.get(s)
            if hit is not None:
                return hit
            alt = self._line_re.get(s)
            if (
                alt is not None
                and alt.min_len <= n <= alt.max_len
                and alt.combined.fullmatch(s) is not None
            ):
                return self._hit(alt.which(s, "fullmatch"))
            if (
                self._vocab_all
                and n <= PREFIX_MAX_CHARS
                and s.count(" ") < TOKENSET_MAX_TOKENS
                and (" " in s or not s.isalnum())
            ):
                hit = self._tokenset(s)
                if hit is not None:
                    return hit
            if n <= PREFIX_MAX_CHARS:
                alt = self._prefix_re.get(s)
                if alt is not None and alt.min_len <= n and alt.combined.match(s) is not None:
                    return self._hit(alt.which(s, "match"))
        if n > CONTAINS_MAX_CHARS:
            return None
        return self._contains(s)

    @staticmethod
    def _hit(rule: PhraseRule) -> PhraseHit:
        return PhraseHit(rule.family, rule.reason, rule.pattern)

    def _contains(self, s: str) -> PhraseHit | None:
        index = self._contains_index
        parts = s.split(" ")
        if index and len(s) >= self._contains_minlen:
            cands = self._contains_words.intersection(parts)
            if cands:
                best: tuple[int, PhraseHit] | None = None
                for w in cands:
                    for order, phrase, hit in index[w]:
                        if best is not None and order >= best[0]:
                            break
                        i = s.find(phrase)
                        while i > 0 and s[i - 1] != " ":
                            i = s.find(phrase, i + 1)  # must start a word
                        if i >= 0:
                            best = (order, hit)
                            break
                if best is not None:
                    return best[1]
        other = self._contains_other
        if not other.rules or not (self._contains_other_ascii or not s.isascii()):
            return None
        if self._contains_needles is not None:
            if not self._gate_holds(s, parts):
                return None
            # the first rule (in order) that matches, as which() names it: only rules
            # whose needle the line holds can match
            held = self._held_needles(s)
            for k in sorted(held):
                if other.compiled[k].search(s) is not None:
                    return self._hit(other.rules[k])
            return None
        if other.combined.search(s) is not None:
            return self._hit(other.which(s, "search"))
        return None

    def _gate_holds(self, s: str, parts: list[str]) -> bool:
        """Whether ``s`` (words ``parts``) may hold both things of some rule (see __init__)."""
        if not self._gate_words.isdisjoint(parts):
            for w in self._gate_words.intersection(parts):
                if self._then_holds(s, self._gate_word_then[w]):
                    return True
        if s.isascii():
            return self._gate_pair(s, s, self._gate_ascii)
        # ASCII strings are looked for in s's ASCII characters, as in _held_needles: a
        # few more found there only let a line through
        narrow = s.encode("ascii", "ignore").decode("ascii")
        return (
            self._gate_pair(s, narrow, self._gate_ascii)
            or self._gate_pair(s, s, self._gate_wide)
            or (
                bool(self._gate_unspaced)
                and _UNSPACED.search(s) is not None
                and self._gate_pair(s, s, self._gate_unspaced)
            )
        )

    def _gate_pair(self, s: str, hay: str, firsts: tuple[str, ...]) -> bool:
        for n in firsts:
            if n in hay and self._then_holds(s, self._gate_then[n]):
                return True
        return False

    @staticmethod
    def _then_holds(s: str, thens: list[tuple[str, ...]]) -> bool:
        for then in thens:
            if not then:
                return True
            for m in then:
                if m in s:
                    return True
        return False

    def _held_needles(self, s: str) -> set[int]:
        """The "other" contains rules with a needle in ``s`` (or a few more: see below)."""
        if s.isascii():
            return {k for n, k in self._needles_ascii if n in s}
        # An ASCII needle in s is in s's ASCII characters too (with the others dropped),
        # where `in` needs no conversion to s's wider characters; it may find a few more
        # there (the rule's regex then says no), never fewer.
        narrow = s.encode("ascii", "ignore").decode("ascii")
        held = {k for n, k in self._needles_ascii if n in narrow}
        held.update(k for n, k in self._needles_wide if n in s)
        if self._needles_unspaced and _UNSPACED.search(s) is not None:
            held.update(k for n, k in self._needles_unspaced if n in s)
        return held

    def restrict(self, fams: Collection[str]) -> PhraseMatcher:
        """A matcher with only the rules of the given families."""
        wanted = set(fams)
        unknown = wanted.difference(self.families)
        if unknown:
            raise ValueError(
                f"unknown phrase families: {sorted(unknown)}; known: {list(self.families)}"
            )
        return PhraseMatcher(r for r in self.rules if r.family in wanted)


def _gate_cost(strings: tuple[str, ...]) -> tuple[int, int]:
    """Cheaper first: a sign is one memchr, a longer string a slower search (a letter,
    space or common mark lets most lines through: the worst); then the longer shortest
    string (fewer lines hold it)."""
    cost = 0
    for n in strings:
        if len(n) > 1:
            cost += 3
        else:
            cost += 100 if n.isalnum() or n.isspace() or n in _COMMON_MARKS else 1
    return cost, -min(map(len, strings))


_COMMON_MARKS = frozenset(".,-'\"")

_MISSING = object()

# CJK/Thai characters (scripts written without spaces)
_UNSPACED = re.compile("[\u3040-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def _has_unspaced_script(word: str) -> bool:
    """Whether a word holds CJK/Thai characters (scripts written without spaces)."""
    return _UNSPACED.search(word) is not None


@functools.lru_cache(maxsize=1)
def default_matcher() -> PhraseMatcher:
    """The matcher over the packaged phrase files (loaded on first use)."""
    return PhraseMatcher(load_rules())


@functools.lru_cache(maxsize=64)
def _restricted(fams: frozenset[str]) -> PhraseMatcher:
    return default_matcher().restrict(fams)


def match_line(
    line: str, *, families: Collection[str] | None = None
) -> PhraseHit | None:
    """Return the chrome phrase ``line`` matches (family, reason, pattern), else None.

    ``families`` limits matching to some families (see :func:`families`).
    """
    if families is None:
        return default_matcher().match(line)
    return _restricted(frozenset(families)).match(line)


def families() -> list[str]:
    """Names of the phrase families shipped with the package, in priority order."""
    return list(default_matcher().families)
