"""Reading record files: list a folder's entries, read and parse each file.

Everything here is file-level and free of models: what a read gives (the parsed value and the
file's own diagnostics) is plain data, and the same plain tuples are what the record cache keeps.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from manufactures.cache import RecordCache, Stamp, Wire, stamp_of, stamp_of_status
from manufactures.validation.diagnostics import UNUSABLE_CODES, Diagnostic, Severity
from manufactures.yaml.reader import (
    MAX_FILE_BYTES,
    YamlProblem,
    decode_record_bytes,
    parse_record_text,
)

__all__ = [
    "RECORDS_FOLDER",
    "RECORD_SUFFIX",
    "Entry",
    "FileRead",
    "display_path",
    "printable",
    "read_entries",
    "read_file",
    "read_text",
    "scan_folder",
    "text_of",
]


# A registry's records: one file each, in this folder, with this suffix.
RECORDS_FOLDER = "laureates"
RECORD_SUFFIX = ".yaml"


@dataclass(frozen=True, slots=True)
class Entry:
    """A file to read: its path, how diagnostics name it, and why not to open it, if so."""

    path: Path
    file: str
    refusal: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class FileRead:
    """One file read: the parsed value (a dict, or None if unusable) and the file's problems.

    `text` is None when the read came from the cache; `text_of` reads the file again on the
    rare paths that need it: locating an error.
    """

    value: dict[str, Any] | None
    text: str | None
    diagnostics: tuple[Diagnostic, ...] = ()
    stamp: Stamp | None = None
    """The file's stamp, taken from the open file before reading it (None if not opened)."""


def text_of(entry: Entry, read: FileRead) -> str:
    """The text of a file that parsed (read again if the read came from the cache)."""
    if read.text is not None:
        return read.text
    return decode_record_bytes(entry.path.read_bytes())


def display_path(path: Path) -> str:
    """How a file is named in diagnostics: relative to the current folder when inside it."""
    absolute = path.absolute()
    try:
        shown = absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = str(absolute)
    return printable(shown)


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
        raw, stamp = _read_bounded(entry.path)
    except OSError as error:
        return _failed(entry, "file-unreadable", f"cannot read the file: {error.strerror}")
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


def read_entries(
    entries: Sequence[Entry], *, cache: RecordCache | None = None
) -> Iterator[FileRead]:
    """Read every entry, yielding the reads in order: from `cache` when a file is unchanged."""
    if cache is None:
        yield from map(read_file, entries)
        return
    # A file's stamp is always taken before it is read: a file changed after its stamp was
    # taken is cached under the old stamp, which the next run no longer finds.
    now_ns = time.time_ns()
    for entry in entries:
        path = os.path.abspath(entry.path)  # noqa: PTH100 - a str key, no Path object
        stamp = None if entry.refusal else stamp_of(path)
        wire = None if stamp is None else cache.get(path, stamp)
        if wire is not None:
            yield _from_wire(wire, entry.file)
            continue
        read = read_file(entry)
        if stamp is not None and _cacheable(read):
            cache.keep(path, stamp, _to_wire(read), now_ns=now_ns)
        yield read
    cache.save()


def _cacheable(read: FileRead) -> bool:
    """A file that could not be read at all may be readable next time: never cached."""
    return not any(d.code in UNUSABLE_CODES for d in read.diagnostics)


def _to_wire(read: FileRead) -> Wire:
    """A read as plain tuples; diagnostics leave out their file, which the reader knows."""
    diagnostics = tuple(
        (str(d.severity), d.code, d.message, d.line, d.column, d.path, d.hint)
        for d in read.diagnostics
    )
    return read.value, diagnostics


def _from_wire(wire: Wire, file: str) -> FileRead:
    value, diagnostics = wire
    return FileRead(
        value,
        None,
        tuple(Diagnostic(Severity(d[0]), d[1], d[2], file, *d[3:]) for d in diagnostics),
    )
