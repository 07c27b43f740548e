"""What the commands that write records share: the registry they edit, how a refusal is shown."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from manufactures.cli.context import resolve_data, use_color, validate_command
from manufactures.discovery import writable_registry
from manufactures.editing.edits import EditRejected
from manufactures.errors import RegistryDataError
from manufactures.registry import Registry, find_registry, load_registry
from manufactures.render.validation import render_diagnostics

__all__ = ["editable_registry", "reporting_rejections"]


def editable_registry(ctx: typer.Context, data: Path | None, *, writing: bool = True) -> Registry:
    """The registry to edit (or, not `writing`, to compare): other records may have errors, its
    vocabulary files may not; the copy shipped inside the package is never written."""
    root = find_registry(resolve_data(ctx, data))
    if writing:
        writable_registry(root)
    # Only the core files' own errors block an edit: records beyond an announced figure are
    # located in programme.yaml, yet an edit may be what brings them back within the figures.
    registry, _ = load_registry(root)
    if not registry.core_files_valid:
        raise RegistryDataError(
            f"{root}: programme.yaml or modules.yaml has errors, so no edit can be checked; "
            f"run `{validate_command(root)}` to see them"
        )
    return registry


@contextmanager
def reporting_rejections(ctx: typer.Context) -> Iterator[None]:
    """Turn a refused edit into its located diagnostics on stderr and exit 1."""
    try:
        yield
    except EditRejected as rejection:
        typer.echo(f"manuf: error: {rejection}; nothing was written", err=True)
        render_diagnostics(rejection.diagnostics, sys.stderr, color=use_color(ctx))
        raise typer.Exit(rejection.exit_code) from None
