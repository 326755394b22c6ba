"""The cheap tests that rule a line out before the real matching never rule out a line the
real matching accepts: checked on every line of the fixture pages and on lines made to match."""
from __future__ import annotations

import copy
import importlib
import re
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


# ------------------------------------------------------------------ copyright lines

from scrapeclean.metadata import copyright as cr  # noqa: E402

RIGHTS_LINES = [
    "© 2025 Example Media GmbH. All rights reserved.", "Alle Rechte vorbehalten.",
    "Tous droits réservés", "Todos los derechos reservados", "Tutti i diritti riservati",
    "Todos os direitos reservados", "Alle rechten voorbehouden", "Wszelkie prawa zastrzeżone",
    "Все права защищены", "Усі права захищені", "Всі права захищені", "Tüm hakları saklıdır",
    "TÜM HAKLARI SAKLIDIR", "Bütün hüquqlar qorunur", "Všechna práva vyhrazena",
    "Alla rättigheter förbehållna", "Alle rettigheder forbeholdes", "Alle rettigheter reservert",
    "Kaikki oikeudet pidätetään", "Minden jog fenntartva", "Toate drepturile rezervate",
    "Hak cipta dilindungi", "版权所有", "版權所有", "著作権", "저작권", "ALL RİGHTS RESERVED",
]
REUSE_LINES = [
    "Any use of materials is allowed only with a hyperlink to Caliber.az",
    "Reproduction of this content without permission is prohibited.",
    "При использовании материалов ссылка обязательна",
    "Використання матеріалів дозволяється лише з посиланням",
    "Nachdruck nur mit Genehmigung", "Vervielfältigung verboten", "Wiedergabe nur mit Erlaubnis",
    "Toute reproduction interdite", "Prohibida la reproducción total o parcial",
    "Queda prohibida su copia", "Riproduzione riservata", "Vietata la riproduzione",
    "Proibida a reprodução", "Kopiowanie materiałów bez zgody zabronione",
    "İzinsiz kullanılamaz", "Kaynak gösterilmeden alıntı yapılamaz",
    "Materiallardan istifadə zamanı istinad vacibdir", "無断転載を禁じます", "禁止转载",
    "未经授权不得转载", "무단 전재 및 재배포 금지",
]


def _alternatives(source: str) -> list[str]:
    """The top-level alternatives of a regex source, split at "|" outside groups/classes."""
    out, depth, cls, cur, i = [], 0, False, "", 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            cur += source[i:i + 2]
            i += 2
            continue
        if cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(cur)
            cur = ""
            i += 1
            continue
        cur += ch
        i += 1
    return out + [cur]


@pytest.mark.parametrize(("rx", "words"), [(cr._RIGHTS, cr._RIGHTS_WORDS), (cr._REUSE, cr._REUSE_WORDS)])
def test_every_alternative_holds_a_gate_word(rx, words) -> None:
    # a new alternative without one of the words would be skipped on every line
    alts = _alternatives(rx.pattern.removeprefix("(?i)"))
    assert len(alts) > 10
    assert [a for a in alts if not any(w in a.lower() for w in words)] == []


def test_odd_case_folds_are_all_listed() -> None:
    # every character `re` matches case-insensitively to a letter of a gate word, whose
    # lower case is not that letter, must be in _FOLD_ODD (or a line with it is misjudged)
    letters = set("".join(cr._RIGHTS_WORDS + cr._REUSE_WORDS))
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    odd = {c for p in letters for c in re.findall(re.escape(p), every, re.IGNORECASE) if c.lower() != p}
    assert odd and all(cr._FOLD_ODD.fullmatch(c) for c in odd)


def test_copyright_gates_never_rule_out_a_match() -> None:
    made = 0
    for line in LINES + RIGHTS_LINES + REUSE_LINES:
        s = line.strip()
        low = s.lower()
        odd = not s.isascii() and cr._FOLD_ODD.search(s) is not None
        if cr._RIGHTS.search(s):
            made += line in RIGHTS_LINES
            assert odd or cr._holds(low, cr._RIGHTS_WORDS), line
        if cr._REUSE.search(s):
            made += line in REUSE_LINES
            assert odd or cr._holds(low, cr._REUSE_WORDS), line
    assert made >= len(RIGHTS_LINES) + len(REUSE_LINES) - 2  # the made lines match


def test_copyright_lines_read_the_same_without_the_gates(monkeypatch) -> None:
    lines = LINES + RIGHTS_LINES + REUSE_LINES
    gated = [cr.parse_copyright(x) for x in lines]
    monkeypatch.setattr(cr, "_holds", lambda low, words: True)
    assert gated == [cr.parse_copyright(x) for x in lines]
    assert sum(f is not None for f in gated) >= len(RIGHTS_LINES) + len(REUSE_LINES) - 3


# ------------------------------------------------------------------ byline labels

from scrapeclean.metadata import authors as au  # noqa: E402


def _spellings(seq) -> list[str]:
    """Every text a label regex (literals, groups, alternatives, small repeats, \\s) spells,
    with the fewest repeats: enough to name every label it knows."""
    c = importlib.import_module("re._constants")
    out = [""]
    for op, av in seq:
        if op is c.LITERAL:
            alts = [chr(av)]
        elif op is c.SUBPATTERN:
            alts = _spellings(av[-1])
        elif op is c.BRANCH:
            alts = [x for alt in av[1] for x in _spellings(alt)]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            lo, _, item = av
            one = _spellings(item)
            alts = ([""] if lo == 0 else []) + [x * max(lo, 1) for x in one]
        elif op is c.IN:
            alts = [" " if o is c.CATEGORY else chr(a) for o, a in av[:1]]
        elif op is c.AT:
            alts = [""]
        else:
            raise AssertionError(op)
        out = [x + y for x in out for y in alts]
    return out


@pytest.mark.parametrize("rx", [au._LABEL, au._COLON_LABEL])
def test_every_label_passes_the_first_word_test(rx) -> None:
    parsed = importlib.import_module("re._parser").parse(rx.pattern, rx.flags)
    labels = _spellings(parsed)
    assert len(labels) > 20
    for label in labels:
        for line in (f"{label}Jane Doe", f"{label.upper()}Jane Doe", f"{label.title()}Jane Doe"):
            if rx.match(line):
                assert au._may_have_label(line), line


def test_odd_case_folds_of_label_letters_are_listed() -> None:
    letters = set("".join(au._LABEL_FIRST))
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    odd = {c for p in letters for c in re.findall(re.escape(p), every, re.IGNORECASE) if c.lower() != p}
    assert odd and all(au._FOLD_ODD.fullmatch(c) for c in odd)


def test_bylines_read_the_same_without_the_label_test(monkeypatch) -> None:
    lines = LINES + ["By Jane Doe", "AUTOR: Jan Kowalski", "Texte : Marie Curie", "作者：张三",
                     "ByAlex Bozarjian", "- by Nazrin Sadigova", "Yazar: Ahmet Yılmaz"]
    gated = [au.parse_byline(x) for x in lines]
    monkeypatch.setattr(au, "_may_have_label", lambda s: True)
    assert gated == [au.parse_byline(x) for x in lines]
    assert sum(g is not None for g in gated) >= 7


# ------------------------------------------------------------------ counters

from scrapeclean.metadata import counters as co  # noqa: E402

COUNTER_LINES = [
    "Views: 343", "343 views", "👁 343", "💬 12", "12 Kommentare", "Kommentare (12)",
    "1.2k likes", "Gefällt mir 5", "5 min read", "5minread", "Lesezeit: 4 Minuten",
    "Reading time: 3 min", "Время чтения: 5 минут", "阅读时间 5分钟", "Viewed 38k times",
    "12.345 mal gelesen", "343 views · 12 comments", "Keine Kommentare · 3 Aufrufe",
    "View all 32 comments", "This post has 80 comments", "Просмотров: 1 234", "j'aime 12",
    "İZLENME 3", "• 3 comments", "Okuma süresi: 4 dk", "Read 5", "Like 12",
]


def test_counter_lines_read_the_same_without_the_gate(monkeypatch) -> None:
    lines = LINES + COUNTER_LINES
    gated = [co.parse_counter(x) for x in lines]
    monkeypatch.setattr(co, "_may_count", lambda s: True)
    plain = [co.parse_counter(x) for x in lines]
    assert gated == plain
    assert sum(f is not None for f in plain[len(LINES):]) >= len(COUNTER_LINES) - 4


def test_every_counter_label_passes_the_gate() -> None:
    for label in (*co._LABEL_KIND, *co._NO_COMMENTS):
        for line in (f"{label}: 12", f"12 {label}", f"{label.upper()} 12"):
            if co.parse_counter(line) is not None:
                assert co._may_count(line), line


def test_odd_case_folds_of_reading_cues_are_listed() -> None:
    letters = set("".join(co._READING_CUES))
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    odd = {c for p in letters for c in re.findall(re.escape(p), every, re.IGNORECASE) if c.lower() != p}
    assert odd and all(co._FOLD_ODD.fullmatch(c) for c in odd)


@pytest.mark.parametrize("source", [co._RT_LABEL, co._MINUTES])
def test_every_reading_time_word_holds_a_cue(source: str) -> None:
    inner = source[source.index("(?:") + 3: source.rindex(")")]
    alts = _alternatives(inner)
    assert len(alts) > 15
    assert [a for a in alts if not any(c in a for c in co._READING_CUES)] == []


# -- dates: the searches whose "not after a digit" lookbehind comes after the first digit
# (so that `re` scans for that digit in C) find what the plain forms find

def _plain_date_patterns() -> dict[str, re.Pattern[str]]:
    from scrapeclean.metadata.dates import _BLANK, _DAY_SUFFIX, _GLUE_OK, _MON, _YEAR4, _YEAR_NAMED

    return {
        "_DMY_NAME": re.compile(
            rf"(?<!\d)(?P<d>[0-3]?\d){_DAY_SUFFIX}\.?,?(?:{_BLANK}|[-/]){{0,3}}"
            rf"(?:de{_BLANK}{{1,3}})?{_MON}\.?,?(?:{_BLANK}|[-/]){{1,3}}"
            rf"(?:(?:de|del){_BLANK}{{1,3}})?{_YEAR_NAMED}{_GLUE_OK}"),
        "_YMD_NAME": re.compile(
            rf"(?<!\d){_YEAR4}\.?{_BLANK}{{1,3}}{_MON}\.?{_BLANK}{{1,3}}(?P<d>[0-3]?\d)\.?(?!\d)"),
        "_YMD_NUM": re.compile(
            rf"(?<![\d.]){_YEAR4}(?P<s>[-/.]|\.{_BLANK})(?P<m>[01]?\d)(?P=s)(?P<d>[0-3]?\d)(?!\d)"),
        "_DMY_NUM": re.compile(
            rf"(?<![\d.,/])(?P<a>[0-3]?\d)(?P<s>[./-]|\.{_BLANK})(?P<b>[0-3]?\d)(?P=s){_YEAR4}{_GLUE_OK}"),
        "_DMY_NUM2": re.compile(
            r"(?<![\w.,/:])(?P<a>[0-3]\d)(?P<s>[./])(?P<b>[0-3]\d)(?P=s)(?P<y>\d\d)(?![\w:/]|[.,]\d)"),
    }


DATE_EDGES = [
    "25 August 2025", "1stMarch 2025", "25thAugust 2025", "٢5 May 2025", "125 May 2025",
    "0 May 2024", "35 May 2024", "45 May 2024", "3rd May '24", "x25.08.2025", "a1.2.2025",
    "1.2.2025", "2025.08.25", ".2025-08-25", "12025-08-25", "2025-08-25", "ab25.08.25",
    ":25.08.25", "25.08.25", "/25.08.25", "2025. augusztus 25.", "19 2020 Aug 5",
    "22020 Aug 5", "2020 Aug 5", "Posted 12/03/2024 at 10:31", "25. 8. 2025", ",25/08/2025",
    "4.25.08.2025", "2025年8月25日", "Ausgabe 3/2024 vom 12.03.2024", "1925 1999-12-31",
]


def test_date_searches_find_what_their_plain_forms_find() -> None:
    from scrapeclean.metadata import dates

    lines = LINES + DATE_EDGES
    for name, plain in _plain_date_patterns().items():
        fast = getattr(dates, name)
        assert fast.groupindex == plain.groupindex
        for line in lines:
            got = [(m.span(), m.groupdict()) for m in fast.finditer(line)]
            want = [(m.span(), m.groupdict()) for m in plain.finditer(line)]
            assert got == want, (name, line)
            for pos in range(1, len(line), 5):  # _named searches on from a position
                a, b = fast.search(line, pos), plain.search(line, pos)
                assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), (name, line, pos)
        # the edges hold a match of each form (the test is not vacuous)
        assert any(plain.search(line) for line in DATE_EDGES), name


# -- token sets: the word test before the split

TOKEN_LINES = [
    "Facebook Twitter Instagram", "EN | DE | FR", "Impressum · Datenschutz", "1 2 3 … 10 Next",
    "Impressum | Facebook", "it is", "Spanish Language", "EN | IT", "1 2 3 4 5", "« 1 2 3 »",
    "Home / News / Sport", "facebook,twitter", "Share: Facebook - Twitter", "1 2 x 4",
    "Datenschutz Impressum AGB Kontakt", "Facebook Twitter Reddit Email²", "1 2 3 ... 12345",
]


def test_token_sets_read_the_same_without_the_word_test(monkeypatch) -> None:
    m = default_matcher()
    lines = [s for s in map(normalize_line, LINES + TOKEN_LINES) if s]
    fast = [m._tokenset(s) for s in lines]
    monkeypatch.setattr(m, "_may_be_tokens", lambda s: True)
    plain = [m._tokenset(s) for s in lines]
    assert fast == plain
    assert sum(h is not None for h in plain) >= 8  # not vacuous: token sets and page numbers


# -- dates: the character tests before the searches

DATE_GATE_EDGES = DATE_EDGES + [
    "Updated 14:05 GMT+3", "12.03.2024 10:31 (UTC +04:00)", "3 May 2024 10:31 UTC−5",
    "2025年8月25日 10:31", "2025년 8월 25일", "Mai 2024, 10:31 Uhr", "10h31 25/08/2025",
]


def test_date_searches_match_only_where_their_characters_are() -> None:
    from scrapeclean.metadata import dates

    lines = LINES + DATE_GATE_EDGES
    for rx, chars in ((dates._YMD_NUM, "-/."), (dates._DMY_NUM, "-/."), (dates._DMY_NUM2, "-/."),
                      (dates._CJK, "年년"), (dates._TZ_OFFSET, "-+\u2212"),
                      (dates._TIME_ANY, "0123456789"), (dates._TZ_OFFSET, "0123456789")):
        found = 0
        for line in lines:
            for m in rx.finditer(line):
                found += 1
                assert any(c in m.group() for c in chars) or (
                    chars[0] == "0" and dates._DIGIT.search(m.group())), (rx.pattern, line)
        assert found, rx.pattern  # not vacuous
