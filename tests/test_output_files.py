"""`-o FILE` on every command that prints data, and UTF-8 out whatever the locale says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.raw_yaml import DEMO

COMMANDS = [
    ("list", "--format", "csv"),
    ("show", "demo-l-usine-d-ales", "--format", "json"),
    ("stats", "--format", "markdown"),
    ("funding", "--format", "jsonl"),
    ("progress", "--as-of", "2024-06-30", "--format", "csv"),
    ("coverage", "--format", "json"),
    ("export", "--format", "csv"),
    ("export", "--format", "geojson"),
    ("list", "--format", "geojson", "--territory", "rural"),
    ("validate", "--format", "sarif"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_o_writes_what_stdout_would_show(tmp_path: Path, command: tuple[str, ...]) -> None:
    shown = run_cli("--data", str(DEMO), *command)
    assert shown.exit_code == 0, shown.stderr
    target = tmp_path / "out"
    written = run_cli("--data", str(DEMO), *command, "-o", str(target))
    assert written.exit_code == 0, written.stderr
    assert written.stdout == ""
    assert written.stderr == f"manuf: wrote {target}\n"
    assert target.read_bytes() == shown.stdout_bytes


def test_o_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "file.csv"
    result = run_cli("--data", str(DEMO), "export", "--format", "csv", "-o", str(target))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and not target.exists()


def _manuf(*args: str, encoding: str) -> subprocess.CompletedProcess[bytes]:
    """The console entry point in a process whose Python believes stdout is `encoding`, as on
    Windows with a redirected output (cp1252) or in a bare container (ascii)."""
    environment = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1"}
    code = "from manufactures.__main__ import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "--data", str(DEMO), *args],
        capture_output=True,
        env=environment,
        check=False,
    )


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
@pytest.mark.parametrize(
    "command",
    [
        ("export", "--format", "csv"),
        ("export", "--format", "jsonl"),
        ("export", "--format", "markdown"),
        ("report", "--format", "markdown"),
        ("stats",),
        ("show", "demo-l-usine-d-ales"),
    ],
    ids=" ".join,
)
def test_output_is_utf8_whatever_the_locale(encoding: str, command: tuple[str, ...]) -> None:
    done = _manuf(*command, encoding=encoding)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    text = done.stdout.decode("utf-8")  # raises if it is not UTF-8
    assert "Alès" in text or "é" in text
    assert b"bug in manuf" not in done.stderr


def test_messages_are_utf8_too() -> None:
    done = _manuf("show", "démo-inconnue", encoding="ascii")
    assert done.returncode != 0
    assert "démo-inconnue" in done.stderr.decode("utf-8")
    assert b"bug in manuf" not in done.stderr
