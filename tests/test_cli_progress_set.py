"""`manuf progress set`: a module's status recorded in place; the report still runs alone."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli


def _progress_set(registry: Path, *args: str) -> tuple[int, str]:
    result = run_cli("--data", str(registry), "progress", "set", *args)
    return result.exit_code, result.stderr


def test_progress_set_writes_the_short_form_then_the_dated_form(registry: Path) -> None:
    path = registry / "laureates" / "polinno.yaml"
    before = path.read_text(encoding="utf-8")
    assert _progress_set(registry, "polinno", "communication", "in_progress")[0] == 0
    assert _progress_set(registry, "polinno", "ecosysteme", "in_progress")[0] == 0
    block = "incubation:\n  ecosysteme: in_progress\n  communication: in_progress\n"
    assert path.read_text(encoding="utf-8") == before.replace("sources:\n", block + "sources:\n")

    assert _progress_set(registry, "polinno", "ecosysteme", "done", "--on", "2022-11-30")[0] == 0
    dated = "  ecosysteme:\n    status: done\n    completed_on: 2022-11-30\n"
    assert dated in path.read_text(encoding="utf-8")
    assert run_cli("validate", str(registry)).exit_code == 0


def test_progress_set_refuses_an_unknown_module_and_a_date_without_done(registry: Path) -> None:
    path = registry / "laureates" / "polinno.yaml"
    before = path.read_bytes()
    code, stderr = _progress_set(registry, "polinno", "ecosystem", "done")
    assert code == 1
    assert "error[unknown-module]" in stderr
    assert "did you mean `ecosysteme`?" in stderr
    assert (
        _progress_set(registry, "polinno", "ecosysteme", "in_progress", "--on", "2022-01-01")[0]
        == 2
    )
    assert _progress_set(registry, "polinno", "ecosysteme", "finished")[0] == 2
    assert path.read_bytes() == before


def test_progress_without_a_sub_command_still_reports(registry: Path) -> None:
    result = run_cli("--data", str(registry), "progress", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"command": "progress"' in result.stdout
