"""Record how far a laureate is in one incubation module, in place (comments kept).

STATUS is `not_started`, `in_progress` or `done`; `--on DATE` records when a module was
completed (with `done` only) and writes `{status, completed_on}`, otherwise the short form
`module: status` is written. The record is validated before anything is written.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from manufactures.cli.completion import complete_modules, complete_record_ids
from manufactures.cli.editing import editable_registry, reporting_rejections
from manufactures.cli.options import DataOption
from manufactures.editing import edits as editing
from manufactures.i18n import N_, _
from manufactures.models import ModuleStatus
from manufactures.registry import display_path

EXAMPLES = """Examples:

  manuf progress set polinno ecosysteme in_progress

  manuf progress set polinno ecosysteme done --on 2022-11-30
"""


def progress_set(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar=N_("ID"), help=N_("The record's id."), autocompletion=complete_record_ids
        ),
    ],
    module: Annotated[
        str,
        typer.Argument(
            metavar=N_("MODULE"),
            help=N_("A module of modules.yaml."),
            autocompletion=complete_modules,
        ),
    ],
    status: Annotated[
        ModuleStatus, typer.Argument(metavar=N_("STATUS"), help=N_("The module's status."))
    ],
    on: Annotated[
        datetime | None,
        typer.Option(
            "--on",
            formats=["%Y-%m-%d"],
            metavar=N_("YYYY-MM-DD"),
            help=N_("Completion date (done)."),
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Run `manuf progress set` (its help is this module's docstring)."""
    if on is not None and status is not ModuleStatus.DONE:
        raise typer.BadParameter(
            _("a completion date goes with the status `done` only"), param_hint="--on"
        )
    registry = editable_registry(ctx, data)
    order = list(registry.vocabulary.modules)
    completed_on = on.date() if on else None
    with reporting_rejections(ctx):
        edit = editing.edit_record(
            registry,
            record_id,
            lambda document: editing.set_module_status(
                document, module, status, completed_on=completed_on, module_order=order
            ),
        )
    done = (
        _("{path}: {field} updated")
        if edit.changed
        else _("{path}: {field} unchanged (it already says so)")
    )
    typer.echo(done.format(path=display_path(edit.path), field=f"incubation.{module}"), err=True)
