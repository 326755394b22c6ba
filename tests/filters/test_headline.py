"""The headline filter: the publication date among the page's date lines, the section label."""
from __future__ import annotations

import pytest

import json
from pathlib import Path

from scrapeclean import clean

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"

BODY = "\n\n".join(
    f"The council met on Tuesday to discuss the budget, and after a long debate it decided to "
    f"postpone the vote until the next session in the spring, officials said. Item {i} adds detail."
    for i in range(6))


@pytest.mark.parametrize("dates", [
    # gettext splits each label from its date
    "Updated:\n\n08:39 GMT, 28 September 2020\n\n|\n\nPublished:\n\n22:00 GMT, 26 September 2020",
    "Updated: 08:39 GMT, 28 September 2020\n\nPublished: 22:00 GMT, 26 September 2020",
    "Aktualisiert: 28.09.2020, 08:39\n\nVeröffentlicht: 26.09.2020, 22:00",
])
def test_the_publication_date_beats_the_update_printed_next_to_it(dates: str) -> None:
    raw = f"Home\nNews\nSport\n\nCouncil delays the budget vote to spring\n\n{dates}\n\n{BODY}\n\nPrivacy Policy"
    assert clean(raw).metadata.published.startswith("2020-09-26")


def test_an_update_date_alone_is_still_the_date() -> None:
    # no publication date line near it: the update is the best date the page gives
    raw = (f"Home\nNews\n\nCouncil delays the budget vote to spring\n\n"
           f"Updated 3:27 am PST, Wednesday, November 20, 2019\n\n{BODY}\n\nPrivacy Policy")
    assert clean(raw).metadata.published.startswith("2019-11-20")


@pytest.mark.parametrize(("label", "section"), [("WORLD", "WORLD"), ("COVID-19", "COVID-19"), ("14°C", None)])
def test_section_label_above_the_headline_is_words(label: str, section: str | None) -> None:
    raw = f"Home\nNews\nSport\n\n{label}\n\nCouncil delays the budget vote to spring\n\n{BODY}\n\nPrivacy Policy"
    assert clean(raw).metadata.section == section


def test_headline_joined_to_its_kicker_and_counter_is_the_line_the_address_repeats() -> None:
    # innerText of a fragmented page: "Video Game" / the headline / "3.409 letture" read as one
    # paragraph; the address's slug repeats the headline (remember8090.it)
    page = PAGES / "remember8090.it-sh-20b2b64916b0"
    url = json.loads((page / "page.json").read_text(encoding="utf-8"))["url"]
    res = clean((page / "innertext.txt").read_bytes(), url=url)
    assert res.metadata.title == "Black Friday per nostalgici: le occasioni da non perdere"
