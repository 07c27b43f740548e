"""Which folder is the registry: `--data`, `$MANUF_DATA`, the nearest `data/`, the packaged copy.

Kept apart, light (no models): a command whose answer is in the cache finds its registry without
loading one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from manufactures.errors import RegistryError

__all__ = ["find_registry"]


def find_registry(
    explicit: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Path:
    """Pick the registry: `explicit`, `$MANUF_DATA`, the nearest `data/`, the packaged copy."""
    environ = os.environ if environ is None else environ
    if explicit is not None:
        return _checked_folder(explicit, "--data")
    if environ.get("MANUF_DATA"):
        return _checked_folder(Path(environ["MANUF_DATA"]), "$MANUF_DATA")
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "data" / "modules.yaml").is_file():
            return folder / "data"
    return _embedded_registry()


def _checked_folder(path: Path, origin: str) -> Path:
    if not path.exists():
        raise RegistryError(f"registry folder {path} (from {origin}) does not exist")
    if not path.is_dir():
        raise RegistryError(f"registry {path} (from {origin}) is not a folder")
    return path


def _embedded_registry() -> Path:
    package = Path(__file__).resolve().parent
    # A wheel ships the registry inside the package; an editable install finds the checkout's.
    for candidate in (package / "_registry", package.parents[1] / "data"):
        if (candidate / "modules.yaml").is_file():
            return candidate
    raise RegistryError("no registry found: pass --data DIR or set MANUF_DATA")
