"""Incubation and support progress as of a day.

The laureate × module matrix, each module's completion rate, the laureates lagging behind, and
the state of the two-year support phase on --as-of.
"""

from __future__ import annotations

from datetime import date

import typer

from manufactures.analysis.filters import Filters
from manufactures.cli.context import emit, load_selection
from manufactures.cli.options import AsOfOption, Output, filter_options, output_options
from manufactures.present.views import progress_result

EXAMPLES = """Examples:

  manuf --data examples/demo progress

  manuf --data examples/demo progress --as-of 2023-06-30 --wave 3

  manuf --data examples/demo progress --format json | jq '.data.modules[] | {key, completion_rate}'

Symbols: ● done, ◇ done later (completed after --as-of: not done on that day), ◐ in
progress, ○ not started, · not recorded. A module recorded done without completed_on counts as
done (the record does not say when). A laureate is lagging when its labelling day plus the
announced 4 months is past and a module it records is not done on --as-of. The support phase's
state comes from its recorded dates, as of --as-of (default: today).
"""


@filter_options
@output_options()
def progress(
    ctx: typer.Context,
    filters: Filters,
    as_of: AsOfOption = None,
    *,
    output: Output,
) -> None:
    """Run `manuf progress` (its help is this module's docstring)."""
    if ctx.invoked_subcommand is not None:  # `manuf progress set …` edits; no report then
        return

    registry, laureates = load_selection(ctx, output.data, filters)
    day = as_of.date() if as_of else date.today()
    result = progress_result(registry, laureates, filters, day)
    emit(ctx, result, output)
