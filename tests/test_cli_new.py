"""`manuf new`: a new record with only the given facts and a source placeholder to fill."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli


def test_new_then_validate_reports_only_the_placeholder_source(registry: Path) -> None:
    result = run_cli(
        "--data", str(registry), "new", "la-fabrique", "--name", "La Fabrique",
        "--commune", "Die", "--wave", "3", "--sector", "metal", "--sector", "bois",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    path = registry / "laureates" / "la-fabrique.yaml"
    assert result.stdout.strip().endswith("la-fabrique.yaml")
    assert path.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../laureate.schema.json\n"
        "# La Fabrique — manufacture de proximité\n"
        "id: la-fabrique\nname: La Fabrique\nwave: 3\n"
        "location:\n  commune: Die\n"
        "sectors:\n  - bois\n  - metal\n"
        "sources:\n"
        "  - url: TODO  # replace with the address of a public page stating these facts\n"
    )
    report = run_cli("validate", str(path))
    assert report.exit_code == 1
    assert report.stdout.splitlines()[0] == (
        f"{path}:12:10: error[source-placeholder] sources[0].url: "
        "this source is still the placeholder written by `manuf new`"
    )
    assert "1 file checked: 1 error, 0 warnings" in report.stdout

    filled = run_cli(
        "--data", str(registry), "set", "la-fabrique", "sources[0].url", "https://a.fr"
    )
    assert filled.exit_code == 0, filled.stderr
    assert "  - url: https://a.fr\n" in path.read_text(encoding="utf-8")
    assert run_cli("validate", str(path)).exit_code == 0


def test_new_never_overwrites(registry: Path) -> None:
    path = registry / "laureates" / "polinno.yaml"
    before = path.read_bytes()
    result = run_cli("--data", str(registry), "new", "polinno", "--name", "Autre")
    assert result.exit_code == 2
    assert "polinno.yaml already exists" in result.stderr
    assert path.read_bytes() == before


def test_new_refuses_an_invalid_record_and_writes_nothing(registry: Path) -> None:
    result = run_cli("--data", str(registry), "new", "x", "--name", "X", "--sector", "boi")
    assert result.exit_code == 1
    assert "error[unknown-sector] sectors[0]: unknown sector `boi`" in result.stderr
    assert "hint: did you mean `bois`?" in result.stderr
    assert not (registry / "laureates" / "x.yaml").exists()


def test_new_with_a_source_is_valid_at_once(registry: Path) -> None:
    args = ("--data", str(registry), "new", "x", "--name", "X", "--source", "https://a.fr/x")
    assert run_cli(*args).exit_code == 0
    assert run_cli("validate", str(registry)).exit_code == 0


def test_new_asks_for_no_name_off_a_terminal(registry: Path) -> None:
    result = run_cli("--data", str(registry), "new", "x")
    assert result.exit_code == 2
    assert "--name" in result.stderr
    assert not (registry / "laureates" / "x.yaml").exists()


def test_new_refuses_an_id_that_is_not_a_file_name(registry: Path) -> None:
    result = run_cli("--data", str(registry), "new", "../evil", "--name", "X")
    assert result.exit_code == 2
    assert "`../evil` is not a valid id" in result.stderr


def test_new_asks_for_the_name_on_a_terminal(
    registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from manufactures.cli.app import app

    monkeypatch.setattr("manufactures.cli.commands.new._interactive", lambda: True)
    result = CliRunner().invoke(
        app, ["--data", str(registry), "new", "x"], input="La Fabrique\n", env={"NO_COLOR": "1"}
    )
    assert result.exit_code == 0, result.stderr
    assert "name: La Fabrique\n" in (registry / "laureates" / "x.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("line_break", ["\n", "\u2028"])
def test_a_name_on_two_lines_stays_in_its_field(registry: Path, line_break: str) -> None:
    """The name also goes in the file's header comment, which a line break would end."""
    name = f"La Fabrique{line_break}notes: injected"
    result = run_cli(
        "--data", str(registry), "new", "la-fabrique", "--name", name, "--source", "https://a.fr"
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout + result.stderr
    path = registry / "laureates" / "la-fabrique.yaml"
    shown = run_cli("--data", str(registry), "show", "la-fabrique", "--format", "json")
    assert json.loads(shown.stdout)["data"] == {
        "id": "la-fabrique",
        "name": name,
        "sources": [{"url": "https://a.fr"}],
    }
    assert path.read_text(encoding="utf-8").splitlines()[1] == (
        "# La Fabrique notes: injected — manufacture de proximité"
    )


def test_a_new_record_is_already_in_canonical_form(registry: Path) -> None:
    args = ("--sector", "textile", "--sector", "bois", "--sector", "textile")
    created = run_cli("--data", str(registry), "new", "x", "--name", "X", "--wave", "2", *args)
    assert created.exit_code == 0, created.stderr
    path = registry / "laureates" / "x.yaml"
    assert "sectors:\n  - bois\n  - textile\nsources:" in path.read_text(encoding="utf-8")
    check = run_cli("fmt", "--check", str(path))
    assert (check.exit_code, check.stdout) == (0, "")
