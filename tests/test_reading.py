"""Reading record files: from the cache or not, the same reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from manufactures import cache
from manufactures.cache import RecordCache, stamp_of
from manufactures.validation import files as reading
from manufactures.validation.files import FileRead, read_entries, scan_folder
from tests.conftest import DATA

BROKEN = {
    "syntax.yaml": "id: syntax\nname: [never closed\n",
    "tag.yaml": "id: tag\nname: !!python/object:os.system x\n",
    "list.yaml": "- a\n- b\n",
    "empty.yaml": "",
    "latin1.yaml": "id: latin1\nname: caf\xe9\n",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Every real record, some broken files and a folder named like a record."""
    records = tmp_path / "laureates"
    shutil.copytree(DATA / "laureates", records)
    for name, text in BROKEN.items():
        encoding = "latin-1" if name == "latin1.yaml" else "utf-8"
        (records / name).write_text(text, encoding=encoding)
    (records / "folder.yaml").mkdir()
    return records


def _summary(reads: list[FileRead]) -> list[tuple[object, tuple[object, ...]]]:
    """What a read means, whether its text was kept or not."""
    return [(read.value, read.diagnostics) for read in reads]


def _entries(folder: Path) -> list[reading.Entry]:
    records, _ = scan_folder(folder, suffix=".yaml", shown_as="laureates", root=folder.parent)
    return records


def test_every_broken_file_is_one_read_with_its_problem(folder: Path) -> None:
    reads = list(read_entries(_entries(folder)))
    assert sum(1 for read in reads if read.diagnostics) == len(BROKEN) + 1  # and the folder
    assert all(read.value is None for read in reads if read.diagnostics)


def test_the_cache_gives_back_what_was_read(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    entries = _entries(folder)
    fresh = list(read_entries(entries))
    for _ in range(2):  # the first run fills the cache, the second reads from it
        found = RecordCache.open(tmp_path / "cache", folder.parent)
        cached = list(read_entries(entries, cache=found))
        assert _summary(cached) == _summary(fresh)
    stored = RecordCache.open(tmp_path / "cache", folder.parent)._stored
    assert len(stored) == len(entries) - 1  # not the folder: it has no stamp of a file to read


def test_a_first_run_keeps_each_file_under_its_own_stamp(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    entries = _entries(folder)
    list(read_entries(entries, cache=RecordCache.open(tmp_path / "cache", folder.parent)))
    stored = RecordCache.open(tmp_path / "cache", folder.parent)._stored
    paths = [str(entry.path.absolute()) for entry in entries if entry.refusal is None]
    assert {path: kept[0] for path, kept in stored.items()} == {
        path: stamp.as_tuple() for path in paths if (stamp := stamp_of(path)) is not None
    }


def test_an_unreadable_file_is_never_cached(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    entries = [entry for entry in _entries(folder) if entry.path.name == "polinno.yaml"]
    monkeypatch.setattr(reading.Path, "open", _refuse)
    found = RecordCache.open(tmp_path / "cache", folder.parent)
    read = list(read_entries(entries, cache=found))
    assert read[0].diagnostics[0].code == "file-unreadable"
    assert not RecordCache.open(tmp_path / "cache", folder.parent)._stored


def _refuse(*_: object, **__: object) -> None:
    raise PermissionError(13, "Permission denied")
