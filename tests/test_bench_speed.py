"""The speed benchmark's interleaved timing (benchmarks/speed.py)."""
from __future__ import annotations

import time

from benchmarks.speed import time_interleaved


def test_every_system_cleans_every_page_once_in_rotating_order():
    calls: list[tuple[str, str]] = []

    def system(name: str, cost: float):
        def run(text: str, record: dict, rendering: str) -> None:
            calls.append((name, text))
            end = time.process_time() + cost
            while time.process_time() < end:  # CPU work, which the process clock sees
                pass
            if text == "bad":
                raise ValueError(text)
        return run

    systems = {"slow": ("html", system("slow", 0.004)), "fast": ("text", system("fast", 0.001))}
    inputs = {"html": ["<p>a</p>", "bad", "<p>c</p>"], "text": ["a", "b", "c"]}
    out = time_interleaved(systems, inputs, [{}, {}, {}])
    assert sorted(calls) == sorted([("slow", t) for t in inputs["html"]] + [("fast", t) for t in inputs["text"]])
    assert [c[0] for c in calls[:4]] == ["slow", "fast", "fast", "slow"]  # the order rotates per page
    assert out["slow"][2] == 1 and out["fast"][2] == 0  # the page that raised, its time counted
    assert out["slow"][1] > 2 * out["fast"][1] > 0
    assert all(wall >= cpu * 0.5 for wall, cpu, _ in out.values())
