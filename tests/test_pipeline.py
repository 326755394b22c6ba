"""The pipeline API: build, change, configure, serialise, run and explain."""
from __future__ import annotations

import pickle

import pytest

import scrapeclean
from scrapeclean import Block, Document, Filter, Pipeline, Verdict, register_filter
from scrapeclean.settings import DEFAULT_FILTERS

ARTICLE = "\n\n".join(
    f"Paragraph {i} of the story explains, in plain words, what the council decided about the "
    f"new bridge and why the residents of the town were worried about the cost of it." for i in range(6)
)
PAGE = f"Home\nNews\nSport\n\nBridge decision splits the town council\n\n{ARTICLE}\n\nShare on Facebook\nPrivacy Policy\n"


def test_pipeline_default_has_the_default_filters() -> None:
    assert Pipeline.default().names == list(DEFAULT_FILTERS)


def test_pipeline_remove_add_move_replace() -> None:
    pipe = Pipeline.default().remove("social")
    assert "social" not in pipe.names
    pipe.add("social", before="navigation")
    assert pipe.names.index("social") == pipe.names.index("navigation") - 1
    pipe.move("social", after="related")
    assert pipe.names.index("social") == pipe.names.index("related") + 1
    pipe.replace("social", "apps") if "apps" not in pipe.names else None
    with pytest.raises(KeyError):
        pipe.remove("no-such-filter")
    with pytest.raises(ValueError):
        pipe.add("navigation")


def test_pipeline_configure_changes_options_only_of_that_filter() -> None:
    pipe = Pipeline.default().configure("main-content", threshold=0.7)
    assert pipe.get("main-content").options()["threshold"] == 0.7
    assert Pipeline.default().get("main-content").options()["threshold"] == 0.5


def test_pipeline_config_roundtrip() -> None:
    pipe = Pipeline.default().configure("social", max_words=5)
    again = Pipeline.from_config(pipe.to_config())
    assert again == pipe
    assert again.get("social").options()["max_words"] == 5


def test_pipeline_config_based_on_default() -> None:
    pipe = Pipeline.from_config({"base": "default", "remove": ["ads"],
                                 "configure": {"main-content": {"threshold": 0.6}}})
    assert "ads" not in pipe.names
    assert pipe.get("main-content").options()["threshold"] == 0.6


def test_pipeline_from_toml(tmp_path) -> None:
    path = tmp_path / "pipe.toml"
    path.write_text('[pipeline]\nfilters = ["navigation", {name = "social", max_words = 4}]\n')
    pipe = Pipeline.from_toml(str(path))
    assert pipe.names == ["navigation", "social"]
    assert pipe.get("social").options()["max_words"] == 4


def test_custom_function_filter_in_a_few_lines() -> None:
    @register_filter("no-shouting-test")
    def no_shouting(block: Block, doc: Document, *, min_words: int = 2) -> str | None:
        return "shouting" if block.text.isupper() and block.word_count >= min_words else None

    pipe = Pipeline.default().add("no-shouting-test", before="main-content")
    res = pipe.clean("BUY NOW CHEAP\n\n" + ARTICLE)
    assert "BUY NOW" not in res.text
    assert any(r.filter == "no-shouting-test" and r.reason == "shouting" for r in res.removed)


def test_custom_class_filter_and_pickle() -> None:
    pipe = Pipeline.default().add(_Bridge(), before="main-content")
    clone = pickle.loads(pickle.dumps(pipe))
    assert clone.names == pipe.names
    res = clone.clean(PAGE)
    assert all("bridge" not in b.text.lower() or b.text.startswith("Bridge decision") for b in res.kept)
    assert any(r.reason == "mentions_bridge" for r in res.removed)


class _Bridge(Filter):
    name = "bridge-test"

    def judge(self, block: Block, doc: Document) -> Verdict | None:
        return Verdict.drop("mentions_bridge") if "new bridge" in block.text else None


def test_clean_removes_menus_and_keeps_article() -> None:
    res = scrapeclean.clean(PAGE)
    assert "Paragraph 0 of the story" in res.text and "Paragraph 5 of the story" in res.text
    for chrome in ("Home", "Share on Facebook", "Privacy Policy"):
        assert chrome not in res.text.splitlines()


def test_kept_plus_removed_cover_every_nonblank_line() -> None:
    res = scrapeclean.clean(PAGE)
    lines = PAGE.split("\n")
    covered = set()
    for b in res.kept:
        covered.update(range(b.start, b.end))
    for r in res.removed:
        covered.update(range(*r.span))
    assert covered == {i for i, line in enumerate(lines) if line.strip()}


def test_explain_agrees_with_clean() -> None:
    res = scrapeclean.clean(PAGE)
    verdicts = scrapeclean.explain(PAGE)
    kept_lines = {i for b in res.kept for i in range(b.start, b.end)}
    assert {v.line for v in verdicts if v.verdict == "keep"} == kept_lines
    removed = {i: r for r in res.removed for i in range(*r.span)}
    for v in verdicts:
        if v.verdict == "drop":
            assert removed[v.line].filter == v.filter and removed[v.line].reason == v.reason


def test_to_dict_is_json_serialisable() -> None:
    import json

    data = scrapeclean.clean(PAGE, url="https://www.example.org/a").to_dict()
    again = json.loads(json.dumps(data))
    assert again["metadata"]["site_name"] == "example.org"
    assert again["removed"] and {"text", "filter", "reason", "span"} <= set(again["removed"][0])


def test_failing_filter_is_named() -> None:
    class Broken(Filter):
        name = "broken-test"

        def judge(self, block: Block, doc: Document) -> Verdict | None:
            raise RuntimeError("boom")

    with pytest.raises(scrapeclean.FilterError, match="broken-test.*doc-7"):
        Pipeline([Broken()]).clean("some text", doc_id="doc-7")
