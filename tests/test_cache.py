"""The cache never serves a stale answer: every realistic change is seen, a bad cache is ignored."""

from __future__ import annotations

import importlib.util
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from pathlib import Path
from typing import Any

import pytest

import manufactures.version
from manufactures import cache
from manufactures.cache import default_folder, fingerprint, tool_key
from manufactures.cli.context import GlobalOptions
from manufactures.present import views
from manufactures.validation import files as reading
from tests.conftest import DATA, copy_registry, run_cli

RECORDS = ("polinno", "la-cabane", "arbre-fabrique", "artisup")
COMMANDS = (("stats", "--format", "json"), ("stats", "--by", "region", "--format", "json"))


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust files written a moment ago (tests cannot wait 2 s for each file to settle)."""
    monkeypatch.setattr(cache, "RACY_NS", 0)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The record files parsed, in order."""
    seen: list[str] = []
    original = reading.read_file

    def counting(entry: reading.Entry, kinds: Any = None) -> reading.FileRead:
        seen.append(entry.path.name)
        return original(entry, kinds)

    monkeypatch.setattr(reading, "read_file", counting)
    return seen


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One item per `manuf stats` result computed (not taken from the cache)."""
    calls: list[int] = []
    original = views.stats_result

    def counting(*args: Any) -> Any:
        calls.append(1)
        return original(*args)

    monkeypatch.setattr(views, "stats_result", counting)
    return calls


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """Four real records in a temporary registry."""
    return copy_registry(tmp_path / "registry", records=RECORDS)


def _answers(registry: Path, *options: str) -> list[tuple[int, str]]:
    """Exit code and output of each of `COMMANDS` on `registry`."""
    answers = []
    for command, *rest in COMMANDS:
        result = run_cli(*options, "--data", str(registry), command, *rest)
        answers.append((result.exit_code, result.stdout))
    return answers


def _fresh(registry: Path) -> list[tuple[int, str]]:
    return _answers(registry, "--no-cache")


@pytest.mark.usefixtures("settled")
def test_a_warm_run_parses_nothing_and_computes_nothing(
    registry: Path, parses: list[str], computed: list[int]
) -> None:
    first = _answers(registry)
    assert sorted(parses) == sorted(f"{name}.yaml" for name in RECORDS * 2)
    assert len(computed) == 1
    parses.clear()
    assert _answers(registry) == first
    assert not parses and len(computed) == 1
    assert _fresh(registry) == first
    assert len(parses) == 2 * len(RECORDS) and len(computed) == 2


def _edit_in_place(registry: Path) -> None:
    """Change a value, keep the size and give the file its old modification time back."""
    path = registry / "laureates" / "polinno.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "\nwave: 1\n" in text
    path.write_text(text.replace("\nwave: 1\n", "\nwave: 7\n"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns


def _touch(registry: Path) -> None:
    path = registry / "laureates" / "la-cabane.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# relu\n", encoding="utf-8")


def _add(registry: Path) -> None:
    shutil.copy(DATA / "laureates" / "uzinou.yaml", registry / "laureates")


def _remove(registry: Path) -> None:
    (registry / "laureates" / "artisup.yaml").unlink()


def _rename(registry: Path) -> None:
    folder = registry / "laureates"
    (folder / "artisup.yaml").rename(folder / "artisup-2.yaml")


def _replace_by_a_same_sized_file(registry: Path) -> None:
    """What editors do on save: write a new file, rename it over the old one, times restored."""
    path = registry / "laureates" / "polinno.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8").replace("\nwave: 1\n", "\nwave: 2\n")
    replacement = path.with_name(".polinno.yaml.new")
    replacement.write_text(text, encoding="utf-8")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    replacement.replace(path)


def _edit_programme(registry: Path) -> None:
    path = registry / "programme.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("label: Zone rurale", "label: Zone très rurale"), "utf-8")


def _edit_modules(registry: Path) -> None:
    path = registry / "modules.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("label: Écosystème", "label: Écosystème local"), "utf-8")


def _add_a_stray_file(registry: Path) -> None:
    (registry / "laureates" / "notes.txt").write_text("à relire\n", encoding="utf-8")


CHANGES: dict[str, Callable[[Path], None]] = {
    "content changed, same size, modification time restored": _edit_in_place,
    "file replaced by a same-sized one, times restored": _replace_by_a_same_sized_file,
    "content changed (touched)": _touch,
    "record added": _add,
    "record removed": _remove,
    "record renamed": _rename,
    "programme.yaml changed": _edit_programme,
    "modules.yaml changed": _edit_modules,
    "a file that is not a record added": _add_a_stray_file,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
@pytest.mark.usefixtures("settled")
def test_every_change_is_seen(
    registry: Path, parses: list[str], change: Callable[[Path], None]
) -> None:
    before = _answers(registry)
    parses.clear()
    assert _answers(registry) == before
    assert not parses  # served from the cache
    change(registry)
    after = _answers(registry)
    assert parses  # computed again
    assert after == _fresh(registry)
    if change not in (_touch, _add_a_stray_file):
        assert after != before  # the change shows, so the comparison above can fail


@pytest.mark.usefixtures("settled")
def test_a_new_version_of_manuf_reads_everything_again(
    registry: Path,
    parses: list[str],
    computed: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _answers(registry)
    parses.clear()
    monkeypatch.setattr(manufactures.version, "__version__", "99.0.0")
    tool_key.cache_clear()
    try:
        assert _answers(registry) == _fresh(registry)
    finally:
        tool_key.cache_clear()
    assert len(parses) == 4 * len(RECORDS)  # both commands again, then the --no-cache run's two
    assert len(computed) == 3


def test_an_edit_to_manuf_itself_is_a_new_tool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editable install changes without a new version number."""
    package = tmp_path / "manufactures"
    shutil.copytree(Path(cache.__file__).parent, package, ignore=shutil.ignore_patterns("*.pyc"))
    monkeypatch.setattr(cache, "__file__", str(package / "cache.py"))
    keys = []
    for edit in (
        lambda: None,
        lambda: (package / "views.py").write_text("# changed\n", encoding="utf-8"),
        lambda: (package / "new_module.py").write_text("", encoding="utf-8"),
        lambda: (package / "referentials" / "cog2026.json.gz").unlink(),
    ):
        edit()
        tool_key.cache_clear()
        keys.append(tool_key())
    tool_key.cache_clear()
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("library", ["yaml", "pydantic", "pydantic_core", "ruamel.yaml"])
def test_a_reinstalled_library_is_a_new_tool(
    library: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade or a reinstall rewrites the library's `__init__`: its stamp changes."""
    init = tmp_path / library / "__init__.py"
    init.parent.mkdir()
    init.write_text("", encoding="utf-8")
    find_spec = importlib.util.find_spec

    def found_here(name: str) -> ModuleSpec | None:
        return ModuleSpec(name, None, origin=str(init)) if name == library else find_spec(name)

    monkeypatch.setattr(importlib.util, "find_spec", found_here)
    keys = []
    for edit in (
        lambda: None,
        lambda: init.write_text("__version__ = '2'\n", encoding="utf-8"),
        lambda: init.replace(tmp_path / "elsewhere.py"),
    ):
        edit()
        tool_key.cache_clear()
        keys.append(tool_key())
    tool_key.cache_clear()
    assert len(set(keys)) == len(keys)
    assert library not in _imported_by_tool_key()


def _imported_by_tool_key() -> set[str]:
    """The libraries a fresh process imports to compute the tool key."""
    code = "import sys; from manufactures.cache import tool_key; tool_key(); print(*sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(run.stdout.split())


def _cache_files() -> list[Path]:
    return sorted(default_folder().glob("*"))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:-7]),
    "a byte changed": lambda path: path.write_bytes(
        path.read_bytes()[:-3] + bytes([path.read_bytes()[-3] ^ 1]) + path.read_bytes()[-2:]
    ),
    "empty": lambda path: path.write_bytes(b""),
    "another tool's file": lambda path: path.write_bytes(b"\x80\x04K\x01." * 50),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
@pytest.mark.usefixtures("settled")
def test_a_damaged_cache_is_ignored_and_rebuilt(
    registry: Path,
    parses: list[str],
    computed: list[int],
    damage: Callable[[Path], None],
) -> None:
    before = _answers(registry)
    files = _cache_files()
    assert {path.suffix for path in files} == {".result"}
    for path in files:
        damage(path)
    parses.clear()
    assert _answers(registry) == before
    assert len(parses) == 2 * len(RECORDS) and len(computed) == 2
    parses.clear()
    assert _answers(registry) == before
    assert not parses and len(computed) == 2  # rebuilt: the third run is served from it


@pytest.mark.usefixtures("settled")
def test_another_registrys_cache_is_not_used(tmp_path: Path) -> None:
    one = copy_registry(tmp_path / "one", records=("polinno",))
    other = copy_registry(tmp_path / "other", records=("la-cabane",))
    _answers(one)
    folder = default_folder()
    names = {p.name.split(".")[0] for p in folder.glob("*")}
    (name,) = names
    other_name = cache._registry_name(other)
    for path in folder.glob(f"{name}*"):  # give one's cache files the other's names
        shutil.copy(path, folder / path.name.replace(name, other_name))
    assert _answers(other) == _fresh(other)


@pytest.mark.usefixtures("settled")
def test_a_result_cache_file_in_another_format_is_ignored(
    registry: Path, computed: list[int]
) -> None:
    before = _answers(registry)
    for result in default_folder().glob("*.result"):
        header, _ = cache._read_checked(result) or (b"", b"")
        cache._write_atomically(result, header, pickle.dumps(os.getcwd))  # a pickle: code to run
    assert _answers(registry) == before
    assert len(computed) == 2


def test_files_changed_just_now_are_not_cached(registry: Path, parses: list[str]) -> None:
    _answers(registry)  # the records were written a moment ago: too recent to trust
    parses.clear()
    _answers(registry)
    assert len(parses) == 2 * len(RECORDS)  # both commands parsed every record again
    assert fingerprint(registry, folder="laureates") is None


@pytest.mark.usefixtures("settled")
def test_no_cache_reads_and_writes_no_cache(registry: Path, parses: list[str]) -> None:
    _answers(registry, "--no-cache")
    assert not any(default_folder().iterdir())
    _answers(registry)
    parses.clear()
    _answers(registry, "--no-cache")
    assert len(parses) == 2 * len(RECORDS)


def _snapshot(*folders: Path) -> dict[Path, tuple[int, int]]:
    return {
        path: (path.stat().st_size, path.stat().st_mtime_ns)
        for folder in folders
        for path in folder.rglob("*")
    }


@pytest.mark.usefixtures("settled")
def test_read_commands_write_only_the_cache(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("MANUF_CACHE_DIR")
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path)
    _answers(registry, "--no-cache")
    assert _snapshot(tmp_path) == before
    _answers(registry)
    after = _snapshot(tmp_path)
    written = set(after) - set(before)
    assert written and all(path.is_relative_to(home / ".cache") for path in written)
    assert {path for path in before if after[path] != before[path]} <= {home}


def test_cache_folder(tmp_path: Path) -> None:
    home = Path.home()
    assert default_folder({}) == home / ".cache" / "manufactures"
    assert default_folder({"XDG_CACHE_HOME": "/xdg"}) == Path("/xdg/manufactures")
    assert default_folder({"XDG_CACHE_HOME": "relative"}) == home / ".cache" / "manufactures"
    assert default_folder({"MANUF_CACHE_DIR": str(tmp_path), "XDG_CACHE_HOME": "/x"}) == tmp_path


def test_global_options_default_to_using_the_cache() -> None:
    assert GlobalOptions().no_cache is False
