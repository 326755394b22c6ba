"""Metric code of the benchmark harness, on small hand-made cases (no corpus needed)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo root holds benchmarks/

from benchmarks.metrics import (  # noqa: E402
    PageScore, ShingleScore, author_match, date_match, f1, metadata_matches, normalize_space,
    score_page, shingle_score, shingles, snippet_score, summarize, summarize_metadata,
    summarize_shingles, summarize_snippets, title_match,
)
from benchmarks.worst import report  # noqa: E402


# ------------------------------------------------------------------ shingles

def test_shingles_of_short_texts_are_one_tuple():
    assert shingles("") == {}
    assert shingles("  ,;! ") == {}
    assert shingles("one") == {("one",): 1}
    assert shingles("one two") == {("one", "two"): 1}
    assert shingles("one, two; three!") == {("one", "two", "three"): 1}


def test_shingles_are_4grams_of_unicode_words():
    assert shingles("a b c d") == {("a", "b", "c", "d"): 1}
    assert shingles("Grüße aus Köln, schön_hier 2024") == {
        ("Grüße", "aus", "Köln", "schön_hier"): 1, ("aus", "Köln", "schön_hier", "2024"): 1}


def test_shingles_count_repeats_as_a_multiset():
    assert shingles("a b c d a b c d")[("a", "b", "c", "d")] == 2


def test_shingle_score_multiset_counting():
    gold = "a b c d"
    # The prediction repeats the gold: one true positive, the second copy is a false positive.
    s = shingle_score(gold, "a b c d a b c d")
    tp, fp, fn = 1, 4, 0  # pred has 5 shingles: abcd, bcda, cdab, dabc, abcd
    assert s == pytest.approx(ShingleScore(tp / 5, fp / 5, fn / 5))
    # The gold repeats: predicting it once misses one copy.
    s = shingle_score("a b c d a b c d", gold)
    assert s == pytest.approx(ShingleScore(1 / 5, 0.0, 4 / 5))


def test_shingle_score_is_normalised_per_document():
    s = shingle_score("a b c d e f", "a b c d x y")
    assert (s.tp, s.fp, s.fn) == pytest.approx((1 / 5, 2 / 5, 2 / 5))
    assert s.tp + s.fp + s.fn == pytest.approx(1.0)


def test_shingle_score_short_texts_and_case():
    assert shingle_score("one two", "one two") == ShingleScore(1.0, 0.0, 0.0)
    assert shingle_score("one two", "One two") == ShingleScore(0.0, 0.5, 0.5)  # case-sensitive
    assert shingle_score("one two", "one two three") == ShingleScore(0.0, 0.5, 0.5)


def test_shingle_score_empty_sides():
    assert shingle_score("a b c d", "") == ShingleScore(0.0, 0.0, 1.0)
    assert shingle_score("", "a b c d") == ShingleScore(0.0, 1.0, 0.0)
    assert shingle_score("", "") == ShingleScore(0.0, 0.0, 0.0)
    assert shingle_score(None, None) == ShingleScore(0.0, 0.0, 0.0)


def test_summarize_shingles_macro_average_and_perfect_empty_record():
    rows = [
        shingle_score("a b c d e", "a b c d e"),  # perfect: P = R = 1
        shingle_score("a b c d", ""),              # empty prediction: no precision, recall 0
        shingle_score("", ""),                     # fp = fn = 0: counts 1 for both
    ]
    s = summarize_shingles(rows)
    assert s["n"] == 3
    assert s["precision"] == pytest.approx((1 + 1) / 2)
    assert s["recall"] == pytest.approx((1 + 0 + 1) / 3)
    assert s["f1"] == pytest.approx(2 * 1 * (2 / 3) / (1 + 2 / 3))


def test_summarize_shingles_mixed_scores():
    rows = [ShingleScore(0.5, 0.5, 0.0), ShingleScore(0.25, 0.25, 0.5)]
    s = summarize_shingles(rows)
    assert s["precision"] == pytest.approx((0.5 + 0.5) / 2)
    assert s["recall"] == pytest.approx((1.0 + 1 / 3) / 2)


def test_summarize_shingles_without_any_precision():
    s = summarize_shingles([shingle_score("a b c d", None)])
    assert s["precision"] is None and s["recall"] == 0.0 and s["f1"] is None


# ------------------------------------------------------------------ snippets

def test_normalize_space():
    assert normalize_space("  a\t b\n\n c\u00a0d  ") == "a b c d"
    assert normalize_space(None) == ""


def test_snippet_whitespace_normalisation_both_sides():
    pred = "The quick\n\n brown   fox\tjumps."
    s = snippet_score(["quick brown fox", "brown\nfox  jumps"], [], pred)
    assert (s.tp, s.fn) == (2, 0)


def test_snippet_matching_is_case_sensitive_and_exact():
    s = snippet_score(["Quick brown"], ["fox jumps."], "the quick brown fox jumps.")
    assert (s.tp, s.fp, s.fn, s.tn) == (0, 1, 1, 0)
    assert s.missing == ("Quick brown",) and s.present == ("fox jumps.",)
    # no Unicode normalisation: decomposed text does not match a composed snippet
    assert snippet_score(["café"], [], "cafe\u0301").fn == 1


def test_snippet_counts_and_summary():
    rows = [snippet_score(["a b", "c d"], ["x y", "z"], "a b and z"),  # tp 1 fn 1 fp 1 tn 1
            snippet_score(["e"], ["w"], "e")]                          # tp 1 tn 1
    s = summarize_snippets(rows)
    assert (s["tp"], s["fp"], s["fn"], s["tn"]) == (2, 1, 1, 2)
    assert s["precision"] == pytest.approx(2 / 3)
    assert s["recall"] == pytest.approx(2 / 3)
    assert s["f1"] == pytest.approx(2 / 3)
    assert s["accuracy"] == pytest.approx(4 / 6)


def test_snippet_summary_undefined_ratios():
    s = summarize_snippets([snippet_score([], ["junk"], "")])
    assert s["precision"] is None and s["recall"] is None and s["f1"] is None
    assert s["accuracy"] == 1.0
    assert summarize_snippets([])["accuracy"] is None


# ------------------------------------------------------------------ metadata

def test_title_match_rules():
    assert title_match("Hello  World", "hello world")
    assert title_match("Straße", "STRASSE")  # casefold
    # containment needs the shorter to be >= 0.8 of the longer
    assert not title_match("Breaking news today", "Breaking news today | Site")  # 19/26
    assert title_match("Breaking news today", "Breaking news today | S")  # 19/23
    assert title_match("Breaking news today!", "Breaking news today")  # 19/20
    assert not title_match("Hello", "")
    assert not title_match("Hello", "   ")
    assert not title_match("Hello", ["Hello"])  # a title must be a string


def test_author_match_rules():
    assert author_match("Jane Doe", "jane  doe")
    assert author_match("Jane Doe", "By Jane Doe")
    assert author_match("by Jane Doe", "Jane Doe")
    assert author_match("Jane Doe; John Roe", ["Jane Doe", "John Roe"])
    assert not author_match("Jane Doe; John Roe", ["John Roe", "Jane Doe"])
    assert not author_match("Jane Doe", "Jane Doe, Reuters")
    assert not author_match("Jane Doe", [])
    assert not author_match("Jane Doe", "")
    assert not author_match("", "")


def test_date_match_rules():
    assert date_match("2019-03-05", "2019-03-05T10:22:00+01:00")
    assert date_match("2019-03-05", "2019-3-5")
    assert date_match("2019-03-05", "published 2019-03-05, updated 2020-01-01")
    assert not date_match("2019-03-05", "updated 2020-01-01, published 2019-03-05")
    assert not date_match("2019-03-05", "05.03.2019")
    assert not date_match("2019-03-05", "2019-03-06")


def test_metadata_matches_only_gold_fields():
    gold = {"with": [], "title": "A title", "date": "2020-01-02", "author": ""}
    m = metadata_matches(gold, {"title": "a title", "date": "2020-01-03", "author": "x"})
    assert m == {"title": True, "date": False}
    summary = summarize_metadata([m, {"title": False}])
    assert summary["title"] == {"n": 2, "correct": 1, "accuracy": 0.5}
    assert summary["date"] == {"n": 1, "correct": 0, "accuracy": 0.0}
    assert "author" not in summary


# ------------------------------------------------------------------ robustness

def test_metric_functions_accept_none():
    assert shingles(None) == {}
    assert shingle_score(None, "a b") == ShingleScore(0.0, 1.0, 0.0)
    assert snippet_score(None, None, None) == snippet_score([], [], "")
    assert snippet_score(["a"], None, None).fn == 1
    for match in (title_match, author_match, date_match):
        assert match(None, None) is False
        assert match("x", None) is False
        assert match(None, "x") is False
    assert metadata_matches(None, None) == {}
    assert f1(None, 0.5) is None and f1(0.0, 0.0) == 0.0


def test_score_page_and_summary():
    sh_rec = {"id": "sh-1", "source": "scrapinghub", "gold": {"article_body": "a b c d e"}}
    tf_rec = {"id": "tf-1", "source": "trafilatura",
              "gold": {"with": ["keep me"], "without": ["drop me"], "title": "T"}}
    pages = [score_page(sh_rec, {"text": "a b c d e"}),
             score_page(tf_rec, {"text": "keep me", "title": "t"}),
             score_page(tf_rec, None),                 # a failed system: empty output
             score_page(tf_rec, {"text": None})]
    assert pages[0].shingle == ShingleScore(1.0, 0.0, 0.0) and pages[0].snippet is None
    assert pages[1].metadata == {"title": True} and pages[1].error == 0.0
    assert pages[2].snippet.fn == 1 and pages[2].error == 0.5
    s = summarize(pages)
    assert s["shingle"]["f1"] == 1.0
    assert s["snippet"]["tp"] == 1 and s["snippet"]["fn"] == 2
    assert s["metadata"]["title"]["accuracy"] == pytest.approx(1 / 3)
    assert summarize([]) == {"shingle": None, "snippet": None, "metadata": {}, "author_where_none": None,
                             "author_where_none_annotated": None}
    assert PageScore(None, None, {}).error == 0.0


def test_worst_report_lists_offending_lines():
    gold = "First gold paragraph has enough words.\n\nSecond gold paragraph is missing here."
    records = {"sh-1": {"id": "sh-1", "url": "https://e.x/1", "gold": {"article_body": gold},
                        "inputs": {"innertext": gold + "\nShare this on social media now"}},
               "tf-1": {"id": "tf-1", "url": None, "gold": {"with": ["kept", "lost one", "lost two"],
                                                               "without": ["menu"]},
                        "inputs": {"innertext": "kept menu"}}}
    pred = "First gold paragraph has enough words.\nShare this on social media now"
    s = shingle_score(gold, pred)
    sn = snippet_score(["kept", "lost one", "lost two"], ["menu"], "kept menu")
    rows = {"sh-1": {"id": "sh-1", "text": pred, "chars": len(pred), "error": None,
                     "shingle": {"tp": s.tp, "fp": s.fp, "fn": s.fn, "f1": s.f1}, "snippet": None},
            "tf-1": {"id": "tf-1", "text": "kept menu", "chars": 9, "error": None, "shingle": None,
                     "snippet": {"tp": sn.tp, "fp": sn.fp, "fn": sn.fn, "tn": sn.tn,
                                 "missing": list(sn.missing), "present": list(sn.present)}}}
    text = report(records, rows, "scrapeclean", "innertext", 5)
    assert "Share this on social media now" in text
    assert "Second gold paragraph is missing here." in text
    assert "lost one  (not in input)" in text
    assert "menu" in text and text.index("tf-1") < text.index("sh-1")  # worse page first


def test_author_where_none_counts_only_annotated_pages_without_an_author():
    from benchmarks.metrics import author_where_none
    annotated = {"with": ["a snippet"], "title": "T"}
    assert author_where_none(annotated, {"author": "Jane Roe"}) is True
    assert author_where_none(annotated, {"author": "  "}) is False
    assert author_where_none(annotated, {"author": ["Jane Roe"]}) is True
    assert author_where_none(annotated, {}) is False
    # a page whose gold names an author, or that carries no metadata annotation at all
    assert author_where_none({**annotated, "author": "Jane Roe"}, {"author": "X"}) is None
    assert author_where_none({"article_body": "text"}, {"author": "X"}) is None


def test_summarize_reports_the_share_of_wrong_authors():
    gold = {"with": ["a"], "without": []}
    pages = [score_page({"gold": gold}, {"text": "a", "author": "X"}),
             score_page({"gold": gold}, {"text": "a"}),
             score_page({"gold": {**gold, "author": "X"}}, {"text": "a", "author": "X"})]
    s = summarize(pages)["author_where_none"]
    assert (s["n"], s["given"]) == (2, 1) and s["rate"] == 0.5
    assert summarize([score_page({"gold": {"article_body": "a"}}, {"text": "a"})])["author_where_none"] is None


def test_wrong_authors_also_counted_on_pages_annotated_for_metadata():
    snippets = {"with": ["a"], "without": []}
    pages = [score_page({"gold": {**snippets, "title": "T"}}, {"text": "a", "author": "X"}),
             score_page({"gold": {**snippets, "date": "2020-01-02"}}, {"text": "a"}),
             score_page({"gold": snippets}, {"text": "a", "author": "X"})]  # no metadata annotated
    assert summarize(pages)["author_where_none"]["given"] == 2
    s = summarize(pages)["author_where_none_annotated"]
    assert (s["n"], s["given"]) == (2, 1) and s["rate"] == 0.5
    assert summarize(pages[2:])["author_where_none_annotated"] is None
