"""Bring back a spreadsheet: the cells edited and the rows added become record edits.

FILE is what `manuf export` writes (an xlsx workbook, a data package folder or its
datapackage.json, `laureats.csv`, with `,` or `;`), or a foreign list with `--map`. New rows
become new records and changed cells field edits, through the edit path of `manuf set`
(comments, key order and quoting kept). Computed columns (labels, totals) are never applied; an
empty cell changes nothing unless `--clear-empty`; fields without a column are kept. Every record
is validated first: one error, located at its sheet, row and column, and nothing is written
(exit 1). What would change is shown first (as `manuf diff` shows it) and, on a terminal,
confirmed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from manufactures.analysis.changes import diff_texts
from manufactures.cli.context import use_color
from manufactures.cli.editing import editable_registry, refresh_schema_file
from manufactures.cli.importing import ImportInput, read_mapping, record_changes
from manufactures.cli.options import DataOption
from manufactures.editing.imports import ImportPlan, Located, apply_plan, plan_changes
from manufactures.i18n import N_, _
from manufactures.present.tables import TABLES
from manufactures.present.views import diff_result
from manufactures.registry import RECORD_SUFFIX, RECORDS_FOLDER, Registry, display_path
from manufactures.render.formats import RENDERERS
from manufactures.render.sheets import read_tables
from manufactures.validation.diagnostics import Severity

EXAMPLES = """Examples:

  manuf export --format xlsx -o laureats.xlsx      # edit it in Excel or LibreOffice, then:

  manuf import laureats.xlsx

  manuf import laureats.xlsx --dry-run             # show what would change, write nothing

  manuf import liste.csv --map docs/import-mapping.yaml --source https://example.org/liste
"""


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar=N_("FILE"), help=N_("xlsx, data package (folder or datapackage.json), or CSV.")
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Show what would change; write nothing."))
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=N_("Apply without asking."))] = False,
    clear_empty: Annotated[
        bool, typer.Option("--clear-empty", help=N_("An empty cell removes the field."))
    ] = False,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--map", metavar=N_("MAPPING.yaml"), help=N_("Foreign column names → fields.")
        ),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", metavar="URL", help=N_("A public page stating the new facts.")),
    ] = None,
    data: DataOption = None,
) -> None:
    """Run `manuf import` (its help is this module's docstring)."""
    registry = editable_registry(ctx, data)
    sheets = {spec.title: spec.name for spec in TABLES(registry.vocabulary)}
    tables = read_tables(file, sheets)
    given = ImportInput(
        registry,
        read_mapping(mapping) if mapping else {},
        clear_empty=clear_empty,
        sources=tuple(source or ()),
    )
    changes, found = record_changes(tables, given)
    plan = plan_changes(registry, changes)
    problems = [*found, *plan.problems]
    _report(problems, sys.stderr)
    if any(p.diagnostic.severity is Severity.ERROR for p in problems):
        typer.echo(_("manuf: error: the import has errors; nothing was written"), err=True)
        raise typer.Exit(1)
    if not plan.edits and not plan.created:
        typer.echo(_("manuf: {file}: nothing to change").format(file=file.name), err=True)
        return
    _preview(ctx, registry, plan, file.name)
    if dry_run:
        typer.echo(_("manuf: dry run: nothing was written"), err=True)
        return
    if not yes and sys.stdin.isatty() and not typer.confirm("Apply these changes?"):
        typer.echo(_("manuf: nothing was written"), err=True)
        raise typer.Exit(1)
    written = apply_plan(registry, plan)
    if plan.created:
        refresh_schema_file(registry.root)  # the file the new records' first line points at
    typer.echo(
        _("manuf: {added} record(s) added, {changed} changed ({files})").format(
            added=len(plan.created),
            changed=len(plan.edits),
            files=", ".join(display_path(path) for path in written),
        ),
        err=True,
    )


def _report(problems: list[Located], out: TextIO) -> None:
    """Each problem at its cell, on a line of its own to copy: `laureats.xlsx:Lauréats!H17
    (code_insee): error[code] location.insee: …`, then its hint."""
    for problem in problems:
        d = problem.diagnostic
        path = f" {d.path}:" if d.path else ""
        out.write(
            f"{problem.cell.where} ({problem.cell.header}): {d.severity}[{d.code}]{path} "
            f"{d.message}\n"
        )
        if d.hint:
            out.write("    " + _("hint: {hint}").format(hint=d.hint) + "\n")


def _preview(ctx: typer.Context, registry: Registry, plan: ImportPlan, label: str) -> None:
    """What the import changes, as `manuf diff` shows it: records, fields, headline figures."""
    folder = registry.root / RECORDS_FOLDER
    before = {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(folder.glob(f"*{RECORD_SUFFIX}"))
        if not path.name.startswith(".")
    }
    after = dict(before)
    after.update({edit.path.name: edit.after for edit, _raw in plan.edits})
    after.update({path.name: text for path, _id, text in plan.created})
    result = diff_result(diff_texts(registry, label, before, after))
    RENDERERS["table"](result, sys.stdout, color=use_color(ctx), excel=False)
