"""Funding per group: total, mean, median, min, max.

Recorded amounts per territory, wave, sector, region or department, beside the announced
budget and average subsidy.
"""

from __future__ import annotations

from typing import Annotated

import typer

from manufactures.analysis.filters import Filters
from manufactures.cli.context import emit, load_selection
from manufactures.cli.options import GroupBy, Output, filter_options, output_options
from manufactures.i18n import N_
from manufactures.present.views import funding_result

EXAMPLES = """Examples:

  manuf funding

  manuf --data examples/demo funding --by wave

  manuf --data examples/demo funding --by region --format json | jq '.data.groups[]'

A laureate's amount is the sum of its funding lines; mean and median are over the laureates
with funding, rounded to the euro. With --by sector a laureate counts in each of its sectors.
"""


@filter_options
@output_options()
def funding(
    ctx: typer.Context,
    filters: Filters,
    by: Annotated[
        GroupBy, typer.Option("--by", help=N_("Group by this."), case_sensitive=False)
    ] = GroupBy.TERRITORY,
    *,
    output: Output,
) -> None:
    """Run `manuf funding` (its help is this module's docstring)."""
    registry, laureates = load_selection(ctx, output.data, filters)
    result = funding_result(registry, laureates, filters, str(by))
    emit(ctx, result, output)
