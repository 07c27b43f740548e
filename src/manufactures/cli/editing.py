"""What the commands that write records share: the registry they edit, how a refusal is shown."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from manufactures.cli.context import resolve_data, use_color, validate_command
from manufactures.discovery import writable_registry
from manufactures.editing.edits import EditRejected, atomic_write
from manufactures.editing.layout import SCHEMA_FILE
from manufactures.errors import RegistryDataError
from manufactures.i18n import _
from manufactures.present.schema import schema_json
from manufactures.registry import Registry, find_registry, load_registry, load_vocabulary
from manufactures.render.validation import render_diagnostics

__all__ = [
    "editable_registry",
    "refresh_schema_file",
    "reporting_rejections",
    "stale_schema_file",
    "write_output",
]


def editable_registry(ctx: typer.Context, data: Path | None, *, writing: bool = True) -> Registry:
    """The registry to edit (or, not `writing`, to compare): other records may have errors, its
    vocabulary files may not; the copy shipped inside the package is never written."""
    root = find_registry(resolve_data(ctx, data))
    if writing:
        writable_registry(root)
    # Only the core files' own errors block an edit: records beyond an announced figure are
    # located in programme.yaml, yet an edit may be what brings them back within the figures.
    registry, _report = load_registry(root)
    if not registry.core_files_valid:
        raise RegistryDataError(
            _(
                "{root}: programme.yaml or modules.yaml has errors, so no edit can be checked; "
                "run `{command}` to see them"
            ).format(root=root, command=validate_command(root))
        )
    return registry


@contextmanager
def reporting_rejections(ctx: typer.Context) -> Iterator[None]:
    """Turn a refused edit into its located diagnostics on stderr and exit 1."""
    try:
        yield
    except EditRejected as rejection:
        said = _("manuf: error: {message}; nothing was written").format(message=rejection)
        typer.echo(said, err=True)
        render_diagnostics(rejection.diagnostics, sys.stderr, color=use_color(ctx))
        raise typer.Exit(rejection.exit_code) from None


def stale_schema_file(root: Path) -> tuple[Path, str] | None:
    """The registry's schema file (`laureate.schema.json`, which each record's first line points
    editors at) and the text it should hold, when it is missing or not current; None when it is
    current or cannot be known (a core file has errors: `manuf validate` says which)."""
    vocabulary = load_vocabulary(root)
    if not vocabulary.waves:
        return None
    path = root / SCHEMA_FILE
    expected = schema_json(vocabulary)
    try:
        if path.read_text(encoding="utf-8") == expected:
            return None
    except (OSError, UnicodeDecodeError):
        pass  # missing or unreadable: written anew
    return path, expected


def refresh_schema_file(root: Path) -> Path | None:
    """Write the registry's schema file if it is missing or stale; the path written, if any."""
    stale = stale_schema_file(root)
    if stale is None:
        return None
    path, text = stale
    atomic_write(path, text)
    return path


def write_output(output: Path, text: str) -> None:
    """Write a command's output to the file `-o` named, whole or not at all."""
    try:
        atomic_write(output, text)
    except OSError as error:
        raise typer.BadParameter(
            _("cannot write {path}: {reason}").format(path=output, reason=error.strerror),
            param_hint="-o",
        ) from None
    typer.echo(_("manuf: wrote {path}").format(path=output), err=True)
