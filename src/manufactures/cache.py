"""The result cache of `manuf stats`: an answer kept outside the registry, never a stale one.

A result is kept in the user's cache folder (`$MANUF_CACHE_DIR`, else
`$XDG_CACHE_HOME/manufactures`, else `~/.cache/manufactures`), named by a hash of the registry's
absolute path and of the command line, and keyed by the registry's `fingerprint`: the name and
stamp of every entry of its records folder, of `programme.yaml` and of `modules.yaml`, so that an
edited, new, removed or renamed file changes it; and by `tool_key()`: manuf's version, the sizes
and times of its own source and data files (an editable install changes without changing its
version), the version of Python, and the stamps of the installed files of PyYAML, pydantic,
pydantic-core and ruamel.yaml, which an upgrade or a reinstall rewrites.

A file's stamp is its size, modification and status-change times in nanoseconds, and its inode,
as git's index keeps them. Even an edit that keeps the size and restores the modification time
(`touch -d`, `os.utime`) moves the status-change time, which no program can set back. A file
changed less than `RACY_NS` before the fingerprint is taken could change again within the same
timestamp tick on a filesystem with coarse times, so nothing is cached then (git calls such
entries "racily clean").

Cache files are written atomically (a temporary file renamed over the old one) and checked when
read: a truncated, corrupt or foreign file (another version, another registry, another tool, an
older format) is ignored and rewritten by the next run. They hold plain data only (dicts, lists,
tuples, strings, numbers, None) written with `marshal`: nothing in a cache file names a class, so
what one CPython release wrote, another reads the same way or not at all. `--no-cache` neither
reads nor writes any of this.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from manufactures import version

__all__ = ["CACHE_ENV", "RACY_NS", "default_folder", "fingerprint", "remembered", "tool_key"]

CACHE_ENV = "MANUF_CACHE_DIR"
RACY_NS = 2_000_000_000  # FAT's 2-second timestamps are the coarsest in common use
_MAGIC = b"manuf-cache-2\n"  # 1: the cache of parsed records, now gone
_DIGEST = 16


def default_folder(environ: Mapping[str, str] | None = None) -> Path:
    """`$MANUF_CACHE_DIR`, else `$XDG_CACHE_HOME/manufactures`, else `~/.cache/manufactures`."""
    environ = os.environ if environ is None else environ
    if environ.get(CACHE_ENV):
        return Path(environ[CACHE_ENV])
    xdg = environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "manufactures"


@cache
def tool_key() -> str:
    """What cached data also depends on: this manuf (version and files), its libraries, Python."""
    digest = hashlib.sha256(f"{version.__version__}|{sys.version}".encode())
    package = Path(__file__).resolve().parent
    for name, status in sorted(_package_files(str(package))):
        digest.update(_stamp_line(name, status, None).encode())
    # The libraries, by the stamp of their installed files: found without importing them (a
    # result served from the cache imports neither PyYAML nor pydantic's models).
    for library in _LIBRARIES:
        spec = importlib.util.find_spec(library)
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        if origin is not None and origin.exists():
            digest.update(_stamp_line(f"{library}:{origin}", origin.stat(), None).encode())
    return digest.hexdigest()


_LIBRARIES = ("yaml", "pydantic", "pydantic_core", "ruamel.yaml")


def _package_files(folder: str, prefix: str = "") -> Iterator[tuple[str, os.stat_result]]:
    """The name (relative to the package) and status of each file of the package, bytecode aside.

    `os.scandir` rather than `Path.rglob`: this runs on every cached answer, and costs a quarter.
    """
    with os.scandir(folder) as listing:
        for entry in listing:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    yield from _package_files(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file():
                yield f"{prefix}{entry.name}", entry.stat()


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
