"""The hostile-input corpus: every case ends with its documented exit code and located diagnostics.

Each folder of tests/fixtures/hostile/ is a case: record files placed in a copy of a valid
registry, and `expected.json` beside them (`exit_code`, the complete list of diagnostics, and
optionally `generate`: the function below that writes the case's files when they are too large
or too strange to commit). Every case must also finish in under 2 s and 200 MB, and leave the
registry's valid records checked.
"""

from __future__ import annotations

import json
import shutil
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, copy_registry, run_cli

CASES = sorted(p for p in (FIXTURES / "hostile").iterdir() if p.is_dir())
VALID_RECORDS = ("polinno", "la-cabane")
SOURCE = "sources:\n  - url: https://example.org\n"


def deep_nesting(folder: Path, _: pytest.MonkeyPatch) -> None:
    """10 000 levels of flow nesting."""
    (folder / "deep.yaml").write_text(
        f"id: deep\nnotes: {'[' * 10_000}{']' * 10_000}\n", encoding="utf-8"
    )


def deep_block_nesting(folder: Path, _: pytest.MonkeyPatch) -> None:
    """500 levels of block mappings: within libyaml's limit, beyond ours."""
    lines = "\n".join(f"{' ' * (level + 1)}k{level}:" for level in range(500))
    (folder / "deep-block.yaml").write_text(
        f"id: deep-block\nnotes:\n{lines} x\n", encoding="utf-8"
    )


def huge_record(folder: Path, _: pytest.MonkeyPatch) -> None:
    """A 50 MB record."""
    with (folder / "huge.yaml").open("w", encoding="utf-8") as stream:
        stream.write(f"id: huge\nname: Énorme\n{SOURCE}notes: |\n")
        line = "  " + "x" * 98 + "\n"
        stream.write(line * 500_000)


def symlink_outside(folder: Path, _: pytest.MonkeyPatch) -> None:
    """A record that is a symbolic link to a file outside the registry."""
    outside = folder.parents[2] / "secret.yaml"
    outside.write_text(f"id: escape\nname: Hors registre\n{SOURCE}", encoding="utf-8")
    (folder / "escape.yaml").symlink_to(outside)


def unreadable_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A record the system refuses to open (simulated: CI runs as root, where chmod 000 is moot)."""
    (folder / "locked.yaml").write_text(f"id: locked\nname: Fermé\n{SOURCE}", encoding="utf-8")
    open_file = Path.open

    def refuse(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.name == "locked.yaml":
            raise PermissionError(13, "Permission denied")
        return open_file(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)


def folder_named_yaml(folder: Path, _: pytest.MonkeyPatch) -> None:
    """A folder whose name ends in .yaml."""
    (folder / "dossier.yaml").mkdir()


def huge_integers(folder: Path, _: pytest.MonkeyPatch) -> None:
    """Integers of 400 digits."""
    digits = "9" * 400
    (folder / "digits.yaml").write_text(
        f"id: digits\nname: Chiffres\nwave: {digits}\nfunding:\n  - amount_eur: {digits}\n{SOURCE}",
        encoding="utf-8",
    )


def very_long_name(folder: Path, _: pytest.MonkeyPatch) -> None:
    """A 100 000-character name."""
    (folder / "long.yaml").write_text(
        f"id: long\nname: {'a' * 100_000}\n{SOURCE}", encoding="utf-8"
    )


GENERATORS: dict[str, Callable[[Path, pytest.MonkeyPatch], None]] = {
    f.__name__: f
    for f in (
        deep_nesting,
        deep_block_nesting,
        huge_record,
        symlink_outside,
        unreadable_file,
        folder_named_yaml,
        huge_integers,
        very_long_name,
    )
}


def _matches(diagnostic: dict[str, Any], expected: dict[str, Any]) -> bool:
    return all(
        Path(diagnostic["file"]).name == value if key == "file" else diagnostic.get(key) == value
        for key, value in expected.items()
    )


def _case_registry(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid registry with the case's files added (written by its generator, if it has one)."""
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    registry = copy_registry(tmp_path / "work" / "registry", records=VALID_RECORDS)
    if (case / "laureates").is_dir():
        for source in (case / "laureates").iterdir():
            shutil.copy(source, registry / "laureates" / source.name)
    if "generate" in expected:
        GENERATORS[expected["generate"]](registry / "laureates", monkeypatch)
    return registry


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    registry = _case_registry(case, tmp_path, monkeypatch)

    tracemalloc.start()
    result = run_cli("validate", str(registry), "--format", "json")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert result.exit_code == expected["exit_code"], result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    diagnostics = json.loads(result.stdout)["data"]["diagnostics"]
    for item in expected["diagnostics"]:
        assert any(_matches(d, item) for d in diagnostics), f"missing {item} in {diagnostics}"
    assert [
        d for d in diagnostics if not any(_matches(d, i) for i in expected["diagnostics"])
    ] == []
    assert all(d["line"] >= 1 and d["column"] >= 1 and d["code"] for d in diagnostics)
    # A bound, not a speed target: a hostile file must never swell the run (its speed is the
    # benchmark's business).
    assert peak < 200 * 1024 * 1024


def test_unsafe_tags_execute_nothing(tmp_path: Path) -> None:
    marker = Path("/tmp/manuf-hostile-pwned")
    marker.unlink(missing_ok=True)
    registry = copy_registry(tmp_path / "registry")
    for source in (FIXTURES / "hostile" / "unsafe-tags" / "laureates").iterdir():
        shutil.copy(source, registry / "laureates" / source.name)
    run_cli("validate", str(registry))
    assert not marker.exists()


def test_symlink_target_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = copy_registry(tmp_path / "work" / "registry")
    symlink_outside(registry / "laureates", monkeypatch)
    result = run_cli("validate", str(registry))
    assert "Hors registre" not in result.stdout
    assert "outside the registry: not followed" in result.stdout
