"""Check every record and vocabulary file; report every problem with file, line and column."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from manufactures.cli.context import Output, emit_text, resolve_data, use_color
from manufactures.cli.options import DataOption, NoColorOption, OutputFileOption
from manufactures.cli.process import silence_stdout
from manufactures.i18n import N_, _
from manufactures.registry import find_registry, load_registry
from manufactures.render.validation import VALIDATION_RENDERERS
from manufactures.revisions import repository_root
from manufactures.validation.codes import CODES
from manufactures.validation.scope import CORE_FILES, changed_scope, narrow
from manufactures.vocabulary import closest

EXAMPLES = """Examples:

  manuf validate                          # the registry in use

  manuf validate data/laureates/polinno.yaml

  manuf validate --format json | jq '.data.diagnostics[]'

  manuf validate --changed-since origin/main --format sarif > manuf.sarif

  manuf validate --select unknown-sector,unknown-wave --ignore file-ignored
"""


class ReportFormat(StrEnum):
    """Formats of the validation report."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar=N_("PATH"),
            help=N_("Record files, or one registry folder (default: the registry in use)."),
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=N_("Report format (github when GITHUB_ACTIONS=true)."),
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            metavar=N_("REV"),
            help=N_(
                "Check the records changed since a git revision (and whole-registry checks); "
                "everything when programme.yaml, modules.yaml or manuf changed."
            ),
            show_default=False,
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            metavar=N_("CODES"),
            help=N_("Report only these codes (comma-separated or repeated)."),
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar=N_("CODES"),
            help=N_("Never report these codes (comma-separated or repeated)."),
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help=N_("Fail on warnings too."))] = False,
    output: OutputFileOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Run `manuf validate` (its help is this module's docstring)."""
    selected, ignored = _codes(select, "--select"), _codes(ignore, "--ignore")
    root, files = _split_paths(paths or [], resolve_data(ctx, data))
    registry_root = find_registry(root)
    records: list[Path] | None = None
    if changed_since is not None:
        if files:
            raise typer.BadParameter(_("give record files or --changed-since, not both"))
        scope = changed_scope(registry_root, changed_since)
        typer.echo(f"manuf: {scope.reason}", err=True)
        records = None if scope.records is None else list(scope.records)
    report = load_registry(registry_root, only=files or None)[1]
    narrow(report, root=registry_root, records=records, select=selected, ignore=ignored)
    chosen = output_format or (
        ReportFormat.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else ReportFormat.TEXT
    )
    verdict = 2 if report.unusable else 1 if report.failed(strict=strict) else 0
    # GitHub and code scanning find a file by its path from the repository's root.
    located = chosen in {ReportFormat.GITHUB, ReportFormat.SARIF}
    source_root = (repository_root(registry_root) or Path.cwd()) if located else None
    try:
        emit_text(
            Output(None, str(chosen), path=output),
            lambda out: VALIDATION_RENDERERS[chosen](
                report,
                out,
                color=use_color(ctx, no_color) and output is None,
                source_root=source_root,
            ),
        )
    except BrokenPipeError:
        # The reader stopped reading (`| head -1`): the verdict stands all the same.
        silence_stdout()
    raise typer.Exit(verdict)


def _codes(values: list[str] | None, option: str) -> frozenset[str]:
    """Codes given comma-separated or repeated; an unknown one is a usage error."""
    codes = frozenset(
        code.strip() for value in values or () for code in value.split(",") if code.strip()
    )
    for code in sorted(codes - set(CODES)):
        suggestion = closest(code, CODES)
        if suggestion:
            said = _("unknown code `{code}`; did you mean `{suggestion}`?")
        else:
            said = _("unknown code `{code}` (see the README's table)")
        raise typer.BadParameter(said.format(code=code, suggestion=suggestion), param_hint=option)
    return codes


def _split_paths(paths: list[Path], data: Path | None) -> tuple[Path | None, list[Path]]:
    """A folder argument is the registry; file arguments are records inside it.

    A vocabulary file (programme.yaml, modules.yaml) stands for its whole registry, as
    pre-commit passes it when it changed.
    """
    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if not p.is_dir()]
    missing = [p for p in files if not p.exists()]
    if missing:
        raise typer.BadParameter(
            _("no such file or folder: {path}").format(path=missing[0]), param_hint="PATHS"
        )
    core = [p for p in files if p.name in CORE_FILES]
    if core:
        folders, files = [*folders, core[0].parent], []
    if len({f.resolve() for f in folders}) > 1 or (folders and files) or (folders and data):
        raise typer.BadParameter(_("give one registry folder, or record files"), param_hint="PATHS")
    if folders:
        return folders[0], []
    others = [p for p in files if p.suffix != ".yaml"]
    if others:
        raise typer.BadParameter(
            _("{path} is not a record file (*.yaml): nothing to check").format(path=others[0]),
            param_hint="PATHS",
        )
    return data or _registry_of(files), files


def _registry_of(files: list[Path]) -> Path | None:
    """The registry holding a record file: the parent of its `laureates/` folder."""
    for file in files:
        parent = file.resolve().parent
        for candidate in (parent.parent, parent) if parent.name == "laureates" else (parent,):
            if (candidate / "modules.yaml").is_file():
                return candidate
    return None
