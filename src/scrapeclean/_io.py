"""Streaming readers and writers for `scrapeclean batch`: JSONL, WARC/WET, directories, Parquet.

Readers yield *tasks*: small tuples a worker process turns into one output record. They never
hold more than one record in memory, and every task carries the number of input bytes read
so far (for the progress bar's ETA). Task shapes (cheap to pickle):

- ``("line", source, lineno, data)``: one JSONL line (bytes), parsed by the worker;
- ``("doc", id, url, raw, kind, charset, source)``: one page (str or bytes); kind None
  means detect it, charset is the one declared by the transport (HTTP header) if any;
- ``("error", error_record)``: a record that failed before cleaning (too large, unreadable).
"""
from __future__ import annotations

import gzip
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import fields as dc_fields
from pathlib import Path
from typing import Any, BinaryIO, TextIO

__all__ = [
    "InputError", "InputSet", "input_format", "error_record", "JsonlWriter", "ParquetWriter",
    "open_writer", "DIR_KINDS",
]

# file extensions of page files (single files or inside a directory) and their input kind
DIR_KINDS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
             ".html": "html", ".htm": "html", ".xhtml": "html"}
_JSONL_EXT = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json.gz")
_WARC_EXT = (".warc", ".warc.gz", ".wet", ".wet.gz", ".warc.zst", ".wet.zst", ".warc.lz4")
_GZIP_MAGIC = b"\x1f\x8b"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
_READ_CHUNK = 1 << 20

Task = tuple


class InputError(Exception):
    """An input path that cannot be read at all (missing, unsupported format)."""


def error_record(doc_id: str | None, url: str | None, source: str | None, error: str,
                 reason: str) -> dict[str, Any]:
    """One line of the errors file."""
    return {"id": doc_id, "url": url, "source": source, "error": error, "reason": reason}


def input_format(path: str) -> str:
    """"jsonl", "warc", "dir" or "file" (one .txt/.html/.md page), from the path."""
    if path == "-":
        return "jsonl"
    if os.path.isdir(path):
        return "dir"
    low = path.lower()
    if low.endswith(_JSONL_EXT):
        return "jsonl"
    if low.endswith(_WARC_EXT):
        return "warc"
    if _page_kind(low) is not None:
        return "file"
    raise InputError(f"{path}: unsupported input (expected .jsonl[.gz], .warc[.gz], .wet[.gz], "
                     f"a directory, or a {'/'.join(sorted(DIR_KINDS))} file)")


def _page_kind(name: str) -> str | None:
    name = name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return DIR_KINDS.get(os.path.splitext(name)[1])


class InputSet:
    """All inputs of one batch, read one after the other as one stream of tasks.

    `skipped` counts WARC records that are not pages (requests, images, redirects...);
    `total_bytes` is the input size for the progress bar (compressed bytes where compressed).
    """

    def __init__(self, paths: Sequence[str], *, max_bytes: int | None = None,
                 limit: int | None = None, kind: str | None = None,
                 formats: Sequence[str] | None = None) -> None:
        if not paths:
            raise InputError("no inputs given")
        self.paths = list(paths)
        self.formats = list(formats) if formats else [input_format(p) for p in self.paths]
        for p, fmt in zip(self.paths, self.formats):
            if p != "-" and not os.path.exists(p):
                raise InputError(f"{p}: no such file or directory")
            if fmt == "warc":
                _require_fastwarc()
        self.max_bytes = max_bytes
        self.limit = limit
        self.kind = kind
        self.skipped = 0
        self.records = 0
        self._done_bytes = 0

    def total_bytes(self, walk: bool = True) -> int:
        """Input size in the unit of the positions the tasks carry (standard input left out);
        with `walk=False`, 0 if standard input or a directory is among the inputs."""
        total = 0
        for p, fmt in zip(self.paths, self.formats):
            if p == "-":
                if not walk:
                    return 0
                continue
            if fmt == "dir":
                if not walk:
                    return 0
                total += sum(size for _, _, size in _walk_pages(p))
            else:
                total += os.path.getsize(p)
        return total

    def __iter__(self) -> Iterator[tuple[int, Task]]:
        """(bytes read so far, task) for every record of every input, in order."""
        for path, fmt in zip(self.paths, self.formats):
            reader = {"jsonl": self._jsonl, "warc": self._warc, "dir": self._dir,
                      "file": self._file}[fmt]
            pos = 0
            for pos, task in reader(path):
                if self.limit is not None and self.records >= self.limit:
                    return
                self.records += 1
                yield self._done_bytes + pos, task
            if fmt == "dir":
                self._done_bytes += pos
            elif path != "-":
                self._done_bytes += os.path.getsize(path)

    # -- JSONL ------------------------------------------------------------------------
    def _jsonl(self, path: str) -> Iterator[tuple[int, Task]]:
        label = "<stdin>" if path == "-" else os.path.basename(path)
        raw: BinaryIO = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
        try:
            stream: BinaryIO = raw
            if hasattr(raw, "peek") and raw.peek(2)[:2] == _GZIP_MAGIC:
                stream = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
            lineno = 0
            try:
                for lineno, line in _lines(stream, self.max_bytes):
                    pos = _tell(raw)
                    if line is None:
                        yield pos, ("error", error_record(
                            f"{label}:{lineno}", None, f"{label}:{lineno}", "RecordTooLarge",
                            f"the JSON line is longer than --max-bytes={self.max_bytes}"))
                    elif line.strip():
                        yield pos, ("line", label, lineno, line)
            except (OSError, EOFError, gzip.BadGzipFile) as exc:  # truncated/corrupt file
                yield _tell(raw), ("error", error_record(
                    None, None, f"{label}:{lineno + 1}", type(exc).__name__,
                    f"could not read the rest of {label}: {exc}"))
        finally:
            if raw is not sys.stdin.buffer:
                raw.close()

    # -- WARC / WET -------------------------------------------------------------------
    def _warc(self, path: str) -> Iterator[tuple[int, Task]]:
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        label = os.path.basename(path)
        types = WarcRecordType.response | WarcRecordType.conversion | WarcRecordType.resource
        with open(path, "rb") as f:
            records = ArchiveIterator(f, record_types=types, parse_http=True, auto_decode="all")
            try:
                for rec in records:
                    task = self._warc_task(rec, label)
                    if task is None:
                        self.skipped += 1
                        continue
                    yield rec.stream_pos, task
            except (OSError, ValueError) as exc:  # truncated or corrupt archive
                yield _tell(f), ("error", error_record(
                    None, None, label, type(exc).__name__,
                    f"could not read the rest of {label}: {exc}"))

    def _warc_task(self, rec: Any, label: str) -> Task | None:
        rtype = str(rec.record_type).rsplit(".", 1)[-1]
        url = rec.headers.get("WARC-Target-URI") or None
        doc_id = (rec.record_id or "").strip("<>") or None
        source = f"{label}@{rec.stream_pos}"
        kind: str
        charset: str | None = None
        if rtype == "response":
            if not rec.is_http:
                return None
            status = rec.http_headers.status_code
            if status is not None and not 200 <= int(status) < 300:
                return None
            ctype = (rec.http_content_type or "").lower()
            if ctype and not ctype.startswith(_HTML_TYPES):
                return None
            kind, charset = "html", rec.http_charset
        else:  # conversion (WET) or resource
            ctype = (rec.headers.get("Content-Type") or "text/plain").split(";")[0].strip().lower()
            if ctype.startswith(_HTML_TYPES):
                kind = "html"
            elif ctype.startswith("text/"):
                kind = self.kind or ("markdown" if ctype == "text/markdown" else "text")
                charset = "utf-8" if rtype == "conversion" else None
            else:
                return None
        if self.max_bytes is not None and rec.content_length > self.max_bytes:
            return ("error", error_record(doc_id, url, source, "RecordTooLarge",
                                          f"{rec.content_length} bytes, more than --max-bytes="
                                          f"{self.max_bytes}"))
        return ("doc", doc_id, url, rec.reader.read(), kind, charset, source)

    # -- directories and single page files ----------------------------------------------
    def _dir(self, path: str) -> Iterator[tuple[int, Task]]:
        done = 0
        for full, rel, size in _walk_pages(path):
            done += size
            yield done, self._page(full, rel, size)

    def _file(self, path: str) -> Iterator[tuple[int, Task]]:
        size = os.path.getsize(path)
        yield size, self._page(path, os.path.basename(path), size)

    def _page(self, full: str, rel: str, size: int) -> Task:
        kind = _page_kind(full)
        if self.max_bytes is not None and size > self.max_bytes:
            return ("error", error_record(rel, None, rel, "RecordTooLarge",
                                          f"{size} bytes, more than --max-bytes={self.max_bytes}"))
        try:
            with open(full, "rb") as f:
                data = f.read()
            if full.lower().endswith(".gz"):
                data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            return ("error", error_record(rel, None, rel, type(exc).__name__, str(exc)))
        return ("doc", rel, None, data, kind, None, rel)


def _walk_pages(root: str) -> Iterator[tuple[str, str, int]]:
    """(path, path relative to root, size) of every page file under root, sorted, streaming."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            for full, rel, size in _walk_pages(entry.path):
                yield full, f"{entry.name}/{rel}", size
        elif entry.is_file() and _page_kind(entry.name) is not None:
            yield entry.path, entry.name, entry.stat().st_size


def _lines(stream: BinaryIO, max_bytes: int | None) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) with bounded memory: a line over max_bytes comes back as None."""
    limit = max_bytes + 2 if max_bytes is not None else -1
    lineno = 0
    while True:
        line = stream.readline(limit)
        if not line:
            return
        lineno += 1
        if limit > 0 and len(line) >= limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the oversized line, a chunk at a time
                more = stream.readline(_READ_CHUNK)
                if not more or more.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, line


def _tell(f: Any) -> int:
    try:
        return int(f.tell())
    except (OSError, ValueError, AttributeError):
        return 0


def _require_fastwarc() -> None:
    try:
        import fastwarc  # noqa: F401
    except ImportError:
        raise InputError('reading WARC/WET files needs FastWARC: pip install "scrapeclean[batch]"'
                         ) from None


# -- writers ----------------------------------------------------------------------------
class JsonlWriter:
    """One JSON object per line; gzip-compressed when the path ends in .gz; "-" is stdout."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._f: TextIO
        if path == "-":
            self._f = sys.stdout
        elif path.endswith(".gz"):
            self._f = io.TextIOWrapper(gzip.open(path, "wb", compresslevel=6), encoding="utf-8",
                                       newline="\n")
        else:
            self._f = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115

    def write(self, record: dict[str, Any] | str) -> None:
        line = record if isinstance(record, str) else dumps(record)
        self._f.write(line)
        self._f.write("\n")

    def close(self) -> None:
        if self._f is sys.stdout:
            self._f.flush()
        else:
            self._f.close()


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


class ParquetWriter:
    """Output records as Parquet, a row group every `batch_size` records (memory stays flat).

    Columns: id, url, kind, text (strings), metadata (a struct of the Metadata fields) and
    removed (a map of reason -> count), the same shape as a JSONL output line.
    """

    def __init__(self, path: str, batch_size: int = 2000) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError('Parquet output needs pyarrow: pip install "scrapeclean[parquet]" '
                             "(or pip install pyarrow)") from None
        self._pa = pa
        self.schema = record_schema(pa)
        self._writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self.batch_size = batch_size

    def write(self, record: dict[str, Any] | str) -> None:
        row = json.loads(record) if isinstance(record, str) else record
        row = dict(row)
        row["removed"] = list((row.get("removed") or {}).items())
        self._rows.append(row)
        if len(self._rows) >= self.batch_size:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


def record_schema(pa: Any) -> Any:
    """The Arrow schema of an output record, the metadata struct read off `Metadata`."""
    from .result import Metadata

    meta = []
    for f in dc_fields(Metadata):
        ann = str(f.type)
        if ann.startswith(("list", "tuple")):
            typ = pa.list_(pa.string())
        elif ann.startswith("dict"):
            typ = pa.map_(pa.string(), pa.string())
        elif ann.startswith("int"):
            typ = pa.int64()
        elif ann.startswith("float"):
            typ = pa.float64()
        elif ann.startswith("bool"):
            typ = pa.bool_()
        else:
            typ = pa.string()
        meta.append(pa.field(f.name, typ))
    return pa.schema([
        pa.field("id", pa.string()), pa.field("url", pa.string()), pa.field("kind", pa.string()),
        pa.field("text", pa.string()), pa.field("metadata", pa.struct(meta)),
        pa.field("removed", pa.map_(pa.string(), pa.int64())),
    ])


def open_writer(path: str) -> JsonlWriter | ParquetWriter:
    if path.lower().endswith((".parquet", ".pq")):
        return ParquetWriter(path)
    return JsonlWriter(path)


def default_errors_path(output: str) -> str:
    return "scrapeclean-errors.jsonl" if output == "-" else output + ".errors.jsonl"


def ensure_parent(path: str) -> None:
    if path != "-":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
