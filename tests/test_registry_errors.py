"""A command refused because the registry has errors says how to see them, for that registry."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import copy_registry, run_cli


def _suggested(stderr: str) -> list[str]:
    """The arguments of the `manuf …` command the message suggests."""
    command = re.search(r"run `(manuf [^`]+)`", stderr)
    assert command, stderr
    return shlex.split(command.group(1))[1:]


def test_a_data_command_points_at_the_registry_it_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = copy_registry(tmp_path / "my registry", records=["polinno"])
    (registry / "laureates" / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # not inside the registry: bare `manuf validate` reads another
    refused = run_cli("--data", str(registry), "stats")
    assert refused.exit_code == 1
    shown = run_cli(*_suggested(refused.stderr))
    assert shown.exit_code == 1
    assert "broken.yaml" in shown.stdout and "missing-field" in shown.stdout


def test_an_edit_points_at_the_registry_it_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = copy_registry(tmp_path / "my registry", records=["polinno"])
    (registry / "modules.yaml").write_text("modules: [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    refused = run_cli("--data", str(registry), "set", "polinno", "wave", "2")
    assert refused.exit_code == 1
    shown = run_cli(*_suggested(refused.stderr))
    assert shown.exit_code == 1
    assert "modules.yaml" in shown.stdout and "yaml-syntax" in shown.stdout
