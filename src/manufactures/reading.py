"""Reading record files: list a folder's entries, read and parse each file, on every core.

Everything here is file-level and free of models, so that it can run in worker processes: what a
worker returns (the parsed value and the file's own diagnostics) crosses back as plain tuples, and
the same tuples are what the record cache keeps.
"""

from __future__ import annotations

import gc
import marshal
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from manufactures.cache import RecordCache, Stamp, Wire, stamp_of, stamp_of_status
from manufactures.diagnostics import UNUSABLE_CODES, Diagnostic, Severity
from manufactures.yamlio import MAX_FILE_BYTES, YamlProblem, decode_record_bytes, parse_record_text

__all__ = [
    "Entry",
    "FileRead",
    "paused_gc",
    "printable",
    "read_entries",
    "read_file",
    "read_text",
    "scan_folder",
    "text_of",
]

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400
# Files are handed to workers in chunks: small enough that the first chunks come back (and are
# validated) while the others are parsed, large enough that each costs little to send. At
# 10 000 records on 2 cores, chunks of 250 files took 1.24 s, of 2 500 (one pass each) 1.57 s.
# The first chunks are smaller, so that the main process, idle until one arrives, starts sooner.
CHUNK_SIZE = 250
FIRST_CHUNK_SIZES = (50, 100)


def chunk_bounds(count: int) -> list[tuple[int, int]]:
    """The (start, end) of each chunk of `count` files handed to the workers."""
    bounds, start = [], 0
    for size in FIRST_CHUNK_SIZES:
        if start < count:
            bounds.append((start, min(start + size, count)))
            start += size
    bounds.extend((i, min(i + CHUNK_SIZE, count)) for i in range(start, count, CHUNK_SIZE))
    return bounds


@dataclass(frozen=True, slots=True)
class Entry:
    """A file to read: its path, how diagnostics name it, and why not to open it, if so."""

    path: Path
    file: str
    refusal: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class FileRead:
    """One file read: the parsed value (a dict, or None if unusable) and the file's problems.

    `text` is kept when the file was read in this process; a worker leaves it out (it would
    double what crosses the process boundary), and `text_of` reads it again on the rare paths
    that need it: locating an error.
    """

    value: dict[str, Any] | None
    text: str | None
    diagnostics: tuple[Diagnostic, ...] = ()
    stamp: Stamp | None = None
    """The file's stamp, taken from the open file before reading it (None if not opened)."""
    quick: bool = False
    """Read by `quickyaml`: to be read again exactly (`read_file`) if the record has any problem."""


def text_of(entry: Entry, read: FileRead) -> str:
    """The text of a file that parsed (read again if a worker read it first)."""
    if read.text is not None:
        return read.text
    return decode_record_bytes(entry.path.read_bytes())


def printable(name: str) -> str:
    """A file name need not be UTF-8 on Linux: show undecodable bytes as U+FFFD, so that every
    output, JSON included, stays valid UTF-8."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def scan_folder(
    folder: Path, *, suffix: str, shown_as: str, root: Path
) -> tuple[list[Entry], list[Entry]]:
    """The entries of `folder` named `*suffix` (with refusals decided), and the others.

    Hidden entries are skipped. One `scandir` gives each entry's type without a `stat` call.
    """
    records: list[Entry] = []
    others: list[Entry] = []
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        file = printable(f"{shown_as}/{entry.name}")
        if entry.name.endswith(suffix):
            records.append(Entry(Path(entry.path), file, _refusal(entry, root)))
        else:
            others.append(Entry(Path(entry.path), file))
    return records, others


def _refusal(entry: os.DirEntry[str], root: Path) -> tuple[str, str] | None:
    """Why an entry must not be opened: a symlink leaving the registry, or not a regular file."""
    if entry.is_symlink():
        target = Path(entry.path).resolve()
        if not target.is_relative_to(root.resolve()):
            return (
                "symlink-outside",
                f"a symbolic link to {target}, outside the registry: not followed",
            )
        if not target.exists():
            return "file-unreadable", "a symbolic link to a file that does not exist"
    if not entry.is_file():
        kind = "a folder" if entry.is_dir() else "not a regular file"
        return "not-a-file", f"{kind}, named like a record"
    return None


def read_file(entry: Entry, *, quick: bool = False) -> FileRead:
    """Read and parse one file; every problem becomes a diagnostic, never an exception.

    With `quick`, the file is read by `quickyaml` when it can vouch for the result, and the
    read says so (`FileRead.quick`); otherwise, and by default, by `yamlio`.
    """
    if entry.refusal is not None:
        return _failed(entry, *entry.refusal)
    try:
        raw, stamp = _read_bounded(entry.path)
    except OSError as error:
        return _failed(entry, "file-unreadable", f"cannot read the file: {error.strerror}")
    if quick and len(raw) <= MAX_FILE_BYTES:
        # Imported here: only worker processes read quickly (rapidyaml takes 20 ms to import).
        from manufactures.quickyaml import read_quickly

        value = read_quickly(raw)
        if value is not None:
            return FileRead(value, None, (), stamp, quick=True)
    read = _parsed(entry, raw)
    return FileRead(read.value, read.text, read.diagnostics, stamp)


def _parsed(entry: Entry, raw: bytes) -> FileRead:
    if len(raw) > MAX_FILE_BYTES:
        limit = f"larger than {MAX_FILE_BYTES // 1024} KiB, the limit for a record: not read"
        return _failed(entry, "file-too-large", limit)
    try:
        text = decode_record_bytes(raw)
    except YamlProblem as problem:
        return _problem(entry, problem)
    return read_text(entry, text)


def _read_bounded(path: Path) -> tuple[bytes, Stamp]:
    """The file's bytes (or its first `MAX_FILE_BYTES + 1` if it is larger), and its stamp as
    it was before they were read.

    Asking for the limit up front would allocate 1 MiB for every 1 KiB record: sized by `fstat`,
    one read costs a quarter as much. A file that grew meanwhile is read on, up to the limit.
    """
    with path.open("rb", buffering=0) as stream:
        status = os.fstat(stream.fileno())
        size = status.st_size
        raw = stream.read(min(size, MAX_FILE_BYTES) + 1) or b""
        if size < len(raw) <= MAX_FILE_BYTES:
            raw += stream.read(MAX_FILE_BYTES + 1 - len(raw)) or b""
    return raw, stamp_of_status(status)


def read_text(entry: Entry, text: str) -> FileRead:
    """Parse a record's text as if it were the content of `entry`."""
    try:
        value = parse_record_text(text)
    except YamlProblem as problem:
        return _problem(entry, problem)
    return _as_mapping(entry, value, text)


def _problem(entry: Entry, problem: YamlProblem) -> FileRead:
    diagnostic = Diagnostic(
        Severity.ERROR,
        problem.code,
        problem.message,
        entry.file,
        problem.line,
        problem.column,
        hint=problem.hint,
    )
    return FileRead(None, "", (diagnostic,))


def _as_mapping(entry: Entry, value: Any, text: str) -> FileRead:
    if isinstance(value, dict):
        return FileRead(value, text)
    if value is None:
        return _failed(entry, "empty-document", "the file holds no data (empty or null)", text=text)
    kind = "a list" if isinstance(value, list) else "a single value"
    return _failed(
        entry,
        "not-a-mapping",
        f"the document is {kind}; a record is a mapping of keys to values",
        text=text,
        hint="start the file with `id: …` at the beginning of a line",
    )


def _failed(
    entry: Entry, code: str, message: str, *, text: str = "", hint: str | None = None
) -> FileRead:
    return FileRead(None, text, (Diagnostic(Severity.ERROR, code, message, entry.file, hint=hint),))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while many objects are built, then resume it.

    Parsed records and their models hold no reference cycles, so the collector frees nothing
    there, yet each of its passes walks every object built so far: at 10 000 records it doubled
    the time of reading and validating.

    When it resumes, what was built meanwhile is moved out of the collector's sight
    (`gc.freeze`): otherwise the first collection would walk it all at once (0.15 s at 10 000
    records). Reference counting still frees it; only a reference cycle made while paused
    would stay until the process ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def read_entries(
    entries: Sequence[Entry], *, cache: RecordCache | None = None
) -> Iterator[FileRead]:
    """Read every entry, yielding the reads in order: from `cache` when a file is unchanged, the
    others on several cores when there are enough to pay.

    Reads are yielded as soon as they arrive, so that the caller validates the first records
    while workers still parse the last ones.
    """
    with paused_gc():
        if cache is None:
            yield from _read_all(entries)
        else:
            yield from _read_through(entries, cache)


def _read_through(entries: Sequence[Entry], cache: RecordCache) -> Iterator[FileRead]:
    # A file's stamp is always taken before it is read: a file changed after its stamp was
    # taken is cached under the old stamp, which the next run no longer finds.
    now_ns = time.time_ns()
    paths = _absolute_paths(entries)
    if cache.empty:
        yield from _read_into_empty(entries, paths, cache, now_ns)
        return
    stamps = [None if e.refusal else stamp_of(path) for e, path in zip(entries, paths, strict=True)]
    wires = [
        None if stamp is None else cache.get(path, stamp)
        for path, stamp in zip(paths, stamps, strict=True)
    ]
    fresh = _read_all([entry for entry, wire in zip(entries, wires, strict=True) if wire is None])
    for entry, path, stamp, wire in zip(entries, paths, stamps, wires, strict=True):
        if wire is not None:
            yield _from_wire(wire, entry.file)
            continue
        read = next(fresh)
        if stamp is not None and _cacheable(read):
            cache.keep(path, stamp, _to_wire(read), now_ns=now_ns)
        yield read
    cache.save()


def _absolute_paths(entries: Sequence[Entry]) -> list[str]:
    """Each entry's absolute path, as a string: `os.path.abspath` once per folder, not per file
    (it asks the system for the current folder each time: 30 ms at 10 000 files)."""
    folders: dict[str, str] = {}
    paths = []
    for entry in entries:
        folder, name = os.path.split(entry.path)
        absolute = folders.get(folder)
        if absolute is None:
            absolute = folders[folder] = os.path.abspath(folder)  # noqa: PTH100 - a str
        paths.append(os.path.join(absolute, name))  # noqa: PTH118 - same
    return paths


def _read_into_empty(
    entries: Sequence[Entry], paths: Sequence[str], cache: RecordCache, now_ns: int
) -> Iterator[FileRead]:
    """Read everything, and keep it all in `cache` (which has nothing to look up).

    The stamps taken by the reads themselves (`fstat` of the open file) save a `stat` of every
    file before the first one is read. A chunk of reads that came from a worker is kept as the
    worker sent it, when every read in it may be cached: writing the cache then costs no
    marshalling (a tenth of a second at 10 000 records).
    """
    chunks: list[bytes] = []
    keep: list[bool] = []
    for path, read in zip(paths, _read_all(entries, chunks), strict=True):
        cacheable = read.stamp is not None and _cacheable(read) and read.stamp.settled(now_ns)
        if not chunks and cacheable and read.stamp is not None:
            cache.keep(path, read.stamp, _to_wire(read), now_ns=now_ns)
        keep.append(cacheable)
        yield read
    bounds = chunk_bounds(len(paths)) if chunks else []
    for (start, end), blob in zip(bounds, chunks, strict=True):
        if all(keep[start:end]):
            cache.keep_chunk(paths[start:end], blob)
            continue
        for path, kept, (wire, stamp) in zip(
            paths[start:end], keep[start:end], marshal.loads(blob), strict=True
        ):
            if kept:
                cache.keep(path, Stamp(*stamp), wire, now_ns=now_ns)
    cache.save()


def _cacheable(read: FileRead) -> bool:
    """A file that could not be read at all may be readable next time: never cached."""
    return not any(d.code in UNUSABLE_CODES for d in read.diagnostics)


def _read_all(entries: Sequence[Entry], chunks: list[bytes] | None = None) -> Iterator[FileRead]:
    """Read `entries` in order, on several cores when there are enough; the blobs the workers
    send (a chunk of reads each, see `chunk_bounds`, as `_read_chunk` marshals them) are appended to
    `chunks`, which stays empty when the files are read in this process."""
    workers = min(os.cpu_count() or 1, 8)
    if len(entries) < PARALLEL_THRESHOLD or workers < 2:
        yield from map(read_file, entries)
        return
    # Imported here: most registries are small enough never to need them (7 ms at start-up).
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    slices = [entries[start:end] for start, end in chunk_bounds(len(entries))]
    # fork: workers inherit the imported parser and start in milliseconds. Results cross back
    # as one marshal blob per chunk: several times cheaper than pickling each result.
    pool = ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=_quiet)
    try:
        for chunk, blob in zip(slices, pool.map(_read_chunk, slices), strict=True):
            if chunks is not None:
                chunks.append(blob)
            for entry, (wire, stamp) in zip(chunk, marshal.loads(blob), strict=True):
                yield _from_wire(wire, entry.file, Stamp(*stamp) if stamp else None)
    finally:
        pool.shutdown(cancel_futures=True)


def _quiet() -> None:
    """Silence a worker's standard error: rapidyaml prints its parse errors there, and what a
    worker has to say (an exception included) reaches the main process as a result."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _read_chunk(entries: Sequence[Entry]) -> bytes:
    gc.disable()  # a short-lived worker that builds only acyclic values
    reads = (read_file(entry, quick=True) for entry in entries)
    return marshal.dumps([(_to_wire(r), r.stamp and r.stamp.as_tuple()) for r in reads])


def _to_wire(read: FileRead) -> Wire:
    """A read as plain tuples; diagnostics leave out their file, which the reader knows."""
    diagnostics = tuple(
        (str(d.severity), d.code, d.message, d.line, d.column, d.path, d.hint)
        for d in read.diagnostics
    )
    return read.value, diagnostics, read.quick


def _from_wire(wire: Wire, file: str, stamp: Stamp | None = None) -> FileRead:
    value, diagnostics, quick = wire
    return FileRead(
        value,
        None,
        tuple(Diagnostic(Severity(d[0]), d[1], d[2], file, *d[3:]) for d in diagnostics),
        stamp,
        quick,
    )
