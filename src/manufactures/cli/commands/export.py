"""Export records as JSON, JSON Lines, CSV, Markdown, GeoJSON, a data package, xlsx or SQLite.

JSON and JSON Lines: the selected records, whole (or cut to --fields); Markdown: one card per
record. The tables — CSV, GeoJSON, `datapackage` (-o FOLDER), `xlsx` and `sqlite` (-o FILE) —
have fixed, typed columns whatever the selection (docs/data-out.md): one row per laureate with
each code beside its official label, and the lines a row cannot hold (funding, sources, carriers,
incubation) in tables of their own keyed by `laureate_id`.
"""

from __future__ import annotations

import typer

from manufactures.analysis.selection import Filters, parse_fields
from manufactures.cli.context import emit, load_selection
from manufactures.cli.exporting import TABLE_FORMATS, emit_tables
from manufactures.cli.options import (
    ExportFormat,
    FieldsOption,
    LimitOption,
    Output,
    SortOption,
    filter_options,
    output_options,
)
from manufactures.i18n import _
from manufactures.present.views import export_result

EXAMPLES = r"""Examples:

  manuf export > registre.json

  manuf export --format jsonl | jq -c 'select(.wave == 3) | .name'

  manuf export --format xlsx -o registre.xlsx           # Excel / LibreOffice, typed cells

  manuf export --format datapackage -o registre/        # data.gouv.fr, frictionless, Validata

  manuf export --format sqlite -o registre.db && datasette registre.db

  manuf export --format geojson -o lieux.geojson        # QGIS, uMap

  manuf --data examples/demo export --territory qpv --format markdown > qpv.md

CSV: the laureates table (with --fields: the chosen fields, dotted); lists are joined with |
(a | inside an item written \|), and a text cell beginning with =, +, -, @, a tab or a carriage
return is prefixed with ' so that no spreadsheet runs it as a formula.
"""


@filter_options
@output_options(formats=ExportFormat, default="json", color=False)
def export(
    ctx: typer.Context,
    filters: Filters,
    output: Output,
    sort: SortOption = None,
    fields: FieldsOption = None,
    limit: LimitOption = None,
) -> None:
    """Run `manuf export` (its help is this module's docstring)."""
    registry, laureates = load_selection(ctx, output.data, filters, sort=sort, limit=limit)
    chosen = parse_fields(fields) if fields else ()
    if output.format in TABLE_FORMATS and not (chosen and output.format == "csv"):
        if chosen:
            raise typer.BadParameter(
                _(
                    "--format {format} writes every column; --fields goes with json, jsonl, "
                    "csv or markdown"
                ).format(format=output.format),
                param_hint="--fields",
            )
        emit_tables(registry, laureates, output)
        return
    emit(ctx, export_result(registry, laureates, filters, fields=chosen), output)
