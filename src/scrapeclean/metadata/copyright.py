"""Recognise copyright lines, "all rights reserved" lines and reuse notices.

``parse_copyright("© 2025 Example Media GmbH. All rights reserved.")`` ->
``CopyrightFound(kind="copyright", holder="Example Media GmbH", year=2025, ...)``.

``kind`` is "copyright" when a copyright mark is present (©, (c), "Copyright"),
else "reuse_notice" for conditions on reusing material ("Any use of materials is
allowed only with a hyperlink to Caliber.az"), else "rights_reserved".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CopyrightFound", "names_photo", "parse_copyright", "reads_as_credit", "site_from_copyright"]

MAX_LINE = 400  # reuse notices can be a long sentence; whole paragraphs are not


@dataclass(frozen=True, slots=True)
class CopyrightFound:
    """A copyright-type line; ``holder`` and ``year`` when they can be read."""

    text: str
    holder: str | None
    year: int | None
    kind: str


_MARK = re.compile(r"[©ⓒ]|\([cC]\)|(?<![^\W\d_])(?:copyright|copr\.|copyleft)(?![^\W\d_])", re.IGNORECASE)
_RIGHTS = re.compile(
    r"(?i)all\s{1,3}rights\s{1,3}reserved|alle\s{1,3}rechte\s{1,3}vorbehalten"
    r"|tous\s{1,3}droits\s{1,3}réservés|todos\s{1,3}los\s{1,3}derechos\s{1,3}reservados"
    r"|tutti\s{1,3}i\s{1,3}diritti\s{1,3}riservati|todos\s{1,3}os\s{1,3}direitos\s{1,3}reservados"
    r"|alle\s{1,3}rechten\s{1,3}voorbehouden|wszelkie\s{1,3}prawa\s{1,3}zastrzeżone"
    r"|все\s{1,3}права\s{1,3}защищены|все\s{1,3}права\s{1,3}защищены|усі\s{1,3}права\s{1,3}захищені"
    r"|всі\s{1,3}права\s{1,3}захищені|tüm\s{1,3}hakları\s{1,3}saklıdır|bütün\s{1,3}hüquqlar\s{1,3}qorunur"
    r"|všechna\s{1,3}práva\s{1,3}vyhrazena|alla\s{1,3}rättigheter\s{1,3}förbehållna"
    r"|alle\s{1,3}rettigheder\s{1,3}forbeholdes|alle\s{1,3}rettigheter\s{1,3}reservert"
    r"|kaikki\s{1,3}oikeudet\s{1,3}pidätetään|minden\s{1,3}jog\s{1,3}fenntartva"
    r"|toate\s{1,3}drepturile\s{1,3}rezervate|hak\s{1,3}cipta\s{1,3}dilindungi"
    r"|版权所有|版權所有|著作権|저작권"
)
# Reuse notices: a trigger about using/reproducing material, plus a condition.
_REUSE = re.compile(
    r"(?i)(?:any\s{1,3}use|use\s{1,3}of|using|reproduction|republication|reprinting|reprint|copying|redistribution)"
    r".{0,120}?(?:materials?|content|articles?|texts?|photos?|without)"
    r".{0,160}?(?:hyperlink|link|permission|prohibited|forbidden|not\s{1,3}allowed|allowed\s{1,3}only|only\s{1,3}with|consent|authori[sz]ation)"
    r"|(?:при\s{1,3}(?:использовании|цитировании|перепечатке)|использование\s{1,3}материалов|перепечатка|копирование)"
    r".{0,160}?(?:ссылк|разрешени|запрещ|допускается|обязательн)"
    r"|(?:при\s{1,3}використанні|використання\s{1,3}матеріалів|передрук|копіювання).{0,160}?(?:посилання|дозв|заборон|обов)"
    r"|nachdruck|vervielfältigung|weiterverwendung|wiedergabe\s{1,3}nur"
    r"|(?:toute\s{1,3})?reproduction\s{1,3}(?:interdite|totale|partielle|sans)"
    r"|prohibida\s{1,3}(?:la\s{1,3})?reproducci[oó]n|queda\s{1,3}prohibida"
    r"|riproduzione\s{1,3}riservata|vietata\s{1,3}la\s{1,3}riproduzione"
    r"|proibida\s{1,3}a\s{1,3}reprodução|reprodução\s{1,3}proibida"
    r"|(?:kopiowanie|wykorzystanie\s{1,3}materiałów|przedruk).{0,160}?(?:zabronione|zgod|link|źródł)"
    r"|izinsiz\s{1,3}(?:kullanılamaz|yayınlanamaz)|kaynak\s{1,3}gösterilmeden"
    r"|(?:materiallardan|materialların).{0,120}?(?:istifadə|istinad)"
    r"|無断転載|無断複製|禁止转载|未经授权|未經授權|转载请注明|무단\s?전재|재배포\s?금지"
)
# Substrings one of which every line we accept contains (lowercased). Checked
# with one regex first, because most lines are prose and must cost little;
# "use" is left out on purpose: it is in too many sentences, and every reuse
# notice also says "material", "permission", "hyperlink", "prohibited" or the like.


def _prefix_tree(words: tuple[str, ...]) -> str:
    """An alternation of `words` factored by common prefixes ("co(?:n(?:sent|tent)|...)").

    Finds the same lines as "|".join(words) (any word present) in ~2/3 of the time: re
    tries the branches one by one at each position, and a tree fails after one character.
    """
    tree: dict[str, dict] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here: what follows is optional

    def alternation(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + alternation(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        group = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{group})?" if "" in node else group

    return alternation(tree)


_CHEAP_WORDS = (
    "©", "(c)", "copyr", "copr.", "rights", "recht", "droit", "derecho", "diritt",
    "direit", "prawa", "права", "hak", "hüquq", "práva", "rätt", "rettig", "oikeu",
    "jog", "drept", "版", "転載", "저작권", "material", "content", "permission",
    "hyperlink", "prohibit", "forbidden", "consent", "authoris", "authoriz", "reprodu",
    "reprint", "republi", "redistrib", "copying", "nachdruck", "vervielf",
    "weiterverw", "wiedergabe", "riprodu", "использ", "перепеч", "копиров",
    "використ", "передрук", "копіюв", "kopiow", "wykorzyst", "przedruk", "izinsiz",
    "kaynak", "prohibida", "proibida", "ⓒ", "转载", "授权", "授權", "무단", "재배포",
)
_CHEAP = re.compile(_prefix_tree(_CHEAP_WORDS))
# an ASCII line can only hold the ASCII ones: fewer branches to try at each character
_CHEAP_ASCII = re.compile(_prefix_tree(tuple(w for w in _CHEAP_WORDS if w.isascii())))
# Lowercase strings one of which every match of _RIGHTS / _REUSE holds (the part of each
# alternative that is always there). Most lines that pass _CHEAP ("content", "Recht",
# "©") hold none, and skip those two searches, the costly part of a line that passes.
_RIGHTS_WORDS = (
    "rights", "rechte", "droits", "derechos", "diritti", "direitos", "prawa", "права",
    "hakl", "hüquq", "práva", "rättigheter", "rettighe", "oikeudet", "fenntartva",
    "drepturile", "cipta", "版权所有", "版權所有", "著作権", "저작권",
)
_REUSE_WORDS = (
    "link", "permission", "prohibited", "forbidden", "allowed", "only", "consent", "authori",
    "ссылк", "разрешени", "запрещ", "допускается", "обязательн", "посилання", "дозв",
    "заборон", "обов", "nachdruck", "vervielfältigung", "weiterverwendung", "wiedergabe",
    "reproduction", "prohibida", "riproduzione", "proibida", "zabronione", "zgod", "źródł",
    "izinsiz", "kaynak", "istifad", "istinad", "無断転載", "無断複製", "禁止转载", "未经授权",
    "未經授權", "转载请注明", "무단", "재배포",
)
# Letters `re` matches case-insensitively to a letter of those words though their lower
# case is another ("RİGHTS".lower() holds no "rights"): a line with one skips the tests.
_FOLD_ODD = re.compile("[\u0130\u0131\u017f\u1c80-\u1c85]")


def _holds(low: str, words: tuple[str, ...]) -> bool:
    for w in words:
        if w in low:
            return True
    return False


_YEAR = re.compile(r"(?<!\d)(?:19[7-9]\d|20[0-4]\d)(?!\d)")
# A site name: "Caliber.az", "www.example.co.uk".
_DOMAIN = re.compile(r"(?<![\w.@-])(?:www\.)?[^\W_][\w-]{0,62}(?:\.[\w-]{1,63}){0,3}\.[^\W\d_]{2,12}(?![\w-])")
_HOLDER_TRIM = " \t\u00a0.,:;|-–—·•*()[]\"'«»“”®™"
# Web-agency credits that follow the holder: "Acme – Designed by X", "Powered by Y".
_CREDIT = re.compile(
    r"(?i)(?:^|\s)(?:designed|powered|created|built|developed|made|hosted|realised|realized|"
    r"theme|site|website|webdesign|design|umsetzung|realisierung|gestaltung|erstellt)\s{1,3}(?:by|von|with|mit)\b"
)
_CONNECTORS = frozenset("by of and the for & und de du des la le el y e et van von der di da".split())
_BY = re.compile(r"(?i)^(?:by|von|par|por|di|de)\s{1,3}")


def _strip_phrases(text: str) -> str:
    text = _RIGHTS.sub(" ", text)
    text = _MARK.sub(" ", text)
    text = _YEAR.sub(" ", text)
    return text


def _clean_holder(raw: str) -> str | None:
    raw = re.sub(r"\s{2,}", " ", raw).strip(_HOLDER_TRIM)
    raw = _BY.sub("", raw).strip(_HOLDER_TRIM)
    credit = _CREDIT.search(raw)
    if credit is not None:
        raw = raw[: credit.start()].strip(_HOLDER_TRIM)
    # Keep the first sentence-ish chunk: "Example GmbH | Imprint | Privacy".
    raw = re.split(r"\s[|·•]\s|[.,]\s|\s[-–—]\s", raw, maxsplit=1)[0].strip(_HOLDER_TRIM)
    if not raw or len(raw) > 80 or not any(c.isalpha() for c in raw):
        return None
    words = raw.split()
    if len(words) > 8:
        return None
    # "Alle Inhalte sind urheberrechtlich geschützt" is a sentence, not a name.
    if sum(1 for w in words if w[0].islower() and w.lower() not in _CONNECTORS) >= 2:
        return None
    return raw


def _holder_for_mark(line: str, mark: re.Match[str]) -> str | None:
    after = _strip_phrases(line[mark.end():])
    holder = _clean_holder(after)
    if holder is None:
        # "Caliber.az © 2025": the holder is written before the mark.
        holder = _clean_holder(_strip_phrases(line[: mark.start()]))
    return holder


# a determiner before the word "copyright" makes it a noun in a sentence, not a notice
_DETERMINERS = frozenset("the a an this that his her their its our your der die das den dem "
                         "le la les el los las il lo".split())


def _is_notice(s: str, mark: re.Match[str], rights: bool = True) -> bool:
    """Tell a copyright notice from prose that mentions copyright or lists "(c)".

    ``rights``: whether the line may hold a "rights reserved" phrase (False: it cannot)."""
    if len(s) > 200:
        return False
    before = s[:mark.start()].split()
    if mark.group(0)[:1].isalpha() and before and before[-1].lower() in _DETERMINERS:
        return False  # "The copyright dispute went to court in 2025."
    near = s[max(0, mark.start() - 12): mark.end() + 12]
    if _YEAR.search(near) is not None or (rights and _RIGHTS.search(s) is not None):
        return True
    # "© Example Media" with no year: only short lines, and never an "(c)" list item.
    return mark.group(0)[0] != "(" and len(s.split()) <= 8


def parse_copyright(line: str) -> CopyrightFound | None:
    """Return what the copyright/rights/reuse line says, else None."""
    s = line.strip()
    if not s or len(s) > MAX_LINE:
        return None
    low = s.lower()
    if (_CHEAP_ASCII if low.isascii() else _CHEAP).search(low) is None:
        return None
    odd = not s.isascii() and _FOLD_ODD.search(s) is not None
    rights_may = odd or _holds(low, _RIGHTS_WORDS)
    years = [int(y) for y in _YEAR.findall(s)]
    year = max(years) if years else None
    mark = _MARK.search(s)
    if mark is not None and _is_notice(s, mark, rights_may):
        return CopyrightFound(s, _holder_for_mark(s, mark), year, "copyright")
    if (odd or _holds(low, _REUSE_WORDS)) and _REUSE.search(s) is not None:
        dom = _DOMAIN.search(s)
        return CopyrightFound(s, dom.group(0) if dom else None, year, "reuse_notice")
    rights = _RIGHTS.search(s) if rights_may and len(s) <= 160 else None
    if rights is not None:
        holder = _clean_holder(_YEAR.sub(" ", s[: rights.start()]))
        return CopyrightFound(s, holder, year, "rights_reserved")
    return None


def reads_as_credit(found: CopyrightFound) -> bool:
    """A bare mark and a name: "© Wiebke Jann", "Bild: © emmi/AdobeStock", "(Image: © NASA)".

    As a line of its own that is how a photo is credited; a site's notice most often gives its
    year, the word "Copyright" or a rights phrase. Where the line sits, or a photo word in it,
    tells the two apart (see filters.metalines.CopyrightFilter)."""
    return (found.kind == "copyright" and found.year is None and _RIGHTS.search(found.text) is None
            and not any(m.group(0)[0].isalpha() for m in _MARK.finditer(found.text)))


# a photo's label or a picture agency: "Bild: © fotomek/AdobeStock", "© Matthias Hangst/Getty Images"
_PHOTO = re.compile(
    r"(?i)(?<![^\W\d_])(?:photos?|fotos?|bild|bilder|image|imagen|immagine|imagem|zdjęcie|фото"
    r"|getty ?images|istock(?:photo)?|shutterstock|adobe ?stock|stock\.adobe\.com|fotolia|unsplash"
    r"|pixabay|pexels|imago|picture[ -]alliance)(?![^\W\d_])")


def names_photo(text: str) -> bool:
    """True when a line names a photo or a picture agency."""
    return _PHOTO.search(text) is not None


def site_from_copyright(found: CopyrightFound) -> str | None:
    """Return a domain-like site name from a parsed line, if it names one."""
    if found.holder:
        dom = _DOMAIN.search(found.holder)
        if dom is not None:
            return dom.group(0)
    dom = _DOMAIN.search(found.text)
    return dom.group(0) if dom else None
