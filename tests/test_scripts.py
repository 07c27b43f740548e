"""The maintenance scripts run as their docstrings say, from any folder (`python scripts/…`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SCRIPTS


@pytest.mark.parametrize("script", ["build_cog.py", "build_map.py", "generate_demo.py"])
def test_a_script_shows_its_usage(tmp_path: Path, script: str) -> None:
    run = subprocess.run(
        [sys.executable, str(SCRIPTS / script), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.startswith(f"usage: {script}")
