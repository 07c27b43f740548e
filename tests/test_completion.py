"""Shell completion: the scripts `manuf --show-completion` prints, driven in a real bash as the
shell drives them on Tab — command names, record ids, field paths, vocabularies, COG codes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, REPO
from tests.raw_yaml import DEMO

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")


@pytest.fixture(scope="module")
def shell(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment where `manuf` runs this checkout, under its own name (the completion
    script is named after the program)."""
    folder = tmp_path_factory.mktemp("bin")
    launcher = folder / "manuf"
    code = "import sys; sys.argv[0] = 'manuf'; from manufactures.__main__ import main; main()"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "{code}" "$@"\n', "utf-8")
    launcher.chmod(0o755)
    return {
        **os.environ,
        "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(REPO / "src"),
        "MANUF_DATA": str(DATA),
    }


def _script(shell: dict[str, str]) -> str:
    """The script `manuf --show-completion` prints from bash (the shell is detected)."""
    done = subprocess.run(
        ["bash", "--norc", "-c", "manuf --show-completion"],
        env=shell,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _complete(shell: dict[str, str], *words: str) -> list[str]:
    """What bash offers for the last of `words` (Tab after typing them)."""
    script = _script(shell)
    quoted = " ".join(f"'{word}'" for word in words)
    program = (
        f"{script}\nCOMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}; "
        '_manuf_completion manuf; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run(
        ["bash", "--norc", "-c", program], env=shell, capture_output=True, text=True, check=True
    )
    return [line for line in done.stdout.splitlines() if line]


def test_the_script_is_for_the_shell_it_runs_in(shell: dict[str, str]) -> None:
    assert "complete -o default -F _manuf_completion manuf" in _script(shell)


def test_completes_commands(shell: dict[str, str]) -> None:
    assert _complete(shell, "manuf", "st") == ["stats"]


def test_completes_a_record_id(shell: dict[str, str]) -> None:
    assert _complete(shell, "manuf", "show", "pol") == ["polinno"]
    assert _complete(shell, "manuf", "set", "pol") == ["polinno"]
    demo = _complete(shell, "manuf", "--data", str(DEMO), "show", "demo-l-usine-d-a")
    assert demo == ["demo-l-usine-d-ales", "demo-l-usine-d-aulnay"]


def test_completes_fields_and_vocabularies(shell: dict[str, str]) -> None:
    assert "location.commune" in _complete(shell, "manuf", "set", "polinno", "location.c")
    assert _complete(shell, "manuf", "list", "--sort", "labelled") == ["labelled_on"]
    assert "id,location.commune" in _complete(shell, "manuf", "list", "--fields", "id,loc")
    assert _complete(shell, "manuf", "list", "--sector", "bo") == ["bois"]
    assert _complete(shell, "manuf", "stats", "--territory", "r") == ["rural"]
    assert _complete(shell, "manuf", "stats", "--wave", "") == ["1", "2", "3"]
    assert _complete(shell, "manuf", "progress", "set", "polinno", "eco") == ["ecosysteme"]


def test_completes_region_and_department_codes(shell: dict[str, str]) -> None:
    assert _complete(shell, "manuf", "list", "--region", "8") == ["84"]
    departments = _complete(shell, "manuf", "list", "--department", "0")
    assert departments[:3] == ["01", "02", "03"] and "07" in departments


def test_a_missing_registry_completes_nothing_and_says_nothing(
    shell: dict[str, str], tmp_path: Path
) -> None:
    lost = {**shell, "MANUF_DATA": str(tmp_path / "nowhere")}
    assert _complete(lost, "manuf", "show", "pol") == []
