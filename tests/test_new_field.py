"""A new field is declared once, in models.py, and every part of manuf follows.

The test does what a contributor would: it copies the package, adds two fields to the copy's
models.py (a date, and an official code flagged `code=True`) and nothing else, then runs the
copy's `manuf` on a registry holding the new fields: the JSON Schema, the data dictionary,
`manuf fmt`, the CSV export, `--fields`, the record card and the error messages all know them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_registry

OPENED_ON = """
    opened_on: IsoDate | None = document(
        "Date d'ouverture du lieu.",
        label="Ouvert le",
        rule="date ISO AAAA-MM-JJ",
        example="2023-05-01",
        default=None,
    )
"""
EPCI = """
    epci: Annotated[Code, StringConstraints(pattern=r"^\\d{9}$")] | None = document(
        "Code SIREN de l'intercommunalité.",
        label="Intercommunalité",
        rule="9 chiffres, entre guillemets",
        example='"200068120"',
        expected="a 9-digit SIREN code as a quoted string",
        code=True,
        default=None,
    )
"""


def _add_after(text: str, anchor: str, addition: str) -> str:
    """`text` with `addition` inserted after the field declaration that starts with `anchor`."""
    start = text.index(anchor)
    end = text.index("\n    )\n", start) + len("\n    )\n")
    return text[:end] + addition.lstrip("\n") + text[end:]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package whose models.py alone declares two more fields."""
    source = tmp_path_factory.mktemp("src")
    shutil.copytree(REPO / "src" / "manufactures", source / "manufactures")
    models = source / "manufactures" / "models.py"
    text = models.read_text(encoding="utf-8")
    text = _add_after(text, "    labelled_on: IsoDate | None = document(", OPENED_ON)
    text = _add_after(text, "    postal_code: Annotated[Code,", EPCI)
    models.write_text(text, encoding="utf-8")
    return source


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A registry whose record uses the new fields, written out of canonical order."""
    folder = copy_registry(tmp_path / "registry", records=("polinno",))
    record = folder / "laureates" / "polinno.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace('  region: "84"\n', '  region: "84"\n  epci: "200068120"\n')
    record.write_text(text + "opened_on: 2023-05-01\n", encoding="utf-8")
    return folder


def _manuf(package: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(package), "NO_COLOR": "1", "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "manufactures", "--no-cache", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
        check=False,
    )


def test_the_copy_is_the_one_run(package: Path) -> None:
    done = _manuf(package, "--version")
    probe = "import manufactures; print(manufactures.__file__)"
    where = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(package)},
        check=True,
    )
    assert done.returncode == 0
    assert where.stdout.startswith(str(package))


def test_the_schema_and_the_dictionary_describe_the_new_fields(
    package: Path, registry: Path
) -> None:
    schema = json.loads(_manuf(package, "--data", str(registry), "schema").stdout)
    assert schema["properties"]["opened_on"]["description"] == "Date d'ouverture du lieu."
    epci = schema["$defs"]["Location"]["properties"]["epci"]
    assert epci["description"] == "Code SIREN de l'intercommunalité."
    assert "manuf_doc" not in json.dumps(schema)
    dictionary = _manuf(package, "--data", str(registry), "schema", "--format", "markdown").stdout
    rows = [line for line in dictionary.splitlines() if line.startswith("| `")]
    paths = [row.split("|")[1].strip(" `") for row in rows]
    assert paths.index("opened_on") == paths.index("labelled_on") + 1
    assert paths.index("location.epci") == paths.index("location.postal_code") + 1
    epci_row = rows[paths.index("location.epci")]
    assert "9 chiffres, entre guillemets" in epci_row and '`"200068120"`' in epci_row


def test_fmt_places_the_new_fields_and_quotes_the_new_code(package: Path, registry: Path) -> None:
    record = registry / "laureates" / "polinno.yaml"
    unquoted = record.read_text(encoding="utf-8").replace('"200068120"', "200068120")
    record.write_text(unquoted, encoding="utf-8")
    assert _manuf(package, "--data", str(registry), "validate").returncode == 1  # a number, to YAML
    assert _manuf(package, "--data", str(registry), "fmt", "--check").returncode == 1
    assert _manuf(package, "--data", str(registry), "fmt").returncode == 0
    lines = record.read_text(encoding="utf-8").splitlines()
    assert lines[lines.index("labelled_on: 2021-12-08") + 1] == "opened_on: 2023-05-01"
    assert lines[lines.index('  region: "84"') + 1] == '  epci: "200068120"'
    assert _manuf(package, "--data", str(registry), "validate").returncode == 0


def test_exports_lists_and_the_card_carry_the_new_fields(package: Path, registry: Path) -> None:
    exported = _manuf(package, "--data", str(registry), "export", "--format", "csv").stdout
    (row,) = csv.DictReader(io.StringIO(exported))
    assert row["opened_on"] == "2023-05-01"  # a new field is a column of its own, in place
    assert row["epci"] == "200068120"
    assert list(row).index("opened_on") == list(row).index("labelled_on") + 1
    listed = _manuf(
        package, "--data", str(registry), "list", "--fields", "id,opened_on", "--format", "json"
    )
    assert json.loads(listed.stdout)["data"] == [{"id": "polinno", "opened_on": "2023-05-01"}]
    sorted_by = _manuf(package, "--data", str(registry), "list", "--sort", "opened_on")
    assert sorted_by.returncode == 0, sorted_by.stderr
    card = _manuf(package, "--data", str(registry), "show", "polinno").stdout
    assert "Ouvert le" in card and "Intercommunalité" in card


def test_a_wrong_code_is_explained_in_the_words_of_the_model(package: Path, registry: Path) -> None:
    record = registry / "laureates" / "polinno.yaml"
    text = record.read_text(encoding="utf-8").replace('epci: "200068120"', 'epci: "2000"')
    record.write_text(text, encoding="utf-8")
    report = _manuf(package, "--data", str(registry), "validate", "--format", "json")
    (diagnostic,) = json.loads(report.stdout)["data"]["diagnostics"]
    assert diagnostic["code"] == "invalid-format"
    assert diagnostic["path"] == "location.epci"
    assert "a 9-digit SIREN code as a quoted string" in diagnostic["message"]
