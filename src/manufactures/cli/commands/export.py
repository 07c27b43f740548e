"""Export records as JSON, JSON Lines, CSV or Markdown.

The selected records, whole (or cut to --fields); as Markdown, one card per record.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from manufactures.analysis.selection import Filters
from manufactures.cli.options import (
    DataOption,
    ExcelOption,
    FieldsOption,
    LimitOption,
    SortOption,
    filter_options,
)

EXAMPLES = """Examples:

  manuf export > registre.json

  manuf export --format jsonl | jq -c 'select(.wave == 3) | .name'

  manuf export --format csv --excel > registre.csv      # French Excel / LibreOffice

  manuf --data examples/demo export --territory qpv --format markdown > qpv.md

CSV: lists are joined with " | ", nested maps become dotted columns (location.commune), and a
cell beginning with =, +, -, @, a tab or a carriage return is prefixed with ' so that no
spreadsheet runs it as a formula.
"""


class ExportFormat(StrEnum):
    """Formats of `manuf export`."""

    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"


@filter_options
def export(
    ctx: typer.Context,
    filters: Filters,
    data: DataOption = None,
    sort: SortOption = None,
    fields: FieldsOption = None,
    limit: LimitOption = None,
    output_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = ExportFormat.JSON,
    excel: ExcelOption = False,
) -> None:
    """Export records as JSON, JSON Lines, CSV or Markdown."""
    from manufactures.analysis.selection import parse_fields
    from manufactures.cli.context import emit, load_selection
    from manufactures.present.views import export_result

    registry, laureates = load_selection(ctx, data, filters, sort=sort, limit=limit)
    chosen = parse_fields(fields) if fields else ()
    emit(
        ctx, export_result(registry, laureates, filters, fields=chosen), output_format, excel=excel
    )
