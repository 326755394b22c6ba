"""Inputs the fuzzer (fuzz/fuzz_clean.py) found; each one once broke clean() or an invariant.

A fuzz input's first byte picks the call: kind = (None, "text", "markdown", "html")[b % 4],
errors = "strict" if b & 0x80 else "replace"; the rest is the page.
"""
from __future__ import annotations

import base64
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scrapeclean  # noqa: E402
from scrapeclean.decode import to_text  # noqa: E402
from test_properties import check_invariants  # noqa: E402

_KINDS = (None, "text", "markdown", "html")

FINDINGS = {
    # features.py: a page whose blocks hold no \w word crashed the region detector
    # (`words.index(max(words) or 1)`: "1 is not in list") -> FilterError('main-content').
    # Fixed in features.py (longest block = words.index(max(words))).
    "no-word-blocks-cp1251": "AcPr4OLt4P8Kze7i7vHy6AoK0RIT5fIg7uTu/////+LuIOzu8fLgLgo=",
    "no-word-blocks-script": "AMPrKirg4grN/+7ic2NyaXB0PiDxLgo=",
    # invariant checker (not the library): markdown glues a link's text to the text after it,
    # "[Share](https://x.com)dge." reads "Sharedge." -- words may be glued input words
    "markdown-glued-link": (
        "AkhvbWUKTmV3cwoKIyBCcmlkZ2UgZGVjaXNpb24KCkJ5IEphbmUgRG9lCgpQYWFncnJhcGggMCBzYXlzIHdoYXQgdGhlIGNvdW5j"
        "aWwgZGVjaWRlZCBhI291dCB0aGUgYnJ5cyB3aGF0IHRoZSBjb3VuY2lsIGRlY2lkZSBkYWJvdXQgdGhlIGJyaWRnZS4KCltTaGFy"
        "ZWF0IHRoZSBjb3VuY2lsIGRlY2lkZWQgYWJvdXQgA0hvbWUKTmV3cwoKIyBCcmlkZ2UgZGVjaXNpb24KCkJ5IEphbmUgRG9lCgpQ"
        "YXJhZ3JhcGggMCBzYXlzIHdoYXQgdGhlIGNvdW5jaWwgZGVjaWRlZCBhYm91dCB0aGUgYnJpZGdlLgoKUGFyYWdyYXBoIDEgc2F5"
        "cyB3aGF0IHRoZSBjb3VuY2lsIGRlY2lkZWQgYWJvdXQgdGhlIGJyaWRnZS4KClBhcmFncmFwaCAyIHNheXMgd2hhdCB0aGUgY291"
        "bmNpbCBkZWNpZGVkIGFib3V0IHRoZSBicmlkZ2UuCgpQYXJhZ3JhcGggM3RoZSBicmkgc2F5cyB3aGF0IHRoZSBjb3VuY2lsIGRl"
        "Y2lkZWQgYWJvdXQgdGhlIGJyaWRnZS4KCltTaGFyZV0oaHR0cHM6Ly94LmNvbSlkZ2UuCgpbU2hhcmVdKGh0dHBzOi8KL3guY29t"
        "KQo="),
    # invariant checker: an empty markdown list item "1. " carries no text (no block, no span)
    "markdown-empty-list-item": (
        "AsPr4OLt4P8K/////////////3cAAAAAAAAA///////////////////////////////i5fLX7uTu4fDoAEhvbWUKTmV3cwoKIyB+"
        "QnJpZGdlIGRlnYxzaW9uCgpCeSBKYW5lIERvZQoKUFhyYWdyYXBoIDAgc2F5cyB3aGF0IHRoZSBjb3VuY2lsIGRlY2lkZWQgYWJv"
        "dXQgdGhlIGJyaWRnZS4KClBhcmFncmFwaCAxIHNheXMgd2hhdCB0aGUgY291bmNpbCBkZWNpZGVkIGFib3V0IHRoZSBicmlkZ2Vu"
        "CgpQYXJhZ3JhcGggMiBzYXlzIHdoYXQgdGhlIGNvdW5jaWwgZGVjaWRlZCBhYm91dCB0aGUgYnJpZGdlLgoKUGFyYWdyYXBoIDQg"
        "c2F5cyB3aGF0IAoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoxLiAK"
        "CgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCnRoZSBjb3VuY2lsIGRlY2lkZWQgYWJvdXQgdGhlIGJyaWRnZS4K"
        "CltTaGFyZV0oaHQKClBhcmFncmFwaCAwIHNheXMgd2hhdCB0aGUgY291bmNpbCBkZWNpZGVkIGFib3V0IHRoZSBicmlkZ2UuCgpQ"
        "YXJhZ3JhcGggMSBzYXlzIHdoYXQgdGhlIGNvdW5jaWwgZGVjaWRlZCBhYm91dCB0aGUgYnJpZGdlbgoKUGFyYWdyYXBoIDIgc2F5"
        "cyB3aGF0IHRoZSBjb3VuY2lsIGRlY2lkZWQgYWJvdXQgdGhlIGJyaWRnZS4KClBhcmFncmFwaCA0IHNheXMgd2hhdCAKCgoKCgoK"
        "CgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoK"
        "CgoKCgoKCgoKCgoKCgoKCgp0aGUgY291bmNpbCBkZWNpZGVkIGFib3V0IHRoZSBicmlkZ2UuCgpbU2hhcmVdKGh0dHBzOgxKYW5l"
        "IERvZQoKUGFyYWdyYXBoIDAgc2F5cyB3aGF0IHRoZSBjb3VuY3RwczoMSmFuZSBEb2UKClBhcmFncmFwaCAwIHNheXMgd2hhdCB0"
        "aGUgY291bmNpbCBkZWNpZGVkIGH////////////////////////////////////////////i5fLX7uTu4fDo6yDx8vDu6GJvdXQg"
        "dGhlIGJyaWRnZS4KClBhcmFncmFwaCAxIHNheXMgd2hhdCB0aGUgY291bmNpbCBkZWNpZGVkIGFib3V0IHRoZSBicmlkZ2UuCgpQ"
        "YXJ8LS0tfGFncmFwaCAyIHNheXMgd2hh8uLuIHTs"),
}


@pytest.mark.parametrize("name", list(FINDINGS))
def test_fuzz_finding(name: str) -> None:
    data = base64.b64decode(FINDINGS[name])
    kind, errors = _KINDS[data[0] % 4], "strict" if data[0] & 0x80 else "replace"
    try:
        res = scrapeclean.clean(data[1:], kind=kind, errors=errors)
    except scrapeclean.DecodeError:
        assert errors == "strict"
        return
    check_invariants(to_text(data[1:], errors=errors), res)


@pytest.mark.parametrize("page", ["—", "...", "!!!\n\n???", "* * *\n\n© ®", "→ ← ↑\n\n| |\n\n%%%"])
def test_pages_without_a_single_word(page: str) -> None:
    for kind in _KINDS:
        res = scrapeclean.clean(page, kind=kind)
        check_invariants(page, res)


def test_markdown_link_glued_to_text() -> None:
    page = "# Bridge\n\n" + "\n\n".join(["The council decided about the bridge on Tuesday evening."] * 4)
    res = scrapeclean.clean(page + "\n\n[Share](https://x.com)dge.\n\n1. \n", kind="markdown")
    check_invariants(page + "\n\n[Share](https://x.com)dge.\n\n1. \n", res)
