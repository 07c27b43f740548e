"""`manuf schema`: the committed JSON Schema and data dictionary are current and complete."""

from __future__ import annotations

import json

from manufactures.models import field_docs
from manufactures.present.schema import SCHEMA_ID
from tests.conftest import DATA, REPO, run_cli

SCHEMA_FILE = REPO / "schema" / "laureate.schema.json"
DICTIONARY_FILE = REPO / "docs" / "data-dictionary.md"


def test_the_committed_schema_is_current() -> None:
    result = run_cli("--data", str(DATA), "schema")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "schema/laureate.schema.json is stale: run `manuf schema > schema/laureate.schema.json`"
    )


def test_the_committed_data_dictionary_is_current() -> None:
    result = run_cli("--data", str(DATA), "schema", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == DICTIONARY_FILE.read_text(encoding="utf-8"), (
        "docs/data-dictionary.md is stale: run "
        "`manuf schema --format markdown > docs/data-dictionary.md`"
    )


def test_every_field_is_documented_once() -> None:
    dictionary = DICTIONARY_FILE.read_text(encoding="utf-8")
    rows = [line.split("|")[1].strip(" `") for line in dictionary.splitlines()[7:]]
    assert rows == list(field_docs())


def test_schema_carries_its_id_descriptions_and_vocabularies() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$id"] == SCHEMA_ID
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    properties = schema["properties"]
    assert all(node["description"] for node in properties.values())
    assert properties["territory"]["anyOf"][0]["enum"] == ["rural", "qpv", "small_medium_town"]
    assert "bois" in properties["sectors"]["anyOf"][0]["items"]["enum"]
    assert properties["location"]["anyOf"][0]["$ref"] == "#/$defs/Location"
    assert schema["$defs"]["Location"]["properties"]["insee"]["anyOf"][0]["type"] == "string"


def test_new_records_point_at_the_committed_schema() -> None:
    from manufactures.cli.commands.new import SCHEMA_LINE

    relative = SCHEMA_LINE.split("$schema=")[1]
    assert (DATA / "laureates" / relative).resolve() == SCHEMA_FILE
