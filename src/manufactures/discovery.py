"""Which folder is the registry: `--data`, `$MANUF_DATA`, the folder you stand in (or above) when
it is one, the nearest `data/`, the packaged copy.

Kept apart, light (no models): a command whose answer is in the cache finds its registry without
loading one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from manufactures.errors import RegistryError
from manufactures.i18n import _

__all__ = [
    "PACKAGED_REGISTRY",
    "find_registry",
    "looks_like_a_registry",
    "near_miss",
    "writable_registry",
]


def find_registry(
    explicit: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Path:
    """Pick the registry: `explicit`, `$MANUF_DATA`; else, walking up from the current folder,
    the first that is a registry itself (run from inside `examples/demo`, or from a registry's
    `laureates/`) or holds one as `data/`; else the packaged copy."""
    environ = os.environ if environ is None else environ
    if explicit is not None:
        return _checked_folder(explicit, "--data")
    if environ.get("MANUF_DATA"):
        return _checked_folder(Path(environ["MANUF_DATA"]), "$MANUF_DATA")
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if _is_registry(folder):
            return folder
        if _is_registry(folder / "data"):
            return folder / "data"
    return _embedded_registry()


def _is_registry(folder: Path) -> bool:
    return (folder / "modules.yaml").is_file() and (folder / "programme.yaml").is_file()


def looks_like_a_registry(folder: Path) -> bool:
    """Whether `folder` has a registry's parts (`laureates/` or `programme.yaml`) but is not
    one (no `modules.yaml`): a registry found above it is probably not the one meant."""
    parts = (folder / "laureates").is_dir() or (folder / "programme.yaml").is_file()
    return parts and not _is_registry(folder)


def _checked_folder(path: Path, origin: str) -> Path:
    if not path.exists():
        said = _("registry folder {path} (from {origin}) does not exist")
        raise RegistryError(said.format(path=path, origin=origin))
    if not path.is_dir():
        said = _("registry {path} (from {origin}) is not a folder")
        raise RegistryError(said.format(path=path, origin=origin))
    return path


# Where a wheel ships the registry, inside the installed package.
PACKAGED_REGISTRY = Path(__file__).resolve().parent / "_registry"


def writable_registry(root: Path) -> Path:
    """`root`, unless it is the registry shipped inside the installed package: that copy is
    read-only (an edit there would be lost at the next install), a `RegistryError` says how to
    get one to edit."""
    if root.resolve().is_relative_to(PACKAGED_REGISTRY.resolve()):
        raise RegistryError(
            _(
                "the registry shipped with manuf ({root}) is read-only: copy it to edit it "
                "(cp -r {root} ./data) and run manuf from there, or pass --data DIR"
            ).format(root=root)
        )
    return root


def _embedded_registry() -> Path:
    package = Path(__file__).resolve().parent
    # A wheel ships the registry inside the package; an editable install finds the checkout's.
    for candidate in (PACKAGED_REGISTRY, package.parents[1] / "data"):
        if (candidate / "modules.yaml").is_file():
            return candidate
    raise RegistryError(_("no registry found: pass --data DIR or set MANUF_DATA"))


def near_miss(
    *, environ: Mapping[str, str] | None = None, cwd: Path | None = None
) -> tuple[Path, Path] | None:
    """When no registry is named and the one found by walking up is not the folder you seem to
    stand in: the folder on the way that looks like a registry (`looks_like_a_registry`) and the
    registry used instead."""
    environ = os.environ if environ is None else environ
    if environ.get("MANUF_DATA"):
        return None
    here = (cwd or Path.cwd()).resolve()
    try:
        root = find_registry(environ=environ, cwd=here).resolve()
    except RegistryError:
        return None  # the command itself says no registry was found
    for folder in (here, *here.parents):
        if folder == root or root.is_relative_to(folder):
            return None
        if looks_like_a_registry(folder):
            return folder, root
    return None
