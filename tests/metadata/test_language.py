"""Tests for scrapeclean.metadata.language."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from scrapeclean.metadata.language import STOPWORD_LANGUAGES, detect_language, stopword_ratio, stopwords

# One sentence per language, written for these tests (same content in each).
SAMPLES = {
    'en': (
        'The government said on Monday that it would not change the plan, but many of the '
        'people who live in the area are still worried about what will happen to their '
        'homes.'
    ),
    'de': (
        'Die Regierung hat am Montag erklärt, dass sie den Plan nicht ändern wird, aber '
        'viele der Menschen, die in der Gegend wohnen, sind immer noch besorgt über das, '
        'was mit ihren Häusern passieren wird.'
    ),
    'fr': (
        "Le gouvernement a déclaré lundi qu'il ne changerait pas le plan, mais beaucoup "
        'de personnes qui vivent dans la région sont toujours inquiètes de ce qui va '
        'arriver à leurs maisons.'
    ),
    'es': (
        'El gobierno dijo el lunes que no cambiaría el plan, pero muchas de las personas '
        'que viven en la zona todavía están preocupadas por lo que pasará con sus casas.'
    ),
    'it': (
        'Il governo ha detto lunedì che non cambierà il piano, ma molte delle persone che '
        'vivono nella zona sono ancora preoccupate per quello che succederà alle loro '
        'case.'
    ),
    'pt': (
        'O governo disse na segunda-feira que não vai mudar o plano, mas muitas das '
        'pessoas que vivem na região ainda estão preocupadas com o que vai acontecer com '
        'as suas casas.'
    ),
    'nl': (
        'De regering heeft maandag gezegd dat zij het plan niet zal veranderen, maar veel '
        'van de mensen die in het gebied wonen zijn nog steeds bezorgd over wat er met '
        'hun huizen zal gebeuren.'
    ),
    'pl': (
        'Rząd oświadczył w poniedziałek, że nie zmieni planu, ale wiele osób, które '
        'mieszkają w tej okolicy, nadal martwi się o to, co stanie się z ich domami.'
    ),
    'ru': (
        'Правительство заявило в понедельник, что не будет менять план, но многие люди, '
        'которые живут в этом районе, всё ещё обеспокоены тем, что будет с их домами.'
    ),
    'uk': (
        'Уряд заявив у понеділок, що не змінюватиме план, але багато людей, які живуть у '
        'цьому районі, досі стурбовані тим, що буде з їхніми будинками.'
    ),
    'bg': (
        'Правителството заяви в понеделник, че няма да променя плана, но много от хората, '
        'които живеят в района, все още са загрижени какво ще стане с къщите им.'
    ),
    'tr': (
        'Hükümet pazartesi günü planı değiştirmeyeceğini söyledi, ancak bölgede yaşayan '
        'insanların çoğu evlerine ne olacağı konusunda hâlâ endişeli ve bu konuda bir '
        'açıklama bekliyor.'
    ),
    'az': (
        'Hökumət bazar ertəsi günü planı dəyişməyəcəyini bildirib, lakin bu ərazidə '
        'yaşayan insanların çoxu evləri ilə nə olacağı barədə hələ də narahatdır və bu '
        'barədə məlumat gözləyir.'
    ),
    'cs': (
        'Vláda v pondělí uvedla, že plán nezmění, ale mnoho lidí, kteří v této oblasti '
        'žijí, se stále obává, co se stane s jejich domy, a proto je to pro ně velký '
        'problém.'
    ),
    'sv': (
        'Regeringen sade på måndagen att den inte kommer att ändra planen, men många av '
        'de människor som bor i området är fortfarande oroliga för vad som ska hända med '
        'deras hus.'
    ),
    'da': (
        'Regeringen sagde mandag, at den ikke vil ændre planen, men mange af de '
        'mennesker, der bor i området, er stadig bekymrede for, hvad der skal ske med '
        'deres huse, og hvad de nu kan gøre.'
    ),
    'no': (
        'Regjeringen sa mandag at den ikke vil endre planen, men mange av menneskene som '
        'bor i området er fortsatt bekymret for hva som skal skje med husene deres, og '
        'hva de nå kan gjøre.'
    ),
    'fi': (
        'Hallitus sanoi maanantaina, että se ei muuta suunnitelmaa, mutta monet alueella '
        'asuvat ihmiset ovat edelleen huolissaan siitä, mitä heidän kodeilleen tapahtuu, '
        'ja he odottavat vielä vastausta.'
    ),
    'hu': (
        'A kormány hétfőn azt mondta, hogy nem változtat a terven, de a környéken élő '
        'emberek közül sokan még mindig aggódnak amiatt, hogy mi lesz a házaikkal, és '
        'ezért választ várnak.'
    ),
    'ro': (
        'Guvernul a declarat luni că nu va schimba planul, dar mulți dintre oamenii care '
        'locuiesc în zonă sunt încă îngrijorați de ceea ce se va întâmpla cu casele lor '
        'și așteaptă un răspuns.'
    ),
    'id': (
        'Pemerintah mengatakan pada hari Senin bahwa mereka tidak akan mengubah rencana '
        'tersebut, tetapi banyak orang yang tinggal di daerah itu masih khawatir tentang '
        'apa yang akan terjadi pada rumah mereka.'
    ),
    'zh': (
        '政府周一表示不会改变这项计划，但是住在该地区的许多人仍然担心他们的房子将会发生什么。'
    ),
    'ja': (
        '政府は月曜日、計画を変更しないと発表したが、この地域に住む多くの人々は、自分たちの家がどうなるのかをまだ心配している。'
    ),
    'ko': (
        '정부는 월요일에 계획을 변경하지 않겠다고 밝혔지만, 이 지역에 사는 많은 사람들은 여전히 자신들의 집이 어떻게 될지 걱정하고 있다.'
    ),
    'ar': (
        'قالت الحكومة يوم الاثنين إنها لن تغير الخطة، لكن كثيرا من الناس الذين يعيشون في '
        'المنطقة ما زالوا قلقين بشأن ما سيحدث لمنازلهم.'
    ),
    'he': (
        'הממשלה אמרה ביום שני שהיא לא תשנה את התוכנית, אבל רבים מהאנשים שגרים באזור עדיין '
        'מודאגים ממה שיקרה לבתים שלהם.'
    ),
    'el': (
        'Η κυβέρνηση δήλωσε τη Δευτέρα ότι δεν θα αλλάξει το σχέδιο, αλλά πολλοί από τους '
        'ανθρώπους που ζουν στην περιοχή εξακολουθούν να ανησυχούν για τα σπίτια τους.'
    ),
    'th': (
        'รัฐบาลกล่าวเมื่อวันจันทร์ว่าจะไม่เปลี่ยนแผน '
        'แต่ผู้คนจำนวนมากที่อาศัยอยู่ในพื้นที่ยังคงกังวลว่าจะเกิดอะไรขึ้นกับบ้านของพวกเขา'
    ),
    'hi': (
        'सरकार ने सोमवार को कहा कि वह योजना नहीं बदलेगी, लेकिन इलाके में रहने वाले कई लोग '
        'अब भी चिंतित हैं कि उनके घरों का क्या होगा।'
    ),
    'ka': (
        'მთავრობამ ორშაბათს განაცხადა, რომ გეგმას არ შეცვლის, მაგრამ ამ რაიონში მცხოვრები '
        'ბევრი ადამიანი კვლავ შეშფოთებულია იმით, თუ რა მოუვა მათ სახლებს.'
    ),
    'hy': (
        'Կառավարությունը երկուշաբթի հայտարարեց, որ չի փոխի ծրագիրը, սակայն տարածքում '
        'ապրող շատ մարդիկ դեռ մտահոգված են, թե ինչ կլինի իրենց տների հետ։'
    ),
    'fa': (
        'دولت روز دوشنبه گفت که برنامه را تغییر نمی\u200cدهد، اما بسیاری از مردمی که در این '
        'منطقه زندگی می\u200cکنند هنوز نگران هستند که چه بر سر خانه\u200cهایشان خواهد آمد.'
    ),
}

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed-caliber-article.txt"


@pytest.mark.parametrize(("lang", "text"), sorted(SAMPLES.items()))
def test_language_detects_sample(lang: str, text: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(("lang", "text"), sorted(SAMPLES.items()))
def test_language_detects_sample_repeated(lang: str, text: str) -> None:
    # Longer text must not change the answer.
    assert detect_language((text + "\n") * 40) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Привет! Это тест, который должен быть определён как русский язык, а не украинский.", "ru"),
        ("Привіт! Це тест, який має бути визначений як українська мова, а не російська.", "uk"),
        ("Bu, Azərbaycan dilində yazılmış bir cümlədir və o, türk dilindən fərqlənir.", "az"),
        ("Bu, Türkçe yazılmış bir cümledir ve Azerbaycan dilinden farklıdır, değil mi?", "tr"),
        ("Hun sagde, at hun ikke havde tid i dag, fordi hun skulle hjem efter arbejdet.", "da"),
        ("Hun sa at hun ikke hadde tid i dag, fordi hun skulle hjem etter jobben sin.", "no"),
        ("Hon sa att hon inte hade tid i dag, eftersom hon skulle hem efter jobbet.", "sv"),
        ("これは日本語の文章です。漢字とひらがなとカタカナが混ざっています。", "ja"),
        ("这是一个中文句子，里面只有汉字，没有假名。我们的系统应该能识别它。", "zh"),
    ],
)
def test_language_close_pairs(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_language_english_article_with_russian_chrome() -> None:
    chrome = "\n".join(["Ссылка скопирована", "Поделиться", "Главная", "Новости"] * 3)
    article = (SAMPLES["en"] + " ") * 8
    assert detect_language(chrome + "\n" + article + "\n" + chrome) == "en"


@pytest.mark.skipif(not SEED.exists(), reason="shared seed page not present")
def test_language_seed_page_is_english() -> None:
    assert detect_language(SEED.read_text("utf-8")) == "en"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Hello",
        "12345 67890 !!!",
        "Home | About | Contact",
        "xqzt vbnm plokij wertyu asdfgh zxcvbn qwerty",  # Latin letters, no language
        "A B C D E F G H I J K",  # single letters are no evidence
    ],
)
def test_language_unsure_returns_none(text: str) -> None:
    assert detect_language(text) is None


@pytest.mark.parametrize("lang", STOPWORD_LANGUAGES)
def test_language_stopword_lists_load(lang: str) -> None:
    words = stopwords(lang)
    assert isinstance(words, frozenset)
    assert 80 <= len(words) <= 250
    assert all(w == w.lower() and w.strip() == w and w for w in words)


def test_language_stopwords_unknown_is_empty() -> None:
    assert stopwords("xx") == frozenset()
    assert stopwords("../../etc/passwd") == frozenset()


def test_language_stopwords_content() -> None:
    assert {"the", "and", "of"} <= stopwords("en")
    assert {"und", "der", "die"} <= stopwords("de")
    assert {"и", "в", "не"} <= stopwords("ru")
    assert stopwords("en") is stopwords("en")  # cached


def test_language_stopword_ratio() -> None:
    tokens = ["The", "cat", "sat", "on", "the", "mat"]
    assert stopword_ratio(tokens, "en") == pytest.approx(3 / 6)
    assert stopword_ratio(tokens, "de") == 0.0
    assert stopword_ratio([], "en") == 0.0
    assert stopword_ratio(tokens, "xx") == 0.0


def test_language_fast_on_10kb() -> None:
    text = ((SAMPLES["de"] + " ") * 60)[:10_000]
    detect_language(text)
    n = 50
    # CPU time, not wall time: a busy CI machine must not fail this test.
    t0 = time.process_time()
    for _ in range(n):
        detect_language(text)
    per_call = (time.process_time() - t0) / n
    assert per_call < 0.005  # target is < 2 ms; leave head-room for busy CI machines


ADVERSARIAL = [
    "a" * 100_000,
    "a " * 50_000,
    "'" * 100_000,
    "l'" * 50_000,
    "ə" * 100_000,
    "я" * 100_000,
    "漢" * 100_000,
    "\u0301" * 100_000,
    "1 " * 50_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_language_adversarial_fast(text: str) -> None:
    t0 = time.process_time()
    detect_language(text)
    assert time.process_time() - t0 < 0.5
