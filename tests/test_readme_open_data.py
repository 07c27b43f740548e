"""The README's « Open the data in… » commands run as written, with the tools they name."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

_BLOCK = re.compile(r"<!-- open-data:start -->\n```sh\n(.*?)```\n<!-- open-data:end -->", re.DOTALL)


def _commands() -> list[str]:
    found = _BLOCK.search((REPO / "README.md").read_text(encoding="utf-8"))
    assert found, "README.md has no « Open the data in… » block"
    return [line for line in found.group(1).splitlines() if line and not line.startswith("#")]


def test_the_section_names_every_tool() -> None:
    text = " ".join(_commands())
    for tool in ("xlsx", "datapackage", "frictionless", "pandas", "duckdb", "geojson", "sqlite"):
        assert tool in text


@pytest.mark.parametrize("command", _commands())
def test_each_command_runs(tmp_path: Path, command: str) -> None:
    """Run in an empty folder (the embedded registry), each after those it reads the output of;
    `manuf`, `python`, `frictionless` and `sqlite-utils` from this Python's environment."""
    manuf = shutil.which("manuf", path=str(Path(sys.executable).parent)) or shutil.which("manuf")
    assert manuf, "the manuf console script is not installed"
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "NO_COLOR": "1",
    }
    environment.pop("MANUF_DATA", None)
    commands = _commands()
    for earlier in commands[: commands.index(command)]:
        if earlier.startswith("manuf "):
            subprocess.run(earlier, shell=True, cwd=tmp_path, env=environment, check=True,
                           capture_output=True)  # fmt: skip
    done = subprocess.run(
        command, shell=True, cwd=tmp_path, env=environment, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
