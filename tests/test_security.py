"""The promises of docs/SECURITY.md that no other test file already holds."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.conftest import run_cli


def _snapshot(folder: Path) -> dict[Path, tuple[int, int]]:
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_no_network_access(registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("manuf opened a network socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for command in (["validate", str(registry)], ["stats", "--data", str(registry)]):
        result = run_cli(*command)
        assert result.exit_code == 0, result.stdout + result.stderr


def test_read_commands_write_nothing(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path)
    for command in (
        ["validate", str(registry)],
        ["stats", "--data", str(registry), "--format", "json"],
    ):
        assert run_cli(*command).exit_code == 0
    assert _snapshot(tmp_path) == before
