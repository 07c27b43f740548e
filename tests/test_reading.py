"""Reading record files: every file one read, a problem a located diagnostic."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from manufactures.validation import files as reading
from manufactures.validation.files import FileRead, read_all, scan_folder
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
    reads = list(read_all(_entries(folder)))
    assert sum(1 for read in reads if read.diagnostics) == len(BROKEN) + 1  # and the folder
    assert all(read.value is None for read in reads if read.diagnostics)


def test_an_unreadable_file_is_one_located_problem(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = [entry for entry in _entries(folder) if entry.path.name == "polinno.yaml"]
    monkeypatch.setattr(reading.Path, "open", _refuse)
    (read,) = read_all(entries)
    assert read.value is None
    assert [d.code for d in read.diagnostics] == ["file-unreadable"]
    assert "Permission denied" in read.diagnostics[0].message


def _refuse(*_: object, **__: object) -> None:
    raise PermissionError(13, "Permission denied")
