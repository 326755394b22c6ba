"""htmldate's extensive date search on a parsed tree, its text patterns on a shorter page.

`find_date_extensive(tree, max_date)` returns what `htmldate.find_date(tree,
extensive_search=True, original_date=True, max_date=max_date)` returns, at about 55% of its CPU
on the dev pages that ask it. Its last step, `search_page`, took most of it: it counts the
matches of nine regular expressions over the whole serialised page (~80 KB on those pages),
each trying a match at every character.

Seven of them match digits and the separators / . - between them, starting with a digit, and
one character that is no digit on each side (`\\D(...)\\D`, one of them after a lookbehind of 6
characters). Such a match reads nothing but a run of digits and separators (from a digit on),
the character after that run and the 7 before it. So the page can be cut: each stretch between
two runs is shortened to its first character and its last seven, and every match, and every
place where one is tried, keeps its characters and its order: `findall` gives the same list, on
the dev pages that reach it over an eighth of the page and ~9x faster. The two other
expressions (a copyright notice, a date in words) read words and run on the whole page. This is
htmldate's `search_page` step for step, its own functions in its order, with the cut page
handed to the seven, and find_date's steps before it, to hand it the page.

The steps are those of the htmldate release it was written against: at first use the source of
the functions it mirrors and the expressions whose shape the cut relies on are compared with
theirs, and on any other release htmldate's own find_date runs (tests/test_date_search.py
holds both to the same dates).
"""
from __future__ import annotations

import hashlib
import inspect
import re
from copy import deepcopy
from functools import lru_cache, partial
from typing import Any

__all__ = ["find_date_extensive", "mirrors_htmldate", "digit_runs_page"]

# sha256 of the source of htmldate's find_date and search_page, and of the expressions the cut
# relies on (htmldate 1.11.0)
_MIRRORED = "73f45b8c94f5c5c3fb90d28cdefea86c818f5430d68c5ee4cc27595ee59b6be9"

# a digit and the digits and separators after it (linear: no backtracking)
_DIGIT_RUN = re.compile(r"([0-9][0-9/.\-]*)")


def digit_runs_page(page: str) -> str:
    """The page with each stretch between two digit runs cut to its first and last 7 characters."""
    parts = _DIGIT_RUN.split(page)
    parts[::2] = [p if len(p) < 9 else p[0] + p[-7:] for p in parts[::2]]
    return "".join(parts)


def _digit_patterns() -> tuple[Any, ...]:
    from htmldate import core

    return (*core.THREE_COMP_PATTERNS, core.SELECT_YMD_PATTERN, core.DATESTRINGS_PATTERN,
            core.SLASHES_PATTERN, core.YYYYMM_PATTERN, core.MMYYYY_PATTERN, core.SIMPLE_PATTERN)


def _sources() -> str:
    from htmldate import core

    return "".join([inspect.getsource(core.find_date), inspect.getsource(core.search_page),
                    *(f"{p.pattern}/{p.flags}" for p in _digit_patterns())])


@lru_cache(maxsize=1)
def mirrors_htmldate() -> bool:
    """Whether the installed htmldate's extensive search is the one find_date_extensive takes."""
    try:
        return hashlib.sha256(_sources().encode("utf-8")).hexdigest() == _MIRRORED
    except Exception:  # (no source, another layout): call htmldate itself
        return False


def find_date_extensive(tree: Any, max_date: str) -> str | None:
    """htmldate's find_date(tree, extensive_search=True, original_date=True, max_date=max_date)."""
    from htmldate import core

    if not (mirrors_htmldate() and isinstance(tree, core.HtmlElement)):
        return core.find_date(tree, extensive_search=True, original_date=True, outputformat="%Y-%m-%d",
                              max_date=max_date)
    options = core.Extractor(True, core.get_max_date(max_date), core.get_min_date(None), True, "%Y-%m-%d")
    url = None
    urlelem = tree.find('.//link[@rel="canonical"]')
    if urlelem is not None:
        url = urlelem.get("href")
    url_result = core.extract_url_date(url, options)
    if url_result is not None:
        return url_result
    result = core.examine_header(tree, options) or core.json_search(tree, options)
    if result is not None:
        return result
    abbr_result = core.examine_abbr_elements(tree, options)
    if abbr_result is not None:
        return abbr_result
    pruning_tree = deepcopy(tree)
    try:
        search_tree = core.discard_unwanted(core.clean_html(pruning_tree, core.CLEANING_LIST))
    except ValueError:  # as htmldate: the tree as it is
        search_tree = pruning_tree
    result = (core.examine_elements(core.date_candidates(search_tree, True), options)
              or core.examine_elements(search_tree.xpath(".//title|.//h1"), options)
              or core.examine_time_elements(search_tree, options))
    if result is not None:
        return result
    htmlstring = core.serialize(search_tree)
    result = (core.pattern_search(htmlstring, core.TIMESTAMP_PATTERN, options)
              or core.img_search(search_tree, options)
              or core.idiosyncrasies_search(htmlstring, options))
    if result is not None:
        return result
    reference = None
    for segment in core.FREE_TEXT_EXPRESSIONS(search_tree):
        segment = segment.strip()
        if not core.MIN_SEGMENT_LEN < len(segment) < core.MAX_SEGMENT_LEN:
            continue
        reference = core.compare_reference(reference, segment, options)
    return core.check_extracted_reference(reference, options) or _search_page(htmlstring, options)


def _search_page(htmlstring: str, options: Any) -> str | None:
    """htmldate's search_page, the digit patterns on digit_runs_page(htmlstring)."""
    from datetime import datetime

    from htmldate import core

    copyear = 0
    bestmatch = core.search_pattern(htmlstring, core.COPYRIGHT_PATTERN, core.YEAR_PATTERN, core.YEAR_PATTERN, options)
    if bestmatch is not None:
        year = int(bestmatch[1])
        if core.is_valid_date(datetime(year, 1, 1), "%Y", earliest=options.min, latest=options.max):
            copyear = year
    short = digit_runs_page(htmlstring)
    for pattern in core.THREE_COMP_PATTERNS:
        result = core._search_and_filter(short, pattern, core.THREE_LOOSE_CATCH, copyear, options)
        if result is not None:
            return result
    result = core.search_normalized(short, core.SELECT_YMD_PATTERN, core.SELECT_YMD_YEAR,
                                    partial(core.normalize_match, core.THREE_COMP_REGEX_A), copyear, options)
    if result is not None:
        return result
    result = core._search_and_filter(short, core.DATESTRINGS_PATTERN, core.DATESTRINGS_CATCH, copyear, options)
    if result is not None:
        return result
    result = core.search_normalized(short, core.SLASHES_PATTERN, core.SLASHES_YEAR,
                                    partial(core.normalize_match, core.THREE_COMP_REGEX_B), copyear, options)
    if result is not None:
        return result
    bestmatch = core.search_pattern(short, core.YYYYMM_PATTERN, core.YYYYMM_CATCH, core.YEAR_PATTERN, options)
    if bestmatch is not None:
        result = core._finalize_candidate(datetime(int(bestmatch[1]), int(bestmatch[2]), 1), copyear, options)
        if result is not None:
            return result
    result = core.search_normalized(short, core.MMYYYY_PATTERN, core.SELECT_YMD_YEAR, core.normalize_two_comp,
                                    copyear, options)
    if result is not None:
        return result
    result = core._finalize_candidate(core.regex_parse(htmlstring), copyear, options)
    if result is not None:
        return result
    if copyear != 0:  # its catch-all: the copyright year
        return datetime(copyear, 1, 1).strftime(options.format)
    bestmatch = core.search_pattern(short, core.SIMPLE_PATTERN, core.YEAR_PATTERN, core.YEAR_PATTERN, options)
    if bestmatch is not None:
        return core._finalize_candidate(datetime(int(bestmatch[1]), 1, 1), copyear, options)
    return None
