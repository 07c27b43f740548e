"""What changed in the registry since a git revision: records, fields, headline figures.

Records added, removed or changed between REV and the working tree (untracked records
included), each changed field with its old and new value, and the effect on the headline
figures: records per territory type and per wave, total, recorded funding. `--format markdown`
is made for a pull-request comment; `json` is the usual envelope.
"""

from __future__ import annotations

from typing import Annotated

import typer

from manufactures.analysis.changes import diff_registry
from manufactures.cli.context import emit
from manufactures.cli.editing import editable_registry
from manufactures.cli.options import Output, output_options
from manufactures.i18n import N_
from manufactures.present.views import diff_result

EXAMPLES = """Examples:

  manuf diff HEAD~1

  manuf diff origin/main --format markdown > diff.md     # a pull-request comment

  manuf diff main --format json | jq '.data.records[] | select(.status == "added") | .id'
"""


@output_options()
def diff(
    ctx: typer.Context,
    revision: Annotated[
        str, typer.Argument(metavar=N_("REV"), help=N_("A git revision (HEAD~1, main…)."))
    ],
    output: Output,
) -> None:
    """Run `manuf diff` (its help is this module's docstring)."""
    registry = editable_registry(ctx, output.data, writing=False)
    result = diff_result(diff_registry(registry, revision))
    emit(ctx, result, output)
