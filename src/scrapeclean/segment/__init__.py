"""Raw input -> blocks. One module per input kind."""
from __future__ import annotations

from ..document import Block, InputKind
from .markdown import segment_markdown
from .text import segment_text, split_lines

__all__ = ["segment", "split_lines"]


def segment(text: str | list[str], kind: InputKind) -> tuple[list[Block], list[str]]:
    """Split `text` of the given kind (or its lines, already split) into blocks; also return
    the input lines."""
    lines = split_lines(text) if isinstance(text, str) else text
    if kind == "markdown":
        return segment_markdown(lines), lines
    return segment_text(lines), lines
