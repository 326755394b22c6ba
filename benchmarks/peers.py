"""The systems the quality benchmark compares: the raw-input floor,
scrapeclean, and peer extractors, each on the renderings it accepts.

A system's ``run(input, record, rendering)`` returns a prediction dict
``{"text", "title"?, "author"?, "date"?}``. It is called in a worker process,
so heavy imports happen lazily inside ``run``; a peer whose package is not
installed is skipped (``System.missing``), while scrapeclean is always run so
that an import error shows up as failures in the table.
"""
from __future__ import annotations

import html as html_lib
import importlib.util
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from benchmarks.corpus import RENDERINGS, TEXT_RENDERINGS

REPO = Path(__file__).resolve().parent.parent

Prediction = dict[str, Any]
RunFn = Callable[[str, dict, str], Prediction]


@dataclass(frozen=True)
class System:
    name: str
    renderings: tuple[str, ...]
    run: RunFn
    metadata: tuple[str, ...] = ()    # metadata fields it predicts...
    metadata_on: tuple[str, ...] = RENDERINGS  # ...on these renderings
    requires: tuple[str, ...] = ()    # importable modules it needs
    note: str = ""
    options: dict[str, Any] = field(default_factory=dict)  # settings, for the report

    def missing(self) -> str | None:
        """Why the system cannot run here, or None."""
        absent = [m for m in self.requires if importlib.util.find_spec(m) is None]
        return f"not installed: {', '.join(absent)}" if absent else None


# ------------------------------------------------------------------ raw / scrapeclean

def run_raw(text: str, record: dict, rendering: str) -> Prediction:
    return {"text": text}


def import_scrapeclean():
    """Import scrapeclean, falling back to the repo's src/ when not installed."""
    try:
        import scrapeclean
    except ImportError:
        src = str(REPO / "src")
        if src not in sys.path:
            sys.path.insert(0, src)
        import scrapeclean
    return scrapeclean


SCRAPECLEAN_KIND = {"innertext": "text", "gettext": "text", "markdown": "markdown", "html": "html"}


REGION_MODELS_ENV = "SCRAPECLEAN_REGION_MODELS"  # set by quality.py --region-models


@lru_cache(maxsize=None)
def _fold_pipeline(models_dir: str, domain: str):
    """The default pipeline with the text region model of the fold that never saw `domain`."""
    folds = json.loads((Path(models_dir) / "folds.json").read_text())
    model = str(Path(models_dir) / f"fold{folds[domain]}.json")
    return import_scrapeclean().Pipeline.default().configure("main-content", model=model)


def run_scrapeclean(text: str, record: dict, rendering: str) -> Prediction:
    models_dir = os.environ.get(REGION_MODELS_ENV)
    pipeline = _fold_pipeline(models_dir, record["domain"]) if models_dir and rendering != "html" else None
    res = import_scrapeclean().clean(text, url=record.get("url"), kind=SCRAPECLEAN_KIND[rendering],
                                     pipeline=pipeline)
    meta = res.metadata
    authors = getattr(meta, "authors", None) or []
    return {"text": res.text,
            "title": getattr(meta, "title", None),
            "author": "; ".join(authors) if authors else None,
            "date": getattr(meta, "published", None)}


# ------------------------------------------------------------------ helpers

def lines_as_html(text: str) -> str:
    """Raw text as a minimal HTML page, one <p> per non-blank line, so HTML
    extractors can be run on raw text."""
    paras = (f"<p>{html_lib.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
    return "<html><body>\n" + "\n".join(paras) + "\n</body></html>"


_BLOCK_TAGS = frozenset(
    "address article aside blockquote body dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table "
    "td th tr ul".split())


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment with a line break around each block
    element (readability returns HTML, the metrics want text)."""
    import lxml.etree
    import lxml.html

    if not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    parts: list[str] = []
    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS or tag == "br":
                parts.append("\n")
            if tag and tag not in ("script", "style") and el.text:
                parts.append(el.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if el.tail and el is not root:
                parts.append(el.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


# ------------------------------------------------------------------ jusText language

# ISO 639-1 codes of the html lang attribute -> jusText stoplist names.
_ISO_TO_STOPLIST = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bs": "Bosnian", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian",
    "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ka": "Georgian", "kk": "Kazakh",
    "ko": "Korean", "la": "Latin", "lb": "Luxembourgish", "lt": "Lithuanian", "lv": "Latvian",
    "mk": "Macedonian", "ms": "Malay", "mt": "Maltese", "nb": "Norwegian_Bokmal",
    "nl": "Dutch", "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil",
    "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
}
_HTML_LANG_RE = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.I)
_WORD_RE = re.compile(r"\w+")
_NON_TEXT_RE = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.I | re.S)


@lru_cache(maxsize=1)
def _stoplists() -> dict[str, frozenset[str]]:
    import justext
    # Simple_English is a subset of English and would win ties for English pages.
    return {name: frozenset(justext.get_stoplist(name))
            for name in justext.get_stoplists() if name != "Simple_English"}


def guess_stoplist(text: str) -> str:
    """The jusText stoplist whose words occur most often in ``text``
    (agrees with the declared html lang on ~95% of the corpus pages)."""
    counts = Counter(w.lower() for w in _WORD_RE.findall(text))
    if not counts:
        return "English"
    lists = _stoplists()
    return max(lists, key=lambda name: sum(n for w, n in counts.items() if w in lists[name]))


def stoplist_for(text: str, is_html: bool) -> str:
    """Stoplist from the page's html lang attribute, else guessed from the words."""
    if is_html:
        m = _HTML_LANG_RE.search(text)
        if m and m.group(1).lower() in _ISO_TO_STOPLIST:
            return _ISO_TO_STOPLIST[m.group(1).lower()]
        text = _NON_TEXT_RE.sub(" ", text)
    return guess_stoplist(text)


# ------------------------------------------------------------------ peers

def run_trafilatura(text: str, record: dict, rendering: str, fast: bool = False) -> Prediction:
    import trafilatura

    url = record.get("url")
    if rendering != "html":
        return {"text": trafilatura.extract(lines_as_html(text), url=url, fast=fast) or ""}
    pred: Prediction = {"text": trafilatura.extract(text, url=url, fast=fast) or ""}
    if not fast:  # metadata does not depend on `fast`: extract it once, for the default row
        meta = trafilatura.extract_metadata(text, default_url=url)
        if meta is not None:
            pred.update(title=meta.title, author=meta.author, date=meta.date)
    return pred


def run_trafilatura_fast(text: str, record: dict, rendering: str) -> Prediction:
    return run_trafilatura(text, record, rendering, fast=True)


def run_readability(text: str, record: dict, rendering: str) -> Prediction:
    from readability import Document

    doc = Document(text, url=record.get("url"))
    return {"text": html_to_text(doc.summary(html_partial=True)), "title": doc.short_title()}


def run_justext(text: str, record: dict, rendering: str) -> Prediction:
    import justext

    is_html = rendering == "html"
    stoplist = stoplist_for(text, is_html)
    page = text if is_html else lines_as_html(text)
    paragraphs = justext.justext(page, justext.get_stoplist(stoplist))
    return {"text": "\n".join(p.text for p in paragraphs if not p.is_boilerplate),
            "stoplist": stoplist}


def run_resiliparse(text: str, record: dict, rendering: str) -> Prediction:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    tree = HTMLTree.parse(text)
    return {"text": extract_plain_text(tree, main_content=True), "title": tree.title or None}


# C4's line filters only: the document-level rejections (too few sentences,
# "lorem ipsum", a curly bracket) are switched off so every page keeps its
# good lines instead of being dropped whole.
C4_OPTIONS: dict[str, Any] = {
    "split_paragraph": True, "remove_citations": True, "filter_no_terminal_punct": True,
    "min_num_sentences": -1, "min_words_per_line": 3, "max_word_length": 1000,
    "filter_lorem_ipsum": False, "filter_javascript": True, "filter_curly_bracket": False,
    "filter_policy": True,
}


@lru_cache(maxsize=1)
def _c4_filter():
    from datatrove.pipeline.filters import C4QualityFilter
    return C4QualityFilter(**C4_OPTIONS)


def run_c4(text: str, record: dict, rendering: str) -> Prediction:
    from datatrove.data import Document

    doc = Document(text=text, id=record["id"])
    kept = _c4_filter().filter(doc)
    return {"text": doc.text if kept is True else ""}


# ------------------------------------------------------------------ registry

SYSTEMS: dict[str, System] = {s.name: s for s in [
    System("raw", TEXT_RENDERINGS, run_raw, note="the input unchanged: the floor"),
    System("scrapeclean", RENDERINGS, run_scrapeclean, metadata=("title", "author", "date"),
           note="`scrapeclean.clean(text, url=, kind=text|markdown|html)`"),
    System("trafilatura", RENDERINGS, run_trafilatura, metadata=("title", "author", "date"),
           metadata_on=("html",), requires=("trafilatura",),
           note="`trafilatura.extract()` default settings; metadata from `extract_metadata()` "
                "(html only, timed with it); text renderings wrapped one `<p>` per line"),
    System("trafilatura-fast", ("html",), run_trafilatura_fast, requires=("trafilatura",),
           note="`trafilatura.extract(fast=True)`, no metadata"),
    System("readability", ("html",), run_readability, metadata=("title",),
           requires=("readability",),
           note="readability-lxml `Document.summary()` as text, `short_title()`"),
    System("justext", RENDERINGS, run_justext, requires=("justext",),
           note="jusText default settings; stoplist from `<html lang>`, else the stoplist "
                "with most word hits; text renderings wrapped one `<p>` per line"),
    System("resiliparse", ("html",), run_resiliparse, metadata=("title",),
           requires=("resiliparse",),
           note="`extract_plain_text(tree, main_content=True)`, `tree.title`"),
    System("c4", TEXT_RENDERINGS, run_c4, requires=("datatrove",), options=C4_OPTIONS,
           note="datatrove `C4QualityFilter` as a line filter (document rejections off)"),
]}
