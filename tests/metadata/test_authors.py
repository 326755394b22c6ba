"""Tests for scrapeclean.metadata.authors."""

from __future__ import annotations

import time

import pytest

from scrapeclean.metadata.authors import is_byline, parse_byline


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Nazrin Sadigova", ["Nazrin Sadigova"]),
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("By Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
        ("By Jane Doe, John Roe and Max Mustermann", ["Jane Doe", "John Roe", "Max Mustermann"]),
        ("by Jane Doe", ["Jane Doe"]),
        ("BY JANE DOE", ["JANE DOE"]),
        ("By: Jane Doe", ["Jane Doe"]),
        ("— By Jane Doe", ["Jane Doe"]),
        ("Written by Jane Doe", ["Jane Doe"]),
        ("Posted by Jane Doe", ["Jane Doe"]),
        ("Von Max Mustermann", ["Max Mustermann"]),
        ("Von Max Mustermann und Erika Musterfrau", ["Max Mustermann", "Erika Musterfrau"]),
        ("Text: Max Mustermann", ["Max Mustermann"]),
        ("Par Jean Dupont", ["Jean Dupont"]),
        ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
        ("Por Ana García", ["Ana García"]),
        ("Por Ana García y Luis Pérez", ["Ana García", "Luis Pérez"]),
        ("Di Mario Rossi", ["Mario Rossi"]),
        ("Door Jan de Vries", ["Jan de Vries"]),
        ("Autor: Jan Kowalski", ["Jan Kowalski"]),
        ("Autorka: Anna Nowak", ["Anna Nowak"]),
        ("Автор: Иван Петров", ["Иван Петров"]),
        ("Автор: Іван Франко", ["Іван Франко"]),
        ("Yazar: Ahmet Yılmaz", ["Ahmet Yılmaz"]),
        ("Müəllif: Nazrin Sadigova", ["Nazrin Sadigova"]),
        ("Av Ola Nordmann", ["Ola Nordmann"]),
        ("Kirjoittaja: Matti Meikäläinen", ["Matti Meikäläinen"]),
        ("Szerző: Kovács János", ["Kovács János"]),
        ("作者：张伟", ["张伟"]),
        ("By Vincent van Gogh", ["Vincent van Gogh"]),
        ("By Mohammed al-Hassan", ["Mohammed al-Hassan"]),
        ("By Conor O'Brien", ["Conor O'Brien"]),
        ("By J. R. R. Tolkien", ["J. R. R. Tolkien"]),
        ("By Jean-Luc Picard", ["Jean-Luc Picard"]),
    ],
)
def test_authors_labelled_bylines(line: str, names: list[str]) -> None:
    assert parse_byline(line) == names
    assert is_byline(line)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By JOHN SMITH, Associated Press", ["JOHN SMITH"]),
        ("By Jane Doe, Staff Writer", ["Jane Doe"]),
        ("By Jane Doe | Reuters", ["Jane Doe"]),
        ("By Jane Doe, AP", ["Jane Doe"]),
        ("By Jane Doe, The Guardian", ["Jane Doe"]),
        ("By Jane Doe - Senior Correspondent", ["Jane Doe"]),
        ("By Jane Doe, Caliber.az", ["Jane Doe"]),
        ("Von Max Mustermann, dpa", ["Max Mustermann"]),
    ],
)
def test_authors_affiliation_is_dropped(line: str, names: list[str]) -> None:
    assert parse_byline(line) == names


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Chris Davies - Nov 19, 2019, 10:31 pm CST", ["Chris Davies"]),
        ("Jane Doe | 25.08.2025", ["Jane Doe"]),
        ("By Jane Doe Published 25 Aug 2025", ["Jane Doe"]),
        ("By Jane Doe, 25 August 2025 04:23", ["Jane Doe"]),
        ("Posted on March 3, 2021 by Jane Doe", ["Jane Doe"]),
        ("Von Max Mustermann | 25.08.2025, 14:05 Uhr", ["Max Mustermann"]),
    ],
)
def test_authors_with_dates(line: str, names: list[str]) -> None:
    assert parse_byline(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "By the way, we moved our office.",
        "By 2025 the market will double.",
        "By clicking Subscribe you agree to our terms and conditions",
        "By Jane Doe who has covered the war for many years now and more",
        "By Agent 47",
        "Von Berlin nach Hamburg",
        "Von 2019 bis 2021",
        "Di solito non",
        "Por favor",
        "Par exemple",
        "Posted on March 3, 2021 by admin",
        "Updated Nov 19, 2019",
        "Barack Obama visited on Nov 19, 2019",
        "Jane Doe",  # a bare name with no label or date is not a byline
        "The quick brown fox jumps over the lazy dog",
        "",
        "By",
        "By " + "Name " * 40,
        "Views: 343",
        "25 August 2025 04:23",
        "By This Time Tomorrow",
        "Autor: 12345",
        "By Agent 47",
        "Autor:innen",  # German gender form, no label
        "Posted by 5 Comments",
    ],
)
def test_authors_rejects(line: str) -> None:
    assert parse_byline(line) is None
    assert not is_byline(line)


ADVERSARIAL = [
    "By " + "A" * 100_000,
    "By " + "Aa " * 33_000,
    "By " + "a-" * 50_000,
    "By " + ", " * 50_000,
    "Автор: " + "Я " * 50_000,
    "Chris Davies - " + "Nov 19, " * 12_000,
    "By " + " and " * 20_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_authors_adversarial_fast(text: str) -> None:
    t0 = time.process_time()
    parse_byline(text)
    for _ in range(100):
        parse_byline(text[:160])
    assert time.process_time() - t0 < 0.5


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Matthew Digby, Minh Do on Monday, November 18th, 2019 at 11:08 a.m.", ["Matthew Digby", "Minh Do"]),
        ("Publicado por Alberto González", ["Alberto González"]),
        ("Text von Christian Seiler \u00a0 \u00a0Illustration von Markus Roost", ["Christian Seiler"]),
        ("Blog Beitrag von Margarita Koreneva", None),  # "Blog" in front: not a label we know
        ("Beitrag von Margarita Koreneva", ["Margarita Koreneva"]),
        ("About the Author - Florina Ionescu", ["Florina Ionescu"]),
        ("Von Jo\u00adhan\u00adnes Rau", ["Johannes Rau"]),
        ("By Van Morrison", ["Van Morrison"]),
    ],
)
def test_authors_corpus_shapes(line: str, names: list[str] | None) -> None:
    assert parse_byline(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "05.11.23 - 11:07 von Peter Müller zu",  # comment feed: "von X zu <article>"
        "Rezept vom 9 Nov. 2014",
        "Foto: Keystone",  # photo credits are not authors
        "Photo: Gene J. Puskar",
        "By Occasion",  # shop/recipe filters
        "Sort By Popularity",
        "Jane Doe, 25.08.2025, said the minister in a speech",
    ],
)
def test_authors_corpus_rejects(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Von Menschen und Mäusen",  # a title, not two one-word authors
        "von Künstlern, Bands, DJs,",
        "Authors & Referees",
        "Autoren & Herausgeber",
        "BY MAIN INGREDIENT:",
        "Author ArchivesWebsiteTwitterGithubStack OverflowYoutube",
        "Letzte Änderung\u00a014.02.2019",
        "Letzter Beitrag: 23.03.2010, 13:16",
        "CBS News February 24, 2020, 7:57 AM",
        "1. Januar 2016 von KleineGrüneMonster Ein Kommentar",
    ],
)
def test_authors_corpus_false_positives(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Marcus De Guzman 2019-11-20 17:27:46", ["Marcus De Guzman"]),
        ("Von Isabella.DiBiase am Samstag, 19. Oktober 2019 um 11:14 Uhr", ["Isabella.DiBiase"]),
        ("By Jessica DeFino", ["Jessica DeFino"]),
        ("By Al Root Updated Nov. 19, 2019 8:21 am ET / Original Nov. 19, 2019 8:02 am ET", ["Al Root"]),
        ("By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER", ["LISA MASCARO", "MARY CLARE JALONICK", "ERIC TUCKER"]),
        ("Posted by Pamela Rendi-Wagner on\u00a0Sunday, February 6, 2022", ["Pamela Rendi-Wagner"]),
        ("By GRACE ZOKOVITCH | gzokovitch@bostonherald.com", ["GRACE ZOKOVITCH"]),
        ("作者：张伟、李娜", ["张伟", "李娜"]),
    ],
)
def test_authors_corpus_true_positives(line: str, names: list[str]) -> None:
    assert parse_byline(line) == names


@pytest.mark.parametrize(
    ("line", "names"),
    [
        # the names end at a counter, the next field's label or a parenthetical
        ("July 24, 2019 by Amy Motroni 5 Comments", ["Amy Motroni"]),
        ("12/04/2020 by Kay 24 Comments", ["Kay"]),
        ("Von Katharina Schmidt Kategorien: Mode 6. November 2023, 15:25 Uhr", ["Katharina Schmidt"]),
        ("Autor: Samuel Diekmann (Sponsored Post), Redner bei rent-a-pastor.com", ["Samuel Diekmann"]),
        # innerText glues the updated date to the published one
        ("22. Dezember 201922. Dezember 2019 von Peter Addor", ["Peter Addor"]),
        ("Veröffentlicht am 10. Februar 20199. Februar 2019 von Heiko", ["Heiko"]),
        # a handle after "Label:" or in a dated byline
        ("Verfasst von: mitundvoneinander | 31. Dezember 2008", ["mitundvoneinander"]),
        ("von eseppelt · 31. Oktober 2023", ["eseppelt"]),
        ("Author: Bo2man am 29.12.2010, 13:36 Uhr", ["Bo2man"]),
        # date labels between a bare name and its date; initials are no date label
        ("Dominique Wehrmann am 4. Februar 2022 um 11:23", ["Dominique Wehrmann"]),
        ("Von R. R. am 07.08.2013 um 09:07 Uhr gespeichert unter Kommunizieren", ["R. R"]),
        # a reporter's role glued to the name; the next field's label ends it
        ("作者： 记者王敬照 编辑： 王华军", ["王敬照"]),
        ("作者：文天祥", ["文天祥"]),
    ],
)
def test_authors_byline_tails(line: str, names: list[str]) -> None:
    """Shapes of the dev corpus's innerText bylines that session 6 taught the parser."""
    assert parse_byline(line) == names


def test_authors_seed_page_hits_only_the_expected_line() -> None:
    from pathlib import Path

    seed = Path(__file__).resolve().parents[3] / "shared" / "seed-caliber-article.txt"
    if not seed.exists():
        pytest.skip("shared seed page not present")
    hits = [line for line in seed.read_text("utf-8").splitlines() if parse_byline(line) is not None]
    assert hits == ["By Nazrin Sadigova"]
