"""Reading record files: list a folder's entries, read and parse each file.

Everything here is file-level and free of models: what a read gives is the parsed value (plain
dicts, lists and strings) and the file's own diagnostics.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from manufactures.i18n import _
from manufactures.validation.diagnostics import Diagnostic, Severity
from manufactures.yaml.reader import (
    MAX_FILE_BYTES,
    Ambiguous,
    Kinds,
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
    "read_all",
    "read_file",
    "read_text",
    "scan_folder",
]


# A registry's records: one file each, in this folder, with this suffix.
RECORDS_FOLDER = "laureates"
RECORD_SUFFIX = ".yaml"


# Named tuples rather than frozen dataclasses: as immutable, and made at import (every data
# command's) several times faster.
class Entry(NamedTuple):
    """A file to read: its path, how diagnostics name it, and why not to open it, if so."""

    path: Path
    file: str
    refusal: tuple[str, str] | None = None


class FileRead(NamedTuple):
    """One file read: the parsed value (a dict, or None if unusable) and the file's problems.

    `text` may be None where a read stands for a file already validated (the records of a
    loaded registry): `text_of` reads the file again on the rare paths that need it, to locate
    a problem.
    """

    value: dict[str, Any] | None
    text: str | None
    diagnostics: tuple[Diagnostic, ...] = ()
    ambiguous: tuple[Ambiguous, ...] = ()
    """Scalars other YAML readers read otherwise (when read with the fields' kinds)."""


def text_of(entry: Entry, read: FileRead) -> str:
    """The text of a file that parsed (read again if the read did not keep it)."""
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
                _("a symbolic link to {target}, outside the registry: not followed").format(
                    target=target
                ),
            )
        if not target.exists():
            return "file-unreadable", _("a symbolic link to a file that does not exist")
    if not entry.is_file():
        if entry.is_dir():
            return "not-a-file", _("a folder, named like a record")
        return "not-a-file", _("not a regular file, named like a record")
    return None


def read_file(entry: Entry, kinds: Kinds | None = None) -> FileRead:
    """Read and parse one file; every problem becomes a diagnostic, never an exception.

    With its fields' scalar `kinds` (`models.scalar_kinds`), the read lists the scalars other
    YAML readers would read otherwise (see `yaml.plain`)."""
    if entry.refusal is not None:
        return _failed(entry, *entry.refusal)
    try:
        raw = _read_bounded(entry.path)
    except OSError as error:
        return _failed(
            entry,
            "file-unreadable",
            _("cannot read the file: {reason}").format(reason=error.strerror),
        )
    return _parsed(entry, raw, kinds)


def read_all(entries: Iterable[Entry], kinds: Kinds | None = None) -> Iterator[FileRead]:
    """Read every entry, in order (see `read_file`)."""
    for entry in entries:
        yield read_file(entry, kinds)


def _parsed(entry: Entry, raw: bytes, kinds: Kinds | None) -> FileRead:
    if len(raw) > MAX_FILE_BYTES:
        limit = _("larger than {size} KiB, the limit for a record: not read").format(
            size=MAX_FILE_BYTES // 1024
        )
        return _failed(entry, "file-too-large", limit)
    try:
        text = decode_record_bytes(raw)
    except YamlProblem as problem:
        return _problem(entry, problem)
    return read_text(entry, text, kinds)


def _read_bounded(path: Path) -> bytes:
    """The file's bytes, or its first `MAX_FILE_BYTES + 1` if it is larger.

    Asking for the limit up front would allocate 1 MiB for every 1 KiB record: sized by `fstat`,
    one read costs a quarter as much. A file that grew meanwhile is read on, up to the limit.
    """
    with path.open("rb", buffering=0) as stream:
        size = os.fstat(stream.fileno()).st_size
        raw = stream.read(min(size, MAX_FILE_BYTES) + 1) or b""
        if size < len(raw) <= MAX_FILE_BYTES:
            raw += stream.read(MAX_FILE_BYTES + 1 - len(raw)) or b""
    return raw


def read_text(entry: Entry, text: str, kinds: Kinds | None = None) -> FileRead:
    """Parse a record's text as if it were the content of `entry` (see `read_file`)."""
    ambiguous: list[Ambiguous] = []
    try:
        value = parse_record_text(text, kinds, ambiguous)
    except YamlProblem as problem:
        return _problem(entry, problem)
    read = _as_mapping(entry, value, text)
    return read._replace(ambiguous=tuple(ambiguous)) if ambiguous else read


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
        return _failed(
            entry, "empty-document", _("the file holds no data (empty or null)"), text=text
        )
    if isinstance(value, list):
        said = _("the document is a list; a record is a mapping of keys to values")
    else:
        said = _("the document is a single value; a record is a mapping of keys to values")
    return _failed(
        entry,
        "not-a-mapping",
        said,
        text=text,
        hint=_("start the file with `id: …` at the beginning of a line"),
    )


def _failed(
    entry: Entry, code: str, message: str, *, text: str = "", hint: str | None = None
) -> FileRead:
    return FileRead(None, text, (Diagnostic(Severity.ERROR, code, message, entry.file, hint=hint),))
