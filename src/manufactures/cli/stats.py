"""Counts by territory, wave and sector, funding and incubation progress, vs announced."""

from __future__ import annotations

import typer

from manufactures.cli.options import (
    DataOption,
    NoColorOption,
    OutputFormat,
    OutputFormatOption,
    filter_options,
)
from manufactures.query import Filters

EXAMPLES = """Examples:

  manuf stats

  manuf stats --wave 3 --format json | jq .data.by_territory

  manuf --data examples/demo stats --territory rural
"""


@filter_options
def stats(
    ctx: typer.Context,
    filters: Filters,
    data: DataOption = None,
    output_format: OutputFormatOption = OutputFormat.TABLE,
    no_color: NoColorOption = False,
) -> None:
    """Counts by territory, wave and sector, funding and incubation progress, vs announced."""
    from manufactures.cli.common import emit, load_selection
    from manufactures.views import stats_result

    registry, laureates = load_selection(ctx, data, filters)
    emit(ctx, stats_result(registry, laureates, filters), output_format, no_color=no_color)
