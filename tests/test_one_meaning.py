"""What manuf writes means the same to every YAML reader: a text that YAML would take for a
number, a boolean, a null or a date is quoted; what `validate` refuses, `fmt` repairs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA, copy_registry, run_cli
from tests.output_checks import schema_rejections

# Texts YAML readers type unless they are quoted, and one that needs quotes for its spaces.
TRICKY = ["104", "true", "no", "null", "1e3", "0x10", "2022-01-01", " 1 "]
SCHEMA = DATA / "laureate.schema.json"


def _schema_accepts(*files: Path) -> list[str]:
    """check-jsonschema's complaints about `files` against the committed schema (none: [])."""
    return [
        f"{name}: {message}"
        for name, messages in schema_rejections(SCHEMA, files).items()
        for message in messages
    ]


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    return copy_registry(tmp_path / "registry", records=("polinno",))


@pytest.mark.parametrize("value", TRICKY)
def test_set_writes_a_text_every_reader_reads_as_that_text(registry: Path, value: str) -> None:
    record = registry / "laureates" / "polinno.yaml"
    for field in ("notes", "name", "activities[0]", "carriers[0].name"):
        done = run_cli("--data", str(registry), "set", "polinno", field, value)
        assert done.exit_code == 0, done.stderr
    assert _schema_accepts(record) == []
    read = yaml.safe_load(record.read_text(encoding="utf-8"))
    assert (read["notes"], read["name"], read["activities"][0], read["carriers"][0]["name"]) == (
        (value,) * 4
    )
    assert run_cli("--data", str(registry), "validate").exit_code == 0
    assert run_cli("fmt", "--check", str(record)).exit_code == 0


@pytest.mark.parametrize("value", TRICKY)
def test_new_writes_a_name_every_reader_reads_as_that_name(registry: Path, value: str) -> None:
    done = run_cli(
        "--data", str(registry), "new", "le-lieu", "--name", value,
        "--source", "https://example.org/source",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    record = registry / "laureates" / "le-lieu.yaml"
    assert _schema_accepts(record) == []
    assert yaml.safe_load(record.read_text(encoding="utf-8"))["name"] == value
    assert run_cli("--data", str(registry), "validate").exit_code == 0


@pytest.mark.parametrize("value", TRICKY)
def test_progress_set_writes_no_free_text_and_leaves_the_file_valid(
    registry: Path, value: str
) -> None:
    """progress set takes a status from a closed list: a tricky text is refused, nothing is
    written; what it does write (a status, a date) every reader reads alike."""
    record = registry / "laureates" / "polinno.yaml"
    before = record.read_bytes()
    refused = run_cli("--data", str(registry), "progress", "set", "polinno", "ecosysteme", value)
    assert refused.exit_code == 2
    assert record.read_bytes() == before
    done = run_cli(
        "--data", str(registry), "progress", "set", "polinno", "ecosysteme", "done",
        "--on", "2022-11-30",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert _schema_accepts(record) == []
    progress = yaml.safe_load(record.read_text(encoding="utf-8"))["incubation"]["ecosysteme"]
    assert progress == {"status": "done", "completed_on": date(2022, 11, 30)}


def test_set_writes_numbers_plain_even_over_a_quoted_one(registry: Path) -> None:
    record = registry / "laureates" / "polinno.yaml"
    text = record.read_text(encoding="utf-8").replace("wave: 1", 'wave: "1"')
    record.write_text(text, encoding="utf-8")
    assert run_cli("--data", str(registry), "set", "polinno", "wave", "2").exit_code == 0
    assert "\nwave: 2\n" in record.read_text(encoding="utf-8")
    assert _schema_accepts(record) == []


def test_validate_locates_each_value_other_readers_type_and_fmt_repairs_them(
    registry: Path,
) -> None:
    record = registry / "laureates" / "polinno.yaml"
    text = (
        record.read_text(encoding="utf-8")
        .replace("name: Polinno", "name: 104")
        .replace("wave: 1", 'wave: "1"')
        .replace('insee: "07053"', "insee: 07053")
        .replace("  - métiers d'art", "  - no")
    )
    record.write_text(text, encoding="utf-8")
    report = run_cli("--data", str(registry), "validate", "--format", "json")
    assert report.exit_code == 1
    found = {
        (d["path"], d["line"], d["code"]) for d in json.loads(report.stdout)["data"]["diagnostics"]
    }
    lines = text.splitlines()
    assert found == {
        ("name", lines.index("name: 104") + 1, "yaml-type-differs"),
        ("wave", lines.index('wave: "1"') + 1, "yaml-type-differs"),
        ("location.insee", lines.index("  insee: 07053") + 1, "yaml-type-differs"),
        ("activities[0]", lines.index("  - no") + 1, "yaml-type-differs"),
    }
    assert _schema_accepts(record) != []  # the schema's readers see the same problems
    assert run_cli("fmt", str(record)).exit_code == 0
    assert run_cli("--data", str(registry), "validate").exit_code == 0
    assert _schema_accepts(record) == []
    read = yaml.safe_load(record.read_text(encoding="utf-8"))
    assert (read["name"], read["wave"], read["location"]["insee"], read["activities"]) == (
        "104",
        1,
        "07053",
        ["no"],
    )
