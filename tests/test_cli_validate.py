"""`manuf validate` through the CLI: exit codes, report formats, what reaches stdout and stderr."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, copy_registry, run_cli

REQUIRED_KEYS = {"file", "line", "column", "code", "severity", "path", "message"}


def test_real_registry_is_valid() -> None:
    result = run_cli("validate", str(DATA))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().endswith("0 errors, 0 warnings")
    assert result.stderr == ""


def test_json_report_is_an_envelope_with_located_diagnostics(registry: Path) -> None:
    (registry / "laureates" / "bad.yaml").write_text(
        "id: bad\nname: Bad\nwave: x\n", encoding="utf-8"
    )
    result = run_cli("validate", str(registry), "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert (document["schema_version"], document["command"]) == (1, "validate")
    diagnostics = document["data"]["diagnostics"]
    assert {d["code"] for d in diagnostics} == {"invalid-type", "missing-field"}
    assert all(d.keys() >= REQUIRED_KEYS for d in diagnostics)
    assert document["data"]["errors"] == 2


def test_text_report_names_file_line_column_and_hint(registry: Path) -> None:
    (registry / "laureates" / "typo.yaml").write_text(
        "id: typo\nname: Typo\nsourcs:\n  - url: https://example.org\n", encoding="utf-8"
    )
    result = run_cli("validate", str(registry))
    assert result.exit_code == 1
    assert (
        "laureates/typo.yaml:3:1: error[unknown-key] sourcs: unknown key `sourcs`" in result.stdout
    )
    assert "hint: did you mean `sources`?" in result.stdout
    assert result.stdout.strip().endswith("5 files checked: 2 errors, 0 warnings")


def test_github_format_is_chosen_on_github_actions(registry: Path) -> None:
    (registry / "laureates" / "bad.yaml").write_text("id: bad\n", encoding="utf-8")
    result = run_cli("validate", str(registry), env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("::error file=")
    assert ",line=1,col=1,title=manuf missing-field::" in first


def test_annotation_cannot_be_forged_by_a_value(registry: Path) -> None:
    (registry / "laureates" / "forge.yaml").write_text(
        'id: forge\nname: "x"\nwave: "1\\n::error file=evil.py::forged"\n'
        "sources:\n  - url: https://example.org\n",
        encoding="utf-8",
    )
    result = run_cli("validate", str(registry), "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert not any(line.startswith("::error file=evil.py") for line in lines)
    assert any("%0A::error file=evil.py" in line for line in lines)


def test_only_named_files_are_reported_but_bad_ones_always_fail(registry: Path) -> None:
    (registry / "laureates" / "bad.yaml").write_text("id: bad\n", encoding="utf-8")
    good = registry / "laureates" / "polinno.yaml"
    assert run_cli("validate", str(good)).exit_code == 0
    result = run_cli("validate", str(good), str(registry / "laureates" / "bad.yaml"))
    assert result.exit_code == 1
    assert "2 files checked: 2 errors" in result.stdout


def test_a_file_outside_the_registry_is_still_checked(registry: Path, tmp_path: Path) -> None:
    stray = tmp_path / "stray.yaml"
    stray.write_text(
        "id: stray\nname: Stray\nsectors: [boi]\nsources:\n  - url: https://x.org\n",
        encoding="utf-8",
    )
    result = run_cli("validate", "--data", str(registry), str(stray))
    assert result.exit_code == 1
    assert "did you mean `bois`?" in result.stdout


def test_missing_registry_exits_2_with_one_sentence(tmp_path: Path) -> None:
    result = run_cli("--data", str(tmp_path / "nowhere"), "validate")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        result.stderr.strip()
        == f"manuf: error: registry folder {tmp_path / 'nowhere'} (from --data) does not exist"
    )


def test_folder_without_registry_files_exits_2(tmp_path: Path) -> None:
    result = run_cli("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "is not a registry: it has no programme.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreadable_record_exits_2_and_others_are_still_checked(
    registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = registry / "laureates" / "locked.yaml"
    locked.write_text("id: locked\n", encoding="utf-8")
    (registry / "laureates" / "bad.yaml").write_text("id: bad\n", encoding="utf-8")
    open_file = Path.open

    def refuse(path: Path, *args: Any, **kwargs: Any) -> Any:
        # Tests run as root in CI, where chmod 000 does not stop a read: refuse it here instead.
        if path.name == "locked.yaml":
            raise PermissionError(13, "Permission denied")
        return open_file(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    result = run_cli("validate", str(registry), "--format", "json")
    assert result.exit_code == 2
    codes = {
        (Path(d["file"]).name, d["code"]) for d in json.loads(result.stdout)["data"]["diagnostics"]
    }
    assert ("locked.yaml", "file-unreadable") in codes
    assert ("bad.yaml", "missing-field") in codes


def test_strict_fails_on_warnings(registry: Path) -> None:
    (registry / "laureates" / "notes.txt").write_text("draft", encoding="utf-8")
    assert run_cli("validate", str(registry)).exit_code == 0
    result = run_cli("validate", str(registry), "--strict")
    assert result.exit_code == 1
    assert "warning[file-ignored]" in result.stdout


def test_a_tab_in_a_value_is_shown_as_spaces_to_the_next_tab_stop(tmp_path: Path) -> None:
    registry = copy_registry(tmp_path / "registry", records=["polinno"])
    record = registry / "laureates" / "polinno.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("territory: rural", 'territory: "ru\\tral"'), encoding="utf-8")
    result = run_cli("validate", str(registry))
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if "unknown-territory" in line)
    assert "\t" not in line
    after_tab = line.index("ral`", line.index("`ru "))
    assert after_tab % 8 == 0 and line[line.index("`ru ") + 3 : after_tab].strip() == ""
