"""The cheap tests that rule a line out before the real matching never rule out a line the
real matching accepts: checked on every line of the fixture pages and on lines made to match."""
from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

from scrapeclean import phrases
from scrapeclean.phrases import default_matcher, normalize_line

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture_lines() -> list[str]:
    """Every distinct line of the fixture pages' text renderings (real pages, 14 sites)."""
    lines: set[str] = set()
    for page in sorted((FIXTURES / "pages").iterdir()):
        for name in ("innertext.txt", "gettext.txt", "markdown.md"):
            path = page / name
            if path.exists():
                lines.update(x.strip() for x in path.read_text(encoding="utf-8").splitlines())
    lines.discard("")
    return sorted(lines)


LINES = fixture_lines()

# lines the "other" contains rules (regexes, CJK phrases) are there to find
CONTAINS_OTHER = [
    "A storm hit the coast. (Photo: Reuters)",
    "Bildquelle: Max Muster",
    "Ein Bild vom Hafen © AFP / John Doe",
    "Mehr Infos (Foto: Pixabay)",
    "Sign up to the newsletter list for deals",
    "Schreib es in den Kommentaren",
    "Aerial view (Image via Shutterstock)",
    "Foto: picture alliance / dpa | Jane Roe",
    "Sign up for our weekly newsletter",
    "News delivered straight to your inbox",
    "Abonnieren Sie jetzt unseren Newsletter",
    "Keine News mehr verpassen",
    "3 Ausgaben gratis lesen",
    "Jede kleine Spende hilft",
    "Auf dieser Seite verwenden wir Cookies.",
    "Verraten Sie uns gerne in den Kommentaren, was Sie denken",
    "Sag uns in den Kommentaren Bescheid",
    "Schreiben Sie uns in die Kommentare",
    "This entry was posted in News.",
    "Der Beitrag wurde am 3. Mai 2024 veröffentlicht",
    "Name (wird benötigt und nicht veröffentlicht)",
    "Bei den Links handelt es sich um Affiliate-Links.",
    "本网站使用cookie来改善体验",
    "请启用JavaScript",
]


def _other_rule_matches(m: phrases.PhraseMatcher, s: str) -> bool:
    other = m._contains_other
    return any(rx.search(s) is not None for rx in other.compiled)


def test_contains_gate_never_rules_out_a_line_a_rule_matches() -> None:
    m = default_matcher()
    # and a line around each literal "other" phrase (CJK ones: written without spaces)
    made = [f"前言{r.key}。" for r in m._contains_other.rules if not r.is_regex]
    covered = {k for line in CONTAINS_OTHER + made for k, rx in enumerate(m._contains_other.compiled)
               if rx.search(normalize_line(line))}
    assert covered == set(range(len(m._contains_other.rules)))  # an example for every rule
    checked = 0
    for line in LINES + CONTAINS_OTHER + made:
        s = normalize_line(line)
        if not s or len(s) > phrases.CONTAINS_MAX_CHARS:
            continue
        if _other_rule_matches(m, s):
            checked += 1
            assert m._gate_holds(s, s.split(" ")), line
    assert checked >= len(CONTAINS_OTHER)  # the made lines all match a rule


def test_contains_gate_rules_out_most_lines() -> None:
    # the point of the gate: it must not let everything through
    m = default_matcher()
    ss = [s for s in map(normalize_line, LINES) if s]
    passed = sum(m._gate_holds(s, s.split(" ")) for s in ss)
    assert passed < 0.2 * len(ss)


@pytest.mark.parametrize("line", CONTAINS_OTHER)
def test_made_lines_are_found_through_the_gate(line: str) -> None:
    hit = default_matcher().match(line)
    assert hit is not None, line


def test_contains_finds_the_same_with_and_without_the_gate() -> None:
    m = default_matcher()
    plain = copy.copy(m)
    plain._gate_holds = lambda s, parts: True  # type: ignore[method-assign]
    for line in LINES + CONTAINS_OTHER:
        s = normalize_line(line)
        if s and len(s) <= phrases.CONTAINS_MAX_CHARS:
            assert m._contains(s) == plain._contains(s), line


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ("this entry was posted (?:in|on)", ("entry", "was", "posted")),
        ("\\d{1,2} ausgaben (?:gratis|kostenlos)", ("ausgaben",)),
        ("delivered (?:\\S{1,15} )?to (?:your|my) inbox", ()),  # "to" may follow the group
        ("(?i)share this", ()),
    ],
)
def test_whole_words(pattern: str, words: tuple[str, ...]) -> None:
    assert phrases._whole_words(pattern) == words


def test_needle_sets_and_classes() -> None:
    assert phrases._needle_sets("(?:photo|bild) ?: ?\\S") == [("bild", "photo"), (":",)]
    assert phrases._needle_sets("[/|(]x", classes=True) == [("(", "/", "|"), ("x",)]
    assert phrases._needle_sets("[/|(]x") == [("x",)]
    assert phrases._needle_sets("(?i)x") is None


def test_anywhere_rules_join_the_dispatch_when_their_literal_is_there(tmp_path) -> None:
    path = tmp_path / "news.txt"
    path.write_text("# en\nnewsletter\tline\t(?:\\S{1,40} ){0,3}\\S{0,40}newsletters?\n"
                    "share_prompt\tline\tshare (?:this|it)\n", encoding="utf-8")
    m = phrases.PhraseMatcher(phrases.load_rules([path]))
    assert m.match("Our weekly newsletter").reason == "newsletter"  # type: ignore[union-attr]
    assert m.match("Share this").reason == "share_prompt"  # type: ignore[union-attr]
    assert m.match("Our weekly letter") is None


def test_only_the_space_is_printable_whitespace() -> None:
    # normalize_line skips collapsing whitespace on a printable line with single spaces
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()] == [" "]
    assert normalize_line("Share\u00a0 this\u2003 now ") == "share this now"
