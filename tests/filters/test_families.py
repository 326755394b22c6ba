"""Each built-in filter family: what it removes (with which reason), and what it keeps."""
from __future__ import annotations

from pathlib import Path

import pytest

from scrapeclean import Pipeline

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"

PROSE = ("The committee met on Tuesday to discuss the budget, and after a long debate it "
         "decided to postpone the vote until the next session in the spring.")

# (filter, line, expected reason)
REMOVES = [
    ("navigation", "WHAT ARE YOU LOOKING FOR ?", "search_prompt"),
    ("navigation", "A+", "font_size"),
    ("navigation", "night_theme", "theme_switch"),
    ("navigation", "Zum Inhalt springen", "skip_link"),
    ("social", "Follow us on Telegram", "follow_prompt"),
    ("social", "Ссылка скопирована", "copy_link"),
    ("social", "Facebook Twitter Instagram", "social_link"),
    ("social", "share-lineLiked the story? Share it on social media!", "icon_ligature"),
    ("apps", "Get it on Google Play", "app_badge"),
    ("ads", "Advertisement", "ad_label"),
    ("ads", "loading", "loading"),
    ("consent", "We use cookies to improve your experience on our website.", "cookie_notice"),
    ("consent", "Subscribe to our newsletter", "newsletter"),
    ("footer", "Privacy Policy", "legal_link"),
    ("related", "Read also", "related_heading"),
    ("related", "Leave a Reply", "comments_heading"),
    # a read-more heading glued to its teaser, without a colon
    ("related", "Lesen Sie auch Darf ich meine Zaubernuss umpflanzen?", "related_heading"),
    ("related", "À lire aussi » Ballonnements, lourdeurs : quel est votre profil digestif ?", "related_heading"),
    ("related", "Please understand that comments are moderated.", "comments_heading"),
    ("consent", "Never miss the latest news by signing up to our newsletter today!", "newsletter"),
    ("consent", "Jede kleine Spende hilft!", "support_prompt"),
    ("footer", "Erdölpumpen im Abendrot. Bild: TebNad/Shutterstock.com", "photo_credit"),
    ("footer", "Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO", "photo_credit"),
    ("footer", "(Credit: Clayton Aldern / Grist)", "photo_credit"),
    ("footer", "Photo by Jason Kempin/Getty Images", "photo_credit"),
    ("counters", "Views: 343", "views_counter"),
    ("counters", "Просмотров: 1 204", "views_counter"),
    ("counters", "12 Comments", "comments_counter"),
    ("copyright", "© 2025 Example Media GmbH. All rights reserved.", "copyright"),
    ("copyright", "Any use of materials is allowed only if there is a hyperlink to Caliber.az", "reuse_notice"),
    ("dateline", "25 August 2025 04:23", "dateline"),
    ("dateline", "Veröffentlicht am 3. März 2021", "dateline"),
    ("byline", "By Nazrin Sadigova", "byline"),
    ("byline", "Von Max Mustermann", "byline"),
]

KEEPS = [
    ("navigation", "Search teams found the wreck after three days at sea."),
    ("social", "Telegram was founded in 2013 by two brothers."),
    ("apps", "The app store fee is thirty percent, developers say."),
    ("consent", "The court ruled on how websites may use cookies for tracking users."),
    ("footer", "The privacy policy changed in May after the regulator's decision."),
    ("footer", "So ergibt sich folgendes Bild: Die Preise steigen weiter."),  # a label opens no sentence
    ("footer", "The agency told Reuters that the photo was genuine."),
    ("related", "The minister said the report would be read next week by the committee."),
    ("counters", "More than 343 people viewed the exhibition on its first day."),
    ("copyright", "The copyright dispute went to court in 2025."),
    ("dateline", "On 25 August 2025 the ministry announced new measures for farmers."),
    ("byline", "By 2030 the plant will close, the company said."),
]


@pytest.mark.parametrize(("name", "line", "reason"), REMOVES)
def test_filter_removes_with_reason(name: str, line: str, reason: str) -> None:
    res = Pipeline([name]).clean(f"{line}\n\n{PROSE}")
    assert [(r.text, r.filter, r.reason) for r in res.removed] == [(line, name, reason)]
    assert res.text == PROSE


@pytest.mark.parametrize(("name", "line"), KEEPS)
def test_filter_keeps_prose(name: str, line: str) -> None:
    res = Pipeline([name]).clean(f"{line}\n\n{PROSE}")
    assert res.removed == []
    assert res.text == f"{line}\n\n{PROSE}"


def test_metadata_filters_record_values() -> None:
    page = "By Nazrin Sadigova\n\nViews: 343\n\nCaliber.az © 2025.\n\n" + PROSE
    res = Pipeline(["counters", "copyright", "byline"]).clean(page)
    assert res.metadata.views == 343
    assert res.metadata.authors == ["Nazrin Sadigova"]
    assert res.metadata.site_name == "Caliber.az"


def test_bare_mark_above_a_paragraph_is_a_photo_credit() -> None:
    # "© Name" between paragraphs credits a photo: it names neither the site nor the copyright
    notice = "© 2024 Example Media GmbH. All rights reserved."
    page = f"{PROSE}\n\n© Wiebke Jann\n\n{PROSE}\n\n{notice}"
    res = Pipeline(["copyright"]).clean(page)
    assert {r.text: r.reason for r in res.removed} == {"© Wiebke Jann": "photo_credit", notice: "copyright"}
    assert res.metadata.copyright == notice
    assert res.metadata.site_name == "Example Media GmbH"


@pytest.mark.parametrize("line", ["Bild: © fotomek/AdobeStock", "© Matthias Hangst/Getty Images", "(Фото: © ТАСС)"])
def test_mark_naming_a_photo_is_a_credit_wherever_it_stands(line: str) -> None:
    res = Pipeline(["copyright"]).clean(f"{PROSE}\n\n{line}")
    assert [r.reason for r in res.removed] == ["photo_credit"]
    assert res.metadata.copyright is None


@pytest.mark.parametrize(("line", "after"), [
    ("© Example Media", ""),  # the page's last line: the site's notice
    ("Copyright © Example Media LLC", PROSE),  # the word says notice, wherever it stands
    ("© 2019 Wiebke Jann", PROSE),  # so does a year
])
def test_other_marks_stay_copyright_lines(line: str, after: str) -> None:
    res = Pipeline(["copyright"]).clean(f"{PROSE}\n\n{line}\n\n{after}")
    assert [r.reason for r in res.removed] == ["copyright"]
    assert res.metadata.copyright == line


def test_main_content_drops_menu_and_teasers_keeps_article() -> None:
    menu = "\n".join(["Home", "World", "Politics", "Business", "Sport", "Culture"])
    article = "\n\n".join(f"{PROSE} Paragraph {i} adds detail about the plans." for i in range(5))
    teasers = "\n".join(["Read more", "Ten things to know about the election", "Storm hits the coast",
                         "Markets fall again", "New stadium opens"])
    res = Pipeline.default().clean(f"{menu}\n\n{article}\n\n{teasers}")
    assert res.text == article
    assert {r.reason for r in res.removed} >= {"outside_main_content", "related_heading"}


def test_main_content_never_empties_a_page_with_text() -> None:
    res = Pipeline(["main-content"]).clean("Just one short line")
    assert res.text == "Just one short line"


def test_photo_credit_caption_leaves_a_real_page() -> None:
    # the photo's caption above the article ends with its credit (newsnation.in, innerText)
    page = FIXTURES / "newsnation.in-sh-076f4f33bf75" / "innertext.txt"
    res = Pipeline.default().clean(page.read_text(encoding="utf-8"))
    assert "PTI File Photo" not in res.text
    assert "photo_credit" in {r.reason for r in res.removed}
    assert res.text.count("oxygen bar") >= 3  # the article stays
