"""Print the JSON Schema of a record, or its French data dictionary in Markdown.

Both come from the models and the registry's vocabularies (waves, territories, sectors,
modules as enums). The repository commits them as `schema/laureate.schema.json` and
`docs/data-dictionary.md`; records point editors at the schema with a first line
`# yaml-language-server: $schema=../../schema/laureate.schema.json`, so VS Code's YAML
extension completes and checks them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from manufactures.cli.context import open_registry
from manufactures.cli.options import DataOption
from manufactures.present.schema import data_dictionary, schema_json

EXAMPLES = """Examples:

  manuf schema > schema/laureate.schema.json

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
            "--format", "-f", help="JSON Schema, or the data dictionary.", case_sensitive=False
        ),
    ] = SchemaFormat.JSON,
    data: DataOption = None,
) -> None:
    """Run `manuf schema` (its help is this module's docstring)."""
    vocabulary = open_registry(ctx, data).vocabulary
    text = (
        schema_json(vocabulary)
        if output_format is SchemaFormat.JSON
        else data_dictionary(vocabulary)
    )
    typer.echo(text, nl=False)
