"""Guess the input kind: HTML, markdown (html2text style) or plain page text."""
from __future__ import annotations

import re

import regex

from .document import InputKind

_HTML_START = regex.compile(r"^\s{0,1000}(?:<\?xml[^>]{0,200}>\s{0,100})?(?:<!--.{0,2000}?-->\s{0,100})?<(?:!doctype\s+html|html[\s>]|head[\s>])", regex.I | regex.S)
_TAG = regex.compile(r"</?(?:p|div|span|a|br|li|ul|td|tr|table|h[1-6]|script|meta|link|body|img)\b[^<>]{0,500}>", regex.I)
_MD_LINK = regex.compile(r"\]\([^()\s]{1,500}\)")
# the stdlib engine tries the line starts of a page ~2.5x faster here (same matches)
_MD_LINE = re.compile(r"^(?:#{1,6} |\s{0,8}[*+-] |>\s|\|.*\|$)", re.M)

_SAMPLE = 100_000  # characters looked at: enough to decide, bounded on huge inputs


def detect_kind(text: str) -> InputKind:
    sample = text[:_SAMPLE]
    if _HTML_START.match(sample):
        return "html"
    n_lines = sample.count("\n") + 1
    tags = sum(1 for _ in _TAG.finditer(sample))
    if tags >= 5 and tags >= 0.2 * n_lines:
        return "html"
    md = len(_MD_LINK.findall(sample)) + len(_MD_LINE.findall(sample))
    if md >= 3 and md >= 0.03 * n_lines:
        return "markdown"
    return "text"
