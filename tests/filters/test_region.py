"""The main-content filter's rules around the region the model picks (author bios)."""
from __future__ import annotations

from pathlib import Path

from scrapeclean import Pipeline

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"

PARAGRAPH = ("The council met on Tuesday to discuss the budget, and after a long debate it decided to "
             "postpone the vote until the next session in the spring, officials said.")


def test_main_content_drops_author_bio_on_a_real_page() -> None:
    # newrepublic.com (innerText): "By Ganesh Sitaraman" above, his bio below the article
    raw = (PAGES / "newrepublic.com-tf-9d70ad51ca29" / "innertext.txt").read_text(encoding="utf-8")
    res = Pipeline.default().clean(raw)
    assert "Ganesh Sitaraman is a professor at Vanderbilt Law School" not in res.text
    assert "author_bio" in {r.reason for r in res.removed}
    assert "Start with the economy. Over the course" in res.text


def test_main_content_author_bio_needs_the_bylines_name_and_a_late_place() -> None:
    body = "\n\n".join(f"{PARAGRAPH} Item {i} adds detail." for i in range(6))
    bio = "Jane Doe is a reporter covering city hall and the author of two books about local politics."
    res = Pipeline.default().clean(f"Home\nNews\nSport\n\nBy Jane Doe\n\n{body}\n\n{bio}\n\nPrivacy Policy")
    assert res.metadata.authors == ["Jane Doe"]
    assert bio not in res.text
    assert [r.reason for r in res.removed if r.text == bio] == ["author_bio"]
    # the same paragraph with no byline naming her stays article text
    res = Pipeline.default().clean(f"Home\nNews\nSport\n\n{body}\n\n{bio}\n\nPrivacy Policy")
    assert "author_bio" not in {r.reason for r in res.removed}



def _lead_taken(above: str) -> bool:
    """Whether region._lead takes `above` in: the paragraph right above the article's first kept
    block, with the model hesitating on it (p 0.4), the article sure (p 0.9)."""
    from scrapeclean.filters.region import _lead

    doc = Pipeline([]).run(f"Menu\n\n{above}\n\n{PARAGRAPH}\n\n{PARAGRAPH} More.", kind="text")
    probs = [0.05, 0.4, 0.9, 0.9]
    assert [b.text for b in doc.blocks][1] == above
    return _lead([False, False, True, True], probs, doc, 0.3)[1]


def test_lead_paragraph_above_the_article_joins_it() -> None:
    standfirst = ("The long-dominant ideology brought us forever wars, the great recession and "
                  "extreme inequality, and now it is all over.")  # 20 words
    assert _lead_taken(standfirst)
    assert not _lead_taken("The ideology brought us forever wars and extreme inequality, it is over.")  # 12 words


def test_dated_caption_above_the_article_is_no_lead() -> None:
    caption = ("Democratic presidential candidate Pete Buttigieg speaks during a fundraiser for the "
               "Nevada Democratic Party, Sunday, Nov. 17, 2019, in Las Vegas.")
    assert not _lead_taken(caption)
    assert _lead_taken(caption.replace(", Sunday, Nov. 17, 2019,", " on a warm evening with friends"))
