"""Counts by territory, wave and sector, vs announced.

The overview (territories, waves, sectors, funding, incubation), or with --by a one-way table,
and with two --by a two-way table.
"""

from __future__ import annotations

from typing import Annotated

import typer

from manufactures.analysis.filters import Filters
from manufactures.cli.context import emit, load_selection, remembered_result
from manufactures.cli.options import GroupBy, Output, filter_options, output_options
from manufactures.i18n import N_, _
from manufactures.present.result import CommandResult

EXAMPLES = """Examples:

  manuf stats

  manuf stats --wave 3 --format json | jq .data.by_territory

  manuf --data examples/demo stats --territory rural

  manuf --data examples/demo stats --by region                   # one-way table

  manuf --data examples/demo stats --by territory --by wave      # two-way table
"""


@filter_options
@output_options()
def stats(
    ctx: typer.Context,
    filters: Filters,
    by: Annotated[
        list[GroupBy] | None,
        typer.Option(
            "--by",
            metavar="territory|wave|sector|region|department",
            help=N_("Count by this instead of the overview; twice for a two-way table."),
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    *,
    output: Output,
) -> None:
    """Run `manuf stats` (its help is this module's docstring)."""
    dimensions = [str(name) for name in by or ()]
    if len(dimensions) > 2 or len(set(dimensions)) < len(dimensions):
        raise typer.BadParameter(_("give one or two different dimensions"), param_hint="--by")

    def compute() -> CommandResult:
        # Deferred: an answer served from the cache is shown without importing the models.
        from manufactures.present.views import breakdown_result, stats_result

        registry, laureates = load_selection(ctx, output.data, filters)
        if dimensions:
            return breakdown_result(registry, laureates, filters, dimensions)
        return stats_result(registry, laureates, filters)

    result = remembered_result(ctx, output.data, compute)
    emit(ctx, result, output)
