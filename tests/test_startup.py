"""`manuf --help` and `--version` start fast: they import no command, model, table or COG."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from manufactures.cli.app import COMMANDS, summary
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
        not in (
            "manufactures.cli.app",
            "manufactures.cli.boundary",
            "manufactures.cli.process",
            "manufactures.cli.translated",  # help in the language spoken
        )
    ]


@pytest.mark.parametrize("name", COMMANDS)
def test_the_summary_in_manuf_help_opens_the_command_help(name: str) -> None:
    """`manuf --help` reads each summary from the command's source without importing it: it is
    the first paragraph of the help the command itself shows."""
    listed = summary(name)
    assert listed and not listed.endswith(" ")
    shown = run_cli(name, "--help", env={"COLUMNS": "1000"}).stdout
    help_text = shown.split("\n\n", 1)[1]  # after the usage line
    assert " ".join(help_text.split("\n\n")[0].split()) == listed


def test_help_lists_every_command_in_order() -> None:
    section = run_cli("--help").stdout.split("Commands:")[1]
    listed = [line.split()[0] for line in section.splitlines() if line.startswith("  ")]
    assert listed == list(COMMANDS)


def test_a_command_module_is_imported_when_its_command_runs() -> None:
    result = run_cli("schema", "--help")
    assert result.exit_code == 0 and "JSON Schema" in result.stdout
    assert importlib.import_module("manufactures.cli.commands.schema").__doc__
