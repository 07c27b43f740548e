"""Show one record: its card on screen, the record as data."""

from __future__ import annotations

from typing import Annotated

import typer

from manufactures.analysis.selection import find_record
from manufactures.cli.completion import complete_record_ids
from manufactures.cli.context import emit, open_registry
from manufactures.cli.options import Output, output_options
from manufactures.i18n import N_, _
from manufactures.present.views import show_result
from manufactures.vocabulary import closest

EXAMPLES = """Examples:

  manuf show polinno

  manuf show polinno --format json | jq .data.sources

  manuf --data examples/demo show demo-la-scierie-d-evreux --format markdown
"""


@output_options()
def show(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar=N_("ID"),
            help=N_("The record's id (its file name without .yaml)."),
            autocompletion=complete_record_ids,
        ),
    ],
    output: Output,
) -> None:
    """Run `manuf show` (its help is this module's docstring)."""
    registry = open_registry(ctx, output.data)
    laureate = find_record(registry.laureates, record_id)
    if laureate is None:
        suggestion = closest(record_id, [rec.id for rec in registry.laureates])
        if suggestion:
            said = _("no record has the id `{id}`; did you mean `{suggestion}`?")
        else:
            said = _("no record has the id `{id}`")
        raise typer.BadParameter(said.format(id=record_id, suggestion=suggestion), param_hint="ID")
    emit(ctx, show_result(registry, laureate), output)
