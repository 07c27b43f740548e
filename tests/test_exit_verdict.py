"""The exit code is the verdict whatever happens to the output: `manuf validate | head -1` on a
registry with errors exits 1, even when the reader closes the pipe long before the report ends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_registry

BROKEN_RECORDS = 1500  # a report of about 200 KB: far more than a pipe holds


@pytest.fixture(scope="module")
def broken_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_registry(tmp_path_factory.mktemp("broken") / "registry")
    for number in range(BROKEN_RECORDS):
        (root / "laureates" / f"r{number}.yaml").write_text(
            f"id: r{number}\nname: R\nwave: 9\nsources:\n  - url: https://example.org\n",
            encoding="utf-8",
        )
    return root


def _validate_then_close_after_one_line(root: Path) -> int:
    environment = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "manufactures", "validate", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as `head -1` does once it has its line
    stderr = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    process.wait(timeout=60)
    assert b"unknown-wave" in first
    assert "Traceback" not in stderr
    return process.returncode


def test_validate_piped_to_head_still_fails_on_errors(broken_registry: Path) -> None:
    codes = [_validate_then_close_after_one_line(broken_registry) for _ in range(20)]
    assert codes == [1] * 20
