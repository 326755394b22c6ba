"""Plain-text segmentation: which lines are joined into one block."""
from __future__ import annotations

from scrapeclean.segment.text import segment_text


def _texts(lines: list[str]) -> list[str]:
    return [b.text for b in segment_text(lines)]


def test_a_sentence_broken_mid_line_is_joined() -> None:
    lines = ["The committee met on Tuesday and decided that the", "budget would be cut by half."]
    assert _texts(lines) == [" ".join(lines)]


def test_a_byline_is_not_the_tail_of_its_headline() -> None:
    # the headline ends without punctuation and the byline starts lower case: a sentence
    # broken across two lines by its look, but the title and the author are read from them
    lines = ["Gute Tabus, schlechte Tabus: Die vertauschten Rollen in der Debatte", "von Stefan Niggemeier",
             "", "Der erste Absatz des Artikels beginnt hier und geht noch eine Weile so weiter."]
    assert _texts(lines)[:2] == lines[:2]


def test_a_byline_stays_apart_on_a_fragmented_page() -> None:
    # get_text style: inline elements break every paragraph, so neighbouring lines are joined
    # unless a sentence ends; a byline is still a block of its own
    lines = ["Managing Python Environments", "By John Walk - January 10, 2020", "21 minutes - 4312 words", "",
             "Python is a", "popular language", "for data work", "and many", "other things", ""] * 3
    texts = _texts(lines)
    assert "By John Walk - January 10, 2020" in texts
    assert any(t.startswith("Python is a popular language") for t in texts)
