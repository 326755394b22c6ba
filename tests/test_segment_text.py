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


def test_get_text_byline_pieces_stay_apart_from_the_paragraph() -> None:
    # get_text breaks a byline at its link: label, name and date on lines of their own, the
    # article right after; the headline step reads "Written by" + "Ana Sandoiu" as a byline
    lines = ["How does the brain turn unconscious information into conscious thought?", "Written by",
             "Ana Sandoiu", "on July 27, 2017", "Neuroscience tells us that most of the work done by",
             "our brains", "happens on an unconscious level.", ""] + ["A short", "fragment", "of text", ""] * 6
    texts = _texts(lines)
    assert "Written by Ana Sandoiu" in texts  # label and full name: one byline block
    assert not any(t.startswith("How does the brain") and "Written" in t for t in texts)
    assert not any(t.startswith("Ana Sandoiu") or t.startswith("on July 27") and "Neuroscience" in t for t in texts)


def test_a_bare_label_does_not_take_a_single_word() -> None:
    # "von" alone on a line, then a company's name: no byline block made of them
    lines = ["Ein neues Werk", "von", "ThyssenKrupp", "steht im Hafen", ""] + ["Ein kurzes", "Stück", "Text", ""] * 6
    assert "von ThyssenKrupp" not in _texts(lines)


def test_a_kicker_line_is_not_glued_to_the_headline_under_it() -> None:
    # most lines stand apart (blank lines between), few visible mid-sentence breaks: a
    # breadcrumb or kicker line above the headline stays a line of its own
    lines = ["Lokales Lübeck", "So lief die Auktion der Schätzchen von St. Johannes", ""]
    lines += [f"Absatz {n} des Artikels erzählt, wie es war." if n % 2 else "" for n in range(30)]
    assert _texts(lines)[:2] == lines[:2]
