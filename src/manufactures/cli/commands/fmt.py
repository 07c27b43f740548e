"""Put record files in canonical form: key order, quoted codes, sorted sectors, comments kept.

The order is the record's field order (id, name, wave, … sources, notes); codes (insee,
department, region, postal_code, siret, qpv) are double-quoted, and so is any other text a YAML
reader would take for a number, a boolean, a null or a date; numbers and dates are plain;
sectors are sorted and de-duplicated (the order of sources, activities, carriers and funding is
kept); lists and maps are written in block style. Each record opens with the line that points
editors at the registry's JSON Schema, `laureate.schema.json` beside `programme.yaml`, which fmt
writes when it is missing or not current. Running it twice changes nothing the second time. PATH
is a record file, a `laureates/` folder or a registry folder (default: the registry in use).
Prints the files that change; with `--check` nothing is written and the exit code is 1 if any
file would change.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from manufactures.cli.context import resolve_data, use_color
from manufactures.cli.editing import stale_schema_file
from manufactures.cli.options import DataOption
from manufactures.discovery import writable_registry
from manufactures.editing.edits import atomic_write, format_file
from manufactures.i18n import N_, _
from manufactures.registry import (
    RECORD_SUFFIX,
    RECORDS_FOLDER,
    display_path,
    find_registry,
    load_vocabulary,
)
from manufactures.render.validation import render_diagnostics
from manufactures.validation.scope import CORE_FILES

EXAMPLES = """Examples:

  manuf fmt                           # every record of the registry in use

  manuf fmt data/laureates/polinno.yaml

  manuf fmt --check data              # in CI: exit 1 if a file is not in canonical form
"""


def fmt(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar=N_("PATH"),
            help=N_("Record files or folders (default: the registry in use)."),
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help=N_("Change nothing; exit 1 if a file would change."))
    ] = False,
    data: DataOption = None,
) -> None:
    """Run `manuf fmt` (its help is this module's docstring)."""
    paths = paths or [find_registry(resolve_data(ctx, data))]
    if not check:
        for path in paths:
            writable_registry(path)
    files = _record_files(paths)
    order = _module_order(files[0])
    results = [format_file(path, module_order=order, write=not check) for path in files]
    for result in results:
        if result.changed:
            typer.echo(display_path(result.path))
    schemas = _schema_files(files, check=check)
    for schema in schemas:
        typer.echo(display_path(schema))
    problems = [r.problem for r in results if r.problem is not None]
    render_diagnostics(problems, sys.stderr, color=use_color(ctx))
    changed = sum(r.changed for r in results)
    if check:
        said = _("{changed} of {files} file(s) would be reformatted, {unreadable} not readable")
        schema_note = _("; {schemas} schema file(s) would be written")
    else:
        said = _("{changed} of {files} file(s) reformatted, {unreadable} not readable")
        schema_note = _("; {schemas} schema file(s) written")
    said = said.format(changed=changed, files=len(results), unreadable=len(problems))
    typer.echo(said + (schema_note.format(schemas=len(schemas)) if schemas else ""), err=True)
    raise typer.Exit(1 if problems or (check and (changed or schemas)) else 0)


def _schema_files(files: list[Path], *, check: bool) -> list[Path]:
    """The schema files of the registries holding `files` that are missing or stale: written
    unless `check`."""
    roots = {path.resolve().parent.parent for path in files}
    found: list[Path] = []
    for root in sorted(r for r in roots if (r / "programme.yaml").is_file()):
        stale = stale_schema_file(root)
        if stale is not None:
            if not check:
                atomic_write(*stale)
            found.append(stale[0])
    return found


def _record_files(paths: list[Path]) -> list[Path]:
    """The record files named by `paths`: files as given, a registry or its records folder
    expanded. Only records are formatted: `programme.yaml`, `modules.yaml`, a file that is not
    `*.yaml` or a folder holding no records is a usage error (exit 2), as in `validate`."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            folder = path / RECORDS_FOLDER if (path / RECORDS_FOLDER).is_dir() else path
            if folder.name != RECORDS_FOLDER:
                raise typer.BadParameter(
                    _("{path} is neither a registry nor its {folder}/ folder").format(
                        path=path, folder=RECORDS_FOLDER
                    ),
                    param_hint="PATHS",
                )
            files += sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("."))
        elif path.is_file():
            if path.suffix != RECORD_SUFFIX or path.name in CORE_FILES:
                raise typer.BadParameter(
                    _("{path} is not a record file: fmt formats records only").format(path=path),
                    param_hint="PATHS",
                )
            files.append(path)
        else:
            raise typer.BadParameter(
                _("no such file or folder: {path}").format(path=path), param_hint="PATHS"
            )
    if not files:
        raise typer.BadParameter(
            _("no record file (*.yaml) in the given paths"), param_hint="PATHS"
        )
    return files


def _module_order(record: Path) -> list[str]:
    """The incubation modules in `modules.yaml` order, from the registry holding `record`
    (empty unless both core files are valid); no record is read."""
    root = record.resolve().parent.parent
    if not (root / "modules.yaml").is_file():
        return []
    return list(load_vocabulary(root).modules)
