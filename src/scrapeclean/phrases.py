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
    the pattern occurs anywhere in the line, whatever its length. Only for phrases
    that never occur in ordinary prose ("we use cookies to", "please enable javascript");
    a phrase that can appear in an article sentence belongs in ``line``.
``token``
    a vocabulary word that never matches alone. A reason that has ``token`` rules takes
    part in token-set matching: a line made only of the single- and multi-word plain
    ``line`` phrases and ``token`` words of such reasons of one family, separated by
    spaces, ``|``, ``,``, ``/``, ``·`` or ``•`` ("Facebook Twitter Instagram",
    "EN | DE | FR", "Impressum · Datenschutz"), matches that family. The reason
    reported is the one that owns most of the line's tokens.

A pattern is a literal phrase unless it contains one of ``\\ ^ $ | ? * + ( ) [ ] { }``,
in which case it is a regular expression (``regex`` module syntax) matched against the
normalised, case-folded line: write it in lower case, use only non-capturing groups
``(?:...)`` and keep it backtracking-safe (no nested quantifiers such as ``(a+)+``).
A ``.`` in a literal phrase is literal ("vk.com").

Normalisation (:func:`normalize_line`), applied to the line and to literal patterns:
NFKC; markdown images and links reduced to their text ("[Twitter](https://...)" ->
"twitter"); markdown emphasis and backslash escapes removed; invisible format
characters removed; casefold (Turkish dotted/dotless i folded to "i"); whitespace
collapsed; punctuation, symbols, bullets, arrows, pipes and emoji stripped from both
ends ("• Share »" -> "share"), except a ``+`` or ``-`` glued to a word ("A+", "A-").

Matching order: ``line`` (a dict lookup for literal phrases, then one combined regex),
token sets, ``prefix``, ``contains``; the first hit wins, families in :func:`families`
order. A line longer than :data:`LINE_MAX_CHARS` after normalisation only goes through
``contains`` rules. Everything is compiled lazily on first use and cached.

>>> match_line("• Share »")
PhraseHit(family='social', reason='share_prompt', pattern='share')
>>> match_line("Share prices fell sharply on Monday.") is None
True
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import regex

__all__ = [
    "LINE_MAX_CHARS",
    "PREFIX_MAX_CHARS",
    "MODES",
    "PhraseHit",
    "PhraseMatcher",
    "PhraseRule",
    "PhraseFileError",
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
# Token sets: "Facebook Twitter Instagram" has a handful of tokens, never dozens.
TOKENSET_MAX_TOKENS = 24

MODES = ("line", "prefix", "contains", "token")

# Families listed first win when the same line is in several files.
_FAMILY_ORDER = ("navigation", "social", "apps", "ads", "consent", "footer", "related")

_REGEX_META = frozenset("\\^$|?*+()[]{}")
_REASON_RE = regex.compile(r"[a-z][a-z0-9_]*")


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
    is_regex: bool = False
    key: str = field(default="", compare=False)  # normalised literal / regex source


# --------------------------------------------------------------------------- normalise

_MD_IMAGE = regex.compile(r"!\[([^\[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)")
_MD_LINK = regex.compile(r"\[([^\[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)")
_MD_REFLINK = regex.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_MD_ESCAPE = regex.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
# Invisible characters that split words in scraped text (zero-width space, soft hyphen,
# BOM, word joiner, ZWJ/ZWNJ) and variation selectors left over from emoji.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\ufe0e\ufe0f\u20e3\u034f")
)
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
    return s[i:j]


def normalize_line(line: str) -> str:
    """Normalise a line for phrase matching: "• [Share](/s) »" -> "share"."""
    s = line
    if not s.isascii():
        s = unicodedata.normalize("NFKC", s).translate(_INVISIBLE)
    if "[" in s:
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
    s = " ".join(s.split())
    if s and not (s[0].isalnum() and s[-1].isalnum()):
        s = _strip_ends(s)
    return s


def _normalize_regex(pattern: str) -> str:
    """NFKC a regex pattern and fold Turkish i like :func:`normalize_line` does."""
    s = unicodedata.normalize("NFKC", pattern)
    return s.replace("İ", "i").replace("ı", "i")


# ----------------------------------------------------------------------------- loading


def _data_dir() -> Path:
    return Path(str(resources.files("scrapeclean").joinpath("data", "phrases")))


def _family_sort_key(name: str) -> tuple[int, str]:
    try:
        return (_FAMILY_ORDER.index(name), name)
    except ValueError:
        return (len(_FAMILY_ORDER), name)


def _parse_file(path: Path, family: str) -> Iterator[PhraseRule]:
    text = path.read_text(encoding="utf-8")
    for lineno, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        where = f"{path.name}:{lineno}"
        parts = raw.split("\t")
        if len(parts) != 3:
            raise PhraseFileError(f"{where}: expected reason<TAB>mode<TAB>pattern, got {raw!r}")
        reason, mode, pattern = (p.strip() for p in parts)
        if not _REASON_RE.fullmatch(reason):
            raise PhraseFileError(f"{where}: reason code must be snake_case: {reason!r}")
        if mode not in MODES:
            raise PhraseFileError(f"{where}: unknown mode {mode!r} (one of {', '.join(MODES)})")
        if not pattern:
            raise PhraseFileError(f"{where}: empty pattern")
        is_regex = not _REGEX_META.isdisjoint(pattern)
        if is_regex:
            if mode == "token":
                raise PhraseFileError(f"{where}: token rules are literal words")
            key = _normalize_regex(pattern)
            try:
                compiled = regex.compile(key)
            except regex.error as exc:
                raise PhraseFileError(f"{where}: bad regular expression {pattern!r}: {exc}") from exc
            if compiled.groups:
                raise PhraseFileError(f"{where}: use non-capturing groups (?:...) in {pattern!r}")
        else:
            key = normalize_line(pattern) if mode in ("line", "token") else " ".join(
                _normalize_regex(pattern).casefold().replace("i\u0307", "i").split()
            )
            if not key:
                raise PhraseFileError(f"{where}: pattern {pattern!r} is empty once normalised")
        yield PhraseRule(family, reason, mode, pattern, where, is_regex, key)


def load_rules(paths: Iterable[str | Path] | None = None) -> list[PhraseRule]:
    """Read phrase files (default: the packaged ``data/phrases/*.txt``), family = file stem."""
    if paths is None:
        files = sorted(_data_dir().glob("*.txt"))
    else:
        files = [Path(p) for p in paths]
    files.sort(key=lambda p: _family_sort_key(p.stem))
    rules: list[PhraseRule] = []
    for path in files:
        rules.extend(_parse_file(path, path.stem))
    return rules


# ----------------------------------------------------------------------------- matching

_TOKEN_SEP = regex.compile(r"\s*(?:[|,/·•;∙⋅‧]|\s[-–—]\s)\s*")


def _group_name(i: int) -> str:
    return f"r{i}"


def _combine(rules: list[PhraseRule], template: str) -> regex.Pattern[str] | None:
    if not rules:
        return None
    parts = []
    for i, rule in enumerate(rules):
        body = rule.key if rule.is_regex else regex.escape(rule.key, literal_spaces=True)
        parts.append(f"(?P<{_group_name(i)}>{template.format(body)})")
    return regex.compile("|".join(parts))


def _prefix_body(rule: PhraseRule) -> str:
    body = rule.key if rule.is_regex else regex.escape(rule.key, literal_spaces=True)
    last = rule.pattern[-1]
    if last.isalnum() or last == "_":
        body = f"(?:{body})(?!\\w)"
    return body


class PhraseMatcher:
    """Match lines against a set of :class:`PhraseRule`; compiled once, then read-only."""

    def __init__(self, rules: Iterable[PhraseRule]) -> None:
        self.rules: tuple[PhraseRule, ...] = tuple(rules)
        fams: list[str] = []
        for r in self.rules:
            if r.family not in fams:
                fams.append(r.family)
        self.families: tuple[str, ...] = tuple(sorted(fams, key=_family_sort_key))
        by_mode: dict[str, list[PhraseRule]] = {m: [] for m in MODES}
        for r in self.rules:
            by_mode[r.mode].append(r)

        # line: literal phrases in a dict, the rest in one regex
        self._line_dict: dict[str, PhraseHit] = {}
        line_regex: list[PhraseRule] = []
        for r in by_mode["line"]:
            if r.is_regex:
                line_regex.append(r)
            else:
                self._line_dict.setdefault(r.key, PhraseHit(r.family, r.reason, r.pattern))
        self._line_rules = line_regex
        self._line_re = _combine(line_regex, "{}")

        # token sets: vocabulary per family, word -> reason
        token_reasons = {(r.family, r.reason) for r in by_mode["token"]}
        self._vocab: dict[str, dict[str, str]] = {}
        for r in by_mode["token"] + by_mode["line"]:
            if (r.family, r.reason) in token_reasons and not r.is_regex:
                self._vocab.setdefault(r.family, {}).setdefault(r.key, r.reason)
        self._vocab_maxwords = {
            fam: max(len(k.split()) for k in v) for fam, v in self._vocab.items()
        }
        # word -> families whose vocabulary has a phrase starting with that word
        self._vocab_first: dict[str, tuple[str, ...]] = {}
        for fam in self.families:
            for k in self._vocab.get(fam, {}):
                first = k.split()[0]
                cur = self._vocab_first.get(first, ())
                if fam not in cur:
                    self._vocab_first[first] = cur + (fam,)

        self._prefix_rules = by_mode["prefix"]
        self._prefix_re = (
            regex.compile(
                "|".join(
                    f"(?P<{_group_name(i)}>{_prefix_body(r)})"
                    for i, r in enumerate(self._prefix_rules)
                )
            )
            if self._prefix_rules
            else None
        )
        # contains: literal phrases behind a cheap gate (the longest word of each
        # phrase must occur before the full alternation is searched); regex
        # patterns, whose words may be optional, are searched on every line.
        self._contains_lit = [r for r in by_mode["contains"] if not r.is_regex]
        self._contains_lit_re = _combine(self._contains_lit, "{}")
        self._contains_gate = _anchor_gate(self._contains_lit)
        self._contains_rx = [r for r in by_mode["contains"] if r.is_regex]
        self._contains_rx_re = _combine(self._contains_rx, "{}")

    # -- token sets

    def _tokenset(self, s: str) -> PhraseHit | None:
        segments = _TOKEN_SEP.split(s) if not s.isalnum() else [s]
        words: list[str] = []
        bounds: list[int] = []
        for seg in segments:
            seg = _strip_ends(seg) if seg and not (seg[0].isalnum() and seg[-1].isalnum()) else seg
            if not seg:
                continue
            words.extend(seg.split())
            bounds.append(len(words))
        if len(words) < 2 or len(words) > TOKENSET_MAX_TOKENS:
            return None
        cands = self._vocab_first.get(words[0])
        if not cands:
            return None
        for fam in cands:
            hit = self._tokenset_family(fam, words, bounds)
            if hit is not None:
                return hit
        return None

    def _tokenset_family(self, fam: str, words: list[str], bounds: list[int]) -> PhraseHit | None:
        vocab = self._vocab[fam]
        maxw = self._vocab_maxwords[fam]
        counts: dict[str, int] = {}
        found: list[str] = []
        i = 0
        seg_end_iter = iter(bounds)
        seg_end = next(seg_end_iter)
        while i < len(words):
            while i >= seg_end:
                seg_end = next(seg_end_iter)
            for n in range(min(maxw, seg_end - i), 0, -1):
                phrase = " ".join(words[i : i + n]) if n > 1 else words[i]
                reason = vocab.get(phrase)
                if reason is None and n == 1:
                    reason = vocab.get(_strip_ends(phrase))
                if reason is not None:
                    counts[reason] = counts.get(reason, 0) + 1
                    found.append(phrase)
                    i += n
                    break
            else:
                return None
        if len(found) < 2:
            return None
        reason = max(counts, key=lambda r: counts[r])
        return PhraseHit(fam, reason, "token-set: " + " | ".join(found))

    # -- public

    def match(self, line: str) -> PhraseHit | None:
        """Return the first rule that recognises ``line`` as chrome, else None."""
        s = normalize_line(line)
        if not s:
            return None
        n = len(s)
        if n <= LINE_MAX_CHARS:
            hit = self._line_dict.get(s)
            if hit is not None:
                return hit
            if self._line_re is not None:
                m = self._line_re.fullmatch(s)
                if m is not None:
                    r = self._line_rules[int(m.lastgroup[1:])]
                    return PhraseHit(r.family, r.reason, r.pattern)
            if self._vocab and " " in s or not s.isalnum():
                hit = self._tokenset(s)
                if hit is not None:
                    return hit
            if n <= PREFIX_MAX_CHARS and self._prefix_re is not None:
                m = self._prefix_re.match(s)
                if m is not None:
                    r = self._prefix_rules[int(m.lastgroup[1:])]
                    return PhraseHit(r.family, r.reason, r.pattern)
        if self._contains_gate is not None and self._contains_gate.search(s):
            m = self._contains_lit_re.search(s)
            if m is not None:
                r = self._contains_lit[int(m.lastgroup[1:])]
                return PhraseHit(r.family, r.reason, r.pattern)
        if self._contains_rx_re is not None:
            m = self._contains_rx_re.search(s)
            if m is not None:
                r = self._contains_rx[int(m.lastgroup[1:])]
                return PhraseHit(r.family, r.reason, r.pattern)
        return None

    def restrict(self, fams: Collection[str]) -> PhraseMatcher:
        """A matcher with only the rules of the given families."""
        wanted = set(fams)
        unknown = wanted.difference(self.families)
        if unknown:
            raise ValueError(f"unknown phrase families: {sorted(unknown)}; known: {list(self.families)}")
        return PhraseMatcher(r for r in self.rules if r.family in wanted)


_ANCHOR_WORD = regex.compile(r"\w{3,}")


def _anchor_gate(rules: list[PhraseRule]) -> regex.Pattern[str] | None:
    """A regex of the longest word of each literal contains rule (None if none)."""
    anchors = set()
    for r in rules:
        words = _ANCHOR_WORD.findall(r.key)
        anchors.add(max(words, key=len) if words else r.key)
    if not anchors:
        return None
    return regex.compile("|".join(regex.escape(a) for a in sorted(anchors, key=len, reverse=True)))


@functools.lru_cache(maxsize=1)
def default_matcher() -> PhraseMatcher:
    """The matcher over the packaged phrase files (loaded on first use)."""
    return PhraseMatcher(load_rules())


@functools.lru_cache(maxsize=64)
def _restricted(fams: frozenset[str]) -> PhraseMatcher:
    return default_matcher().restrict(fams)


def match_line(line: str, *, families: Collection[str] | None = None) -> PhraseHit | None:
    """Return the chrome phrase ``line`` matches (family, reason, pattern), else None.

    ``families`` limits matching to some families (see :func:`families`).
    """
    if families is None:
        return default_matcher().match(line)
    return _restricted(frozenset(families)).match(line)


def families() -> list[str]:
    """Names of the phrase families shipped with the package, in priority order."""
    return list(default_matcher().families)
