"""Pick the page's headline, date, authors and section from the lines around the article.

Runs after main-content detection: the headline is the line around the article start that a
learned ranker (title_rank.py) scores highest (HTML keeps a hand-set scorer), and of the dates and
bylines found anywhere, the ones nearest to the headline and the article win: a date in a
comment or a teaser far below is not the publication date.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from ..document import REREADING, Block, Document, Found
from ..metadata.authors import NAME_PARTICLES, is_name, name_after_date, name_after_label, parse_byline
from ..metadata.dates import find_date
from ..metadata.language import stopwords
from ..registry import register_filter
from .base import Filter, Verdict
from .title_rank import candidate_text, candidates, overlap, rank_titles, slug_tokens, strip_site, tokens

_SENTENCE_END = regex.compile(r"[.:;,]\s*$")
_DIGIT = regex.compile(r"\d")
# a line the region detector left out may still be the headline (it sits above the
# article); a line any other filter removed is chrome, a date, a byline...
_REGION_FILTER = "main-content"


@register_filter("headline", family="metadata")
@dataclass(frozen=True, slots=True, kw_only=True)
class HeadlineFilter(Filter):
    """Record the title (and drop its line), the section label, the date and the authors.

    Removes "What drives North Korea's sudden embrace of involvement in Ukraine war?" before
    the article; keeps the article's first paragraph.
    """

    lookback: int = 25  # blocks before the article searched for the headline (HTML)
    max_words: int = 30
    min_probability: float = 0.02  # below it the ranker's best line is no headline

    def apply(self, doc: Document):  # type: ignore[override]
        blocks = doc.blocks
        kept = [b for b in blocks if b.index not in doc.dropped]
        start = kept[0].index if kept else 0
        end = kept[-1].index if kept else len(blocks) - 1
        if doc.memo.get(REREADING) and not doc.dropped and doc.kind != "html" and not _may_drop(doc, start):
            return  # a re-reading keeps only drops; the title, date and authors are not needed
        title = self._title(doc, start)
        anchor = start
        headline_line = False
        if title is not None:
            # gettext's <title> line sits at the top of the page, far from the article
            near = title.index > 0 or start <= 8
            anchor = title.index if near else start
            text = _clean_title(title.text) if doc.kind == "html" else _headline_text(doc, title)
            doc.found["title"] = [Found(text, "text:headline", title.index)]
            headline_line = _is_headline_line(doc, title)
            if not headline_line and anchor == title.index and not doc.found.get("authors"):
                # a person's name under it ("By" / "Jane Doe") says it is the headline too
                headline_line = _bare_name(doc, title.index, start) is not None
            section = _section(doc, title.index) if headline_line else None
            if section is not None:
                doc.note("section", section.text, "text:section_label", section.index)
                if doc.dropped.get(section.index, (_REGION_FILTER,))[0] == _REGION_FILTER:
                    doc.dropped.pop(section.index, None)
                yield section, Verdict.drop("section_label", evidence="label above the headline")
            # the headline's line is metadata, not "outside the main content"; but a page
            # whose only kept block is its headline keeps it rather than come out empty, and
            # a line the article starts with stays unless the page says it is a headline
            if headline_line and (title.index in doc.dropped or len(kept) > 1):
                doc.dropped.pop(title.index, None)
                yield title, Verdict.drop("title", evidence="headline before the article")
        elif doc.title_hint:
            doc.note("title", strip_site(doc.title_hint), "text:title_line")
        _pick_date(doc, anchor, end)
        _pick_authors(doc, anchor, end)
        if title is not None and anchor == title.index and headline_line and not doc.found.get("authors"):
            found = _bare_name(doc, title.index, start)
            if found is not None:
                line, names = found
                doc.found["authors"] = [Found(names, "text:name_below_headline", line.index)]
                doc.dropped.pop(line.index, None)
                yield line, Verdict.drop("byline", evidence="name between headline and article")

    def _title(self, doc: Document, start: int) -> Block | None:
        if doc.kind != "html":
            ranked = rank_titles(doc, start)
            if not ranked or ranked[0][0] < self.min_probability:
                return None
            best = ranked[0][1]
            if best.index == 0:
                # the <title> line won: prefer its copy on the page, the headline above the
                # article, which anchors the date, byline and section label below it
                title = candidate_text(best).casefold()
                for _, b in ranked[1:]:
                    text = candidate_text(b).casefold()
                    if text and (text in title or title in text) and \
                            min(len(text), len(title)) >= 0.8 * max(len(text), len(title)):
                        return b
            return best
        return self._html_title(doc, start)

    def _html_title(self, doc: Document, start: int) -> Block | None:
        blocks = doc.blocks
        hint = tokens(doc.title_hint) if doc.title_hint else None
        # 1. a line the page's <title> contains (gettext and HTML carry the <title>)
        if hint:
            best, best_score = None, 0.0
            for b in blocks[1:start + 3] if doc.kind != "html" else blocks[:start + 3]:
                if not self._plausible(b, doc):
                    continue
                score = overlap(tokens(b.text), hint)
                if score > best_score + 1e-9:
                    best, best_score = b, score
            if best is not None and best_score >= 0.6:
                return best
        # 2. a level-1 heading near the start of the article
        for b in blocks[max(0, start - self.lookback):start + 2]:
            if b.kind == "heading" and b.level == 1 and self._plausible(b, doc):
                return b
        # 3. the most headline-like line shortly before the article
        window = blocks[max(0, start - self.lookback):start + 1]
        counts: dict[str, int] = {}
        for b in blocks:
            counts[b.text] = counts.get(b.text, 0) + 1
        scored = [(_headline_score(b, start, doc) + (1.5 if counts[b.text] > 1 else 0.0), b)
                  for b in window if self._plausible(b, doc)]
        scored = [sb for sb in scored if sb[0] > 0]
        return max(scored, key=lambda sb: sb[0])[1] if scored else None

    def _plausible(self, b: Block, doc: Document) -> bool:
        if not (1 <= b.word_count <= self.max_words) or len(b.text) > 300:
            return False
        dropped = doc.dropped.get(b.index)
        return dropped is None or dropped[0] == _REGION_FILTER


_CREDIT = regex.compile(r"©|\(c\)|\s[|/]\s|›|»|«|\b(?:photo|foto|bild|image|quelle|source|credit)s?\b\s*:", regex.I)


def _headline_score(b: Block, start: int, doc: Document) -> float:
    """How much `b`, a block before the article's first block `start`, looks like its headline."""
    n = b.word_count
    if n < 2 or n > 30 or (b.index == start and n > 20):
        return 0.0
    text = b.text
    score = 2.0 if 4 <= n <= 20 else 1.0
    if b.kind == "heading":
        score += 2.0 if b.level <= 2 else 1.0
    if _SENTENCE_END.search(text):
        score -= 2.0  # sentences, captions and labels end with punctuation; headlines rarely do
    if _CREDIT.search(text):
        score -= 2.0  # photo credits, breadcrumbs, "Site | Section" labels
    if find_date(text) is not None:
        score -= 2.5  # a date line that the dateline filter left (it has other words)
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and n <= 3:
        score -= 1.0  # SECTION LABELS
    if letters and text[0].islower():
        score -= 1.0
    # a date or byline right below is the classic headline block
    below = doc.blocks[b.index + 1:b.index + 4]
    if any(doc.dropped.get(x.index, ("",))[0] in ("dateline", "byline") for x in below):
        score += 1.0
    score -= 0.12 * (start - b.index)  # nearer the article is likelier
    return score


def _is_headline_line(doc: Document, title: Block) -> bool:
    """Whether the title's line is the page's headline, not the first line of its article.

    The ranker may pick a line the article starts with (a headline the region detector took
    in). On a page, with chrome that the filters dropped (menus, share bars, a date line, a
    footer) or heading markup, that line is the headline. A text in which no filter found
    anything but the article (as clean()'s own output) starts with its article: its first
    line stays, so that cleaning the output again does not take its first paragraph for a
    headline (a name under it is evidence too: see apply).
    """
    return bool(doc.dropped) or title.kind == "heading"


def _headline_text(doc: Document, title: Block) -> str:
    """The title a headline block gives. Where the segmenter joined lines that each start an
    element of their own ("Video Game" / "Black Friday per nostalgici: ..." / "3.409 letture",
    "3D-printing gets a turbo boost" / "Algorithm allows 3-D printers ..."), the headline is
    one of them: the one the page's address or <title> line repeats, else the first that is
    not a byline or a date. Lines that go on with a sentence stay together (gettext's break
    at a link: "The view from the" / "top of the tower")."""
    lines = [line.strip() for line in doc.lines[title.start:title.end] if line.strip()]
    parts: list[str] = []
    for line in lines:
        if parts and not _starts_anew(line):
            parts[-1] += " " + line
        else:
            parts.append(line)
    if len(parts) < 2:
        return candidate_text(title)
    named = [p for p in parts if not _is_meta_line(p)]
    if not named:
        return candidate_text(title)
    evidence = slug_tokens(doc.url) | set(tokens(doc.title_hint))
    said = [sum(t in evidence for t in toks) / len(toks) if toks else 0.0 for toks in map(tokens, named)]
    best = named[said.index(max(said))] if max(said) > 0 else named[0]
    return candidate_text(replace(title, text=best))


def _is_meta_line(line: str) -> bool:
    """A byline ("By Jane Doe", "von flerche", "vom Krimiblogger") or a date ("veröffentlicht am
    14 Feb '20", "3. Mai 2021")."""
    if line[:1].islower() and line.split(maxsplit=1)[0].casefold().rstrip(":") in _META_OPENERS:
        return True
    if parse_byline(line) is not None:
        return True
    date = find_date(line)
    return date is not None and (date.is_dateline or len(tokens(line)) <= 6)


def _starts_anew(line: str) -> bool:
    """A line that starts a new element rather than continuing the one before: a capital or a
    digit, or a byline or a date."""
    first = line[:1]
    return first.isupper() or first.isdigit() or first in "„“\"»«'‘(" or _is_meta_line(line)


def _section(doc: Document, title_index: int) -> Block | None:
    """A short upper-case label (WORLD, SPORT) just before the headline."""
    for b in reversed(doc.blocks[max(0, title_index - 4):title_index]):
        dropped = doc.dropped.get(b.index)
        if dropped is not None and dropped[0] != _REGION_FILTER:
            continue  # font-size switchers, datelines... may stand between label and headline
        if 1 <= b.word_count <= 3 and b.text.isupper() and len(b.text) >= 3 and _mostly_letters(b.text):
            return b
        break
    return None


def _mostly_letters(text: str) -> bool:
    """A label is words ("WORLD", "COVID-19"), not a reading ("14°C": upper case by its unit)."""
    chars = text.replace(" ", "")
    return sum(c.isalpha() for c in chars) >= 0.6 * len(chars)


# a line that ends in one of these introduces the name on the next line ("By" / "Jane Doe")
_BY_WORDS = frozenset("by von par por di door av af de da autor author autorin auteur autore autora "
                      "text texte texto tekst reporter".split())
# labels strong enough to take a single name or a handle from the next line ("von" / "gizzmo")
_LABEL_WORDS = frozenset("by von par por door av af autor author autorin auteur autore autora reporter".split())
# abstract-noun endings: "Berechnung der Zinsen", "Internationale Politik" are no names
_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "sion", "ment", "ismus", "ität", "tik")
# words a byline or a date line opens with, in lower case (a capital "De" opens headlines too)
_META_OPENERS = _BY_WORDS | {"vom", "veröffentlicht", "published", "posted", "publié", "publicado", "pubblicato"}


def _may_drop(doc: Document, start: int) -> bool:
    """Whether apply may drop a line of a text page that no filter dropped anything from.

    Then no line is a headline by the page's evidence (_is_headline_line): only a heading, or
    a name below the title (_bare_name) makes one; the title is one of the ranker's candidates,
    so if none is a heading or has a name below it, nothing is dropped, whichever wins."""
    return any(b.kind == "heading" or _bare_name(doc, b.index, start, exact=False) is not None
               for b in candidates(doc, start))


def _bare_name(doc: Document, title: int, start: int, exact: bool = True) -> tuple[Block, list[str]] | None:
    """A line that is only a person's name ("Karoline Herr", "Christoph von Eichhorn",
    "Leah C. Stokes") below the headline, before or just inside the article: after a label line
    ("By", "Von" that gettext splits off), next to the date line, or right under the headline.
    Without `exact` the stop-word test is left out (no language detection): a line found then
    may be none, but every line found with it is found."""
    stops: frozenset[str] | None = None  # read when needed: a re-reading seldom needs the language
    last = min(title + 8, max(start, title + 1) + 2)
    for b in doc.blocks[title + 1:last + 1]:
        dropped = doc.dropped.get(b.index)
        if dropped is not None and dropped[0] != _REGION_FILTER:
            continue
        text = b.text.strip(" ,;·|")
        prev = doc.blocks[b.index - 1].text.casefold().rstrip(" :") if b.index > 0 else ""
        label = prev.split()[-1] if prev.split() else ""
        if label in _LABEL_WORDS and text.casefold() not in _BY_WORDS:  # gettext: "By" / "Jane Doe"
            names = name_after_label(label, text)
            if names:
                return b, names
        dated = name_after_date(text)  # "September 17, 2019 Helmut Rubik 0"
        if dated is not None:
            return b, [dated]
        if len(text) > 40 or not is_name(text, min_tokens=2, max_tokens=4):
            continue
        tokens = text.split()
        if stops is None:
            stops = stopwords(doc.language or "en") if exact else frozenset()
        # "Weitere Themen", "Mehr zum Thema": capitalised words that are not a name
        if any(t.lower() in stops and t not in NAME_PARTICLES for t in tokens):
            continue
        if label in _BY_WORDS:
            return b, [text]
        if any(len(t) >= 7 and t.lower().endswith(_NOUN_ENDINGS) for t in tokens):
            continue
        if any(doc.dropped.get(i, ("",))[0] == "dateline" for i in range(b.index - 2, b.index + 3)):
            return b, [text]
        if b.index - title <= 2 and not text.isupper():
            return b, [text]  # right under the headline: the classic place (as before the evidence rules)
    return None


def _pick_date(doc: Document, anchor: int, end: int) -> None:
    cands = [f for f in doc.found.get("date_candidates", []) if isinstance(f.value, tuple)]
    if not cands:
        return
    cands = _without_updates(doc, cands)
    def distance(f: Found) -> float:
        _, idx, is_line = f.value  # type: ignore[misc]
        d = idx - anchor
        # dates right after the headline are the usual place; inside the text less likely
        penalty = 0.0 if is_line else 0.5
        if d < 0:
            return -d * 1.5 + penalty
        if idx > end:
            return (idx - end) * 1.5 + (end - anchor) * 0.2 + penalty
        return d + penalty
    best = min(cands, key=distance)
    iso, idx, _ = best.value  # type: ignore[misc]
    if distance(best) <= 40:
        doc.found["published"] = [Found(iso, best.source, idx)]


# the update labels of the languages the date finder reads
_UPDATE_LABEL = regex.compile(
    r"\b(?:updated?|last modified|modified|aktualisiert|zuletzt|geändert|mis à jour|modifié|"
    r"actualizad[oa]|actualización|aggiornat[oa]|atualizad[oa]|zaktualizowan[oy]|aktualizacja|"
    r"güncellen\w*|обновлен\w*|оновлен\w*)|更新", regex.I)


def _without_updates(doc: Document, cands: list[Found]) -> list[Found]:
    """"Published: 26 September | Updated: 28 September": the update never beats the
    publication date line printed within 6 blocks of it; alone, it is still a date."""
    values: list[tuple[str, int, bool]] = [f.value for f in cands]  # type: ignore[misc]
    updated = {idx for _, idx, _ in values if _updated(doc, idx)}
    published = [idx for _, idx, is_line in values if is_line and idx not in updated]
    return [f for f, (_, idx, _) in zip(cands, values)
            if idx not in updated or all(abs(idx - i) > 6 for i in published)]


def _updated(doc: Document, idx: int) -> bool:
    """Whether the date in block `idx` is labelled an update, on its line or the line before."""
    text = doc.blocks[idx].text
    digit = _DIGIT.search(text, 0, 80)  # the label comes before the date
    if digit and _UPDATE_LABEL.search(text, 0, digit.start()):
        return True
    return idx > 0 and len(doc.blocks[idx - 1].text) <= 30 and \
        _UPDATE_LABEL.search(doc.blocks[idx - 1].text) is not None


def _pick_authors(doc: Document, anchor: int, end: int) -> None:
    cands = doc.found.get("authors", [])
    if not cands:
        return
    def distance(f: Found) -> int:
        idx = f.block if f.block is not None else 0
        if anchor - 8 <= idx <= end + 6:
            return 0 if idx <= anchor + 3 or idx >= end - 1 else abs(idx - anchor)
        return 10_000
    best = min(cands, key=distance)
    doc.found["authors"] = [best] if distance(best) < 10_000 else []


def _clean_title(text: str) -> str:
    return text.strip().strip("#").strip()
