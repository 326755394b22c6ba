"""Find a publication date (and time) in one line of scraped page text.

``find_date("25 August 2025 04:23")`` -> ``DateFound(iso="2025-08-25T04:23", ...,
is_dateline=True)``.

Design notes
------------
* Month names are matched by a generic bounded letter run and then looked up in
  a dict, instead of a regex alternation of ~400 month names: the lookup is O(1)
  and the regexes stay small and linear.
* Every repetition is bounded (``{1,3}``, ``{3,15}``) and no quantified group
  can match the same text in two ways, so there is no catastrophic backtracking.
* Ambiguous numeric dates ``a/b/yyyy`` with both parts <= 12: dotted and dashed
  forms are always day-first (that is how they are written where they are
  used); slashed forms are day-first unless the line looks American (a 12-hour
  clock with am/pm or a US time-zone abbreviation), because most of the world
  writes day-first. ``find_date(..., month_first=True/False)`` overrides this.
* Two-digit years are accepted only in the dotted ``dd.mm.yy`` form with
  two-digit day and month, not glued to other digits or dots (so versions like
  ``1.2.25`` and IPs are not taken), and only when the year lands in range.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass

__all__ = ["MAX_YEAR", "MIN_YEAR", "DateFound", "find_date"]

MIN_YEAR = 1990  # older "publication dates" on live pages are almost always noise
MAX_YEAR = 2035  # future years beyond this are prices, IDs or phone numbers
MAX_LINE = 220  # a dateline is short; longer lines are prose and cost time


@dataclass(frozen=True, slots=True)
class DateFound:
    """A date found in a line; ``iso`` has ``THH:MM`` when a time was given."""

    iso: str
    start: int
    end: int
    is_dateline: bool


# --------------------------------------------------------------------------
# Month names. One entry per month, forms separated by "|": nominative,
# genitive (ru/uk/pl/cs/fi partitive) and common abbreviations.
_MONTH_TABLE: dict[str, tuple[str, ...]] = {
    "en": ("january|jan", "february|feb", "march|mar", "april|apr", "may",
           "june|jun", "july|jul", "august|aug", "september|sep|sept",
           "october|oct", "november|nov", "december|dec"),
    "de": ("januar|jänner|jan|jän", "februar|feber|feb", "märz|maerz|mär|mrz",
           "april|apr", "mai", "juni|jun", "juli|jul", "august|aug",
           "september|sep|sept", "oktober|okt", "november|nov", "dezember|dez"),
    "fr": ("janvier|janv", "février|fevrier|févr|fevr|fév|fev", "mars",
           "avril|avr", "mai", "juin", "juillet|juil", "août|aout",
           "septembre|sept", "octobre|oct", "novembre|nov",
           "décembre|decembre|déc|dec"),
    "es": ("enero|ene", "febrero|feb", "marzo|mar", "abril|abr", "mayo|may",
           "junio|jun", "julio|jul", "agosto|ago", "septiembre|setiembre|sep|sept|set",
           "octubre|oct", "noviembre|nov", "diciembre|dic"),
    "it": ("gennaio|gen", "febbraio|feb", "marzo|mar", "aprile|apr",
           "maggio|mag", "giugno|giu", "luglio|lug", "agosto|ago",
           "settembre|set", "ottobre|ott", "novembre|nov", "dicembre|dic"),
    "pt": ("janeiro|jan", "fevereiro|fev", "março|marco|mar", "abril|abr",
           "maio|mai", "junho|jun", "julho|jul", "agosto|ago", "setembro|set",
           "outubro|out", "novembro|nov", "dezembro|dez"),
    "nl": ("januari|jan", "februari|feb", "maart|mrt|mar", "april|apr", "mei",
           "juni|jun", "juli|jul", "augustus|aug", "september|sep|sept",
           "oktober|okt", "november|nov", "december|dec"),
    "pl": ("styczeń|stycznia|sty", "luty|lutego|lut", "marzec|marca|mar",
           "kwiecień|kwietnia|kwi", "maj|maja", "czerwiec|czerwca|cze",
           "lipiec|lipca|lip", "sierpień|sierpnia|sie", "wrzesień|września|wrz",
           "październik|października|paź", "listopad|listopada|lis",
           "grudzień|grudnia|gru"),
    "ru": ("январь|января|янв", "февраль|февраля|фев|февр", "март|марта|мар",
           "апрель|апреля|апр", "май|мая", "июнь|июня|июн", "июль|июля|июл",
           "август|августа|авг", "сентябрь|сентября|сен|сент",
           "октябрь|октября|окт", "ноябрь|ноября|ноя|нояб", "декабрь|декабря|дек"),
    "uk": ("січень|січня|січ", "лютий|лютого|лют", "березень|березня|бер",
           "квітень|квітня|квіт|кві", "травень|травня|трав|тра",
           "червень|червня|черв|чер", "липень|липня|лип", "серпень|серпня|серп|сер",
           "вересень|вересня|вер", "жовтень|жовтня|жовт|жов",
           "листопад|листопада|лист|лис", "грудень|грудня|груд|гру"),
    "bg": ("януари", "февруари", "март", "април", "май", "юни", "юли", "август",
           "септември", "октомври", "ноември", "декември"),
    "tr": ("ocak|oca", "şubat|subat|şub", "mart", "nisan|nis", "mayıs|mayis",
           "haziran|haz", "temmuz|tem", "ağustos|agustos|ağu", "eylül|eylul|eyl",
           "ekim|eki", "kasım|kasim|kas", "aralık|aralik|ara"),
    "az": ("yanvar|yan", "fevral", "mart", "aprel", "may", "iyun|iyn",
           "iyul|iyl", "avqust|avq", "sentyabr|sen", "oktyabr", "noyabr|noy",
           "dekabr|dek"),
    "cs": ("leden|ledna", "únor|února", "březen|března", "duben|dubna",
           "květen|května", "červen|června", "červenec|července", "srpen|srpna",
           "září", "říjen|října", "listopad|listopadu", "prosinec|prosince"),
    "sk": ("január|januára", "február|februára", "marec", "apríl|apríla",
           "máj|mája", "jún|júna", "júl|júla", "augusta", "septembra",
           "október|októbra", "novembra", "decembra"),
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli",
           "augusti", "september", "oktober", "november", "december"),
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli",
           "august", "september", "oktober", "november", "december"),
    "no": ("januar", "februar", "mars", "april", "mai", "juni", "juli",
           "august", "september", "oktober", "november", "desember|des"),
    "fi": ("tammikuu|tammikuuta|tammi", "helmikuu|helmikuuta|helmi",
           "maaliskuu|maaliskuuta|maalis", "huhtikuu|huhtikuuta|huhti",
           "toukokuu|toukokuuta|touko", "kesäkuu|kesäkuuta|kesä",
           "heinäkuu|heinäkuuta|heinä", "elokuu|elokuuta|elo",
           "syyskuu|syyskuuta|syys", "lokakuu|lokakuuta|loka",
           "marraskuu|marraskuuta|marras", "joulukuu|joulukuuta|joulu"),
    "hu": ("január|jan", "február|febr|feb", "március|márc|marc", "április|ápr",
           "május|máj", "június|jún", "július|júl", "augusztus|aug",
           "szeptember|szept", "október|okt", "november|nov", "december|dec"),
    "ro": ("ianuarie|ian", "februarie|feb", "martie|mar", "aprilie|apr", "mai",
           "iunie|iun", "iulie|iul", "august|aug", "septembrie|sept|sep",
           "octombrie|oct", "noiembrie|noi|nov", "decembrie|dec"),
    "id": ("januari", "februari", "maret", "april", "mei", "juni", "juli",
           "agustus", "september", "oktober", "november", "desember|des"),
}


def _build_months() -> dict[str, int]:
    table: dict[str, int] = {}
    for lang, months in _MONTH_TABLE.items():
        assert len(months) == 12, lang
        for number, forms in enumerate(months, start=1):
            for form in forms.split("|"):
                old = table.setdefault(form, number)
                # The same spelling must never mean two months in two languages.
                assert old == number, (lang, form, old, number)
    return table


MONTHS: dict[str, int] = _build_months()

# Words that may surround a date on a line that is "just a date": labels,
# weekdays, relative days, time-zone abbreviations, year suffixes ("г.", "r.").
_DATELINE_WORDS: frozenset[str] = frozenset(
    """
    published publish publication date dated posted post on at updated update
    last modified created released release first time uploaded written edited
    originally and from
    veröffentlicht veroeffentlicht am um uhr stand aktualisiert zuletzt erstellt
    datum publiziert erschienen geändert geaendert vom letzte letzter letztes änderung
    aenderung aktualisierung beitrag eingestellt den
    publié publie le mis à a jour modifié modifie mise de la dernière derniere
    publicado el las actualizado actualización fecha publicación creado en
    pubblicato il alle ore aggiornato aggiornamento data del
    em às as atualizado atualização
    gepubliceerd op om bijgewerkt laatst geplaatst
    opublikowano opublikowany dnia aktualizacja zaktualizowano publikacji o godz godzina r roku
    опубликовано опубликован опубликована обновлено обновлён обновлен дата
    публикации размещено изменено создано время в г года от
    опубліковано оновлено публікації о р року
    yayınlanma yayınlandı yayımlandı yayımlanma tarihi güncelleme güncellendi
    saat tarih
    dərc olunub olunma tarixi yenilənib yenilənmə tarix
    publikováno aktualizováno vydáno
    publicerad uppdaterad publicerat uppdaterat kl
    publiceret opdateret offentliggjort udgivet
    publisert oppdatert
    julkaistu päivitetty klo
    közzétéve frissítve megjelent publikálva
    publicat actualizat
    diterbitkan diperbarui
    today yesterday heute gestern aujourd hui hier hoy ayer oggi ieri hoje ontem
    vandaag gisteren dzisiaj wczoraj сегодня вчера сьогодні вчора bugün dün
    am pm a p m h
    utc gmt z cst cdt est edt pst pdt mst mdt et pt ct bst cet cest eet eest msk
    ist jst kst aest aedt hkt sgt wib azt amt
    monday tuesday wednesday thursday friday saturday sunday
    mon tue tues wed thu thur thurs fri sat sun
    montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag
    mo di mi do fr sa so
    lundi mardi mercredi jeudi vendredi samedi dimanche lun mar mer jeu ven sam dim
    lunes martes miércoles miercoles jueves viernes sábado sabado domingo
    lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi venerdì
    venerdi sabato domenica
    segunda terça terca quarta quinta sexta feira
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    poniedziałek wtorek środa czwartek piątek sobota niedziela
    понедельник вторник среда четверг пятница суббота воскресенье пн вт ср чт пт сб вс
    понеділок вівторок середа четвер пʼятниця п ятниця субота неділя
    pazartesi salı çarşamba perşembe cuma cumartesi pazar
    bazar ertəsi çərşənbə axşamı cümə şənbə
    pondělí úterý středa čtvrtek pátek neděle
    måndag tisdag onsdag torsdag fredag lördag söndag
    mandag tirsdag lørdag søndag
    maanantai tiistai keskiviikko torstai perjantai lauantai sunnuntai
    hétfő kedd szerda csütörtök péntek szombat vasárnap
    luni marți marti miercuri joi vineri sâmbătă sambata duminică duminica
    发布时间 发布 更新 更新时间 时间 日期 发表 发表于 发布于 公開日 更新日 投稿日 公開 投稿 日付 입력 수정 등록 기사입력 작성일
    """.split()
)

_BLANK = r"[ \t\u00a0\u2002-\u200a\u202f]"
_DAY_SUFFIX = r"(?:st|nd|rd|th|er|º|ª)?"
_MON = r"(?P<mon>[^\W\d_]{3,15})"
# A year may be glued to a following time or day, as innerText joins elements
# ("3 de mayo de 202221:25"): allow digits after it only if they start "HH:" / "DD.".
_GLUE_OK = r"(?!\d(?!\d?[:.]))"
_YEAR4 = r"(?P<y>(?:19|20)\d\d)"
# Named-month forms also take an apostrophe year: "14 Feb ’20".
_YEAR_NAMED = r"(?:(?P<y>(?:19|20)\d\d)|[’'‘](?P<yy>\d\d))"

# The searches below start each match on a digit, so `re` can skip to the next digit in C
# (its charset prefix scan) instead of trying the pattern at every character: a pattern
# that opens with a lookbehind gets no such scan, so the "not after a digit" lookbehind
# comes after the first digit: "\d(?<!\d\d)" is "(?<!\d)\d", and _DAY1 is "(?<!\d)[0-3]?\d"
# (the same matches, tried in the same order). tests/metadata/test_dates.py holds them to
# the plain forms.
_DAY1 = r"(?P<d>\d(?<!\d\d)(?:(?<=[0-3])\d)?)"

# "25 August 2025", "25. August 2025", "25 de agosto de 2025", "25-Aug-2025".
_DMY_NAME = re.compile(
    rf"{_DAY1}{_DAY_SUFFIX}\.?,?(?:{_BLANK}|[-/]){{0,3}}"
    rf"(?:de{_BLANK}{{1,3}})?{_MON}\.?,?(?:{_BLANK}|[-/]){{1,3}}"
    rf"(?:(?:de|del){_BLANK}{{1,3}})?{_YEAR_NAMED}{_GLUE_OK}"
)
# "August 25, 2025", "Aug 25 2025", "Nov 19th, 2019". (Left as written: a match starts
# on a letter, and most characters are letters, so a charset scan would skip little.)
_MDY_NAME = re.compile(
    rf"(?<![^\W\d_]){_MON}\.?,?(?:{_BLANK}|[-/]){{1,3}}(?P<d>[0-3]?\d){_DAY_SUFFIX}"
    rf",?(?:{_BLANK}|[-/]){{1,3}}{_YEAR_NAMED}{_GLUE_OK}"
)
# "2025. augusztus 25." (Hungarian), "2025 Aug 25". ("(?<!\d)19" as "19(?<!\d\d\d)")
_YMD_NAME = re.compile(
    rf"(?P<y>(?:19|20)(?<!\d\d\d)\d\d)\.?{_BLANK}{{1,3}}{_MON}\.?{_BLANK}{{1,3}}(?P<d>[0-3]?\d)\.?(?!\d)"
)
# "2025-08-25", "2025/08/25", "2025.08.25", "2025. 08. 25."
_YMD_NUM = re.compile(
    rf"(?P<y>(?:19|20)(?<![\d.]\d\d)\d\d)(?P<s>[-/.]|\.{_BLANK})(?P<m>[01]?\d)(?P=s)(?P<d>[0-3]?\d)(?!\d)"
)
# "25.08.2025", "25/08/2025", "08/25/2025", "25-08-2025", "25. 8. 2025".
_DMY_NUM = re.compile(
    rf"(?P<a>\d(?<![\d.,/]\d)(?:(?<=[0-3])\d)?)(?P<s>[./-]|\.{_BLANK})(?P<b>[0-3]?\d)(?P=s){_YEAR4}{_GLUE_OK}"
)
# "25.08.25", "30/10/23": two-digit year, see the module docstring for the guards.
_DMY_NUM2 = re.compile(
    r"(?P<a>[0-3](?<![\w.,/:][0-3])\d)(?P<s>[./])(?P<b>[0-3]\d)(?P=s)(?P<y>\d\d)(?![\w:/]|[.,]\d)"
)
# "2025年8月25日", "2025년 8월 25일".
_CJK = re.compile(
    rf"{_YEAR4}{_BLANK}?[年년]{_BLANK}?(?P<m>[01]?\d){_BLANK}?[月월]{_BLANK}?(?P<d>[0-3]?\d){_BLANK}?[日일号]?"
)

# A clock time: "04:23", "22:31:00Z", "10:31 pm", "10.31 Uhr", "10h31".
_TIME = (
    r"(?P<H>[0-2]?\d)(?::(?P<M>[0-5]\d)(?::[0-5]\d(?:[.,]\d{1,9})?)?"
    r"|h(?P<M2>[0-5]\d)|\.(?P<M3>[0-5]\d)(?=" + _BLANK + r"?[Uu]hr))"
    r"(?:Z(?![^\W\d_])|[+-][01]\d:?[0-5]\d)?"
    r"(?:" + _BLANK + r"?(?P<ap>[AaPp])\.?[Mm]\.?(?![^\W\d_]))?"
    r"(?:" + _BLANK + r"?[Uu]hr(?![^\W\d_]))?"
)
# Words that join a date and the time after it ("at", "um", "à", "в", "saat").
_JOINER = (
    r"(?:at|um|à|a|a las|alle|às|ás|as|в|о|o|om|kl\.?|klo|saat|godz\.?|kell|la|ore)"
)
_TIME_AFTER = re.compile(
    r"(?:T|(?:" + _BLANK + r"?(?:г\.|года|р\.|року|r\.|roku))?"
    r",?" + _BLANK + r"{0,3}(?:[|·•/–—@-]" + _BLANK + r"{0,3})?"
    r"(?:" + _JOINER + _BLANK + r"{1,3})?)" + _TIME
)
# "klo 10.31", "godz. 10.31": a dotted time is only a time right after such a word.
_TIME_AFTER_DOTTED = re.compile(
    r",?" + _BLANK + r"{0,3}(?:[|·•/–—-]" + _BLANK + r"{0,3})?"
    r"(?:klo|kl\.|kl|godz\.|godz|ore|um|alle|o|om|às|à|в|о)" + _BLANK + r"{1,3}"
    r"(?P<H>[0-2]?\d)\.(?P<M>[0-5]\d)(?!\d|\.\d)"
)
_TIME_BEFORE = re.compile(
    r"(?<![\d:.])" + _TIME + _BLANK + r"{0,3}(?:[,|·•/–—-]" + _BLANK + r"{0,3})?\Z"
)
_TIME_ANY = re.compile(r"(?<![\d:.])" + _TIME + r"(?!\d)")
_TZ_OFFSET = re.compile(r"(?i)(?:utc|gmt)?" + _BLANK + r"?[+−-]" + _BLANK + r"?\d{1,2}(?::?\d\d)?(?!\d)")
_US_TZ = re.compile(r"(?<![^\W\d_])(?:E[SD]T|C[SD]T|M[SD]T|P[SD]T|ET|PT|CT)(?![^\W\d_])")
_AMPM = re.compile(r"(?i)\d(?:\s?)[ap]\.?m\b")
_EN_DATE_WORDS = frozenset(
    "published publish publication date dated posted post on at updated update last modified "
    "created released release first time uploaded written edited originally and from today "
    "yesterday am pm a p m".split()
)
_WORD = re.compile(r"[^\W_]{1,40}")
_HAS_2DIGITS = re.compile(r"\d\d")
_DIGIT = re.compile(r"\d")
_YEAR_HINT = re.compile(r"(?:19|20)\d\d")

# (start, end, year, month, day, hour, minute)
_Cand = tuple[int, int, int, int, int, int | None, int | None]


def _month(token: str) -> int | None:
    # Turkish/Azerbaijani capital "İ" lowercases to "i" + combining dot.
    return MONTHS.get(token.lower().replace("\u0307", ""))


def _year(m: re.Match[str]) -> int:
    g = m.groupdict()
    if g.get("y"):
        return int(g["y"])
    yy = int(g["yy"])
    return yy + (2000 if yy <= MAX_YEAR - 2000 else 1900)


def _valid(y: int, m: int, d: int) -> bool:
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12 and 1 <= d <= 31):
        return False
    try:
        _dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _named(rx: re.Pattern[str], line: str, out: list[_Cand]) -> None:
    pos = 0
    while True:
        m = rx.search(line, pos)
        if m is None:
            return
        month = _month(m["mon"])
        if month is not None:
            y, d = _year(m), int(m["d"])
            if _valid(y, month, d):
                out.append((m.start(), m.end(), y, month, d, None, None))
                pos = m.end()
                continue
        pos = m.start() + 1  # retry one char later: candidates may overlap


def _numeric2(line: str, out: list[_Cand], month_first: bool | None) -> None:
    """Only the two-digit-year forms ("25.08.25", "30/10/23")."""
    if "." in line or "/" in line:
        _day_month(_DMY_NUM2, line, out, month_first)


def _numeric(line: str, out: list[_Cand], month_first: bool | None) -> None:
    # each search only where the line holds what every match of it holds (most datelines
    # that get here name the month): a separator "-", "/" or "."; "年" or "년"
    if "-" in line or "/" in line or "." in line:
        for m in _YMD_NUM.finditer(line):
            y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
            if _valid(y, mo, d):
                out.append((m.start(), m.end(), y, mo, d, None, None))
    if "年" in line or "년" in line:
        for m in _CJK.finditer(line):
            y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
            if _valid(y, mo, d):
                out.append((m.start(), m.end(), y, mo, d, None, None))
    if "-" in line or "/" in line or "." in line:
        _day_month(_DMY_NUM, line, out, month_first)
        _numeric2(line, out, month_first)


def _day_month(rx: re.Pattern[str], line: str, out: list[_Cand], month_first: bool | None) -> None:
    """Read "a/b/y" forms, deciding day-first or month-first (module docstring)."""
    us: bool | None = month_first
    for m in rx.finditer(line):
        a, b, yy = int(m["a"]), int(m["b"]), int(m["y"])
        if rx is _DMY_NUM2:
            yy += 2000 if yy <= MAX_YEAR - 2000 else 1900
        sep = m["s"]
        if a > 12 or sep[0] != "/":
            d, mo = a, b
            if b > 12 and a <= 12:  # "08.25.2025": only month-first is valid
                d, mo = b, a
        elif b > 12:
            d, mo = b, a
        else:
            if us is None:
                us = _looks_us(line)
            d, mo = (b, a) if us else (a, b)
        if _valid(yy, mo, d):
            out.append((m.start(), m.end(), yy, mo, d, None, None))


def _looks_us(line: str) -> bool:
    """A US time zone, or a 12-hour clock on a line with only English words.

    Spanish and Portuguese sites also write "a.m.", with day-first dates, so a
    12-hour clock alone is not enough ("Actualizado el 08/05/2022 02:14 a.m.").
    """
    if _US_TZ.search(line) is not None:
        return True
    if _AMPM.search(line) is None:
        return False
    words = [w.lower() for w in _WORD.findall(line) if not w.isdigit()]
    return all(w in _EN_DATE_WORDS or w not in _DATELINE_WORDS for w in words) and line.isascii()


def _time(m: re.Match[str]) -> tuple[int, int] | None:
    g = m.groupdict()
    hour = int(g["H"])
    minute = int(g["M"] or g.get("M2") or g.get("M3") or 0)
    ap = g.get("ap")
    if ap:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ap in "Pp" else 0)
    elif hour > 23:
        return None
    return hour, minute


def _candidates(line: str, month_first: bool | None) -> list[_Cand]:
    found: list[_Cand] = []
    # Every form but "dd.mm.yy" needs a 4-digit year (or "’yy"): one cheap search
    # skips the other six regexes on most lines with digits (prices, scores).
    if _YEAR_HINT.search(line) is not None:
        for rx in (_DMY_NAME, _MDY_NAME, _YMD_NAME):
            _named(rx, line, found)
        _numeric(line, found, month_first)
    else:
        if "’" in line or "'" in line or "‘" in line:
            for rx in (_DMY_NAME, _MDY_NAME):
                _named(rx, line, found)
        _numeric2(line, found, month_first)
    if not found:
        return found
    # Keep the earliest, then longest, non-overlapping matches.
    found.sort(key=lambda c: (c[0], c[0] - c[1]))
    kept: list[_Cand] = []
    for c in found:
        if not kept or c[0] >= kept[-1][1]:
            kept.append(c)
    # Attach a clock time given right after (or else right before) each date.
    timed: list[_Cand] = []
    for i, (s, e, y, mo, d, _, _) in enumerate(kept):
        limit = kept[i + 1][0] if i + 1 < len(kept) else len(line)
        hm = None
        tm = _TIME_AFTER.match(line, e, limit) or _TIME_AFTER_DOTTED.match(line, e, limit)
        if tm is not None and (tm.end() == limit or not line[tm.end()].isdigit()):
            hm = _time(tm)
            if hm is not None:
                e = tm.end()
        if hm is None:
            lo = max(kept[i - 1][1] if i else 0, s - 40)
            tb = _TIME_BEFORE.search(line[lo:s])
            if tb is not None:
                hm = _time(tb)
                if hm is not None:
                    s = lo + tb.start()
        timed.append((s, e, y, mo, d, hm[0] if hm else None, hm[1] if hm else None))
    return timed


def _is_dateline(line: str, spans: list[_Cand]) -> bool:
    parts: list[str] = []
    pos = 0
    for s, e, *_ in spans:
        parts.append(line[pos:s])
        pos = e
    parts.append(line[pos:])
    rest = " ".join(parts)
    if not rest.strip():
        return True
    # each only where the rest holds what every match holds: a digit; a sign (neither
    # pattern can skip ahead to it on its own: each starts with a lookbehind or an option)
    if _DIGIT.search(rest) is not None:
        rest = _TIME_ANY.sub(" ", rest)  # a second, bare time ("Updated 14:05")
        if "-" in rest or "+" in rest or "\u2212" in rest:
            rest = _TZ_OFFSET.sub(" ", rest)  # "GMT+3", "(UTC +04:00)"
    words = _WORD.findall(rest)
    if len(words) > 8:
        return False
    return all(w.lower() in _DATELINE_WORDS for w in words)


def find_date(line: str, *, month_first: bool | None = None) -> DateFound | None:
    """Return the first plausible date in ``line`` (with its time, if any).

    ``month_first`` forces the reading of ambiguous ``a/b/yyyy`` dates; by
    default it is inferred (see module docstring). Lines longer than
    ``MAX_LINE`` characters are prose and return None.
    """
    if len(line) > MAX_LINE or _HAS_2DIGITS.search(line) is None:
        return None
    return _find_date(line, month_first)


# The same line is asked about by the dateline, byline and headline steps of one page;
# DateFound is immutable, so the answer is shared. Bounded: a few pages' worth of lines.
@functools.lru_cache(maxsize=1024)
def _find_date(line: str, month_first: bool | None) -> DateFound | None:
    cands = _candidates(line, month_first)
    if not cands:
        return None
    s, e, y, mo, d, hh, mm = cands[0]
    iso = f"{y:04d}-{mo:02d}-{d:02d}"
    if hh is not None:
        iso += f"T{hh:02d}:{mm:02d}"
    return DateFound(iso=iso, start=s, end=e, is_dateline=_is_dateline(line, cands))
