"""Shared test helpers: repository paths, a CLI runner keeping stdout and stderr apart."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner, Result

from manufactures import i18n
from manufactures.cli.app import app

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCRIPTS = REPO / "scripts"


@pytest.fixture(autouse=True)
def _own_cache_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test gets an empty cache folder: none reads another's cache, or the user's."""
    monkeypatch.setenv("MANUF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests speak English (`MANUF_LANG=en`), in-process and in the processes they start: most
    pin messages in their English wording. tests/test_i18n.py asks for French by default."""
    monkeypatch.setenv(i18n.ENV, "en")
    i18n.use("en")


def run_cli(*args: str, env: dict[str, str] | None = None) -> Result:
    """Invoke `manuf` in-process; colour off, GitHub detection off unless `env` says otherwise."""
    base = {"NO_COLOR": "1", "GITHUB_ACTIONS": "", "MANUF_DATA": ""}
    return CliRunner().invoke(app, list(args), env={**base, **(env or {})}, catch_exceptions=False)


def load_script(name: str) -> ModuleType:
    """Import `scripts/<name>.py` as it runs: with its own folder importable (shared helpers)."""
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def copy_registry(target: Path, *, records: Iterable[str] = ()) -> Path:
    """A registry with the real programme, modules and schema files and the named real records."""
    (target / "laureates").mkdir(parents=True)
    for name in ("programme.yaml", "modules.yaml", "laureate.schema.json"):
        shutil.copy(DATA / name, target / name)
    for record in records:
        shutil.copy(DATA / "laureates" / f"{record}.yaml", target / "laureates")
    return target


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A small valid registry (two real records) in a temporary folder."""
    return copy_registry(tmp_path / "registry", records=("polinno", "la-cabane"))
