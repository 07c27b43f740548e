"""Which registry manuf uses when none is named: the folder you stand in when it is one, else the
nearest `data/` above; and a warning when a folder on the way looks like a registry but is not."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from manufactures.discovery import find_registry
from tests.conftest import DATA, REPO
from tests.raw_yaml import DEMO


def test_inside_a_registry_that_registry_is_used() -> None:
    assert find_registry(cwd=DEMO, environ={}) == DEMO.resolve()
    assert find_registry(cwd=DEMO / "laureates", environ={}) == DEMO.resolve()
    assert find_registry(cwd=REPO / "src", environ={}) == DATA.resolve()
    assert find_registry(cwd=DATA / "laureates", environ={}) == DATA.resolve()


def _stats(cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1"}
    environment.pop("MANUF_DATA", None)
    return subprocess.run(
        [sys.executable, "-m", "manufactures", "stats", "--format", "json"],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_folder_that_only_looks_like_a_registry_gets_a_warning(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    half = tmp_path / "brouillon"
    (half / "laureates").mkdir(parents=True)
    done = _stats(half)
    assert done.returncode == 0, done.stderr
    assert f"{half} looks like a registry but has no modules.yaml" in done.stderr  # English
    assert f"using the registry at {tmp_path / 'data'}" in done.stderr


def test_no_warning_where_nothing_is_ambiguous() -> None:
    assert _stats(DEMO).stderr == ""
    assert '"total"' in _stats(DEMO).stdout


def _headline(cwd: Path, *args: str) -> str:
    environment = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1"}
    environment.pop("MANUF_DATA", None)
    environment["COLUMNS"] = "200"
    environment["MANUF_LANG"] = "fr"  # the default, as people see it
    done = subprocess.run(
        [sys.executable, "-m", "manufactures", *args, "stats"],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()[0]


def test_the_headline_names_the_registry_shown(tmp_path: Path) -> None:
    assert _headline(REPO).endswith("— registre : data")
    assert _headline(DEMO).endswith("— registre : demo (dossier courant)")
    assert _headline(tmp_path, "--data", str(DEMO)).endswith(f"— registre : {DEMO}")


def test_the_packaged_copy_is_called_the_embedded_registry() -> None:
    from manufactures.discovery import PACKAGED_REGISTRY
    from manufactures.present.text import registry_label

    assert registry_label(PACKAGED_REGISTRY) == "embedded registry"  # tests speak English
