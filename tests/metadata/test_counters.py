"""Tests for scrapeclean.metadata.counters.parse_counter."""

from __future__ import annotations

import time

import pytest

from scrapeclean.metadata.counters import CounterFound, parse_counter


@pytest.mark.parametrize(
    ("line", "kind", "value"),
    [
        ("Views: 343", "views", 343),
        ("343 views", "views", 343),
        ("1.2K views", "views", 1200),
        ("1,2K views", "views", 1200),
        ("12K Views", "views", 12000),
        ("3.4M views", "views", 3_400_000),
        ("1,234 Views", "views", 1234),
        ("1.234.567 Aufrufe", "views", 1_234_567),
        ("Просмотров: 343", "views", 343),
        ("Просмотры 343", "views", 343),
        ("2,5 тыс. просмотров", "views", 2500),
        ("Переглядів: 12", "views", 12),
        ("Aufrufe: 12", "views", 12),
        ("Vues : 12", "views", 12),
        ("Visitas: 12", "views", 12),
        ("Visualizzazioni 12", "views", 12),
        ("Wyświetlenia: 12", "views", 12),
        ("Görüntülenme: 12", "views", 12),
        ("Baxış: 343", "views", 343),
        ("12 bekeken", "views", 12),
        ("阅读 343", "views", 343),
        ("👁 343", "views", 343),
        ("• 343 views", "views", 343),
        ("12 Comments", "comments", 12),
        ("Comments (12)", "comments", 12),
        ("Kommentare (3)", "comments", 3),
        ("0 comments", "comments", 0),
        ("Комментарии: 5", "comments", 5),
        ("15 Kommentare", "comments", 15),
        ("3 commentaires", "comments", 3),
        ("No comments", "comments", 0),
        ("Keine Kommentare", "comments", 0),
        ("💬 7", "comments", 7),
        ("12 likes", "likes", 12),
        ("3 shares", "shares", 3),
        ("5 min read", "reading_time", 5),
        ("5 Min Read", "reading_time", 5),
        ("Lesezeit: 4 Minuten", "reading_time", 4),
        ("4 Min. Lesezeit", "reading_time", 4),
        ("Reading time: 3 min", "reading_time", 3),
        ("Время чтения: 5 мин", "reading_time", 5),
        ("Okuma süresi: 4 dk", "reading_time", 4),
        ("3 min de lecture", "reading_time", 3),
        ("Tiempo de lectura: 6 minutos", "reading_time", 6),
        ("343 views · 12 comments", "views", 343),
        ("171 Tsd. Likes", "likes", 171_000),
        ("[ 167 comments ]", "comments", 167),
        ("2\u00a0min lues", "reading_time", 2),
        ("Viewed 38k times", "views", 38_000),
        ("VIEW ALL 32 COMMENTS", "comments", 32),
        ("This Post Has 80 Comments", "comments", 80),
        ("Komentarze(9)", "comments", 9),
        ("52Comments", "comments", 52),
        ("Lesedauer ca. 7 Minuten", "reading_time", 7),
        ("Estimated reading time: 6 minutes", "reading_time", 6),
    ],
)
def test_counters_parse(line: str, kind: str, value: int) -> None:
    assert parse_counter(line) == CounterFound(kind, value)


@pytest.mark.parametrize(
    "line",
    [
        "343 people were evacuated",
        "Views",
        "Comments",
        "Share",
        "Read 5",
        "5 minutes",
        "Chapter 5",
        "2025",
        "Page 2 of 5",
        "(12)",
        "",
        "The article has 343 views and 12 comments so far, which is a lot",
        "Views: 343 " + "x" * 100,
        "12 Monkeys",
        "Top 10 views of Paris",
        "343 views · by Jane Doe",
        "25 August 2025 04:23",
        "Kommentare — 17. Oktober 2019",
        "Holiday / 29 mins ago",
        "60 Minutes",
        "View all (4)",
        "iPad mini 5",
        "250 g minced lamb",
    ],
)
def test_counters_rejects(line: str) -> None:
    assert parse_counter(line) is None


ADVERSARIAL = [
    "1" * 100_000,
    "1," * 50_000,
    "1 " * 50_000,
    "Views " * 16_000,
    "views: " + "1." * 50_000,
    "👁" * 100_000,
    "a" * 100_000,
    "1 min " * 16_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_counters_adversarial_fast(text: str) -> None:
    t0 = time.process_time()
    parse_counter(text)
    for _ in range(100):
        parse_counter(text[:80])
    assert time.process_time() - t0 < 0.5


def test_counters_seed_page_hits_only_the_expected_line() -> None:
    from pathlib import Path

    seed = Path(__file__).resolve().parents[3] / "shared" / "seed-caliber-article.txt"
    if not seed.exists():
        pytest.skip("shared seed page not present")
    hits = [line for line in seed.read_text("utf-8").splitlines() if parse_counter(line) is not None]
    assert hits == ["Views: 343"]
