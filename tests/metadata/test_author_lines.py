"""Author lines found on the dev corpus's text renderings: glued labels, dated bylines, and a
bare name under the headline (filters/headline.py)."""
from __future__ import annotations

import pytest

import scrapeclean
from scrapeclean.metadata.authors import is_name, parse_byline


@pytest.mark.parametrize("line, names", [
    ("ByAlex Bozarjian", ["Alex Bozarjian"]),  # innerText glues the label to the name
    ("ByJ.R. Stone", ["J.R. Stone"]),
    ("6. Dezember 2022 von Fatima in Gefühle, Popkultur", ["Fatima"]),  # category after "in"
    ("Posted on March 3, 2021 by Jane Doe in News", ["Jane Doe"]),
    # a link after the name is no second author
    ("Veröffentlicht am 6. Juli 2015 von Mark Hosak — Hinterlasse eine Antwort", ["Mark Hosak"]),
])
def test_bylines(line: str, names: list[str]) -> None:
    assert parse_byline(line) == names


@pytest.mark.parametrize("line", ["VonMenschen", "Byzanz", "Von Berlin nach Hamburg", "BYD Auto"])
def test_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize("text, expected", [
    ("Christoph von Eichhorn", True), ("Leah C. Stokes", True), ("Jessica DeFino", True),
    ("Associated Press", False), ("Getty Images", False), ("2 Kommentare", False),
])
def test_is_name(text: str, expected: bool) -> None:
    assert is_name(text) is expected


ARTICLE = "\n\n".join(
    f"Paragraph {i} of the report says, in plain words, what the council decided about the new "
    "bridge and why the residents of the town were worried about its cost." for i in range(6))


def test_bare_name_next_to_the_date_is_the_author() -> None:
    page = ("Home\nNews\nSport\n\nCouncil approves the new bridge over the river\n\n"
            "Christoph von Eichhorn\n\n25. August 2025\n\n" + ARTICLE)
    res = scrapeclean.clean(page)
    assert res.metadata.title == "Council approves the new bridge over the river"
    assert res.metadata.authors == ["Christoph von Eichhorn"]
    assert "Eichhorn" not in res.text


def test_gettext_label_line_then_name() -> None:
    page = "Council approves the new bridge over the river\n\nBy\n\nJane Roe\n\n" + ARTICLE
    assert scrapeclean.clean(page).metadata.authors == ["Jane Roe"]


def test_capitalised_words_without_evidence_are_no_author() -> None:
    # a stop word, an abstract noun, and a pair of capitalised words with no label or date
    page = ("Council approves the new bridge over the river\n\nWeitere Themen\n\n"
            "Internationale Politik\n\nSeite drucken\n\nHistorischer Markt\n\n" + ARTICLE)
    assert scrapeclean.clean(page).metadata.authors == []


def test_dated_handle_and_dated_name_under_the_headline() -> None:
    assert parse_byline("Veröffentlicht am 12. Juni 2017 von gizzmo") == ["gizzmo"]
    assert parse_byline("Posted on March 3, 2021 by admin") is None
    # "<date> Name" is a byline only under the headline; in a teaser list it is content
    assert parse_byline("September 17, 2019 Helmut Rubik 0") is None
    page = "Council approves the new bridge over the river\n\nSeptember 17, 2019 Helmut Rubik 0\n\n" + ARTICLE
    assert scrapeclean.clean(page).metadata.authors == ["Helmut Rubik"]


def test_gettext_label_line_then_handle() -> None:
    page = "Council approves the new bridge over the river\n\n12. Juni 2017\n\nvon\n\ngizzmo\n\n" + ARTICLE
    assert scrapeclean.clean(page).metadata.authors == ["gizzmo"]


def test_bare_name_that_the_article_writes_in_lower_case_is_a_phrase() -> None:
    # "Open Future" right under the headline looks like a name; the article's "future", "open" say not
    page = ("Council approves the new bridge over the river\n\nOpen Future\n\n" + ARTICLE +
            "\n\nWe expect that future votes will be open to every resident of the town.")
    assert scrapeclean.clean(page).metadata.authors == []
    # a name the text writes in lower case only as itself ("watson/oliver baroni") stays a name
    page = ("Council approves the new bridge over the river\n\nOliver Baroni\n\n" + ARTICLE +
            "\n\nVideo: watson/oliver baroni")
    assert scrapeclean.clean(page).metadata.authors == ["Oliver Baroni"]


def test_categories_before_the_date_are_no_byline() -> None:
    # "Ehrenamt Jugendverbände 23.01.2020": both words are menu entries of the page
    page = ("Themen\nEhrenamt\nJugendverbände\nFrieden\n\nBundespräsident würdigte das Engagement\n\n"
            "Ehrenamt Jugendverbände 23.01.2020\n\n" + ARTICLE)
    assert scrapeclean.clean(page).metadata.authors == []
    page = "Council approves the new bridge over the river\n\nJane Doe | 25.08.2025\n\n" + ARTICLE
    assert scrapeclean.clean(page).metadata.authors == ["Jane Doe"]


def test_text_bylines_screened_like_html_ones() -> None:
    # an organisation ("Going For Growth") is no author on text input either
    page = "Council approves the new bridge over the river\n\nGoing For Growth April 25, 2022\n\n" + ARTICLE
    assert scrapeclean.clean(page).metadata.authors == []


def test_byline_of_a_teaser_below_the_article_is_not_the_authors() -> None:
    teasers = "".join(f"\n\n{title}\n\nBy {name} 12 May 2022, 4:1{i}pm" for i, (title, name) in enumerate([
        ("River flooding closes the road", "Ann Lee"), ("School reopens after repairs", "Bob Roe"),
        ("Market moves to the square", "Cy Poe")]))
    page = "Council approves the new bridge over the river\n\n" + ARTICLE + "\n\nMore stories" + teasers
    assert scrapeclean.clean(page).metadata.authors == []
    page = "Council approves the new bridge over the river\n\nBy Jane Doe\n\n" + ARTICLE + "\n\nMore stories" + teasers
    assert scrapeclean.clean(page).metadata.authors == ["Jane Doe"]
