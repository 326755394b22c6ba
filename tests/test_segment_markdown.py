"""html2text markdown -> plain text blocks: links keep their text, the markup goes."""
from __future__ import annotations

import time

from scrapeclean.segment.markdown import segment_markdown, strip_inline


def test_links_keep_their_text_and_count_as_linked() -> None:
    text, density = strip_inline("Read [the report](https://example.com/report) today")
    assert text == "Read the report today"
    assert 0.3 < density < 0.5


def test_a_url_with_parentheses_is_still_a_link() -> None:
    # Wikipedia's disambiguated titles and javascript: links hold one level of parentheses
    assert strip_inline("see [Mercury](https://en.wikipedia.org/wiki/Mercury_(planet)) now")[0] == "see Mercury now"
    assert strip_inline('10.12.2022 von Patrick Otte [ ](javascript:self.print(); "Artikel drucken")')[0] == \
        "10.12.2022 von Patrick Otte"
    assert strip_inline("![a photo](https://example.com/a_(1).jpg) caption")[0] == "caption"


def test_unbalanced_parentheses_stay_text_in_linear_time() -> None:
    hostile = "[x](" + "(a" * 100_000
    started = time.process_time()
    text, _ = strip_inline(hostile)
    assert text.startswith("[x](") and time.process_time() - started < 2.0


def test_paragraph_lines_join_and_headings_stand_alone() -> None:
    blocks = segment_markdown(["# Title", "", "First line of a", "paragraph [link](u).", "", "* item"])
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Title"), ("paragraph", "First line of a paragraph link."), ("list_item", "item")]
