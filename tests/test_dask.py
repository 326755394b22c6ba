"""scrapeclean.dask on a real distributed LocalCluster (two worker processes, one for the module)."""
from __future__ import annotations

import os
import pickle
from dataclasses import asdict
from typing import Any

import pytest

pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

import scrapeclean  # noqa: E402
from scrapeclean import FilterError, Pipeline, ScrapecleanError  # noqa: E402
from scrapeclean.batch import output_record  # noqa: E402
from scrapeclean.dask import _settings, clean_bag, clean_dataframe  # noqa: E402

# the scheduler's HTTP server moves to a free port when 8787 is taken (another cluster): fine
pytestmark = pytest.mark.filterwarnings("ignore:Port 8787 is already in use")


def page(i: int) -> str:
    return (f"Home\nNews\nSport\n\nThe river road story number {i}\n\nBy Ana Ruiz\n\n12 May 2025\n\n"
            f"The city council voted on Tuesday to build protected cycle lanes along the river "
            f"road, item {i}, a project residents have asked for since the bridge reopened.\n\n"
            "Work will start in September and should take eight months, the transport "
            "department said.\n\nShare this\nFacebook\nTwitter\n")


@pytest.fixture(scope="module")
def client() -> Any:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def test_clean_bag_matches_clean(client: Any, seed_text: str) -> None:
    items: list[Any] = [page(0), seed_text, page(2).encode(),
                        {"id": 7, "url": "https://news.example/7", "text": page(7)},
                        {"id": "no-text"}, page(5)]
    out = clean_bag(db.from_sequence(items, npartitions=3)).compute()
    assert len(out) == 6
    for got, raw in zip(out[:3] + out[5:], items[:3] + items[5:]):
        assert got == output_record(scrapeclean.clean(raw), None, None)
    assert out[3] == output_record(scrapeclean.clean(page(7), url="https://news.example/7"),
                                   "7", "https://news.example/7")
    assert out[1]["metadata"]["title"] == scrapeclean.clean(seed_text).metadata.title
    assert out[4]["id"] == "no-text" and out[4]["error"] == "NoText"
    # the work ran on the two worker processes, not here
    pids = set(client.run(os.getpid).values())
    assert len(pids) == 2 and os.getpid() not in pids


def test_custom_pipeline_is_shipped_as_config_and_built_once_per_worker(client: Any) -> None:
    config = {"base": "default", "remove": ["social"]}
    pipe = Pipeline.from_config(config)
    texts = [page(i) for i in range(8)]
    bag = db.from_sequence(texts, npartitions=4)
    for spec in (config, pipe):
        got = clean_bag(bag, pipeline=spec, output="result").compute()
        assert [r.text for r in got] == [pipe.clean(t).text for t in texts]
        assert [r.removed_counts() for r in got] == [pipe.clean(t).removed_counts() for t in texts]
        assert all("share_prompt" not in r.removed_counts() for r in got)
    key = pickle.dumps(_settings(config, None, None, "replace"))
    built = client.run(lambda: sum(k == key for k in __import__("scrapeclean.dask").dask._STATES))
    assert sorted(built.values()) == [1, 1]  # one pipeline per worker for 4 x 2 partitions


def test_clean_bag_on_error_raise(client: Any) -> None:
    bag = db.from_sequence([page(1), {"id": "x", "text": None}], npartitions=1)
    with pytest.raises(ScrapecleanError, match="no 'text' or 'html' field"):
        clean_bag(bag, on_error="raise").compute()


def test_a_failing_filter_is_named_with_the_record_id(client: Any) -> None:
    """A filter that raises on a worker: recorded with its name and the id, or raised intact."""
    broken = {"base": "default", "configure": {"main-content": {"threshold": "high"}}}
    items = [{"id": "p1", "text": page(1)}, {"id": "p2", "text": page(2)}]
    out = clean_bag(db.from_sequence(items, npartitions=2), pipeline=broken).compute()
    assert [(r["id"], r["error"], r["filter"]) for r in out] == [
        ("p1", "FilterError", "main-content"), ("p2", "FilterError", "main-content")]
    assert "on document 'p2'" in out[1]["reason"]
    with pytest.raises(FilterError) as info:  # pickled on the worker, unpickled here
        clean_bag(db.from_sequence(items[1:], npartitions=1), pipeline=broken,
                  on_error="raise").compute()
    assert (info.value.filter_name, info.value.doc_id) == ("main-content", "p2")


def test_clean_dataframe_adds_columns(client: Any) -> None:
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    texts = [page(i) for i in range(6)] + [None]
    urls = [f"https://news.example/{i}" for i in range(7)]
    pdf = pd.DataFrame({"page": texts, "url": urls, "n": range(7)})
    ddf = dd.from_pandas(pdf, npartitions=3)
    cols = ("text", "title", "author", "authors", "published", "site_name", "language", "views",
            "removed")
    out = clean_dataframe(ddf, "page", url_column="url", columns=cols).compute()
    assert list(out.columns) == ["page", "url", "n", *cols, "error"]
    assert out["n"].tolist() == list(range(7))
    for i in range(6):
        res = scrapeclean.clean(texts[i], url=urls[i])
        row = out.iloc[i]
        assert row["text"] == res.text
        assert row["title"] == res.metadata.title
        assert row["author"] == res.metadata.author
        assert list(row["authors"]) == res.metadata.authors
        assert row["published"] == res.metadata.published
        assert row["language"] == res.metadata.language
        assert row["removed"] == res.removed_counts()
        assert row["error"] is None
    assert out.iloc[6]["text"] is None and out.iloc[6]["error"].startswith("NoText")
    assert asdict(scrapeclean.clean(texts[0]).metadata)["title"] == out.iloc[0]["title"]
    # in place, with a prefix-free "text" column replacing the raw one
    inplace = clean_dataframe(dd.from_pandas(pd.DataFrame({"text": texts[:2]}), npartitions=1),
                              "text", columns=("text",)).compute()
    assert inplace["text"].tolist() == [scrapeclean.clean(t).text for t in texts[:2]]


def test_clean_dataframe_rejects_unknown_columns() -> None:
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    ddf = dd.from_pandas(pd.DataFrame({"page": ["x"]}), npartitions=1)
    with pytest.raises(ValueError, match="unknown columns"):
        clean_dataframe(ddf, "page", columns=("text", "nope"))
