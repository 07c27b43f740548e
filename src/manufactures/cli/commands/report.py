"""A report to share: one self-contained HTML page (map, charts, tables) or Markdown.

Headline figures beside the announced ones, laureates by territory, wave and sector, funding by
region, a map of France (departments shaded by laureates, a point per located laureate,
overseas in insets), incubation progress (laureate × module) and the support phase, what the
registry does not know yet, and every laureate with its sources.
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from manufactures.analysis.filters import Filters
from manufactures.cli.context import load_selection
from manufactures.cli.editing import write_output
from manufactures.cli.options import AsOfOption, DataOption, OutputFileOption, filter_options
from manufactures.i18n import N_
from manufactures.report import REPORT_RENDERERS, build_report

EXAMPLES = """Examples:

  manuf report -o rapport.html                 # open it in a browser, print it, attach it

  manuf --data examples/demo report --territory rural -o rural.html

  manuf report --format markdown > rapport.md  # for a wiki or a pull-request comment

The page needs nothing but itself: no network, no font or script from elsewhere (links to the
records' sources excepted). Every figure is the one `manuf stats`, `funding --by region`,
`progress` and `coverage` give for the same selection.
"""


class ReportFormat(StrEnum):
    """Formats of `manuf report`."""

    HTML = "html"
    MARKDOWN = "markdown"


@filter_options
def report(
    ctx: typer.Context,
    filters: Filters,
    output_format: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help=N_("Document format."), case_sensitive=False),
    ] = ReportFormat.HTML,
    output: OutputFileOption = None,
    as_of: AsOfOption = None,
    data: DataOption = None,
) -> None:
    """Run `manuf report` (its help is this module's docstring)."""
    registry, laureates = load_selection(ctx, data, filters)
    day = as_of.date() if as_of else date.today()
    document = REPORT_RENDERERS[output_format](
        build_report(registry, laureates, filters, as_of=day)
    )
    if output is None:
        sys.stdout.write(document)
        return
    write_output(output, document)
