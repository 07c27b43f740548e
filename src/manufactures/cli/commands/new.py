"""Create a record file with the given facts and a source placeholder to fill in.

Only the fields given are written. Without `--source`, `sources` holds a placeholder that
`manuf validate` reports (`source-placeholder`) until it is replaced by the address of a public
page stating the facts. `--name` is asked for on a terminal; elsewhere it is required. An
existing record is never overwritten (exit 2). Prints the new file's path.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from manufactures.cli.editing import editable_registry, refresh_schema_file, reporting_rejections
from manufactures.cli.options import DataOption
from manufactures.editing import edits as editing
from manufactures.i18n import N_, _
from manufactures.models import SOURCE_PLACEHOLDER
from manufactures.registry import display_path

EXAMPLES = """Examples:

  manuf new la-fabrique --name "La Fabrique" --commune Die --wave 3 --sector bois

  manuf new la-fabrique --name "La Fabrique" --source https://example.org/article

  $EDITOR "$(manuf new la-fabrique --name 'La Fabrique')"
"""


def new(
    ctx: typer.Context,
    record_id: Annotated[
        str, typer.Argument(metavar=N_("ID"), help=N_("The new record's id (its file name)."))
    ],
    name: Annotated[
        str | None, typer.Option("--name", metavar=N_("TEXT"), help=N_("The laureate's name."))
    ] = None,
    commune: Annotated[
        str | None, typer.Option("--commune", metavar=N_("COMMUNE"), help=N_("Its commune."))
    ] = None,
    wave: Annotated[
        int | None, typer.Option("--wave", metavar=N_("WAVE"), help=N_("Its selection wave."))
    ] = None,
    territory: Annotated[
        str | None,
        typer.Option("--territory", metavar=N_("TERRITORY"), help=N_("Its territory type key.")),
    ] = None,
    sector: Annotated[
        list[str] | None,
        typer.Option("--sector", metavar=N_("SECTOR"), help=N_("A sector key (repeatable).")),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            metavar=N_("URL"),
            help=N_("Address of a public page stating the facts (repeatable)."),
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Run `manuf new` (its help is this module's docstring)."""
    name = name or _ask_name()
    fields: list[tuple[tuple[str | int, ...], list[str]]] = [
        (("id",), [record_id]),
        (("name",), [name]),
        (("wave",), [str(wave)] if wave is not None else []),
        (("territory",), [territory] if territory else []),
        (("location", "commune"), [commune] if commune else []),
        (("sectors",), list(sector or [])),
    ]
    urls = list(source or [SOURCE_PLACEHOLDER])
    fields += [(("sources", index, "url"), [url]) for index, url in enumerate(urls)]
    registry = editable_registry(ctx, data)
    header = [f"{name} — manufacture de proximité"]  # below the editor's schema line
    with reporting_rejections(ctx):
        path = editing.create_record(registry, record_id, fields, header=header)
    refresh_schema_file(registry.root)  # the file the record's first line points at
    typer.echo(display_path(path))
    if not source:
        typer.echo(
            _(
                "created; now replace the placeholder source (sources[0].url: {placeholder}) "
                "with the address of a public page stating these facts"
            ).format(placeholder=SOURCE_PLACEHOLDER),
            err=True,
        )


def _interactive() -> bool:
    """Whether a person can answer a question: stdin is a terminal."""
    return sys.stdin.isatty()


def _ask_name() -> str:
    if not _interactive():
        raise typer.BadParameter(
            _("required (it is asked for only on a terminal)"), param_hint="--name"
        )
    answer: str = typer.prompt(_("Name of the laureate"))
    return answer
