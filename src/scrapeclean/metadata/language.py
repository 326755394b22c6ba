"""Detect the language of a text; stop-word lists for each language.

Detection goes script first (Cyrillic, Han, kana, Hangul, Arabic, ...), then,
for Latin script, picks the language whose stop words cover the most tokens,
in the spirit of jusText's stoplists. Each hit is weighted by 1/(number of
languages that share the word), so "de" or "in" count less than "the" or "und".

``detect_language("The cat sat on the mat and it was happy.")`` -> ``"en"``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["STOPWORD_LANGUAGES", "detect_language", "stopword_ratio", "stopwords"]

STOPWORD_LANGUAGES: tuple[str, ...] = (
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk",
    "tr", "az", "cs", "sv", "da", "no", "fi", "hu", "ro", "id",
)
SAMPLE_CHARS = 20_000  # enough to decide; keeps a 1 MB page as cheap as a 20 KB one
MIN_LETTERS = 20  # fewer letters than this: too little text to say anything
MIN_LATIN_TOKENS = 5  # fewer words: stop-word statistics are noise
MIN_COVERAGE = 0.08  # prose has >= ~25% stop words, menu-heavy pages ~10%; below 8% we do not know
MARGIN = 1.15  # the winner's weighted score must beat the runner-up by 15%

# Punctuation stripped from the ends of whitespace-separated tokens.
_PUNCT = ".,;:!?\"()[]{}<>«»‹›“”„‟‘’'`…—–-/\\|*#+=~^_@%&·•。、，！？：；（）「」『』《》【】"
# One-letter words that are real stop words (es "y", it/pt "e", pl "w"/"z", ...);
# other single letters are initials or list markers.
_ONE_LETTER_WORDS = frozenset("aeiouyàwzåö")
_AZ = STOPWORD_LANGUAGES.index("az")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")


@lru_cache(maxsize=64)
def stopwords(lang: str) -> frozenset[str]:
    """Return the lowercase stop words for ``lang`` (empty if we have no list)."""
    if not lang.isalpha() or len(lang) > 3:
        return frozenset()
    name = f"{lang.lower()}.txt"
    try:
        text = resources.files("scrapeclean").joinpath("data", "stopwords", name).read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError, TypeError):
        # Source checkouts without an installed package: read beside this file.
        path = Path(__file__).resolve().parent.parent / "data" / "stopwords" / name
        try:
            text = path.read_text("utf-8")
        except OSError:
            return frozenset()
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def stopword_ratio(tokens: Sequence[str], lang: str) -> float:
    """Share of ``tokens`` (any case) that are stop words of ``lang``."""
    if not tokens:
        return 0.0
    sw = stopwords(lang)
    if not sw:
        return 0.0
    return sum(1 for t in tokens if t.lower() in sw) / len(tokens)


@lru_cache(maxsize=1)
def _weights() -> dict[str, tuple[tuple[int, float], ...]]:
    """Map each stop word to (language index, weight) pairs."""
    owners: dict[str, list[int]] = {}
    for i, lang in enumerate(STOPWORD_LANGUAGES):
        for w in stopwords(lang):
            owners.setdefault(w, []).append(i)
    return {w: tuple((i, 1.0 / len(ix)) for i in ix) for w, ix in owners.items()}


def _script(ch: str) -> str:
    """Name the script of one letter by code-point block (cheap, no unicodedata)."""
    o = ord(ch)
    if o < 0x0250 or 0x1E00 <= o < 0x1F00:
        return "latin"
    if 0x0400 <= o < 0x0530:
        return "cyrillic"
    if 0x0370 <= o < 0x0400 or 0x1F00 <= o < 0x2000:
        return "greek"
    if 0x0590 <= o < 0x0600:
        return "hebrew"
    if 0x0600 <= o < 0x0780 or 0xFB50 <= o < 0xFE00 or 0xFE70 <= o < 0xFF00:
        return "arabic"
    if 0x0900 <= o < 0x0980:
        return "devanagari"
    if 0x0980 <= o < 0x0A00:
        return "bengali"
    if 0x0B80 <= o < 0x0C00:
        return "tamil"
    if 0x0E00 <= o < 0x0E80:
        return "thai"
    if 0x10A0 <= o < 0x1100:
        return "georgian"
    if 0x0530 <= o < 0x0590:
        return "armenian"
    if 0x1100 <= o < 0x1200 or 0xAC00 <= o < 0xD7B0 or 0x3130 <= o < 0x3190:
        return "hangul"
    if 0x3040 <= o < 0x3100 or 0x31F0 <= o < 0x3200:
        return "kana"
    if 0x3400 <= o < 0xA000 or 0xF900 <= o < 0xFB00 or 0x20000 <= o < 0x30000:
        return "han"
    return "other"


_SCRIPT_LANG = {
    "greek": "el", "hebrew": "he", "devanagari": "hi", "bengali": "bn", "tamil": "ta",
    "thai": "th", "georgian": "ka", "armenian": "hy", "hangul": "ko",
}


def _cyrillic(text: str) -> str:
    """Tell Cyrillic languages apart by the letters only they use."""
    def n(chars: str) -> int:
        return sum(text.count(c) for c in chars)

    if n("ўЎ") > 0 and n("іІ") > 0:
        return "be"
    if n("әғқңұһӘҒҚҢҰҺ") > 2:
        return "kk"
    if n("ђћЂЋ") > 0:
        return "sr"
    if n("ѓќѕЃЌЅ") > 0:
        return "mk"
    uk = n("іїєґІЇЄҐ")
    ru = n("ыэЫЭ")
    if uk > ru:
        return "uk"
    if n("јљњЈЉЊ") > 0 and ru == 0:
        return "sr"
    if ru == 0 and n("ъЪ") > 0:
        return "bg"  # Bulgarian uses ъ as a vowel and has no ы/э
    return "ru"


def _arabic(text: str) -> str:
    if sum(text.count(c) for c in "ٹڈڑںے") > 0:
        return "ur"
    if sum(text.count(c) for c in "پچژگکی") > 0:
        return "fa"
    return "ar"


def _latin(counts: dict[str, int], raw: str) -> str | None:
    """Score Latin-script tokens (token -> count) against every stop-word list."""
    weights = _weights()
    scores = [0.0] * len(STOPWORD_LANGUAGES)
    hits = [0] * len(STOPWORD_LANGUAGES)
    get = weights.get
    n = 0
    for tok, k in counts.items():
        scale = 1.0
        if len(tok) == 1:
            # Capital single letters are initials, grades, list markers ("A", "D."),
            # and even lowercase ones are weak evidence ("w", "a" in tables).
            if tok not in _ONE_LETTER_WORDS:
                continue
            scale = 0.5
        else:
            tok = tok.lower()
        n += k
        owners = get(tok)
        if owners is None and ("'" in tok or "’" in tok):
            # Elision: "l'homme", "dell'anno", "qu'il" -> "l", "dell", "qu".
            owners = get(tok.replace("’", "'").split("'", 1)[0])
        if owners is not None:
            for i, w in owners:
                scores[i] += w * scale * k
                hits[i] += k
    if n < MIN_LATIN_TOKENS:
        return None
    # Letters unique to a language are strong evidence: schwa is Azerbaijani only.
    if raw.count("ə") + raw.count("Ə") >= 2:
        scores[_AZ] *= 1.5
    order = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
    best, second = order[0], order[1]
    if hits[best] < MIN_COVERAGE * n or hits[best] < 3:
        return None
    if scores[best] < MARGIN * scores[second]:
        return None
    return STOPWORD_LANGUAGES[best]


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of ``text``'s language, or None when unsure.

    Only the first ``SAMPLE_CHARS`` characters are read. Mixed pages are decided
    by the script with most letters, so an English article with some Russian
    menu lines is "en".
    """
    sample = text[:SAMPLE_CHARS]
    # str.split + Counter run in C; a regex tokenizer costs ~3x more on 10 KB.
    raw_counts = Counter(sample.split())
    latin: dict[str, int] = {}
    latin_letters = 0
    other: dict[str, list[str]] = {}
    letters: dict[str, int] = {}
    ascii_only = sample.isascii()
    for raw_tok, k in raw_counts.items():
        tok = raw_tok.strip(_PUNCT)
        if not tok or not tok[0].isalpha():
            continue
        c = tok[0]
        if ascii_only or c < "\u0250" or _script(c) == "latin":
            latin[tok] = latin.get(tok, 0) + k
            latin_letters += len(tok) * k
            continue
        sc = _script(c)
        if sc == "kana":
            sc = "han"  # Han and kana mix inside one Japanese run: judge together
        other.setdefault(sc, []).append(tok)
        letters[sc] = letters.get(sc, 0) + len(tok) * k
    letters.pop("other", None)
    letters["latin"] = latin_letters
    script = max(letters, key=letters.__getitem__)
    if letters[script] < MIN_LETTERS and not (script == "han" and letters[script] >= 4):
        return None
    if script == "latin":
        return _latin(latin, sample)
    joined = "".join(other[script])
    if script == "cyrillic":
        return _cyrillic(joined)
    if script == "han":
        # Japanese prose is ~30-40% kana; a few kana in Chinese text are quotes.
        return "ja" if len(_KANA.findall(joined)) >= 0.1 * len(joined) else "zh"
    if script == "arabic":
        return _arabic(joined)
    return _SCRIPT_LANG.get(script)
