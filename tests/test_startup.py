"""`manuf --help` and `--version` start fast: they import no command, model, table or COG."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import pytest

from manufactures.cli.app import COMMANDS
from tests.conftest import run_cli

HEAVY = ("pydantic", "rich", "yaml", "ruamel", "manufactures.models", "manufactures.referentials")
# The probe lists the modules loaded when the process ends.
PROBE = """
import atexit, sys
atexit.register(lambda: print(*sorted(sys.modules), file=sys.stderr, flush=True))
from manufactures.__main__ import main
sys.argv = ["manuf", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_help_and_version_import_nothing_heavy(option: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, option], capture_output=True, text=True, check=True
    )
    imported = done.stderr.split()
    assert "manufactures.cli.app" in imported
    assert not [name for name in imported if name.startswith(HEAVY)]
    assert not [
        name
        for name in imported
        if name.startswith("manufactures.cli.")
        and name
        not in ("manufactures.cli.app", "manufactures.cli.boundary", "manufactures.cli.process")
    ]


@pytest.mark.parametrize("name", COMMANDS)
def test_each_summary_is_the_first_paragraph_of_its_command_help(name: str) -> None:
    summary, build = COMMANDS[name]
    typer_app = build()
    callback = typer_app.registered_callback or typer_app.registered_commands[0]
    first = inspect.cleandoc(callback.help or "").split("\n\n")[0]
    assert summary == " ".join(first.split())


def test_help_lists_every_command_in_order() -> None:
    section = run_cli("--help").stdout.split("Commands:")[1]
    listed = [line.split()[0] for line in section.splitlines() if line.startswith("  ")]
    assert listed == list(COMMANDS)


def test_a_command_module_is_imported_when_its_command_runs() -> None:
    result = run_cli("schema", "--help")
    assert result.exit_code == 0 and "JSON Schema" in result.stdout
    assert importlib.import_module("manufactures.cli.commands.schema").__doc__
