"""How `manuf` ends: all of its output written, and a failed write said plainly.

`main()` ends the process without tearing down what the command built (`os._exit`), so these
tests run the real entry point in a subprocess, as a user's shell does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

DEMO = REPO / "examples" / "demo"
MANUF = [sys.executable, "-m", "manufactures"]


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "MANUF_CACHE_DIR": str(cache)}


def _manuf(*args: str, cache: Path, **options: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*MANUF, *args], env=_env(cache), check=False, **options)  # type: ignore[call-overload,no-any-return]


def test_a_long_output_arrives_whole(tmp_path: Path) -> None:
    done = _manuf(
        "--data", str(DEMO), "export", "--format", "json", capture_output=True, cache=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["data"]) == 100
    assert done.stderr == b""


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    with subprocess.Popen(
        [*MANUF, "--data", str(DEMO), "export", "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(tmp_path),
    ) as manuf:
        assert manuf.stdout is not None and manuf.stderr is not None
        json.loads(manuf.stdout.readline())  # like `| head -1`
        manuf.stdout.close()
        errors = manuf.stderr.read()
        assert manuf.wait() == 0
    assert errors == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("command", [["stats"], ["export", "--format", "json"], ["list"]])
def test_a_full_disk_is_reported_not_called_a_bug(tmp_path: Path, command: list[str]) -> None:
    with Path("/dev/full").open("wb") as full:
        done = _manuf(
            "--data", str(DEMO), *command, stdout=full, stderr=subprocess.PIPE, cache=tmp_path
        )
    message = done.stderr.decode()
    assert done.returncode == 2
    assert message.startswith("manuf: error: cannot write the output: No space left on device")
    assert "Traceback" not in message and "bug" not in message
