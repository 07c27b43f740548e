"""`manuf validate --format sarif` is valid by the official OASIS SARIF 2.1.0 schema (kept in
tests/fixtures/sarif/, its provenance in NOTICE.md there), and SARIF and GitHub annotations name
each file from the repository's root, wherever manuf runs from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, FormatChecker

from tests.conftest import FIXTURES, copy_registry, run_cli
from tests.gitrepo import registry_repo

SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
OASIS_ID = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
# Every format the checker knows is checked, `uri` and `uri-reference` included (they need
# jsonschema's `format-nongpl` extra, which the `test` extra asks for).
VALIDATOR = Draft4Validator(SCHEMA, format_checker=FormatChecker())
BAD = "id: bad\nname: Bad\nwave: 9\nsources:\n  - url: https://example.org\n"
ODD_NAME = "odd name é%:#.yaml"  # a space, a non-ASCII letter, and characters a URI reserves


def _sarif(*args: str) -> dict[str, Any]:
    result = run_cli("validate", *args, "--format", "sarif")
    assert result.exit_code in {0, 1}, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(document)]
    assert errors == []
    return document


def _locations(document: dict[str, Any]) -> list[dict[str, str]]:
    (run,) = document["runs"]
    return [
        location["physicalLocation"]["artifactLocation"]
        for result in run["results"]
        for location in result["locations"]
    ]


def _break(data: Path) -> None:
    (data / "laureates" / "bad.yaml").write_text(BAD, encoding="utf-8")
    (data / "laureates" / ODD_NAME).write_text(BAD.replace("bad", "odd"), encoding="utf-8")


def test_the_schema_is_the_oasis_one_and_catches_what_it_should() -> None:
    assert SCHEMA["id"] == OASIS_ID
    Draft4Validator.check_schema(SCHEMA)
    assert {"uri", "uri-reference"} <= set(FormatChecker().checkers)
    located = {"physicalLocation": {"artifactLocation": {"uri": "a b"}}}
    wrong = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "manuf"}},
                "results": [{"message": {"text": "x"}, "locations": [located], "level": "fatal"}],
            }
        ],
    }
    messages = " ".join(error.message for error in VALIDATOR.iter_errors(wrong))
    assert "'fatal' is not one of" in messages
    assert "'a b' is not a 'uri-reference'" in messages


@pytest.mark.parametrize("broken", [False, True], ids=["clean", "with-errors"])
@pytest.mark.parametrize(
    "where", [".", "data/laureates"], ids=["from-the-root", "from-a-subfolder"]
)
def test_sarif_is_valid_and_located_from_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: bool, where: str
) -> None:
    data = registry_repo(tmp_path, "polinno", "la-cabane")
    repo = data.parent
    if broken:
        _break(data)
    monkeypatch.chdir(repo / where)
    document = _sarif()  # the registry found from the current folder
    (run,) = document["runs"]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": f"{repo.resolve().as_uri()}/"}}
    locations = _locations(document)
    assert bool(locations) is broken
    assert {location["uriBaseId"] for location in locations} <= {"%SRCROOT%"}
    uris = {location["uri"] for location in locations}
    odd = "data/laureates/odd%20name%20%C3%A9%25%3A%23.yaml"
    assert uris == ({"data/laureates/bad.yaml", odd} if broken else set())


def test_outside_git_the_root_is_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = copy_registry(tmp_path / "registry", records=("polinno",))
    _break(data)
    monkeypatch.chdir(tmp_path)
    document = _sarif(str(data))
    assert document["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (
        f"{tmp_path.resolve().as_uri()}/"
    )
    assert {location["uri"] for location in _locations(document)} >= {"registry/laureates/bad.yaml"}


def test_a_file_outside_the_root_is_an_absolute_uri(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = copy_registry(tmp_path / "registry", records=("polinno",))
    _break(data)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    locations = _locations(_sarif(str(data)))
    assert locations
    assert all("uriBaseId" not in location for location in locations)
    bad = (data / "laureates" / "bad.yaml").resolve().as_uri()
    assert bad in {location["uri"] for location in locations}


def test_github_annotations_name_files_from_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = registry_repo(tmp_path, "polinno")
    _break(data)
    monkeypatch.chdir(data / "laureates")
    result = run_cli("validate", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    files = {
        line.split("file=", 1)[1].split(",line=", 1)[0]
        for line in result.stdout.splitlines()
        if line.startswith("::")
    }
    assert files == {"data/laureates/bad.yaml", "data/laureates/odd name é%25%3A#.yaml"}
