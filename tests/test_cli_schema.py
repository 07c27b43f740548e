"""`manuf schema`: the committed JSON Schema and data dictionary are current and complete; every
registry keeps its schema beside `programme.yaml`, and every record points editors at it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from manufactures.editing.layout import SCHEMA_LINE
from manufactures.models import field_docs
from manufactures.present.schema import SCHEMA_ID
from tests.conftest import DATA, REPO, copy_registry, run_cli

SCHEMA_FILE = DATA / "laureate.schema.json"
DEMO = REPO / "examples" / "demo"
DICTIONARY_FILE = REPO / "docs" / "data-dictionary.md"


def test_the_committed_schema_is_current() -> None:
    result = run_cli("--data", str(DATA), "schema")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "data/laureate.schema.json is stale: run `manuf fmt data`"
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


@pytest.mark.parametrize("registry", [DATA, DEMO], ids=["data", "demo"])
def test_every_record_points_at_its_registrys_schema(registry: Path) -> None:
    relative = SCHEMA_LINE.split("$schema=")[1]
    assert (registry / "laureates" / relative).resolve() == registry / "laureate.schema.json"
    assert (registry / "laureate.schema.json").is_file()
    records = sorted((registry / "laureates").glob("*.yaml"))
    assert records
    for record in records:
        assert record.read_text(encoding="utf-8").startswith(SCHEMA_LINE + "\n"), record.name


def test_schema_output_goes_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "laureate.schema.json"
    target.parent.mkdir()
    result = run_cli("--data", str(DATA), "schema", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", f"manuf: wrote {target}\n")
    assert target.read_text(encoding="utf-8") == SCHEMA_FILE.read_text(encoding="utf-8")
    unwritable = run_cli("--data", str(DATA), "schema", "-o", str(tmp_path / "no" / "x.json"))
    assert unwritable.exit_code == 2 and "cannot write" in unwritable.stderr


def test_fmt_writes_the_schema_beside_programme_and_keeps_it_current(tmp_path: Path) -> None:
    registry = copy_registry(tmp_path / "registry", records=("polinno",))
    schema = registry / "laureate.schema.json"
    schema.unlink()
    check = run_cli("fmt", "--check", str(registry))
    assert check.exit_code == 1 and "1 schema file(s) would be written" in check.stderr
    assert not schema.exists()
    assert run_cli("fmt", str(registry)).exit_code == 0
    assert schema.read_text(encoding="utf-8") == SCHEMA_FILE.read_text(encoding="utf-8")
    assert run_cli("fmt", "--check", str(registry)).exit_code == 0
    # A sector added to programme.yaml changes the schema's enum: fmt --check sees it is stale.
    programme = registry / "programme.yaml"
    text = programme.read_text(encoding="utf-8")
    programme.write_text(
        text.replace("sectors:\n", "sectors:\n  verre: {label: Verre}\n", 1), encoding="utf-8"
    )
    assert run_cli("fmt", "--check", str(registry)).exit_code == 1
    assert run_cli("fmt", str(registry)).exit_code == 0
    assert '"verre"' in schema.read_text(encoding="utf-8")


def test_new_writes_the_schema_its_record_points_at(tmp_path: Path) -> None:
    registry = copy_registry(tmp_path / "registry")
    (registry / "laureate.schema.json").unlink()
    result = run_cli("--data", str(registry), "new", "x", "--name", "X")
    assert result.exit_code == 0, result.stderr
    assert (registry / "laureates" / "x.yaml").read_text(encoding="utf-8").startswith(SCHEMA_LINE)
    assert (registry / "laureate.schema.json").is_file()
