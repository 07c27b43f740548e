"""A write killed midway leaves every record as it was: `manuf` is SIGKILLed while it writes.

SIGKILL runs no `finally` and no cleanup: what is on disk is what a power cut would leave. The
process is a real `manuf` whose `os.fsync` (the new text is written, not yet renamed) or
`os.replace` (the rename itself) kills it; nothing in `manuf` knows about it.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_registry, run_cli

KILLER = """
import os, signal, sys
from manufactures.__main__ import main

def die(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

setattr(os, sys.argv.pop(1), die)
sys.argv = ["manuf", *sys.argv[1:]]
main()
"""
MESSY = (
    "sources:\n  - url: https://example.org/messy\nname: Messy\nid: messy\nsectors: [metal, bois]\n"
)
EDITS = {
    "set": ("polinno.yaml", ["set", "polinno", "wave", "2"]),
    "progress set": ("polinno.yaml", ["progress", "set", "polinno", "ecosysteme", "done"]),
    "fmt": ("messy.yaml", ["fmt", "{laureates}/messy.yaml"]),
    "new": ("la-fabrique.yaml", ["new", "la-fabrique", "--name", "La Fabrique", "--wave", "3"]),
}


@pytest.mark.parametrize("dying_in", ["fsync", "replace"])
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_killed_write_leaves_the_record_intact(tmp_path: Path, edit: str, dying_in: str) -> None:
    root = copy_registry(tmp_path / "registry", records=("polinno", "la-cabane"))
    laureates = root / "laureates"
    (laureates / "messy.yaml").write_text(MESSY, encoding="utf-8")
    before = {path.name: path.read_bytes() for path in laureates.iterdir()}
    name, arguments = EDITS[edit]
    arguments = [a.format(laureates=laureates) for a in arguments]

    done = subprocess.run(
        [sys.executable, "-c", KILLER, dying_in, "--no-cache", "--data", str(root), *arguments],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == -signal.SIGKILL, done.stderr
    after = {path.name: path.read_bytes() for path in laureates.iterdir()}
    leftovers = sorted(set(after) - set(before))
    # It died while writing that record: its new text lies in a temporary file beside it...
    assert len(leftovers) == 1 and leftovers[0].startswith(f".{name}."), leftovers
    assert after[leftovers[0]] and after[leftovers[0]] != before.get(name)
    # ...and every record is byte for byte what it was (a new record is simply not there).
    assert {n: after[n] for n in before} == before
    assert (name in after) is (name in before)
    # The leftover is no record: the registry reads as before, without a warning.
    validated = run_cli("validate", str(root), "--strict", "--format", "json")
    assert validated.exit_code == 0, validated.stdout
    assert json.loads(validated.stdout)["data"]["files_checked"] == len(before) + 2
