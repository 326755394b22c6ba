"""Block: a frozen dataclass whose __init__ is written by hand (for speed): it must stay one."""
from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from scrapeclean.document import Block


def test_block_init_takes_every_field_with_its_default() -> None:
    params = list(inspect.signature(Block.__init__).parameters.values())[1:]
    fields = dataclasses.fields(Block)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields):
        assert p.default == (inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default)


def test_block_is_frozen_hashable_and_round_trips() -> None:
    b = Block(3, "Council votes", "heading", 1, 2, level=2, link_density=0.5, markup="## Council votes",
              hints=("nav",))
    assert (b.index, b.text, b.kind, b.start, b.end, b.level, b.link_density, b.markup, b.hints) == \
        (3, "Council votes", "heading", 1, 2, 2, 0.5, "## Council votes", ("nav",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.index = 4  # type: ignore[misc]
    assert b == Block(3, "Council votes", "heading", 1, 2, 2, 0.5, "## Council votes", ("nav",))
    assert len({b, dataclasses.replace(b)}) == 1
    assert dataclasses.replace(b, index=9).index == 9 and dataclasses.replace(b, index=9).text == b.text
    assert pickle.loads(pickle.dumps(b)) == b
    assert Block(0, "x") == Block(index=0, text="x", kind="paragraph")
