"""A cache of what `manuf` read, kept outside the registry, that never serves a stale answer.

Two kinds of cache file, in the user's cache folder (`$MANUF_CACHE_DIR`, else
`$XDG_CACHE_HOME/manufactures`, else `~/.cache/manufactures`), named by a hash of the registry's
absolute path:

- **parsed records** (`RecordCache`): each record file's parsed value and YAML diagnostics, by
  the file's path and `Stamp`. After an edit, only the files that changed are parsed again.
- **command results** (`remembered`): the result of a command such as `manuf stats`, by the
  command line and the `fingerprint` of the registry: the name and stamp of every entry of its
  records folder, of `programme.yaml` and of `modules.yaml`, so that an edited, new, removed or
  renamed file changes it.

Both are also keyed by `tool_key()`: manuf's version, the sizes and times of its own source and
data files (an editable install changes without changing its version), and the versions of
Python, PyYAML and pydantic.

A file's `Stamp` is its size, modification and status-change times in nanoseconds, and its inode,
as git's index keeps them. Even an edit that keeps the size and restores the modification time
(`touch -d`, `os.utime`) moves the status-change time, which no program can set back. A file
changed less than `RACY_NS` before it is read could change again within the same timestamp tick
on a filesystem with coarse times, so it is never cached (git calls such entries "racily clean").

Cache files are written atomically (a temporary file renamed over the old one) and checked when
read: a truncated, corrupt or foreign file (another version, another registry, another tool) is
ignored and rewritten by the next run. Both hold plain data only (dicts, lists, tuples, strings,
numbers, None) written with `marshal`: nothing in a cache file names a class, so what one
CPython release wrote, another reads the same way or not at all. `--no-cache` neither reads nor
writes any of this.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from manufactures import version

__all__ = [
    "CACHE_ENV",
    "RACY_NS",
    "RecordCache",
    "Stamp",
    "Wire",
    "default_folder",
    "fingerprint",
    "remembered",
    "stamp_of",
    "stamp_of_status",
    "tool_key",
]

CACHE_ENV = "MANUF_CACHE_DIR"
RACY_NS = 2_000_000_000  # FAT's 2-second timestamps are the coarsest in common use
_MAGIC = b"manuf-cache-1\n"
_DIGEST = 16


def default_folder(environ: Mapping[str, str] | None = None) -> Path:
    """`$MANUF_CACHE_DIR`, else `$XDG_CACHE_HOME/manufactures`, else `~/.cache/manufactures`."""
    environ = os.environ if environ is None else environ
    if environ.get(CACHE_ENV):
        return Path(environ[CACHE_ENV])
    xdg = environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "manufactures"


@dataclass(frozen=True, slots=True)
class Stamp:
    """What says a file is unchanged: size, modification and status-change times, inode."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    def settled(self, now_ns: int) -> bool:
        """Whether the file last changed long enough before `now_ns` to be cached."""
        return max(self.mtime_ns, self.ctime_ns) < now_ns - RACY_NS

    def as_tuple(self) -> tuple[int, int, int, int]:
        """The stamp as plain integers (what cache files store)."""
        return (self.size, self.mtime_ns, self.ctime_ns, self.inode)


def stamp_of(path: str) -> Stamp | None:
    """The stamp of the file at `path` (links followed), or None if it cannot be read."""
    try:
        status = os.stat(path)  # noqa: PTH116 - once per record file: a str, no Path object
    except OSError:
        return None
    return stamp_of_status(status)


def stamp_of_status(status: os.stat_result) -> Stamp:
    """The stamp of a file whose status is known (from `os.fstat` of the open file)."""
    return Stamp(status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


@cache
def tool_key() -> str:
    """What cached data also depends on: this manuf (version and files), its libraries, Python."""
    # Deferred: the cache is also used where pydantic and PyYAML are not otherwise imported.
    import pydantic.version
    import yaml

    digest = hashlib.sha256()
    versions = f"{version.__version__}|{sys.version}|{yaml.__version__}|{pydantic.version.VERSION}"
    digest.update(versions.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if "__pycache__" not in path.parts and path.is_file():
            stamp = stamp_of_status(path.stat()).as_tuple()
            digest.update(f"{path.relative_to(package)}|{stamp}\n".encode())
    return digest.hexdigest()


def _registry_name(root: Path) -> str:
    return hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:32]


# --- cache files ------------------------------------------------------------------------------


def _write_atomically(path: Path, header: bytes, body: bytes) -> None:
    """Write a cache file: magic, digest of the rest, header length, header, body."""
    parts = (len(header).to_bytes(4, "big"), header, body)  # not joined: body can be 15 MB
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        temporary = Path(name)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.writelines((_MAGIC, digest.digest()[:_DIGEST], *parts))
            temporary.replace(path)
        except BaseException:
            temporary.unlink()
            raise
    except OSError:
        pass  # a cache that cannot be written only makes the next run slower


def _read_checked(path: Path) -> tuple[bytes, memoryview] | None:
    """The header and body of a cache file, or None if it is missing, damaged or foreign."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    start = len(_MAGIC) + _DIGEST
    if not raw.startswith(_MAGIC) or len(raw) < start + 4:
        return None
    payload = memoryview(raw)[start:]
    if hashlib.sha256(payload).digest()[:_DIGEST] != raw[len(_MAGIC) : start]:
        return None
    size = int.from_bytes(payload[:4], "big")
    return bytes(payload[4 : 4 + size]), payload[4 + size :]


def _loads(blob: bytes | memoryview) -> Any:
    try:
        return marshal.loads(blob)
    except (EOFError, ValueError, TypeError):
        return None


# --- parsed records ---------------------------------------------------------------------------

# A read as plain tuples, as marshal stores them fast: the parsed value, and the file's diagnostics
# without their file name (which depends on the current folder).
Wire = tuple[Any, tuple[tuple[Any, ...], ...]]
_Stored = tuple[tuple[int, int, int, int], Wire]


class RecordCache:
    """The parsed record files of one registry, each valid while its stamp is unchanged: a
    cache file maps each file's absolute path to its stamp and read."""

    def __init__(self, path: Path, header: tuple[str, str], stored: dict[str, _Stored]) -> None:
        self._path = path
        self._header = header
        self._stored = stored
        self._kept: dict[str, _Stored] = {}
        self._changed = False

    @classmethod
    def open(cls, folder: Path, root: Path) -> RecordCache:
        """The cache of the registry at `root` (empty if absent, damaged or foreign)."""
        path = folder / f"{_registry_name(root)}.records"
        header = (tool_key(), str(root.resolve()))
        found = _read_checked(path)
        stored: dict[str, _Stored] = {}
        if found is not None and _loads(found[0]) == header:
            stored = _stored_reads(_loads(found[1]))
        return cls(path, header, stored)

    def get(self, path: str, stamp: Stamp) -> Wire | None:
        """The cached read of the file at `path` (absolute) if its stamp is unchanged."""
        found = self._stored.get(path)
        if found is None or found[0] != stamp.as_tuple():
            self._changed = True
            return None
        self._kept[path] = found
        return found[1]

    def keep(self, path: str, stamp: Stamp, wire: Wire, *, now_ns: int) -> None:
        """Remember a read of a file stamped before `now_ns`, unless it changed just before."""
        if stamp.settled(now_ns):
            self._kept[path] = (stamp.as_tuple(), wire)
            self._changed = True

    def save(self) -> None:
        """Write the reads looked up or kept in this run (and only those), if anything changed."""
        if self._changed or len(self._kept) != len(self._stored):
            body = marshal.dumps(self._kept)
            _write_atomically(self._path, marshal.dumps(self._header), body)


def _stored_reads(body: Any) -> dict[str, _Stored]:
    """The reads of a cache file's body, or none if it is not what `RecordCache.save` writes."""
    if not isinstance(body, dict):
        return {}
    return {
        path: (stamp, wire)
        for path, (stamp, wire) in body.items()
        if isinstance(path, str) and isinstance(stamp, tuple) and isinstance(wire, tuple)
    }


# --- command results --------------------------------------------------------------------------


def fingerprint(root: Path, *, folder: str, files: Iterable[Path] = ()) -> str | None:
    """A digest of the name and stamp of `files` and of every entry of `root/folder`.

    None when a file changed too recently to be trusted (see `RACY_NS`): nothing is cached then.
    """
    settled_before = time.time_ns() - RACY_NS
    try:
        inputs = [(str(path), path.stat()) for path in files]
        with os.scandir(root / folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return None
    lines: list[str] = []
    for name, status in inputs:
        if status.st_mtime_ns >= settled_before or status.st_ctime_ns >= settled_before:
            return None
        lines.append(_stamp_line(name, status, None))
    # This loop runs once per record: DirEntry (not Path), and one line of text per entry.
    for entry in entries:
        link = os.readlink(entry.path) if entry.is_symlink() else None  # noqa: PTH115 - same
        try:
            status = entry.stat()
        except OSError:  # a broken symbolic link
            lines.append(f"{entry.name}|-|{link}")
            continue
        if status.st_mtime_ns >= settled_before or status.st_ctime_ns >= settled_before:
            return None
        lines.append(_stamp_line(entry.name, status, link))
    text = "\n".join(lines).encode("utf-8", "surrogateescape")
    return hashlib.sha256(text).hexdigest()


def _stamp_line(name: str, status: os.stat_result, link: str | None) -> str:
    stamp = f"{status.st_size},{status.st_mtime_ns},{status.st_ctime_ns},{status.st_ino}"
    return f"{name}|{stamp}|{link}"


def remembered(
    folder: Path, root: Path, key: str, compute: Callable[[], Any], *, inputs: Iterable[Path]
) -> Any:
    """`compute()` (plain data that `marshal` can write), or its value from an earlier run with
    the same `key`, tool and registry.

    `inputs` are the files of `root`, besides its records, that the result depends on.
    """
    stamp = fingerprint(root, folder="laureates", files=inputs)
    name = f"{_registry_name(root)}.{hashlib.sha256(key.encode()).hexdigest()[:32]}.result"
    header = (tool_key(), str(root.resolve()), key, stamp)
    found = _read_checked(folder / name) if stamp is not None else None
    if found is not None and _loads(found[0]) == header:
        value = _loads(found[1])
        if value is not None:
            return value
    result = compute()
    if stamp is not None:
        _write_atomically(folder / name, marshal.dumps(header), marshal.dumps(result))
    return result
