"""Check every record and vocabulary file; report every problem with file, line and column."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from manufactures.cli.options import DataOption, NoColorOption

EXAMPLES = """Examples:

  manuf validate                          # the registry in use

  manuf validate data/laureates/polinno.yaml

  manuf validate --format json | jq '.data.diagnostics[]'
"""


class ReportFormat(StrEnum):
    """Formats of the validation report."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Record files, or one registry folder (default: the registry in use).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Report format (github when GITHUB_ACTIONS=true).",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    no_color: NoColorOption = False,
) -> None:
    """Check every record and vocabulary file; report every problem with file, line and column."""
    from manufactures.cli.common import resolve_data, use_color
    from manufactures.loading import find_registry, load_registry
    from manufactures.render.validation import VALIDATION_RENDERERS

    root, files = _split_paths(paths or [], resolve_data(ctx, data))
    registry_root = find_registry(root)
    _, report = load_registry(registry_root, only=files or None)
    chosen = output_format or (
        ReportFormat.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else ReportFormat.TEXT
    )
    VALIDATION_RENDERERS[chosen](report, sys.stdout, color=use_color(ctx, no_color))
    if report.unusable:
        raise typer.Exit(2)
    raise typer.Exit(1 if report.failed(strict=strict) else 0)


def _split_paths(paths: list[Path], data: Path | None) -> tuple[Path | None, list[Path]]:
    """A folder argument is the registry; file arguments are records inside it."""
    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if not p.is_dir()]
    missing = [p for p in files if not p.exists()]
    if missing:
        raise typer.BadParameter(f"no such file or folder: {missing[0]}", param_hint="PATHS")
    if len(folders) > 1 or (folders and files) or (folders and data):
        raise typer.BadParameter("give one registry folder, or record files", param_hint="PATHS")
    if folders:
        return folders[0], []
    return data or _registry_of(files), files


def _registry_of(files: list[Path]) -> Path | None:
    """The registry holding a record file: the parent of its `laureates/` folder."""
    for file in files:
        parent = file.resolve().parent
        for candidate in (parent.parent, parent) if parent.name == "laureates" else (parent,):
            if (candidate / "modules.yaml").is_file():
                return candidate
    return None
