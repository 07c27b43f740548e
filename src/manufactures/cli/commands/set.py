"""Set one field of a record in place, keeping its comments, key order and quoting.

FIELD is a dotted path (`territory`, `location.postal_code`, `carriers[0].siret`); an index
equal to the list's length adds an item. A list field (`sectors`, `activities`) takes one VALUE
per item. The edited record is validated first: a value that would make it invalid changes
nothing and exits 1.
"""

from __future__ import annotations

from typing import Annotated

import typer

from manufactures.cli.completion import complete_fields, complete_record_ids
from manufactures.cli.editing import editable_registry, reporting_rejections
from manufactures.cli.options import DataOption
from manufactures.editing import edits as editing
from manufactures.i18n import N_, _
from manufactures.registry import display_path

EXAMPLES = """Examples:

  manuf set polinno location.postal_code 07110

  manuf set polinno sectors metiers_d_art bois      # a list: one value per item

  manuf set polinno 'carriers[0].siret' 12345678901234

  manuf set polinno website --unset
"""


def set_field(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar=N_("ID"), help=N_("The record's id."), autocompletion=complete_record_ids
        ),
    ],
    field: Annotated[
        str,
        typer.Argument(
            metavar=N_("FIELD"), help=N_("Dotted field path."), autocompletion=complete_fields
        ),
    ],
    values: Annotated[
        list[str] | None,
        typer.Argument(
            metavar=N_("VALUE"),
            help=N_("The value (list fields: the items)."),
            show_default=False,
        ),
    ] = None,
    unset: Annotated[bool, typer.Option("--unset", help=N_("Remove the field."))] = False,
    data: DataOption = None,
) -> None:
    """Run `manuf set` (its help is this module's docstring)."""
    if bool(values) == unset:
        raise typer.BadParameter(_("give a VALUE, or --unset (not both)"), param_hint=_("VALUE"))
    path = editing.parse_field_path(field)
    registry = editable_registry(ctx, data)
    order = list(registry.vocabulary.modules)
    with reporting_rejections(ctx):
        edit = editing.edit_record(
            registry,
            record_id,
            lambda document: editing.set_field(document, path, values or [], module_order=order),
        )
    if edit.changed:
        done = _("{path}: {field} updated")
    elif unset:
        done = _("{path}: {field} unchanged (the record has no such field)")
    else:
        done = _("{path}: {field} unchanged (it already says so)")
    typer.echo(done.format(path=display_path(edit.path), field=field), err=True)
