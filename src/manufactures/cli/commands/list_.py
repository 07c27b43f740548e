"""List laureates: a table on screen, the records as data.

On screen, the main fields (or those of --fields); as json, jsonl or csv, each record exactly as
the registry holds it (cut to --fields); as geojson, a point per laureate with the columns of
`manuf export`'s laureates table as properties (no point where no coordinates are recorded).
"""

from __future__ import annotations

import typer

from manufactures.analysis.selection import Filters, parse_fields
from manufactures.cli.context import emit, load_selection
from manufactures.cli.exporting import emit_tables
from manufactures.cli.options import (
    FieldsOption,
    LimitOption,
    ListFormat,
    Output,
    SortOption,
    filter_options,
    output_options,
)
from manufactures.present.views import list_result

EXAMPLES = """Examples:

  manuf list --territory rural --sort name

  manuf list --search "saint etienne"

  manuf list --fields id,name,location.commune --format csv --excel > laureats.csv

  manuf --data examples/demo list --wave 1 --limit 5 --format json | jq '.data[].name'
"""


@filter_options
@output_options(formats=ListFormat)
def list_laureates(
    ctx: typer.Context,
    filters: Filters,
    output: Output,
    sort: SortOption = None,
    fields: FieldsOption = None,
    limit: LimitOption = None,
) -> None:
    """Run `manuf list` (its help is this module's docstring)."""
    registry, laureates = load_selection(ctx, output.data, filters, sort=sort, limit=limit)
    chosen = parse_fields(fields) if fields else ()
    if output.format == "geojson":
        emit_tables(registry, laureates, output)
        return
    result = list_result(registry, laureates, filters, fields=chosen)
    emit(ctx, result, output)
