"""The application shell: help, version, the error boundary."""

from __future__ import annotations

import re

import pytest

from manufactures import __version__
from manufactures.cli import app as app_module
from tests.conftest import REPO, run_cli


def test_help_lists_every_command_with_one_line() -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    assert "validate" in result.stdout and "stats" in result.stdout


@pytest.mark.parametrize("command", [*app_module.COMMANDS, "progress set"])
def test_help_examples_name_demo_records_that_exist(command: str) -> None:
    """A demo id in an example of a command's help is a record of examples/demo."""
    text = run_cli(*command.split(), "--help", env={"COLUMNS": "200"}).stdout
    for record_id in re.findall(r"\bdemo-[a-z0-9]+(?:-[a-z0-9]+)*", text):
        assert (REPO / "examples" / "demo" / "laureates" / f"{record_id}.yaml").is_file(), record_id


def test_version() -> None:
    result = run_cli("--version")
    assert (result.exit_code, result.stdout.strip()) == (0, f"manuf {__version__}")


def test_unknown_option_is_a_usage_error() -> None:
    result = run_cli("stats", "--frobnicate")
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_a_bug_exits_3_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_: object, **__: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("manufactures.views.stats_result", explode)
    result = run_cli("stats")
    assert result.exit_code == 3
    assert "internal error (ZeroDivisionError: boom)" in result.stderr
    assert app_module.ISSUES_URL in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_: object, **__: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("manufactures.views.stats_result", explode)
    result = run_cli("--debug", "stats")
    assert result.exit_code == 3
    assert "Traceback" in result.stderr
