"""The exceptions scrapeclean raises: one small hierarchy, each with a clear message."""
from __future__ import annotations

__all__ = ["ScrapecleanError", "InputTypeError", "DecodeError", "CleanTimeout", "FilterError"]


class ScrapecleanError(Exception):
    """Base class of every error scrapeclean raises on purpose."""


class InputTypeError(ScrapecleanError, TypeError):
    """The input is not text: clean() accepts str, bytes, bytearray or memoryview."""


class DecodeError(ScrapecleanError, ValueError):
    """Bytes could not be decoded and errors="strict" was asked for."""


class CleanTimeout(ScrapecleanError, TimeoutError):
    """Cleaning one document took longer than its `timeout=`."""


class FilterError(ScrapecleanError):
    """A filter raised: names the filter (and the document id when one was given).

    `cause` is the exception the filter raised (also chained as `__cause__` by the
    pipeline); only its "Type: message" summary is kept, in `detail`, so the error pickles
    intact across process boundaries (batch workers, Dask) whatever the filter raised.
    """

    def __init__(self, filter_name: str, doc_id: str | None, cause: BaseException | str) -> None:
        detail = f"{type(cause).__name__}: {cause}" if isinstance(cause, BaseException) else str(cause)
        where = f" on document {doc_id!r}" if doc_id else ""
        super().__init__(f"filter {filter_name!r} failed{where}: {detail}")
        self.filter_name = filter_name
        self.doc_id = doc_id
        self.detail = detail

    def __reduce__(self) -> tuple:
        # the default (cls, self.args) would call __init__ with the message alone
        return (type(self), (self.filter_name, self.doc_id, self.detail), self.__dict__ or None)
