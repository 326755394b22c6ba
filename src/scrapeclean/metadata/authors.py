"""Recognise byline lines and pull the author names out of them.

``parse_byline("By Jane Doe and John Roe")`` -> ``["Jane Doe", "John Roe"]``;
``parse_byline("By the way, we moved")`` -> ``None``.

A byline is either an explicit label ("By", "Von", "Par", "Autor:", "Автор:",
"作者：" ...) followed by 1-5 token names, or (without a label) a 2-4 word
capitalised name directly followed by a date ("Chris Davies - Nov 19, 2019").
Affiliations after a comma or bar ("Associated Press", "Staff Writer") are
dropped; names keep the case they were written in.
"""

from __future__ import annotations

import re

from .dates import _DATELINE_WORDS, find_date

__all__ = ["NAME_PARTICLES", "is_byline", "is_label_line", "is_name", "name_after_date", "name_after_label",
           "parse_byline"]

MAX_LINE = 160  # bylines are short; longer lines are prose
MAX_WORDS = 8  # words after the label; more means a sentence ("By 2025 the ...")

# Labels that are followed by a name after whitespace (colon optional).
_LABEL = re.compile(
    r"^[\s\-–—•·|*>]{0,5}(?:"
    r"(?:written|posted|story|words|reporting|report|text|edited|compiled|published)\s{1,3}by"
    r"|about\s{1,3}the\s{1,3}author|by|von|par|por|di|a\s{1,3}cura\s{1,3}di"
    r"|(?:text|(?:ein\s{1,3})?beitrag|artikel|veröffentlicht|geschrieben|verfasst|gepostet)\s{1,3}von"
    r"|(?:écrit|publié|rédigé)\s{1,3}par|(?:escrito|publicado|redactado)\s{1,3}por"
    r"|(?:scritto|pubblicato)\s{1,3}da|(?:napisane|opublikowane|dodane)\s{1,3}przez"
    r"|door|av|af|skrevet\s{1,3}a[fv]|kirjoittanut|napisał|napisała|napsal|napsala"
    r"|author|authors|autor|autorin|autorka|autoren|autores|auteur|auteurs|autore|autori"
    r"|reporter|yazar|yazan|muəllif|müəllif|автор|авторы|автори|авторка|kirjoittaja|szerző"
    r"|redakcja|opracowanie"
    r")(?:\s{0,3}[:：]\s{0,3}|\s{1,3})",
    re.IGNORECASE,
)
# Labels that need a colon (or a CJK separator) because the word alone is common.
_COLON_LABEL = re.compile(
    r"^[\s\-–—•·|*>]{0,5}(?:text|texte|texto|testo|tekst|текст|"
    r"作者|文|记者|撰文|著者|筆者|글|기자)\s{0,3}[:：/｜|]\s{0,3}",
    re.IGNORECASE,
)
# The first word of every label of _LABEL and _COLON_LABEL, lower case: a line whose first
# word (after the bullets and dashes those allow) is none of them has no label, and skips
# the two regexes (most lines: prose, menus). `re` folds a few letters to one of these
# though their lower case is another ("İ"): a first word holding one skips the test.
_LABEL_FIRST = frozenset(
    """written posted story words reporting report text edited compiled published about by
    von par por di a ein beitrag artikel veröffentlicht geschrieben verfasst gepostet écrit
    publié rédigé escrito publicado redactado scritto pubblicato napisane opublikowane dodane
    door av af skrevet kirjoittanut napisał napisała napsal napsala author authors autor
    autorin autorka autoren autores auteur auteurs autore autori reporter yazar yazan muəllif
    müəllif автор авторы автори авторка kirjoittaja szerző redakcja opracowanie texte texto
    testo tekst текст 作者 文 记者 撰文 著者 筆者 글 기자""".split()
)
# a reporter's role written before the name, without a space ("记者王敬照")
_CJK_ROLE = re.compile(r"(?:特约记者|记者|通讯员|撰文)\s{0,2}")  # not 文: also a surname
_CJK_ROLE_FIRST = frozenset("特记通撰")
_FIRST_WORD = re.compile(r"[\s\-–—•·|*>]*([^\s:：/｜|]*)")
_FOLD_ODD = re.compile("[\u0130\u0131\u017f\u1c80-\u1c85]")


def _may_have_label(s: str) -> bool:
    word = _FIRST_WORD.match(s).group(1)  # type: ignore[union-attr]
    return word.lower() in _LABEL_FIRST or (not word.isascii() and _FOLD_ODD.search(word) is not None)


# Only the by-type labels of _LABEL may follow a date ("Posted on <date> by X").
_TAIL_BY = re.compile(r"[\s,|·•\-–—]{0,5}(?:by|von|par|por|di|door|av|af)\s{1,3}", re.IGNORECASE)
# Segments: "Name, Affiliation", "Name | Outlet", "Name - Role", "Text von X   Illustration von Y".
_SEGMENT_SPLIT = re.compile(r"\s{0,3}[,;|•·/]\s{0,3}|\s{1,3}[-–—]\s{1,3}|\s{2,4}")
_CONJ_SPLIT = re.compile(
    r"\s{1,3}(?:and|und|et|y|e|i|и|і|та|ve|və|en|och|og|ja|és|și|a|&)\s{1,3}|\s{0,3}[&、，]\s{0,3}",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
# where a byline's names end: a number ("Amy Motroni 5 Comments", "Kay 24 Kommentare") or the
# label of the next field ("Katharina Schmidt Kategorien: Mode")
_NAMES_END = re.compile(r"\s\d{1,6}\s{1,3}[^\W\d_]|\s[^\W\d_]{2,30}[:：](?:\s|$)")
# a parenthetical after a name: "Samuel Diekmann (Sponsored Post)"
_PARENTHETICAL = re.compile(r"\s{0,3}\([^()]{0,40}\)")
_WORDS = re.compile(r"[^\W\d_]{1,30}")
_TRIM = " \t\u00a0.,:;|-–—·•*()[]\"'«»“”"

# Lowercase name particles ("Vincent van Gogh", "Ana de la Cruz", "al-Hassan").
_PARTICLES = frozenset(
    "van von der den de da das do dos du del della dei di la le ter ten bin binti ibn "
    "al el y zu vom op".split()
)
# Capitalised words that start sentences or headings, never names.
_NOT_NAMES = frozenset(
    """
    the this that these those a an our your my his her its their we you i it he she they
    way clicking using continuing signing subscribing submitting registering default
    far now then all far means doing day night car train plane bus design order nature
    contrast comparison continuing accident chance law hand heart mail email phone
    der die das dem den des ein eine einem einer uns ihnen mir dir sich heute morgen
    le la les un une nous vous ce cette el los las una unos este esta lo il gli
    sign share follow subscribe login log read more comments comment click
    occasion course meal category categories type topic date author price brand name
    popularity relevance size color colour season cuisine ingredient diet region country
    year month tag tags subject section rating newest oldest
    """.split()
)
# Words of shop/recipe filters and profile widgets: never part of a name.
_NEVER_IN_NAME = frozenset(
    """
    ingredient ingredients category categories occasion course meal popularity relevance
    price brand cuisine diet season type topic topics tags archive archives website twitter
    facebook instagram youtube github linkedin newsletter email profile comments comment
    posts articles referees
    """.split()
)
# A segment that contains one of these words is an affiliation or a role.
_ORG_WORDS = frozenset(
    """
    press associated reuters ap afp dpa epa tass ria novosti interfax xinhua efe ansa apa
    bloomberg cnn bbc upi kyodo yonhap anadolu azertac trend ukrinform unian itar
    staff writer writers reporter reporters correspondent correspondents editor editors
    contributor contributors columnist photographer photographers team desk bureau service
    agency agencies news media times post journal magazine daily weekly online editorial
    redaktion redakteur redakteurin korrespondent korrespondentin autor autorin
    rédaction rédacteur rédactrice redacción redazione redação redactie redakcja
    редакция корреспондент редакція кореспондент muhabir müxbir muxbir
    special senior chief managing political economics economic foreign health science
    tech technology sports business opinion guest analyst analysis independent gazette
    herald tribune telegraph group inc ltd llc gmbh ag corp company network channel tv
    radio newsroom wire wires contributing freelance freelancer intern
    illustration illustrations illustrationen foto fotos photo photos grafik grafiken
    video bild bilder kamera camera images getty
    new
    """.split()
)


def _uncased_word(token: str) -> bool:
    """True for words in scripts without letter case (CJK, Arabic, Hebrew, ...)."""
    return all(not c.isalpha() or c.upper() == c.lower() for c in token) and any(
        c.isalpha() for c in token
    )


def _glued(tok: str) -> bool:
    """True for camel-case runs of glued menu items ("ArchivesWebsiteTwitter")."""
    if tok.isupper():
        return False
    return any(sum(1 for c in part if c.isupper()) >= 3 for part in re.split(r"[.\-'’]", tok))


def _name_token_ok(tok: str) -> bool:
    if tok.lower() in _PARTICLES:
        return True
    core = tok
    low = tok.lower()
    if low.startswith(("al-", "el-", "d'", "d’", "o'", "o’")) and len(tok) > 3:
        core = tok[3:] if tok[2] == "-" else tok[2:]
    if not core or not core[0].isalpha():
        return False
    if not all(c.isalpha() or c in ".-'’" for c in core):
        return False
    return core[0].isupper()


def _is_name(segment: str, *, allow_uncased: bool, min_tokens: int = 1, max_tokens: int = 5) -> bool:
    tokens = segment.split()
    if not min_tokens <= len(tokens) <= max_tokens:
        return False
    if _DIGIT.search(segment) is not None or "@" in segment:
        return False
    if allow_uncased and all(_uncased_word(t) for t in tokens):
        # CJK names are 2-4 characters; allow a little slack, never a sentence.
        return len(segment.replace(" ", "")) <= 12
    first = tokens[0]
    # Particles count only in lower case: "Van Morrison" and "Minh Do" are names.
    if first in _PARTICLES or first.lower().strip(".") in _NOT_NAMES:
        return False
    if not all(_name_token_ok(t) for t in tokens):
        return False
    if any(t.lower() in _NEVER_IN_NAME for t in tokens):
        return False
    # "ArchivesWebsiteTwitter": innerText glued menu items; "McDonald", "DiBiase" pass.
    if any(_glued(t) for t in tokens):
        return False
    if len(tokens) > 1 and tokens[-1] in _PARTICLES:
        return False  # "Peter Müller zu", "Rezept vom": a name never ends in a particle
    return any(t not in _PARTICLES for t in tokens)


NAME_PARTICLES = _PARTICLES


def is_name(text: str, *, min_tokens: int = 2, max_tokens: int = 4) -> bool:
    """True when ``text`` is only a person's name ("Leah C. Stokes", "Christoph von Ritter"):
    capitalised name tokens, no digits, no organisation or role words."""
    return _is_name(text, allow_uncased=False, min_tokens=min_tokens, max_tokens=max_tokens) and \
        not any(t.lower().strip(".()") in _ORG_WORDS for t in text.split())


def _is_affiliation(segment: str) -> bool:
    tokens = segment.split()
    if not tokens:
        return True
    if len(tokens) == 1:
        # After the first name, a lone word is an outlet or a city ("Reuters", "Kyiv").
        return True
    if "." in tokens[-1] and len(tokens[-1]) > 4:  # "Caliber.az", "example.com"
        return True
    return any(t.lower().strip(".()") in _ORG_WORDS for t in tokens)


def _strip_label_words(text: str) -> str:
    """Drop trailing date labels left before a cut date ("Jane Doe Published")."""
    tokens = text.split()
    while tokens and tokens[-1].lower().strip(_TRIM) in _DATELINE_WORDS:
        if tokens[-1].lower() in _PARTICLES and len(tokens) > 1:
            break
        if len(tokens[-1]) == 2 and tokens[-1][0].isupper() and tokens[-1][1] == ".":
            break  # an initial ("Von R. R. am 07.08.2013"), not the Polish "r." (rok)
        tokens.pop()
    return " ".join(tokens)


def _before_date(rest: str) -> str:
    """A byline's text up to its date, counter or next field, without trailing date labels
    and parentheticals ("" when it starts with a date)."""
    rest = rest.strip(_TRIM)
    if not rest:
        return ""
    date = find_date(rest)
    if date is not None:
        if date.start == 0:
            return ""
        rest = _strip_label_words(rest[: date.start].strip(_TRIM)).strip(_TRIM)
    if "(" in rest:
        rest = _PARENTHETICAL.sub("", rest)
    return _NAMES_END.split(rest, 1)[0].strip(_TRIM)


def _names(rest: str, *, allow_uncased: bool, cut_lowercase: bool = False) -> list[str] | None:
    rest = _before_date(rest)
    if not rest or len(rest.split()) > MAX_WORDS or not rest[0].isalpha():
        return None
    segments = _SEGMENT_SPLIT.split(rest)
    if len(segments) >= 3 and len(segments[0].split()) == 1 and len(segments[1].split()) == 1:
        return None  # "von Künstlern, Bands, DJs": a list of things, not a byline
    names: list[str] = []
    for i, segment in enumerate(segments):
        segment = segment.strip(_TRIM)
        if not segment:
            continue
        cut = _cut_at_lowercase(segment) if cut_lowercase else segment
        if cut != segment:  # "<date> von Fatima in Gefühle": the name ends at "in"
            # only the first segment: after a name, "— Hinterlasse eine Antwort" is a link's text
            if i == 0 and cut and all(_is_name(p, allow_uncased=allow_uncased) for p in _split_conj(cut)):
                names.extend(p for p in _split_conj(cut) if p not in names)
            break
        if i > 0 and _is_affiliation(segment):
            break
        parts = [p.strip(_TRIM) for p in _CONJ_SPLIT.split(segment)]
        parts = [p for p in parts if p]
        if len(parts) > 1 and any(len(p.split()) < 2 and not _uncased_word(p) for p in parts):
            # "Von Menschen und Mäusen": co-authors are written with full names.
            return None if i == 0 else names or None
        if parts and all(_is_name(p, allow_uncased=allow_uncased) for p in parts):
            names.extend(p for p in parts if p not in names)
        elif i == 0:
            return None
        else:
            break  # a location or a role we do not know ("in Kyiv")
    return names or None


# generic accounts: "by admin" names nobody
_ACCOUNTS = frozenset("admin administrator webmaster editor user guest root staff team moderator".split())
_AFTER_NAME = re.compile(r"\s{0,3}(?:$|[|·•–—/,(]|\d)")
_HANDLE = re.compile(r"([^\W\d_][\w.\-]{2,29})\s{0,3}(?:$|[|·•–—,(]|in\s)")


def name_after_date(line: str) -> str | None:
    """"September 17, 2019 Helmut Rubik 0", "28. Jan. 2022 Paula Balov": a two-word name right
    after a leading date, then the end, a separator or a counter. A third capitalised word makes
    it ambiguous ("30. Oktober 2023 Carola Pönisch Kultur": the category follows), so no. Only
    trusted under a headline: in a teaser list "2. Juni 2019 Berlin Marathon" is no byline."""
    if len(line) > MAX_LINE:
        return None
    date = find_date(line)
    if date is None or not all(w.lower() in _DATELINE_WORDS for w in _WORDS.findall(line, 0, date.start)):
        return None
    rest = line[date.end:].lstrip(" \t|·•–—-,")
    tokens = rest.split()
    n = 0
    while n < len(tokens) and n < 4 and _name_token_ok(tokens[n]):
        n += 1
    core = [t for t in tokens[:n] if t not in _PARTICLES and not (len(t) == 2 and t.endswith("."))]
    if len(core) != 2 or not _is_name(" ".join(tokens[:n]), allow_uncased=False, min_tokens=2, max_tokens=4):
        return None
    name = " ".join(tokens[:n])
    if _AFTER_NAME.match(rest, len(name)) is None or any(t.lower() in _ORG_WORDS for t in tokens[:n]):
        return None
    return name


def _handle(rest: str) -> list[str] | None:
    """"Veröffentlicht am 12. Juni 2017 von gizzmo": after a dated "by", a blog handle."""
    m = _HANDLE.match(rest.strip())
    if m is None or m.group(1).lower() in _NOT_NAMES | _NEVER_IN_NAME | _ACCOUNTS:
        return None
    return [m.group(1)]


def name_after_label(label: str, line: str) -> list[str] | None:
    """The names on ``line`` when the line before it was only a label ("By" / "Jane Doe",
    "von" / "gizzmo"): gettext breaks a byline at its link."""
    if len(line) > MAX_LINE or "\n" in line:
        return None
    return parse_byline(f"{label} {line}") or _handle(line)


def _split_conj(segment: str) -> list[str]:
    return [p for p in (p.strip(_TRIM) for p in _CONJ_SPLIT.split(segment)) if p]


def _cut_at_lowercase(segment: str) -> str:
    """The segment up to its first lower-case word that is neither a name particle nor a
    conjunction ("Fatima in Gefühle" -> "Fatima"); the segment itself when there is none."""
    tokens = segment.split()
    for i, tok in enumerate(tokens):
        if i and tok[:1].islower() and not _name_token_ok(tok) and _CONJ_SPLIT.fullmatch(f" {tok} ") is None:
            return " ".join(tokens[:i])
    return segment


# innerText glues a label to the name when they were separate elements: "ByAlex Bozarjian"
_GLUED_LABEL = re.compile(r"^(By|Von|Par|Por|Door)(?=[^\W\d_](?:[^\W\d_]|\.))")
_GLUED_STARTS = ("By", "Von", "Par", "Por", "Door")  # a C-level test before the regex


def parse_byline(line: str) -> list[str] | None:
    """Return the author names if ``line`` is a byline, else None."""
    s = line.strip()
    if not s or len(s) > MAX_LINE:
        return None
    if "\xad" in s or "\u200b" in s:
        s = s.replace("\xad", "").replace("\u200b", "")  # soft hyphens split names
    glued = _GLUED_LABEL.match(s) if s.startswith(_GLUED_STARTS) else None
    if glued is not None and s[glued.end()].isupper() and " " in s[glued.end():] and \
            (s[glued.end() + 1].islower() or s[glued.end() + 1] == "."):
        s = f"{glued.group(1)} {s[glued.end():]}"
    m = (_LABEL.match(s) or _COLON_LABEL.match(s)) if _may_have_label(s) else None
    if m is not None:
        # Non-Latin names (CJK, Arabic) are only trusted after an explicit label.
        rest = s[m.end():]
        if rest[:1] in _CJK_ROLE_FIRST:
            rest = _CJK_ROLE.sub("", rest, count=1)  # "作者： 记者王敬照": the role glued to the name
        names = _names(rest, allow_uncased=True)
        label = m.group()
        if names is None and label[-1].isspace() and (":" in label or "：" in label or (
                _DIGIT.search(rest) is not None and find_date(rest) is not None)):
            # after a "Label:" or in a dated byline, a blog handle ("Verfasst von:
            # mitundvoneinander | 31. Dezember 2008", "von eseppelt · 31. Oktober 2023")
            names = _handle(_before_date(rest))
        return names
    # Without a label, a byline is "Name <date>": it starts with a capital (or is
    # "Posted on <date> by Name") and has digits. Both checks are cheap.
    if not (s[0].isupper() or s[0].isdigit()) or _DIGIT.search(s) is None:
        return None
    date = find_date(s)
    if date is None:
        return None
    head_words = _WORDS.findall(s, 0, date.start)
    if all(w.lower() in _DATELINE_WORDS for w in head_words):
        # "Posted on March 3, 2021 by Jane Doe": labels, date, then "by" + name; innerText
        # glues an updated date to the published one ("22. Mai 201922. Mai 2019 von X")
        end = date.end
        again = find_date(s[end:])
        if again is not None and again.start <= 3:
            end += again.end
        by = _TAIL_BY.match(s, end)
        if by is None:
            return None
        rest = s[by.end():]
        return _names(rest, allow_uncased=False, cut_lowercase=True) or _handle(_before_date(rest))
    # "Chris Davies - Nov 19, 2019, 10:31 pm CST": a bare name, then a date.
    head = _strip_label_words(s[: date.start].strip(_TRIM)).strip(_TRIM)
    tail = find_date(s[date.start:])
    if tail is None or not tail.is_dateline:
        return None  # "Jane Doe, 25.08.2025, in a sentence": not a byline line
    if _is_name(head, allow_uncased=False, min_tokens=2, max_tokens=4) and not any(
        (t.lower() in _DATELINE_WORDS and t.lower() not in _PARTICLES) or t.lower() in _ORG_WORDS
        for t in head.split()
    ):
        return [head]
    return None


def is_label_line(line: str) -> bool:
    """True when ``line`` is only a byline label ("By", "Written by", "von", "Autor:"): gettext
    puts the name, a link, on the next line."""
    s = line.strip()
    if not s or len(s) > 30 or not _may_have_label(s):
        return False
    m = _LABEL.match(s + " ") or _COLON_LABEL.match(s + " ")
    return m is not None and m.end() >= len(s)


def is_byline(line: str) -> bool:
    """True when ``line`` is a byline (see :func:`parse_byline`)."""
    return parse_byline(line) is not None
