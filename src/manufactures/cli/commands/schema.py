"""Print the JSON Schema of a record, or its French data dictionary in Markdown.

Both come from the models and the registry's vocabularies (waves, territories, sectors,
modules as enums). A registry keeps its schema beside `programme.yaml`, as
`laureate.schema.json` (`manuf fmt` and `manuf new` write it when it is missing or stale), and
each record's first line points editors at it:
`# yaml-language-server: $schema=../laureate.schema.json`, so VS Code's YAML extension completes
and checks the record wherever the registry lives. `-o FILE` writes the output to FILE.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from manufactures.cli.context import open_registry
from manufactures.cli.editing import write_output
from manufactures.cli.options import DataOption, OutputFileOption
from manufactures.i18n import N_
from manufactures.present.schema import data_dictionary, schema_json

EXAMPLES = """Examples:

  manuf schema -o data/laureate.schema.json

  manuf schema --format markdown > docs/data-dictionary.md
"""


class SchemaFormat(StrEnum):
    """What `manuf schema` prints."""

    JSON = "json"
    MARKDOWN = "markdown"


def schema(
    ctx: typer.Context,
    output_format: Annotated[
        SchemaFormat,
        typer.Option(
            "--format", "-f", help=N_("JSON Schema, or the data dictionary."), case_sensitive=False
        ),
    ] = SchemaFormat.JSON,
    output: OutputFileOption = None,
    data: DataOption = None,
) -> None:
    """Run `manuf schema` (its help is this module's docstring)."""
    vocabulary = open_registry(ctx, data).vocabulary
    text = (
        schema_json(vocabulary)
        if output_format is SchemaFormat.JSON
        else data_dictionary(vocabulary)
    )
    if output is None:
        typer.echo(text, nl=False)
        return
    write_output(output, text)
