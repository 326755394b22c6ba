"""Recognise lines that are nothing but a counter: views, comments, likes,
shares or reading time.

``parse_counter("Views: 343")`` -> ``CounterFound("views", 343)``;
``parse_counter("343 people were evacuated")`` -> ``None``.

Several counters on one line ("343 views · 12 comments") count as a counter
line; the first one is returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["COUNTER_KINDS", "CounterFound", "parse_counter"]

COUNTER_KINDS = ("views", "comments", "likes", "shares", "reading_time")
MAX_LINE = 80  # a counter line is a widget label; long lines are prose


@dataclass(frozen=True, slots=True)
class CounterFound:
    """A counter; ``value`` is None when the line names no number."""

    kind: str
    value: int | None


# Label words per kind, lowercase. Matched as whole labels (after lowercasing),
# so ambiguous single words ("like", "share") only count next to a number.
_LABELS: dict[str, tuple[str, ...]] = {
    "views": (
        "views", "view", "reads", "read", "hits", "visits", "page views", "pageviews",
        "просмотров", "просмотры", "просмотра", "просмотр", "прочтений", "прочитали",
        "переглядів", "перегляди", "перегляду", "перегляд", "переглядів всього",
        "aufrufe", "ansichten", "zugriffe", "gelesen", "mal gelesen",
        "vues", "vue", "lectures", "visitas", "visualizaciones", "vistas", "lecturas",
        "visualizzazioni", "visite", "letture", "visualizações", "leituras",
        "weergaven", "keer bekeken", "bekeken", "wyświetlenia", "wyświetleń", "odsłony",
        "odsłon", "görüntülenme", "okunma", "kez okundu", "baxış", "baxışların sayı",
        "zobrazení", "přečteno", "visningar", "visninger", "lukukerrat", "katselukerrat",
        "megtekintés", "vizualizări", "afișări", "dilihat",
        "阅读", "浏览", "阅读量", "浏览量", "次阅读", "次浏览", "阅读数", "閱讀", "瀏覽", "閲覧", "조회", "조회수",
    ),
    "comments": (
        "comments", "comment", "responses", "replies", "kommentare", "kommentar",
        "commentaires", "commentaire", "comentarios", "comentario", "commenti",
        "commento", "comentários", "comentário", "reacties", "reactie", "komentarze",
        "komentarzy", "komentarz", "комментарии", "комментариев", "комментария",
        "комментарий", "коментарі", "коментарів", "коментаря", "коментар", "yorum",
        "yorumlar", "şərh", "şərhlər", "komentáře", "komentářů", "komentář",
        "kommentarer", "kommentit", "kommenttia", "hozzászólás", "komment",
        "comentarii", "komentar", "评论", "評論", "コメント", "댓글",
    ),
    "likes": (
        "likes", "like", "gefällt mir", "j'aime", "j’aime", "me gusta", "mi piace",
        "curtidas", "polubienia", "polubień", "лайков", "лайки", "лайка", "лайк",
        "нравится", "вподобання", "beğeni", "bəyənmə", "bəyənmələr", "vind ik leuk",
        "赞", "点赞", "いいね",
    ),
    "shares": (
        "shares", "share", "geteilt", "partages", "compartidos", "compartir",
        "condivisioni", "compartilhamentos", "udostępnienia", "udostępnień",
        "поделились", "репостов", "репосты", "репост", "поширень", "paylaşım",
        "paylaşım sayı", "delingen", "分享", "转发",
    ),
}
_NO_COMMENTS = frozenset(
    """no comments|no comments yet|keine kommentare|pas de commentaire|aucun commentaire
    |sin comentarios|nessun commento|sem comentários|geen reacties|brak komentarzy
    |нет комментариев|комментариев нет|немає коментарів|yorum yok|şərh yoxdur
    |žádné komentáře|inga kommentarer|ingen kommentarer|ei kommentteja
    |nincs hozzászólás|niciun comentariu""".replace("\n", "").split("|")
)
_NO_COMMENTS = frozenset(s.strip() for s in _NO_COMMENTS)

_LABEL_KIND: dict[str, str] = {w: k for k, ws in _LABELS.items() for w in ws}
# Labels that are English verbs too: only trusted after a number ("12 likes"),
# never before one ("Like 12" is a button with its count, but so is "Read 5").
_NUMBER_FIRST_ONLY = frozenset({"read", "like", "share", "compartir"})

_NUM = r"(?P<num>\d{1,12}(?:[.,\u00a0\u202f ]\d{1,3}){0,4})(?:\s?(?P<suf>[kKmMкКмМ]|тыс\.?|млн\.?|mln|mio\.?|tys\.?|tsd\.?|bin|b)(?![^\W\d_]))?"
# Icons or bullets that decorate counters ("👁 343", "💬 12", "• 3 comments").
_DECOR = r"[\s\u2022\u00b7|*\-–—:()\[\]]{0,4}(?:[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]{1,3}\s{0,2})?"
_LABEL_RX = r"(?P<label>[^\W\d_][^\d:：()\[\]|•·]{0,28}?)"

_TAIL = r"[\s)\]|•·*]{0,4}"
_LABEL_FIRST = re.compile(rf"{_DECOR}{_LABEL_RX}\s{{0,3}}[:：]?\s{{0,3}}[(\[]?\s{{0,2}}{_NUM}\s{{0,2}}[)\]]?{_TAIL}")
# Widget phrasing before the number: "View all 32 comments", "This post has 80 comments".
_LEAD = (
    r"(?:(?:view|show|see|read|load)\s{1,3}(?:all|entire\s{1,3}discussion)\s{0,3}"
    r"|this\s{1,3}(?:post|article|entry|story)\s{1,3}has\s{1,3}|alle\s{1,3})?"
)
_NUMBER_FIRST = re.compile(rf"{_DECOR}{_LEAD}[(\[]?\s{{0,2}}{_NUM}[)\]]?\s{{0,3}}{_LABEL_RX}\.?{_TAIL}")
# "Viewed 38k times", "12.345 mal gelesen" handled by labels; this is the English form.
_TIMES = re.compile(rf"{_DECOR}(?:viewed|read|seen)\s{{1,3}}{_NUM}\s{{1,3}}times\.?{_TAIL}")
_ICON_ONLY = re.compile(rf"\s{{0,3}}(?P<icon>[\U0001F300-\U0001FAFF\u2600-\u27BF])\uFE0F?\s{{0,2}}{_NUM}\s{{0,2}}")
_ICON_KIND = {"👁": "views", "👀": "views", "💬": "comments", "🗨": "comments",
              "❤": "likes", "♥": "likes", "👍": "likes", "🔁": "shares", "↗": "shares"}

# Reading time: "5 min read", "Lesezeit: 4 Minuten", "Reading time: 3 min".
_MINUTES = (
    r"(?:minutes?|mins?|minuten|minute|minuti|minutos|minut|minuty|minuter|minutter|"
    r"minuuttia|perc|dakika|dk|dəqiqə|dəq|минут[аы]?|мин|хвилин[аи]?|хв|分钟|分)\.?"
)
_RT_LABEL = (
    r"(?:reading\s{1,2}time|read\s{1,2}time|time\s{1,2}to\s{1,2}read|estimated\s{1,2}reading\s{1,2}time|"
    r"lesezeit|lesedauer|temps\s{1,2}de\s{1,2}lecture|tiempo\s{1,2}de\s{1,2}lectura|"
    r"tempo\s{1,2}di\s{1,2}lettura|tempo\s{1,2}de\s{1,2}leitura|leestijd|czas\s{1,2}czytania|"
    r"время\s{1,2}чтения|время\s{1,2}прочтения|час\s{1,2}читання|okuma\s{1,2}süresi|"
    r"oxuma\s{1,2}müddəti|doba\s{1,2}čtení|lästid|lesetid|læsetid|lukuaika|olvasási\s{1,2}idő|"
    r"timp\s{1,2}de\s{1,2}citire|阅读时间|閱讀時間)"
)
_RT_TAIL = (
    r"(?:read|reading|to\s{1,2}read|lesezeit|lesen|de\s{1,2}lecture|de\s{1,2}lectura|di\s{1,2}lettura|"
    r"de\s{1,2}leitura|lues|leestijd|czytania|чтения|на\s{1,2}чтение|читання|okuma|"
    r"okuma\s{1,2}süresi|oxuma|čtení|lästid|lesetid|læsetid|lukuaika|olvasás|de\s{1,2}citire|阅读)"
)
_READING = re.compile(
    rf"(?i){_DECOR}(?:{_RT_LABEL}\s{{0,3}}[:：]?\s{{0,3}}(?:~|ca\.?|approx\.?|около|приблизно)?\s{{0,2}}(?P<a>\d{{1,3}})\s{{0,2}}(?:{_MINUTES})?"
    rf"|(?P<b>\d{{1,3}})\s{{0,2}}{_MINUTES}\s{{0,2}}{_RT_TAIL})\.?\s{{0,2}}"
)
_DIGIT = re.compile(r"\d")
_SPLIT = re.compile(r"\s{1,3}[|·•/]\s{1,3}|\s{2,}")

# What a counter line holds, looked for before the five patterns of _one (most lines with
# a digit are no counter: dates, prices, scores). A label ("views", "mal gelesen") or a
# "no comments" phrase is whole words of the line: every letter run of it is a letter run
# of the line (non-letters on both sides, see _LABEL_RX); "times" the same. A reading time
# holds one of _READING_CUES (its minutes word may be glued: "5minread"); an icon counter
# one of the icons.
_RUN = re.compile(r"[^\W\d_]+")
_RUN_CUES = frozenset(
    run
    for phrase in (*_LABEL_KIND, *_NO_COMMENTS, "times")
    for run in _RUN.findall(phrase)
)
_READING_CUES = (
    "min", "perc", "dakika", "dk", "dəq", "мин", "хв", "分", "time", "lesezeit", "lesedauer",
    "lecture", "lectura", "lettura", "leitura", "leestijd", "czytania", "чтения", "читання",
    "okuma", "oxuma", "čtení", "lästid", "lesetid", "læsetid", "lukuaika", "olvasási",
    "citire", "阅读时间", "閱讀時間",
)
_READING_CUES_ASCII = tuple(c for c in _READING_CUES if c.isascii())
# letters `re` folds (case-insensitively, in _READING) to a letter of those cues though
# their lower case is another ("İ"): a line with one skips the cue test
_FOLD_ODD = re.compile("[\u0130\u0131\u017f\u1c80-\u1c88]")


def _may_count(s: str) -> bool:
    """False when no counter form can match ``s`` (see _RUN_CUES); cheap."""
    low = s.lower()
    if not _RUN_CUES.isdisjoint(_RUN.findall(low)):
        return True
    if s.isascii():
        for cue in _READING_CUES_ASCII:  # no other cue is in an ASCII line
            if cue in low:
                return True
        return False
    for cue in _READING_CUES:
        if cue in low:
            return True
    return _FOLD_ODD.search(s) is not None or any(icon in s for icon in _ICON_KIND)


def _number(num: str, suf: str | None) -> int | None:
    if suf:
        scale = 1_000_000 if suf[0].lower() in "mм" or suf.lower() == "mln" else 1_000
        if suf.lower() in ("b", "bin"):
            scale = 1_000_000_000 if suf.lower() == "b" else 1_000  # Turkish "bin" = thousand
        try:
            return round(float(num.replace(",", ".").replace(" ", "")) * scale)
        except ValueError:
            return None
    groups = re.split(r"[.,\u00a0\u202f ]", num)
    if len(groups) > 1 and any(len(g) != 3 for g in groups[1:]):
        # "1.5" or "4,2" without a suffix is no count we can read exactly.
        return int(float(f"{groups[0]}.{groups[1]}")) if len(groups) == 2 else None
    return int("".join(groups))


def _one(part: str) -> CounterFound | None:
    low = part.lower()
    if low.strip(" .!") in _NO_COMMENTS:
        return CounterFound("comments", 0)
    m = _READING.fullmatch(part)
    if m is not None:
        return CounterFound("reading_time", int(m["a"] or m["b"]))
    for rx, label_first in ((_LABEL_FIRST, True), (_NUMBER_FIRST, False)):
        m = rx.fullmatch(low)
        if m is None:
            continue
        label = " ".join(m["label"].split())
        kind = _LABEL_KIND.get(label.rstrip("."))
        if kind is None or (label_first and label in _NUMBER_FIRST_ONLY):
            continue
        return CounterFound(kind, _number(m["num"], m["suf"]))
    m = _TIMES.fullmatch(low)
    if m is not None:
        return CounterFound("views", _number(m["num"], m["suf"]))
    m = _ICON_ONLY.fullmatch(part)
    if m is not None and m["icon"] in _ICON_KIND:
        return CounterFound(_ICON_KIND[m["icon"]], _number(m["num"], m["suf"]))
    return None


def parse_counter(line: str) -> CounterFound | None:
    """Return the counter if ``line`` is essentially only a counter, else None."""
    s = line.strip()
    if not s or len(s) > MAX_LINE:
        return None
    if _DIGIT.search(s) is None:
        low = s.lower().strip(" .!")
        return CounterFound("comments", 0) if low in _NO_COMMENTS else None
    if not _may_count(s):
        return None
    found = _one(s)
    if found is not None:
        return found
    # "343 views · 12 comments": every part must be a counter.
    parts = [p for p in _SPLIT.split(s) if p.strip()]
    if len(parts) < 2:
        return None
    results = [_one(p) for p in parts]
    if all(r is not None for r in results):
        return results[0]
    return None
