"""Inputs on which clean(clean(x).text).text once differed from clean(x).text (issue 6)."""
from __future__ import annotations

import pytest

import scrapeclean

CASES = {
    # the headline step took the only / first kept line of the output for a title
    "quoted-line-markdown": ("> a quoted line from the mayor", "markdown"),
    # after the menus the quoted line is the headline; in the output the lead is the first line
    "quoted-lead": ("Home\nNews\nSport\n\n“We waited ten years for this bridge”\n\n"
                    + "\n\n".join("The council approved the new bridge on Tuesday after a long debate "
                                  "about its cost and its route." for _ in range(4))
                    + "\n\nShare on Facebook\nPrivacy Policy\n", None),
    "question-lead": ("Menu\nSearch\n\nWhy did the council wait so long\n\n"
                      "Residents said they were worried that the project would raise local taxes for years.\n\n"
                      "Construction is expected to start in the spring and to last about eighteen months.\n", "text"),
    # gettext's <title> line repeated: the first block matched later ones
    "repeated-first-block": ("S.\nS.\nS.", None),
    # a table row kept by the never-empty fallback, read again as a menu line without its tab
    "tab-row-fallback": ("Home\nHome\tNews\n0\n", None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_idempotent(name: str) -> None:
    text, kind = CASES[name]
    once = scrapeclean.clean(text, kind=kind).text
    assert scrapeclean.clean(once, kind="text").text == once

