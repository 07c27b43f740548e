"""Export records as JSON, JSON Lines, CSV or Markdown.

The selected records, whole (or cut to --fields); as Markdown, one card per record.
"""

from __future__ import annotations

import typer

from manufactures.analysis.selection import Filters, parse_fields
from manufactures.cli.context import emit, load_selection
from manufactures.cli.options import (
    ExportFormat,
    FieldsOption,
    LimitOption,
    Output,
    SortOption,
    filter_options,
    output_options,
)
from manufactures.present.views import export_result

EXAMPLES = """Examples:

  manuf export > registre.json

  manuf export --format jsonl | jq -c 'select(.wave == 3) | .name'

  manuf export --format csv --excel > registre.csv      # French Excel / LibreOffice

  manuf --data examples/demo export --territory qpv --format markdown > qpv.md

CSV: lists are joined with " | ", nested maps become dotted columns (location.commune), and a
cell beginning with =, +, -, @, a tab or a carriage return is prefixed with ' so that no
spreadsheet runs it as a formula.
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
    emit(ctx, export_result(registry, laureates, filters, fields=chosen), output)
