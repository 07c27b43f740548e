"""How complete the registry is, vs announced.

Records beside the announced laureates, in total, per wave and per territory type; for each
field of a record, how many records fill it; and the records without a territory, a wave, a
commune or sectors, the facts most breakdowns need.
"""

from __future__ import annotations

import typer

from manufactures.analysis.filters import Filters
from manufactures.cli.context import emit, load_selection
from manufactures.cli.options import Output, filter_options, output_options
from manufactures.present.views import coverage_result

EXAMPLES = """Examples:

  manuf coverage

  manuf coverage --format json | jq '.data.incomplete[].id'

  manuf coverage --wave 3 --format markdown > couverture.md
"""


@filter_options
@output_options()
def coverage(
    ctx: typer.Context,
    filters: Filters,
    output: Output,
) -> None:
    """Run `manuf coverage` (its help is this module's docstring)."""
    registry, laureates = load_selection(ctx, output.data, filters)
    result = coverage_result(registry, laureates, filters)
    emit(ctx, result, output)
