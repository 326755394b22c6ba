"""`scrapeclean batch` and `clean_many`: real inputs, real worker processes, real output files."""
from __future__ import annotations

import gzip
import importlib.util
import json
import os
import sys
import time
from dataclasses import asdict
from itertools import count
from pathlib import Path
from typing import Any

import pytest

import scrapeclean
from scrapeclean import FilterError, Pipeline, ScrapecleanError, register_filter, registry
from scrapeclean._io import InputError, InputSet
from scrapeclean import batch
from scrapeclean.batch import Engine, Failure, Settings, clean_many, output_record, run_batch
from scrapeclean.cli import main
from scrapeclean.decode import to_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
WARC_DIR = FIXTURES / "warc"


# A test filter with side effects on cue, registered at import: the pool's worker processes
# are forked after this, so they know it too (as they would know an entry-point filter).
@register_filter("batch-test-probe")
def _probe(block: Any, doc: Any, *, pid_dir: str | None = None, delay: float = 0.0) -> str | None:
    if pid_dir:
        Path(pid_dir, str(os.getpid())).touch()
    text = block.text
    if "EXPLODE" in text:
        raise RuntimeError("probe exploded")
    if "CRASH" in text:
        os._exit(7)  # a worker dying as in a segfault or the OOM killer
    if "SLOW" in text:
        time.sleep(5)
    if "DELAY" in text:
        time.sleep(delay)
    return "probe_drop" if text.startswith("DROPME") else None


PROBE = {"filters": [{"name": "batch-test-probe"}]}


def page(i: int) -> str:
    """A small page with a headline, chrome and a few paragraphs (cheap to clean)."""
    return (f"Home\nNews\nSport\n\nThe river road story number {i}\n\n12 May 2025\n\n"
            f"The city council voted on Tuesday to build protected cycle lanes along the river "
            f"road, item {i}, a project residents have asked for since the bridge reopened.\n\n"
            "Work will start in September and should take eight months, the transport "
            "department said in a statement on its website.\n\nShare this\nFacebook\nTwitter\n")


def write_jsonl(path: Path, records: list[Any], *, gz: bool = False) -> Path:
    lines = "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                    for r in records)
    if gz:
        path.write_bytes(gzip.compress(lines.encode("utf-8")))
    else:
        path.write_text(lines, encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def toml_file(path: Path, config: dict[str, Any]) -> Path:
    """A [pipeline] TOML file for a config of {"filters": [...]} or {"base": ..., "add": [...]}."""
    def value(v: Any) -> str:
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return json.dumps(v)

    path.write_text("[pipeline]\n" + "".join(f"{k} = {value(v)}\n" for k, v in config.items()))
    return path


def expected(pipe: Pipeline, raw: str | bytes, *, doc_id: str | None, url: str | None = None,
             kind: Any = None) -> dict[str, Any]:
    return output_record(pipe.clean(raw, url=url, kind=kind, doc_id=doc_id), doc_id, url)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["batch", *argv])
    return code, capsys.readouterr().err


# -- JSONL in, JSONL out ------------------------------------------------------------------
def test_jsonl_batch_matches_clean_and_isolates_bad_records(tmp_path: Path, capsys) -> None:
    good = [{"id": f"p{i}", "url": f"https://news.example/{i}", "text": page(i)} for i in range(6)]
    records: list[Any] = [
        good[0], good[1],
        "{this is not json",
        {"id": "no-text", "url": "https://x.example/"},
        good[2],
        {"id": "numeric", "text": 42},
        "",  # blank lines are not records
        {"id": "huge", "text": "word " * 5000},
        good[3],
        {"text": page(99)},  # no id: FILE:LINE
        "\"a bare JSON string is a page too\"",
        good[4], good[5],
    ]
    inp = write_jsonl(tmp_path / "in.jsonl.gz", records, gz=True)
    out = tmp_path / "out" / "clean.jsonl"
    code, err = run([str(inp), "-o", str(out), "--workers", "2", "--max-bytes", "20000",
                     "--chunk-size", "2"], capsys)
    assert code == 0
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["p0", "p1", "p2", "p3", "in.jsonl.gz:10", "in.jsonl.gz:11",
                                       "p4", "p5"]
    pipe = Pipeline.default()
    for r, g in zip([rows[i] for i in (0, 1, 2, 3, 6, 7)], good):
        assert r == expected(pipe, g["text"], doc_id=g["id"], url=g["url"])
    assert rows[4] == expected(pipe, page(99), doc_id="in.jsonl.gz:10")
    assert set(rows[0]) == {"id", "url", "kind", "text", "metadata", "removed"}
    assert rows[0]["text"] and "cycle lanes" in rows[0]["text"]
    assert rows[0]["removed"] and all(isinstance(v, int) for v in rows[0]["removed"].values())

    errors = read_jsonl(Path(str(out) + ".errors.jsonl"))
    assert [(e["id"], e["error"]) for e in errors] == [
        ("in.jsonl.gz:3", "JSONDecodeError"), ("no-text", "NoText"),
        ("numeric", "InputTypeError"), ("in.jsonl.gz:8", "RecordTooLarge")]
    assert errors[0]["source"] == "in.jsonl.gz:3"
    assert all(e["reason"] for e in errors)
    assert "12 records in, 8 out, 4 failed" in err
    assert "pages/s" in err and "2 workers" in err
    assert "\r" not in err  # no progress bar when stderr is not a terminal


def test_field_options_nested_fields_and_html_fallback(tmp_path: Path, capsys) -> None:
    recs = [{"key": "a", "page": {"href": "https://a.example/", "body": page(1)}},
            {"key": "b", "page": {"href": "https://b.example/", "body": None}, "markup": "<p>x</p>"},
            {"key": 7, "page": {"body": page(3)}}]
    inp = write_jsonl(tmp_path / "in.jsonl", recs)
    out = tmp_path / "out.jsonl"
    code, _ = run([str(inp), "-o", str(out), "-j", "1", "--text-field", "page.body",
                   "--html-field", "markup", "--url-field", "page.href", "--id-field", "key"],
                  capsys)
    assert code == 0
    rows = read_jsonl(out)
    errors = read_jsonl(Path(str(out) + ".errors.jsonl"))
    pipe = Pipeline.default()
    assert rows[0] == expected(pipe, page(1), doc_id="a", url="https://a.example/")
    assert rows[-1] == expected(pipe, page(3), doc_id="7")
    # the record without text went the HTML way
    assert errors == [] and [r["id"] for r in rows] == ["a", "b", "7"]
    assert rows[1] == expected(pipe, "<p>x</p>", doc_id="b", url="https://b.example/", kind="html")
    assert rows[1]["kind"] == "html"


def test_pipeline_toml_runs_on_every_worker(tmp_path: Path, capsys) -> None:
    pid_dir = tmp_path / "pids"
    pid_dir.mkdir()
    config = {"filters": [{"name": "batch-test-probe", "pid_dir": str(pid_dir), "delay": 0.02}]}
    toml = toml_file(tmp_path / "pipe.toml", config)
    texts = [f"DROPME line {i}\n\nDELAY keeps paragraph {i}" for i in range(24)]
    inp = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": t} for i, t in enumerate(texts)])
    out = tmp_path / "out.jsonl"
    code, err = run([str(inp), "-o", str(out), "--workers", "2", "--pipeline", str(toml),
                     "--chunk-size", "1"], capsys)
    assert code == 0, err
    # two worker processes did the work (the parent may have warmed the pipeline up once)
    pids = {int(p.name) for p in pid_dir.iterdir()} - {os.getpid()}
    assert len(pids) == 2
    rows = read_jsonl(out)
    pipe = Pipeline.from_toml(str(toml))
    assert rows == [expected(pipe, t, doc_id=str(i)) for i, t in enumerate(texts)]
    assert all(r["removed"] == {"probe_drop": 1} for r in rows)


def test_entry_point_filter_in_a_toml_pipeline(tmp_path: Path, monkeypatch, capsys) -> None:
    """A third-party filter advertised as an entry point, in a TOML pipeline, on 2 workers."""
    plugin = tmp_path / "plugins"
    (plugin / "scx_plugin-0.1.dist-info").mkdir(parents=True)
    (plugin / "scx_plugin.py").write_text(
        "def no_shouting(block, doc):\n"
        "    return 'shouting' if block.text.isupper() else None\n")
    (plugin / "scx_plugin-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: scx-plugin\nVersion: 0.1\n")
    (plugin / "scx_plugin-0.1.dist-info" / "entry_points.txt").write_text(
        "[scrapeclean.filters]\nscx-no-shouting = scx_plugin:no_shouting\n")
    monkeypatch.syspath_prepend(str(plugin))
    monkeypatch.setattr(registry, "_entry_points_loaded", False)
    toml = toml_file(tmp_path / "pipe.toml", {"filters": ["scx-no-shouting"]})
    texts = [f"BUY NOW {i}\n\nA calm sentence about item {i}." for i in range(6)]
    inp = write_jsonl(tmp_path / "in.jsonl", [json.dumps(t) for t in texts])  # bare strings
    out = tmp_path / "out.jsonl"
    code, err = run([str(inp), "-o", str(out), "-j", "2", "--pipeline", str(toml)], capsys)
    assert code == 0, err
    rows = read_jsonl(out)
    assert [r["text"] for r in rows] == [f"A calm sentence about item {i}." for i in range(6)]
    assert all(r["removed"] == {"shouting": 1} for r in rows)
    sys.modules.pop("scx_plugin", None)


@pytest.mark.parametrize("workers", [1, 2])
def test_filter_errors_timeouts_and_crashes_go_to_the_errors_file(tmp_path: Path, capsys,
                                                                  workers: int) -> None:
    toml = toml_file(tmp_path / "pipe.toml", PROBE)
    texts = {"a": "fine one", "b": "EXPLODE here", "c": "fine two", "d": "SLOW page",
             "e": "fine three", "f": "CRASH now", "g": "fine four"}
    if workers == 1:
        del texts["f"]  # a crash in the one-worker (inline) mode would take the CLI down
    inp = write_jsonl(tmp_path / "in.jsonl", [{"id": k, "text": v} for k, v in texts.items()])
    out = tmp_path / "out.jsonl"
    errs = tmp_path / "errors" / "bad.jsonl"
    t0 = time.monotonic()
    code, err = run([str(inp), "-o", str(out), "-j", str(workers), "--pipeline", str(toml),
                     "--timeout", "0.3", "--errors", str(errs), "--chunk-size", "2"], capsys)
    assert time.monotonic() - t0 < 4.5  # the 5 s SLOW record was cut short
    assert code == 0
    assert [r["id"] for r in read_jsonl(out)] == ["a", "c", "e", "g"]
    errors = {e["id"]: e for e in read_jsonl(errs)}
    assert errors["b"]["error"] == "FilterError" and "probe exploded" in errors["b"]["reason"]
    assert "batch-test-probe" in errors["b"]["reason"] and errors["b"]["filter"] == "batch-test-probe"
    assert "filter" not in errors["d"]
    assert errors["d"]["error"] == "CleanTimeout"
    if workers == 2:
        assert errors["f"]["error"] == "WorkerCrashed"
    assert len(errors) == (3 if workers == 2 else 2)
    assert f"{len(texts)} records in, 4 out, {len(errors)} failed" in err


def test_order_is_kept_and_unordered_does_not_wait(tmp_path: Path, capsys) -> None:
    toml = toml_file(tmp_path / "pipe.toml",
                     {"filters": [{"name": "batch-test-probe", "delay": 1.0}]})
    texts = ["DELAY first"] + [f"quick {i}" for i in range(1, 30)]
    inp = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": t} for i, t in enumerate(texts)])
    ordered, unordered = tmp_path / "o.jsonl", tmp_path / "u.jsonl"
    assert run([str(inp), "-o", str(ordered), "-j", "2", "--pipeline", str(toml),
                "--chunk-size", "1"], capsys)[0] == 0
    assert [r["id"] for r in read_jsonl(ordered)] == [str(i) for i in range(30)]
    assert run([str(inp), "-o", str(unordered), "-j", "2", "--pipeline", str(toml),
                "--chunk-size", "1", "--unordered"], capsys)[0] == 0
    ids = [r["id"] for r in read_jsonl(unordered)]
    assert sorted(ids, key=int) == [str(i) for i in range(30)]
    assert ids[0] != "0"  # the others were written while the slow one was still running


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path, capsys) -> None:
    recs = [{"id": str(i), "text": page(i) * 20} for i in range(40)]
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in recs).encode())
    inp = tmp_path / "cut.jsonl.gz"
    inp.write_bytes(data[: len(data) // 2])
    out = tmp_path / "out.jsonl"
    code, _ = run([str(inp), "-o", str(out), "-j", "1", "--pipeline",
                   str(toml_file(tmp_path / "p.toml", PROBE))], capsys)
    assert code == 0
    ids = [r["id"] for r in read_jsonl(out)]
    assert 0 < len(ids) < 40 and ids == [str(i) for i in range(len(ids))]
    errors = read_jsonl(Path(str(out) + ".errors.jsonl"))
    assert len(errors) == 1 and "could not read the rest of cut.jsonl.gz" in errors[0]["reason"]


def test_missing_input_and_all_failed_exit_codes(tmp_path: Path, capsys) -> None:
    code, err = run([str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl")], capsys)
    assert code == 2 and "no such file" in err
    code, err = run([str(tmp_path), "-o", str(tmp_path / "o.csv"), "-j", "1"], capsys)
    assert code == 0  # an empty directory: nothing to do
    inp = write_jsonl(tmp_path / "bad.jsonl", ["{nope", "{nope"])
    code, err = run([str(inp), "-o", str(tmp_path / "o.jsonl"), "-j", "1"], capsys)
    assert code == 1 and "2 records in, 0 out, 2 failed" in err and "JSONDecodeError: 2" in err


# -- WARC / WET -----------------------------------------------------------------------------
def test_wet_fixture_end_to_end(tmp_path: Path, capsys, seed_text: str) -> None:
    out = tmp_path / "wet.jsonl.gz"
    code, err = run([str(WARC_DIR / "sample.wet.gz"), "-o", str(out), "-j", "2"], capsys)
    assert code == 0, err
    rows = read_jsonl(out)
    assert [r["url"] for r in rows] == ["https://caliber.az/en/post/north-korea-ukraine",
                                        "https://maras-kitchen.example/sourdough-starter",
                                        "https://news.example/2025/05/12/cycle-lanes"]
    assert rows[0]["id"] == "urn:uuid:00000000-05c0-ffee-0000-000000000001"
    assert all(r["kind"] == "text" for r in rows)
    pipe = Pipeline.default()
    assert rows[0] == expected(pipe, seed_text, doc_id=rows[0]["id"], url=rows[0]["url"],
                               kind="text")
    assert "North Korea" in rows[0]["text"]
    assert "3 records in, 3 out, 0 failed" in err


def test_warc_fixture_html_responses(tmp_path: Path, capsys) -> None:
    source = InputSet([str(WARC_DIR / "sample.warc.gz")])
    tasks = [t for _, t in source]
    assert source.skipped == 2  # the redirect and the image; requests/metadata not even read
    assert [(t[2], t[4], t[5]) for t in tasks] == [
        ("https://maras-kitchen.example/sourdough-starter", "html", "utf-8"),
        ("https://gorod.example/most", "html", "windows-1251")]
    assert "Новый мост через реку открыт" in to_text(tasks[1][3], declared=tasks[1][5])

    out = tmp_path / "warc.jsonl"
    code, err = run([str(WARC_DIR / "sample.warc.gz"), "-o", str(out), "-j", "2"], capsys)
    assert code == 0, err
    assert "2 records in, 2 out, 0 failed, 2 WARC records skipped" in err
    rows = read_jsonl(out)
    assert read_jsonl(Path(str(out) + ".errors.jsonl")) == []
    assert [r["id"] for r in rows] == [t[1] for t in tasks]
    for r, t in zip(rows, tasks):
        assert r["kind"] == "html"
        assert r == expected(Pipeline.default(), to_text(t[3], declared=t[5]), doc_id=t[1],
                             url=t[2], kind="html")
    assert "wild yeast" in rows[0]["text"] and "Mara's Kitchen" not in rows[0]["text"]
    assert "пешеходный мост" in rows[1]["text"]  # windows-1251, declared in the HTTP header


def test_warc_record_over_max_bytes_is_an_error(tmp_path: Path, capsys) -> None:
    spec = importlib.util.spec_from_file_location("make_fixtures", WARC_DIR / "make_fixtures.py")
    mk = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mk)  # type: ignore[union-attr]
    wet = tmp_path / "big.wet.gz"
    wet.write_bytes(mk.warcinfo(0, "big.wet.gz")
                    + mk.warc_record("conversion", b"small page\n\nwith two lines", n=1,
                                     url="https://a.example/")
                    + mk.warc_record("conversion", b"x" * 50_000, n=2, url="https://big.example/")
                    + mk.warc_record("conversion", "déjà vu, third".encode(), n=3,
                                     url="https://c.example/"))
    out = tmp_path / "o.jsonl"
    code, err = run([str(wet), "-o", str(out), "-j", "1", "--max-bytes", "10000"], capsys)
    assert code == 0
    assert [r["url"] for r in read_jsonl(out)] == ["https://a.example/", "https://c.example/"]
    assert read_jsonl(out)[1] == expected(Pipeline.default(), "déjà vu, third", kind="text",
                                          doc_id=read_jsonl(out)[1]["id"], url="https://c.example/")
    (e,) = read_jsonl(Path(str(out) + ".errors.jsonl"))
    assert e["url"] == "https://big.example/" and e["error"] == "RecordTooLarge"
    assert e["source"].startswith("big.wet.gz@")


# -- directories, Parquet, clean_many --------------------------------------------------------
def test_directory_of_pages_kind_by_extension(tmp_path: Path, capsys) -> None:
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "a.txt").write_text(page(1))
    (pages / "b.md").write_text("# A title\n\nSome [linked](https://x.example/) text here.\n\n"
                                "* one\n* two\n")
    (pages / "sub" / "c.txt.gz").write_bytes(gzip.compress(page(3).encode()))
    (pages / "notes.csv").write_text("ignored")
    out = tmp_path / "o.jsonl"
    code, _ = run([str(pages), "-o", str(out), "-j", "2"], capsys)
    assert code == 0
    rows = read_jsonl(out)
    assert [(r["id"], r["kind"]) for r in rows] == [("a.txt", "text"), ("b.md", "markdown"),
                                                   ("sub/c.txt.gz", "text")]
    pipe = Pipeline.default()
    assert rows[0] == expected(pipe, page(1).encode(), doc_id="a.txt", kind="text")
    assert rows[2]["text"] == rows[0]["text"].replace("item 1", "item 3")


def test_parquet_output(tmp_path: Path, capsys) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    recs = [{"id": str(i), "url": f"https://n.example/{i}", "text": page(i)} for i in range(5)]
    inp = write_jsonl(tmp_path / "in.jsonl", recs)
    code, _ = run([str(inp), "-o", str(tmp_path / "o.jsonl"), "-j", "1"], capsys)
    code2, _ = run([str(inp), "-o", str(tmp_path / "o.parquet"), "-j", "2"], capsys)
    assert code == code2 == 0
    table = pq.read_table(tmp_path / "o.parquet")
    assert table.column_names == ["id", "url", "kind", "text", "metadata", "removed"]
    rows = table.to_pylist()
    for r in rows:
        r["removed"] = dict(r["removed"])
        r["metadata"]["sources"] = dict(r["metadata"]["sources"])
    assert rows == read_jsonl(tmp_path / "o.jsonl")


def test_parquet_without_pyarrow_is_a_clear_error(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    inp = write_jsonl(tmp_path / "in.jsonl", [page(1)])
    code, err = run([str(inp), "-o", str(tmp_path / "o.parquet")], capsys)
    assert code == 2 and "pip install" in err and "pyarrow" in err


def test_clean_many_in_order_with_failures() -> None:
    items: list[Any] = [page(0), page(1).encode(), {"text": page(2), "url": "https://n.example/2"},
                        {"html": None, "id": "x"}, {"text": "EXPLODE", "id": "boom"}, page(5)]
    config = {"base": "default", "add": [{"name": "batch-test-probe"}]}
    pipe = Pipeline.from_config(config)
    out = list(clean_many(items, workers=2, pipeline=config, on_error="return", chunk_size=1))
    assert len(out) == 6
    assert [type(r).__name__ for r in out] == ["CleanResult"] * 3 + ["Failure"] * 2 + ["CleanResult"]
    assert out[0].text == pipe.clean(page(0)).text
    assert asdict(out[2].metadata) == asdict(pipe.clean(page(2), url="https://n.example/2").metadata)
    assert out[5].removed_counts() == pipe.clean(page(5)).removed_counts()
    assert isinstance(out[3], Failure) and out[3].id == "x" and out[3].error == "NoText"
    assert out[4].error == "FilterError" and out[4].id == "boom"
    # the worker's FilterError itself crossed the process boundary: the filter's name, the id
    exc = out[4].exception
    assert isinstance(exc, FilterError) and exc.filter_name == "batch-test-probe"
    assert exc.doc_id == "boom" and "RuntimeError: probe exploded" in str(exc)
    with pytest.raises(ScrapecleanError, match="no 'text' or 'html' field"):
        list(clean_many(items, workers=2, pipeline=pipe))  # the first failure, in order
    with pytest.raises(FilterError, match="probe exploded") as info:
        list(clean_many(items[4:], workers=2, pipeline=pipe))
    assert (info.value.filter_name, info.value.doc_id) == ("batch-test-probe", "boom")
    # one worker runs inline, same results
    assert [r.text for r in clean_many([page(0), page(5)], workers=1)] == \
        [scrapeclean.clean(page(0)).text, scrapeclean.clean(page(5)).text]


def test_clean_many_reads_its_input_lazily() -> None:
    pulled = count()

    def endless() -> Any:
        for i in count():
            next(pulled)
            yield f"DROPME {i}\n\nparagraph {i}"

    results = clean_many(endless(), workers=2, pipeline=PROBE)
    first = [next(results).text for _ in range(5)]
    assert first == [f"paragraph {i}" for i in range(5)]
    results.close()  # shuts the pool down
    assert next(pulled) < 2000  # bounded in-flight work, not the whole (endless) input


def test_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unsupported input"):
        InputSet([str(tmp_path / "x.csv")])
    with pytest.raises(InputError, match="errors file"):
        run_batch([str(write_jsonl(tmp_path / "i.jsonl", ["a"]))], str(tmp_path / "o.jsonl"),
                  errors_path=str(tmp_path / "o.jsonl"))


def test_workers_are_recycled(tmp_path: Path, capsys) -> None:
    pid_dir = tmp_path / "pids"
    pid_dir.mkdir()
    toml = toml_file(tmp_path / "pipe.toml",
                     {"filters": [{"name": "batch-test-probe", "pid_dir": str(pid_dir)}]})
    texts = [f"DROPME {i}\n\nparagraph {i}" for i in range(30)]
    inp = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": t} for i, t in enumerate(texts)])
    out = tmp_path / "out.jsonl"
    code, err = run([str(inp), "-o", str(out), "-j", "2", "--pipeline", str(toml),
                     "--chunk-size", "2", "--recycle-after", "4"], capsys)
    assert code == 0, err
    assert [r["text"] for r in read_jsonl(out)] == [f"paragraph {i}" for i in range(30)]
    # 30 records, a fresh pool every 2 x 4 records: 4 generations, each with at least one
    # worker that ran a chunk (which of the two idle workers takes a chunk is the pool's
    # choice: on a busy machine one may take all of a generation's). Without recycling: <= 2
    assert len({int(p.name) for p in pid_dir.iterdir()} - {os.getpid()}) >= 4


def test_chunks_grow_with_fast_records_and_shrink_towards_the_end() -> None:
    engine = Engine(Settings(), workers=2, total_bytes=10_000)
    engine._observe(0.01, 10)  # 1 ms of CPU a record: a chunk of many records
    assert engine._next_size() == 32
    engine._taken, engine._pos = 100, 2_000  # a fifth read: ~400 records left
    assert engine._next_size() == 32
    engine._taken, engine._pos = 480, 9_600  # ~20 left: 20 / (4 x 2 workers)
    assert engine._next_size() == 2
    engine._taken, engine._pos = 500, 10_000  # the end: one record a chunk
    assert engine._next_size() == 1
    limited = Engine(Settings(), workers=2, max_records=110)  # --limit, or a list to clean_many
    limited._observe(0.01, 10)
    limited._taken = 100
    assert limited._next_size() == 1
    assert Engine(Settings(), workers=2, chunk_size=5, total_bytes=10)._next_size() == 5
    recycled = Engine(Settings(), workers=2, recycle_after=50)  # a fresh pool every 100
    recycled._observe(0.01, 10)
    recycled._sent = 80  # 20 to go before the pool is replaced
    assert recycled._next_size() == 2


def test_chunk_timing_counts_cpu_not_waiting(monkeypatch) -> None:
    # a worker that waits (here: sleeps; on a busy machine: is preempted) did no more work,
    # so its chunks must not shrink
    config = {"filters": [{"name": "batch-test-probe", "delay": 0.5}]}
    state = batch._State(Settings(pipeline=("config", config)), in_worker=True)
    monkeypatch.setattr(batch, "_STATE", state)
    batch._work([("doc", "w", None, "warm up", "text", None, "s")])  # lazy loads, if any
    elapsed, results = batch._work([("doc", "d", None, "DELAY here", "text", None, "s")])
    assert results[0][0]
    assert elapsed < 0.25
