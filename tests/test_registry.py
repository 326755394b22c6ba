"""Filters by name, and third-party filters through the `scrapeclean.filters` entry points."""
from __future__ import annotations

import sys
from importlib.metadata import EntryPoint

import pytest

from scrapeclean import Pipeline, available_filters, create_filter, registry
from scrapeclean.settings import DEFAULT_FILTERS


def test_registry_knows_every_default_filter() -> None:
    assert set(DEFAULT_FILTERS) <= set(available_filters())


def test_registry_unknown_name_lists_known_ones() -> None:
    with pytest.raises(KeyError, match="navigation"):
        create_filter("definitely-not-a-filter")


def test_registry_loads_entry_point_filters(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    (tmp_path / "acme_rules.py").write_text(
        "from scrapeclean import Filter, Verdict\n"
        "class Acme(Filter):\n"
        "    def judge(self, block, doc):\n"
        "        return Verdict.drop('acme') if 'ACME' in block.text else None\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    ep = EntryPoint(name="acme", value="acme_rules:Acme", group=registry.ENTRY_POINT_GROUP)

    def fake_entry_points(group: str):
        return [ep] if group == registry.ENTRY_POINT_GROUP else []

    monkeypatch.setattr("importlib.metadata.entry_points", fake_entry_points)
    monkeypatch.setattr(registry, "_entry_points_loaded", False)
    pipe = Pipeline(["acme"])
    res = pipe.clean("ACME rocket skates\n\nA normal line of text")
    assert [r.reason for r in res.removed] == ["acme"]
    assert res.text == "A normal line of text"
    sys.modules.pop("acme_rules", None)
