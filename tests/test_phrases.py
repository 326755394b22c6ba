"""Tests for scrapeclean.phrases: the chrome phrase lists and the line matcher."""

from __future__ import annotations

import pickle
import time
from collections import Counter

import pytest

from scrapeclean import phrases
from scrapeclean.phrases import (
    PhraseFileError,
    PhraseHit,
    PhraseMatcher,
    families,
    load_rules,
    match_line,
    normalize_line,
)

REQUIRED_LANGS = (
    "en",
    "ru",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "pl",
    "tr",
    "uk",
    "zh",
    "nl",
    "az",
)


def reason_of(line: str) -> str | None:
    hit = match_line(line)
    return None if hit is None else hit.reason


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("• Share »", "share"),
        ("  SHARE  ", "share"),
        ("Share:", "share"),
        ("[Twitter](https://twitter.com/acme)", "twitter"),
        ("* [Home](/)", "home"),
        ("[![Facebook](/img/fb.png)](https://facebook.com/x)", "facebook"),
        ('[Impressum](/impressum "Impressum")', "impressum"),
        ("**Tags:** politics, economy", "tags: politics, economy"),
        ("WHAT ARE YOU LOOKING FOR ?", "what are you looking for"),
        ("A+", "a+"),
        ("A-", "a-"),
        ("- Home", "home"),
        ("Home -", "home"),
        ("« Prev", "prev"),
        ("Next »", "next"),
        ("→ Read more", "read more"),
        ("| Kontakt |", "kontakt"),
        ("Search…", "search"),
        ("Loading...", "loading"),
        ("📢 Follow us 👍", "follow us"),
        ("🇩🇪 Deutsch", "deutsch"),
        ("Comments (12)", "comments (12)"),
        ("(Erforderlich)", "erforderlich"),
        ("Sha\u00adre", "share"),  # soft hyphen
        ("Zero\u200bwidth", "zerowidth"),
        ("Tab\tseparated\t cells", "tab separated cells"),
        ("ＦＡＣＥＢＯＯＫ", "facebook"),  # NFKC: full-width letters
        ("GİRİŞ YAP", "giriş yap"),  # Turkish dotted capital I
        ("Straße", "strasse"),
        ("night_theme", "night_theme"),
        ("share-lineLiked the story?", "share-lineliked the story"),
        ("", ""),
        ("   ", ""),
        ("• » |", ""),
    ],
)
def test_normalize_line(raw: str, expected: str) -> None:
    assert normalize_line(raw) == expected


def test_normalize_is_idempotent() -> None:
    for raw in ["• [Share](/s) »", "Comments (12)", "A+", "- Home -", "«Précédent»"]:
        once = normalize_line(raw)
        assert normalize_line(once) == once


# --------------------------------------------------------------------------- the seed page


SEED_CHROME = [
    ("twitter", "social_link"),
    ("youtube", "social_link"),
    ("instagram", "social_link"),
    ("facebook", "social_link"),
    ("telegram", "social_link"),
    ("apple store", "app_badge"),
    ("play market", "app_badge"),
    ("night_theme", "theme_switch"),
    ("ru", "language_switch"),
    ("arm", "language_switch"),
    ("search", "search_prompt"),
    ("WHAT ARE YOU LOOKING FOR ?", "search_prompt"),
    ("A+", "font_size"),
    ("A-", "font_size"),
    ("share-lineLiked the story? Share it on social media!", "icon_ligature"),
    ("print", "print_control"),
    ("copy link", "copy_link"),
    ("Ссылка скопирована", "copy_link"),
    ("ads", "ad_label"),
    ("Follow us on Telegram", "follow_prompt"),
    ("The most important world news", "related_heading"),
    ("loading", "loading"),
]


@pytest.mark.parametrize(("line", "reason"), SEED_CHROME)
def test_seed_page_chrome(line: str, reason: str) -> None:
    assert reason_of(line) == reason


SEED_CONTENT = [
    "What drives North Korea's sudden embrace of involvement in Ukraine war?",
    (
        "North Korea’s previously covert involvement in directly supporting Russia’s war in "
        "Ukraine is now openly embraced by Pyongyang’s leadership, reflecting shifting realities "
        "on the battlefield and in global geopolitics, benefiting both Moscow and the DPRK."
    ),
    (
        "“Moscow sees a transactional relationship where they get munitions and missiles and "
        "troops,” Cha said."
    ),
    "By Nazrin Sadigova",
]


@pytest.mark.parametrize("line", SEED_CONTENT)
def test_seed_page_content_not_matched(line: str) -> None:
    assert match_line(line) is None


# --------------------------------------------------------------------------- per family: must match

MUST_MATCH = {
    "navigation": [
        ("Skip to content", "skip_link"),
        ("Skip to main navigation", "skip_link"),
        ("Zum Inhalt springen", "skip_link"),
        ("Перейти к содержимому", "skip_link"),
        ("Aller au contenu principal", "skip_link"),
        ("Saltar al contenido", "skip_link"),
        ("跳到主要内容", "skip_link"),
        ("Menu", "menu_label"),
        ("Toggle navigation", "menu_label"),
        ("Back to top", "menu_label"),
        ("Nach oben", "menu_label"),
        ("Главное меню", "menu_label"),
        ("Menü schließen", "menu_label"),
        ("Home > News > World", "breadcrumb"),
        ("Главная / Новости / Мир", "breadcrumb"),
        ("Startseite » Politik » Inland", "breadcrumb"),
        ("Sie sind hier: Startseite", "breadcrumb"),
        ("Vous êtes ici : Accueil", "breadcrumb"),
        ("Search…", "search_prompt"),
        ("Suche", "search_prompt"),
        ("Поиск", "search_prompt"),
        ("Rechercher", "search_prompt"),
        ("Buscar", "search_prompt"),
        ("Axtarış", "search_prompt"),
        ("en", "language_switch"),
        ("EN | DE | FR", "language_switch"),
        ("RU AZ EN", "language_switch"),
        ("EN | IT | ES", "language_switch"),
        ("Deutsch", "language_switch"),
        ("Русский", "language_switch"),
        ("Azərbaycanca", "language_switch"),
        ("English | Deutsch | Français", "language_switch"),
        ("Português (Portuguese)", "language_switch"),
        ("Dark mode", "theme_switch"),
        ("Ночная тема", "theme_switch"),
        ("A", None),  # a lone "A" is too ambiguous (quiz answers, list labels)
        ("A- A A+", "font_size"),
        ("Log in", "login"),
        ("Sign in / Register", "login"),
        ("Войти", "login"),
        ("Anmelden", "login"),
        ("Zaloguj się", "login"),
        ("Giriş yap", "login"),
        ("Next", "pagination"),
        ("« Previous", "pagination"),
        ("Older posts", "pagination"),
        ("Page 2 of 5", "pagination"),
        ("Seite 3 von 12", "pagination"),
        ("1 2 3 … 10", "pagination"),
        ("« Prev 1 2 3 4 5 … 12 Next »", "pagination"),
        ("Weiter", "pagination"),
        ("Zurück", "pagination"),
        ("Далее", "pagination"),
        ("Previous Post: Free scooter and motorcycle training", "pagination"),
        ("Vorheriger Beitrag Brandbergweg gesperrt", "pagination"),
        ("Submit", "form_control"),
        ("Name (required)", "form_control"),
    ],
    "social": [
        ("Twitter", "social_link"),
        ("[Facebook](https://facebook.com/acme)", "social_link"),
        ("Facebook Twitter Instagram", "social_link"),
        ("Facebook | Twitter | YouTube | RSS", "social_link"),
        ("VK, Telegram, Odnoklassniki", "social_link"),
        ("ВКонтакте", "social_link"),
        ("Follow us", "follow_prompt"),
        ("Follow us on Twitter", "follow_prompt"),
        ("Подписывайтесь на нас", "follow_prompt"),
        ("Подписывайтесь на наш Telegram-канал", "follow_prompt"),
        ("Folgen Sie uns", "follow_prompt"),
        ("Suivez-nous sur Facebook", "follow_prompt"),
        ("Síguenos en Instagram", "follow_prompt"),
        ("Bizi izləyin", "follow_prompt"),
        ("Share", "share_prompt"),
        ("Share this article", "share_prompt"),
        ("Share on Facebook", "share_prompt"),
        ("Liked the story? Share it on social media!", "share_prompt"),
        ("Teilen", "share_prompt"),
        ("Поделиться", "share_prompt"),
        ("Partager", "share_prompt"),
        ("Compartir", "share_prompt"),
        ("Condividi", "share_prompt"),
        ("Udostępnij", "share_prompt"),
        ("Paylaş", "share_prompt"),
        ("分享到微信", "share_prompt"),
        ("Tweet", "share_prompt"),
        ("Pin it", "share_prompt"),
        ("Click to share on Facebook (Opens in new window)", "share_prompt"),
        (
            "Klicken, um auf Twitter zu teilen (Wird in neuem Fenster geöffnet)",
            "share_prompt",
        ),
        ("%d Bloggern gefällt das:", "share_prompt"),
        ("Teilen Twittern Email", "share_prompt"),
        ("Copy link", "copy_link"),
        ("Link copied!", "copy_link"),
        ("Посилання скопійовано", "copy_link"),
        ("Link kopiert", "copy_link"),
        ("Lien copié", "copy_link"),
        ("Print", "print_control"),
        ("Печать", "print_control"),
        ("Drucken", "print_control"),
        ("Imprimer", "print_control"),
        ("Printer-friendly version", "print_control"),
        ("arrow_forward", "icon_ligature"),
        ("chevron_rightRead more", "icon_ligature"),
        ("keyboard_arrow_down", "icon_ligature"),
        ("expand_more", "icon_ligature"),
    ],
    "apps": [
        ("App Store", "app_badge"),
        ("Google Play", "app_badge"),
        ("Get it on Google Play", "app_badge"),
        ("Download on the App Store", "app_badge"),
        ("App Store | Google Play", "app_badge"),
        ("Скачать приложение", "app_badge"),
        ("Télécharger l'application", "app_badge"),
    ],
    "ads": [
        ("Advertisement", "ad_label"),
        ("ADVERTISEMENT", "ad_label"),
        ("Sponsored", "ad_label"),
        ("Anzeige", "ad_label"),
        ("Werbung", "ad_label"),
        ("Реклама", "ad_label"),
        ("Publicité", "ad_label"),
        ("Publicidad", "ad_label"),
        ("Pubblicità", "ad_label"),
        ("Reklama", "ad_label"),
        ("Reklam", "ad_label"),
        ("广告", "ad_label"),
        ("Story continues below advertisement", "ad_label"),
        ("Loading…", "loading"),
        ("Загрузка...", "loading"),
        ("Wird geladen", "loading"),
        ("Chargement", "loading"),
        ("Yükleniyor", "loading"),
    ],
    "consent": [
        (
            "We use cookies to give you the best experience on our website.",
            "cookie_notice",
        ),
        (
            (
                "This website uses cookies to improve your experience. We'll assume you're ok "
                "with this, but you can opt-out if you wish."
            ),
            "cookie_notice",
        ),
        ("Accept all", "cookie_notice"),
        ("Reject all", "cookie_notice"),
        ("Cookie settings", "cookie_notice"),
        ("Manage preferences", "cookie_notice"),
        ("I agree", "cookie_notice"),
        (
            (
                "Diese Website verwendet Cookies. Wenn du die Website weiter nutzt, gehen wir "
                "von deinem Einverständnis aus."
            ),
            "cookie_notice",
        ),
        ("Alle akzeptieren", "cookie_notice"),
        ("Мы используем файлы cookie, чтобы сайт работал лучше.", "cookie_notice"),
        (
            "Ce site utilise des cookies pour améliorer votre expérience.",
            "cookie_notice",
        ),
        (
            "Utilizamos cookies propias y de terceros para mejorar nuestros servicios.",
            "cookie_notice",
        ),
        ("Questo sito utilizza cookie tecnici e di profilazione.", "cookie_notice"),
        ("Ta strona używa plików cookie.", "cookie_notice"),
        ("Sitemizde çerez kullanıyoruz.", "cookie_notice"),
        ("Deze website maakt gebruik van cookies.", "cookie_notice"),
        ("我们使用cookie来改善您的体验", "cookie_notice"),
        ("Subscribe to our newsletter", "newsletter"),
        (
            "Sign up for our newsletter and get the best stories delivered to your inbox.",
            "newsletter",
        ),
        ("Enter your email address", "newsletter"),
        ("Newsletter abonnieren", "newsletter"),
        ("Подпишитесь на рассылку", "newsletter"),
        ("Inscrivez-vous à notre newsletter", "newsletter"),
        ("Subscribe to continue reading", "paywall"),
        (
            "This content is for subscribers only. Already a subscriber? Log in",
            "paywall",
        ),
        ("Jetzt abonnieren", "paywall"),
        ("Dieser Artikel ist nur für Abonnenten verfügbar.", "paywall"),
        ("Только для подписчиков", "paywall"),
        ("Cet article est réservé aux abonnés.", "paywall"),
        (
            "Please enable JavaScript to view the comments powered by Disqus.",
            "js_notice",
        ),
        ("JavaScript is disabled in your browser.", "js_notice"),
        ("Bitte aktivieren Sie JavaScript in Ihrem Browser.", "js_notice"),
        ("Donate now", "support_prompt"),
    ],
    "footer": [
        ("Privacy Policy", "legal_link"),
        ("Terms of Use", "legal_link"),
        ("Terms & Conditions", "legal_link"),
        ("Impressum", "legal_link"),
        ("Datenschutz", "legal_link"),
        ("Contact us", "legal_link"),
        ("About us", "legal_link"),
        ("Sitemap", "legal_link"),
        ("Careers", "legal_link"),
        ("Politique de confidentialité", "legal_link"),
        ("Mentions légales", "legal_link"),
        ("Aviso legal", "legal_link"),
        ("Политика конфиденциальности", "legal_link"),
        ("Gizlilik Politikası", "legal_link"),
        ("Məxfilik siyasəti", "legal_link"),
        ("隐私政策", "legal_link"),
        ("Impressum | Datenschutz | Kontakt", "legal_link"),
        ("Privacy Policy | Terms of Use | Contact Us", "legal_link"),
        ("Powered by WordPress", "credit_line"),
    ],
    "related": [
        ("Related articles", "related_heading"),
        ("Read more", "related_heading"),
        ("READ MORE: China plague outbreak confirmed", "related_heading"),
        ("You may also like", "related_heading"),
        ("Most popular", "related_heading"),
        ("Читайте также", "related_heading"),
        ("Читайте также: Новый закон вступил в силу", "related_heading"),
        ("Lesen Sie auch", "related_heading"),
        ("Das könnte Sie auch interessieren", "related_heading"),
        ("À lire aussi", "related_heading"),
        ("Lee también", "related_heading"),
        ("Leggi anche", "related_heading"),
        ("Czytaj także", "related_heading"),
        ("Ayrıca okuyun", "related_heading"),
        ("Həmçinin oxuyun", "related_heading"),
        ("相关文章", "related_heading"),
        ("Comments", "comments_heading"),
        ("12 Comments", "comments_heading"),
        ("Comments (3)", "comments_heading"),
        ("Leave a Reply", "comments_heading"),
        ("Kommentare", "comments_heading"),
        ("Комментарии", "comments_heading"),
        ("Commentaires", "comments_heading"),
        ("Yorumlar", "comments_heading"),
        (
            "Your email address will not be published. Required fields are marked *",
            "comments_heading",
        ),
        ("You must be logged in to post a comment.", "comments_heading"),
        ("Tags:", "tags_label"),
        ("Tags: python, docker, getting started", "tags_label"),
        ("Schlagwörter: Berlin, Politik", "tags_label"),
        ("Теги: политика, экономика", "tags_label"),
        ("Étiquettes : cuisine, été", "tags_label"),
        ("Etiquetas: deportes", "tags_label"),
    ],
}

MUST_MATCH_CASES = [
    pytest.param(family, line, reason, id=f"{family}-{line[:30]}")
    for family, cases in MUST_MATCH.items()
    for line, reason in cases
]


@pytest.mark.parametrize(("family", "line", "reason"), MUST_MATCH_CASES)
def test_match_line_reason(family: str, line: str, reason: str | None) -> None:
    hit = match_line(line)
    if reason is None:
        assert hit is None
        return
    assert hit is not None, line
    assert (hit.family, hit.reason) == (family, reason), hit


# --------------------------------------------------------------------------- near misses

NEAR_MISSES = [
    # en
    "Share prices fell sharply on Monday after the announcement.",
    "The company said it would share more details next week.",
    "Follow the money, investigators say.",
    "Search and rescue teams worked through the night.",
    "Print media has been in decline for two decades.",
    "Next year the festival moves to a larger venue.",
    "The previous government had promised to cut taxes.",
    "Home prices rose 5% in the third quarter.",
    "Home is where the heart is, she wrote in her memoir.",
    "Comments made by the minister drew criticism from all sides.",
    "Privacy advocates criticised the policy as too vague.",
    "Many websites use cookies to track visitors, the regulator said.",
    "Read more about the study in the journal Nature.",
    "Loading the ship took three days.",
    "The app store fees have been the subject of an antitrust lawsuit.",
    "Tags are attached to every bird before release.",
    "It is",
    "No, it is not.",
    "Spanish Language",
    "English teacher John Smith retired in 2019.",
    "Close to 200 people attended the meeting.",
    "Advertising revenue fell by a third in 2020.",
    "Twitter said on Tuesday that it had suspended the accounts.",
    "Facebook and Twitter removed the posts after complaints.",
    "Subscribe to the idea that less is more, and you will be happier.",
    "She accepted all of the committee's recommendations.",
    "A",
    "1",
    "2019",
    # de
    "Die Suche nach dem Vermissten wurde am Abend eingestellt.",
    "Teilen Sie diese Ansicht? Viele Experten tun es nicht.",
    "Weiter geht es mit dem zweiten Teil der Reise.",
    "Zurück in Berlin traf er seine alte Band wieder.",
    "Kommentare in sozialen Netzwerken sorgten für Empörung.",
    "Impressum und Datenschutz sind Pflichtangaben für jede Website, erklärt der Anwalt.",
    # ru / uk
    "Поиск пропавших продолжался всю ночь.",
    "Далее министр рассказал о планах правительства.",
    "Поделиться опытом с коллегами он согласился сразу.",
    "Комментарии экспертов разделились.",
    "Реклама на телевидении подорожала на 20%.",
    # fr / es / it / pt
    "Partager le pouvoir n'a jamais été simple pour lui.",
    "Buscar soluciones es la prioridad del gobierno.",
    "Condividi le tue idee con il gruppo di lavoro.",
    "Compartilhar conhecimento é essencial, disse o professor.",
    # pl / tr / nl / az / zh
    "Szukaj a znajdziesz, mówi stare przysłowie.",
    "Paylaşım ekonomisi hızla büyüyor.",
    "Volgende week begint het nieuwe seizoen.",
    "Axtarış əməliyyatı səhərə qədər davam etdi.",
    "他分享了自己的经历。",
    # structure that looks like a list of words but is prose
    "La Presse",
    "Close Encounters",
    "1 3 2",  # not a page run
    "12 45 67",
]


@pytest.mark.parametrize("line", NEAR_MISSES)
def test_near_miss_not_matched(line: str) -> None:
    assert match_line(line) is None, match_line(line)


# --------------------------------------------------------------------------- modes and limits


def test_prefix_mode_needs_short_line() -> None:
    short = "Tags: " + ", ".join(["alpha"] * 10)
    assert reason_of(short) == "tags_label"
    long = "Tags: " + ", ".join(["alpha"] * 60)
    assert len(normalize_line(long)) > phrases.PREFIX_MAX_CHARS
    assert match_line(long) is None


def test_prefix_word_boundary() -> None:
    assert reason_of("Filed under: Politics") == "tags_label"
    assert match_line("Posted inside the package were three letters.") is None


def test_contains_applies_to_long_lines_but_not_huge_ones() -> None:
    banner = (
        "We use cookies to personalise content and ads. "
        + "More text follows here. " * 15
    )
    assert len(banner) > phrases.LINE_MAX_CHARS
    assert reason_of(banner) == "cookie_notice"
    page = "An article paragraph about privacy. " * 40 + " We use cookies, it said."
    assert len(page) > phrases.CONTAINS_MAX_CHARS
    assert match_line(page) is None


def test_long_line_skips_line_rules() -> None:
    line = "share " * 80
    assert len(normalize_line(line)) > phrases.LINE_MAX_CHARS
    assert match_line(line) is None


def test_token_set_reason_is_majority() -> None:
    hit = match_line("Facebook Twitter Email Print")
    assert hit is not None and hit.family == "social" and hit.reason == "social_link"
    assert hit.pattern.startswith("token-set:")


def test_token_set_mixes_families_of_strong_phrases() -> None:
    hit = match_line("Impressum | Datenschutz | Facebook | Instagram | Kontakt")
    assert hit is not None and hit.reason == "legal_link"


def test_weak_tokens_need_a_strong_phrase() -> None:
    assert match_line("ok line") is None  # both only count next to a real network name
    assert reason_of("OK.ru VK") == "social_link"


def test_page_numbers_must_be_consecutive() -> None:
    assert reason_of("1 2 3 4 5") == "pagination"
    assert reason_of("1 2 3 ... 9 10") == "pagination"
    assert match_line("3 1 4 1 5") is None


def test_families_filter() -> None:
    assert match_line("Share", families=["navigation"]) is None
    hit = match_line("Share", families=["social"])
    assert hit is not None and hit.family == "social"
    assert match_line("Impressum", families={"footer", "related"}) == PhraseHit(
        "footer", "legal_link", "impressum"
    )
    with pytest.raises(ValueError, match="unknown phrase families"):
        match_line("Share", families=["nope"])


def test_families_list() -> None:
    fams = families()
    assert fams[:2] == ["navigation", "social"]
    assert set(fams) >= {
        "navigation",
        "social",
        "apps",
        "ads",
        "consent",
        "footer",
        "related",
    }


def test_hit_is_frozen_and_hashable() -> None:
    hit = match_line("Share")
    assert hit is not None
    with pytest.raises(AttributeError):
        hit.reason = "x"  # type: ignore[misc]
    assert hash(hit) == hash(PhraseHit("social", "share_prompt", "share"))


def test_matcher_pickles() -> None:
    m = phrases.default_matcher()
    clone = pickle.loads(pickle.dumps(m))
    assert clone.match("Skip to content") == m.match("Skip to content")


# --------------------------------------------------------------------------- speed and safety

ADVERSARIAL = [
    "a" * 100_000,
    "!" * 100_000,
    "[" * 50_000 + "](" * 25_000,
    "[x](" + "(" * 100_000,
    "home > " * 15_000,
    "we use " * 15_000 + "cookies",
    "1 " * 50_000,
    " " * 100_000 + "share",
    "share-line" * 10_000,
    "follow us on " + "x " * 50_000,
    "\u200b" * 100_000,
    "💥" * 50_000,
    "a+" * 50_000,
]


@pytest.mark.parametrize("line", ADVERSARIAL, ids=lambda s: repr(s[:12]))
def test_adversarial_line_is_fast(line: str) -> None:
    phrases.default_matcher()  # compile outside the timed part
    start = time.process_time()
    match_line(line)
    assert time.process_time() - start < 0.5


def test_regex_rules_are_linear_even_with_search() -> None:
    """Every regex rule, searched over 100 KB strings built from its own characters."""
    import re

    for rule in load_rules():
        if not rule.is_regex:
            continue
        rx = re.compile(rule.key)
        chars = sorted({c for c in rule.key if c.isalnum() or c in " '’-:"})
        probes = ["a" * 100_000, "a " * 50_000, "1 " * 50_000, "".join(chars) * 2000]
        for probe in probes:
            start = time.process_time()
            rx.search(probe + "\x00")
            assert time.process_time() - start < 0.5, rule


def test_match_speed_smoke() -> None:
    lines = [line for line, _ in SEED_CHROME] + SEED_CONTENT + NEAR_MISSES
    phrases.default_matcher()
    start = time.process_time()
    for _ in range(20):
        for line in lines:
            match_line(line)
    per_line = (time.process_time() - start) / (20 * len(lines))
    assert per_line < 200e-6  # generous: real figure is a few microseconds


# --------------------------------------------------------------------------- the data files


def test_every_family_covers_required_languages() -> None:
    langs: dict[str, set[str]] = {}
    for rule in load_rules():
        for lang in rule.lang.replace(" ", "").split(","):
            langs.setdefault(rule.family, set()).add(lang)
    for family, seen in langs.items():
        missing = [lang for lang in REQUIRED_LANGS if lang not in seen]
        assert not missing, (family, missing)


def test_every_rule_has_a_language_group() -> None:
    assert all(rule.lang for rule in load_rules())


def test_no_duplicate_rules_in_a_file() -> None:
    counts = Counter((r.family, r.reason, r.mode, r.pattern) for r in load_rules())
    assert [k for k, v in counts.items() if v > 1] == []


def test_literal_line_patterns_match_themselves() -> None:
    """A literal phrase as written in the file is matched (catches stray regex syntax)."""
    m = phrases.default_matcher()
    for rule in m.rules:
        if rule.mode == "line" and not rule.is_regex:
            hit = m.match(rule.pattern)
            assert hit is not None, rule


def test_regex_line_rules_have_no_capturing_groups() -> None:
    import re

    for rule in load_rules():
        if rule.is_regex:
            assert re.compile(rule.key).groups == 0, rule


def test_reason_codes_are_snake_case_and_stable() -> None:
    reasons = {(r.family, r.reason) for r in load_rules()}
    expected = {
        ("navigation", "skip_link"),
        ("navigation", "menu_label"),
        ("navigation", "breadcrumb"),
        ("navigation", "search_prompt"),
        ("navigation", "language_switch"),
        ("navigation", "theme_switch"),
        ("navigation", "font_size"),
        ("navigation", "login"),
        ("navigation", "pagination"),
        ("social", "social_link"),
        ("social", "follow_prompt"),
        ("social", "share_prompt"),
        ("social", "copy_link"),
        ("social", "print_control"),
        ("social", "icon_ligature"),
        ("apps", "app_badge"),
        ("ads", "ad_label"),
        ("ads", "loading"),
        ("consent", "cookie_notice"),
        ("consent", "newsletter"),
        ("consent", "paywall"),
        ("consent", "js_notice"),
        ("footer", "legal_link"),
        ("related", "related_heading"),
        ("related", "comments_heading"),
        ("related", "tags_label"),
    }
    assert expected <= reasons


# --------------------------------------------------------------------------- custom files


def write(tmp_path, name: str, body: str):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_custom_phrase_file(tmp_path) -> None:
    path = write(
        tmp_path,
        "widgets.txt",
        "# en\n"
        "weather_box\tline\tweather forecast\n"
        "weather_box\tprefix\ttoday's weather:\n"
        "weather_box\tcontains\tpowered by weatherwidget\n",
    )
    m = PhraseMatcher(load_rules([path]))
    assert m.families == ("widgets",)
    assert m.match("• Weather forecast »") == PhraseHit(
        "widgets", "weather_box", "weather forecast"
    )
    assert m.match("Today's weather: sunny") is not None
    assert m.match("Sunny, 21°C, powered by WeatherWidget") is not None
    assert m.match("The weather forecast was wrong again, said the farmer.") is None
    rule = m.rules[0]
    assert (rule.lang, rule.source) == ("en", "widgets.txt:2")


def test_custom_file_extends_the_packaged_rules(tmp_path) -> None:
    path = write(tmp_path, "widgets.txt", "# en\nweather_box\tline\tweather forecast\n")
    m = PhraseMatcher(load_rules() + load_rules([path]))
    assert m.families[-1] == "widgets"
    assert m.match("Weather forecast") == PhraseHit(
        "widgets", "weather_box", "weather forecast"
    )
    assert m.match("Share") == PhraseHit("social", "share_prompt", "share")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("share\tline\n", "expected reason<TAB>mode<TAB>pattern"),
        ("Share\tline\tshare\n", "snake_case"),
        ("share\twhole\tshare\n", "unknown mode"),
        ("share\tline\t(share|tweet)\n", "non-capturing"),
        ("share\tline\t(?:share\n", "bad regular expression"),
        ("share\tline\t»\n", "empty once normalised"),
        ("share\ttoken\tfoo|bar\n", "token rules are literal"),
    ],
)
def test_bad_phrase_file(tmp_path, body: str, message: str) -> None:
    path = write(tmp_path, "bad.txt", body)
    with pytest.raises(PhraseFileError, match=message) as info:
        load_rules([path])
    assert "bad.txt:1" in str(info.value)


@pytest.mark.parametrize(
    ("pattern", "needles"),
    [
        ("(?:photo|bild) ?credit", ("credit",)),
        ("delivered (?:\\S{1,15} )?to (?:your|my) inbox", ("delivered ",)),
        ("(?:sign|signed) up for (?:newsletters?|mailing list)", ("mailing list", "newsletter")),
        ("(?:^|[(|/] ?)(?:photo|photo credit|foto)", ("foto", "photo")),  # "photo credit" holds "photo"
        ("\\d{1,2}[./]\\d{1,2}", None),  # no literal every match holds
        ("(?i)cookies", None),  # case-insensitive: a substring test would miss "Cookies"
    ],
)
def test_needles_every_match_holds_one(pattern: str, needles: tuple[str, ...] | None) -> None:
    assert phrases._needles(pattern) == needles


def test_contains_rules_gated_by_needles_match_as_the_combined_search(tmp_path) -> None:
    path = write(
        tmp_path,
        "credits.txt",
        "# en\n"
        "photo_credit\tcontains\t(?:^|[(|/] ?)(?:photo|image) ?: ?\\S\n"
        "newsletter\tcontains\tdelivered (?:\\S{1,15} )?to your inbox\n",
    )
    gated = PhraseMatcher(load_rules([path]))
    assert gated._contains_needles is not None
    plain = PhraseMatcher(load_rules([path]))
    plain._contains_needles = None  # as a rule without needles does: the combined search
    lines = ["A storm hit the coast. (Photo: Reuters)", "News delivered straight to your inbox",
             "Updated 12/03/2024 by the desk", "Nothing to see here at all, friends"]
    assert [gated.match(s) for s in lines] == [plain.match(s) for s in lines]
    assert [h.reason if h else None for h in map(gated.match, lines)] == [
        "photo_credit", "newsletter", None, None]


def test_every_shipped_contains_rule_has_needles() -> None:
    # one regex rule without a literal needle turns the gate off for all of them, and every
    # line pays the combined search again (2x the phrase step): name the rule that does
    from scrapeclean.phrases import _rule_regex, default_matcher

    rules = [r for r in load_rules() if r.is_regex and r.mode == "contains"]
    assert rules, "the shipped tables have contains-mode regex rules"
    assert [r.key for r in rules if not phrases._needles(_rule_regex(r))] == []
    assert default_matcher()._contains_needles is not None
