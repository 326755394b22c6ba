"""The exception hierarchy survives pickling: errors raised in a worker process (batch pool,
Dask) reach the caller with their class, message and fields intact."""
from __future__ import annotations

import copyreg
import inspect
import pickle
import threading

import pytest

import scrapeclean
from scrapeclean import errors
from scrapeclean.batch import _portable


class _Unpicklable(Exception):
    """What a third-party filter might raise: an exception holding a lock."""

    def __init__(self, msg: str) -> None:
        super().__init__(msg)
        self.lock = threading.Lock()


# one example of every exception errors.py defines
EXAMPLES = {
    errors.ScrapecleanError: errors.ScrapecleanError("something went wrong"),
    errors.InputTypeError: errors.InputTypeError("clean() takes str or bytes, not int"),
    errors.DecodeError: errors.DecodeError("input bytes are not valid utf-8: 0xff"),
    errors.CleanTimeout: errors.CleanTimeout("cleaning took longer than 0.5 s"),
    errors.FilterError: errors.FilterError("acme-rules", "doc-17", KeyError("boom")),
}


def test_every_exception_has_an_example() -> None:
    defined = {obj for _, obj in inspect.getmembers(errors, inspect.isclass)
               if issubclass(obj, BaseException) and obj.__module__ == errors.__name__}
    assert defined == set(EXAMPLES)
    assert set(errors.__all__) == {c.__name__ for c in defined}
    assert all(issubclass(c, errors.ScrapecleanError) for c in defined)


@pytest.mark.parametrize("cls", list(EXAMPLES), ids=lambda c: c.__name__)
def test_round_trip_through_pickle(cls: type) -> None:
    exc = EXAMPLES[cls]
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(exc, protocol=protocol))
        assert type(back) is cls
        assert str(back) == str(exc) and back.args == exc.args
        assert vars(back) == vars(exc)
        assert _portable(exc) is exc  # batch ships it as itself, not a generic stand-in


def test_filter_error_fields_after_pickling() -> None:
    exc = errors.FilterError("acme-rules", "doc-17", KeyError("boom"))
    back = pickle.loads(pickle.dumps(exc))
    assert (back.filter_name, back.doc_id, back.detail) == ("acme-rules", "doc-17", "KeyError: 'boom'")
    assert str(back) == "filter 'acme-rules' failed on document 'doc-17': KeyError: 'boom'"
    no_id = pickle.loads(pickle.dumps(errors.FilterError("acme-rules", None, ValueError("x"))))
    assert no_id.doc_id is None and str(no_id) == "filter 'acme-rules' failed: ValueError: x"


def _chained(cause: BaseException) -> errors.FilterError:
    """A FilterError as the pipeline raises it: `from` the filter's own exception."""
    try:
        try:
            raise cause
        except Exception as inner:
            raise errors.FilterError("locky", "page-3", inner) from inner
    except errors.FilterError as exc:
        return exc


@pytest.mark.parametrize("tblib", [False, True], ids=["plain", "tblib"])
def test_filter_error_pickles_whatever_the_filter_raised(tblib: bool, monkeypatch) -> None:
    """Even when the filter's exception cannot be pickled, and even where tblib (installed by
    `import distributed`) pickles the whole cause chain, batch ships a FilterError intact."""
    cause = _Unpicklable("held a lock")
    with pytest.raises(TypeError):
        pickle.dumps(cause)
    if tblib:
        support = pytest.importorskip("tblib.pickling_support")
        monkeypatch.setitem(copyreg.dispatch_table, errors.FilterError, support.pickle_exception)
        with pytest.raises(TypeError):  # the chain makes the plain pickle fail here
            pickle.dumps(_chained(cause))
    else:
        monkeypatch.delitem(copyreg.dispatch_table, errors.FilterError, raising=False)
        pickle.dumps(_chained(cause))  # only the summary of the cause is kept: fine
    shipped = _portable(_chained(cause))
    back = pickle.loads(pickle.dumps(shipped))
    assert type(back) is errors.FilterError
    assert (back.filter_name, back.doc_id) == ("locky", "page-3")
    assert str(back) == "filter 'locky' failed on document 'page-3': _Unpicklable: held a lock"
    if not tblib:  # nothing to strip when the chain is not pickled: the error is untouched
        kept = _portable(_chained(KeyError("k")))
        assert isinstance(kept.__cause__, KeyError)


def test_a_raised_filter_error_pickles() -> None:
    """The FilterError the pipeline really raises (chained to the filter's exception)."""
    pipe = scrapeclean.Pipeline.from_config(
        {"base": "default", "configure": {"main-content": {"threshold": "high"}}})
    with pytest.raises(errors.FilterError) as info:
        pipe.clean("A first sentence of the page.\n\nA second sentence of the page.", doc_id="d1")
    back = pickle.loads(pickle.dumps(info.value))
    assert (back.filter_name, back.doc_id) == ("main-content", "d1")
    assert str(back) == str(info.value) and "TypeError" in str(back)
