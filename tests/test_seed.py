"""The seed page (fixtures/seed-caliber-article.txt) must come out exactly right."""
from __future__ import annotations

import pytest

import scrapeclean

CHROME = ["twitter", "youtube", "instagram", "facebook", "telegram", "apple store", "play market",
          "night_theme", "A+", "A-", "WHAT ARE YOU LOOKING FOR", "Any use of materials",
          "Views:", "share-line", "Liked the story", "Ссылка скопирована", "Follow us on Telegram",
          "The most important world news", "loading", "By Nazrin Sadigova", "25 August 2025",
          "What drives North Korea's sudden embrace", "Caliber.Az", "print", "copy link"]


@pytest.fixture(scope="module")
def result(seed_text: str) -> scrapeclean.CleanResult:
    return scrapeclean.clean(seed_text)


def test_seed_text_starts_and_ends_with_the_article(result: scrapeclean.CleanResult) -> None:
    assert result.text.startswith("North Korea’s previously covert involvement")
    assert result.text.endswith("they really do not care what the North Koreans do.”")


def test_seed_text_keeps_every_article_paragraph(result: scrapeclean.CleanResult, seed_text: str) -> None:
    lines = seed_text.splitlines()
    first = next(i for i, l in enumerate(lines) if l.startswith("North Korea’s previously"))
    last = next(i for i, l in enumerate(lines) if l.startswith("“Moscow sees a transactional"))
    article = [l for l in lines[first:last + 1] if l.strip()]
    assert result.text.split("\n\n") == article


@pytest.mark.parametrize("chrome", CHROME)
def test_seed_text_has_no_chrome(result: scrapeclean.CleanResult, chrome: str) -> None:
    for line in result.text.splitlines():
        if len(chrome) <= 12:
            assert line.strip().lower() != chrome.lower()
        else:
            assert chrome not in line


def test_seed_metadata(result: scrapeclean.CleanResult) -> None:
    m = result.metadata
    assert m.title == "What drives North Korea's sudden embrace of involvement in Ukraine war?"
    assert m.published == "2025-08-25T04:23"
    assert m.authors == ["Nazrin Sadigova"]
    assert m.site_name == "Caliber.az"
    assert m.section == "WORLD"
    assert m.views == 343
    assert m.language == "en"
    assert m.copyright and "Caliber.az" in m.copyright and "2025" in m.copyright


def test_seed_every_removal_has_a_reason(result: scrapeclean.CleanResult) -> None:
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons["Views: 343"] == "views_counter"
    assert reasons["Ссылка скопирована"] == "copy_link"
    assert reasons["By Nazrin Sadigova"] == "byline"
    assert reasons["25 August 2025 04:23"] == "dateline"
    assert reasons["What drives North Korea's sudden embrace of involvement in Ukraine war?"] == "title"
    assert all(r.reason and r.filter for r in result.removed)
