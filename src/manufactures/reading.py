"""Reading record files: list a folder's entries, read and parse each file, on every core.

Everything here is file-level and free of models, so that it can run in worker processes: a
`FileRead` (the parsed value, the text, the file's own diagnostics) pickles cheaply.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from manufactures.diagnostics import Diagnostic, Severity
from manufactures.yamlio import MAX_FILE_BYTES, YamlProblem, decode_record_bytes, parse_record_text

__all__ = [
    "Entry",
    "FileRead",
    "printable",
    "read_entries",
    "read_file",
    "read_text",
    "scan_folder",
    "text_of",
]

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400


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


def read_file(entry: Entry) -> FileRead:
    """Read and parse one file; every problem becomes a diagnostic, never an exception."""
    if entry.refusal is not None:
        return _failed(entry, *entry.refusal)
    try:
        with entry.path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return _failed(entry, "file-unreadable", f"cannot read the file: {error.strerror}")
    if len(raw) > MAX_FILE_BYTES:
        limit = f"larger than {MAX_FILE_BYTES // 1024} KiB, the limit for a record: not read"
        return _failed(entry, "file-too-large", limit)
    try:
        text = decode_record_bytes(raw)
    except YamlProblem as problem:
        return _problem(entry, problem)
    return read_text(entry, text)


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


def read_entries(entries: Sequence[Entry]) -> list[FileRead]:
    """Read every entry, in order; on several cores when there are enough files to pay."""
    workers = min(os.cpu_count() or 1, 8)
    if len(entries) < PARALLEL_THRESHOLD or workers < 2:
        return [read_file(entry) for entry in entries]
    size = -(-len(entries) // (workers * 2))
    chunks = [entries[start : start + size] for start in range(0, len(entries), size)]
    # fork: workers inherit the imported parser and start in milliseconds. Results cross back
    # as one marshal blob per chunk: several times cheaper than pickling each result.
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        blobs = list(pool.map(_read_chunk, chunks))
    return [_from_wire(item) for blob in blobs for item in marshal.loads(blob)]


_Wire = tuple[Any, tuple[tuple[Any, ...], ...]]


def _read_chunk(entries: Sequence[Entry]) -> bytes:
    wire: list[_Wire] = []
    for entry in entries:
        read = read_file(entry)
        wire.append((read.value, tuple(_diagnostic_to_wire(d) for d in read.diagnostics)))
    return marshal.dumps(wire)


def _diagnostic_to_wire(d: Diagnostic) -> tuple[Any, ...]:
    return (str(d.severity), d.code, d.message, d.file, d.line, d.column, d.path, d.hint)


def _from_wire(item: _Wire) -> FileRead:
    value, diagnostics = item
    return FileRead(value, None, tuple(Diagnostic(Severity(d[0]), *d[1:]) for d in diagnostics))
