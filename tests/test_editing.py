"""The editing core: byte-exact round trips, canonical form, atomic and locked writes."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from manufactures.editing import edits as editing
from manufactures.editing.layout import SCHEMA_LINE
from manufactures.registry import load_registry
from manufactures.yaml.roundtrip import dump_document, load_document
from tests.conftest import DATA, copy_registry

RECORDS = sorted((DATA / "laureates").glob("*.yaml"))


@pytest.mark.parametrize("path", RECORDS, ids=[p.stem for p in RECORDS])
def test_a_no_op_round_trip_is_byte_identical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert dump_document(load_document(text)) == text


def test_round_trip_decides_no_type() -> None:
    text = 'insee: 04278\nname: no\nlabelled_on: 2022-02-30\nregion: "84"\nwave: 3\n'
    document = editing.load_document(text)
    assert (document["insee"], document["name"], document["labelled_on"]) == (
        "04278",
        "no",
        "2022-02-30",
    )
    document["wave"] = "2"
    assert editing.dump_document(document) == text.replace("wave: 3", "wave: 2")


@pytest.mark.parametrize("path", RECORDS, ids=[p.stem for p in RECORDS])
def test_the_real_records_are_in_canonical_form(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert editing.format_record_text(text) == text


def test_fmt_orders_keys_quotes_codes_sorts_sectors_and_keeps_comments() -> None:
    text = (
        "# header comment\n"
        "sources:\n  - url: https://example.org  # why this source\n"
        "sectors: [metal, bois, metal]\n"
        "name: X  # the name\n"
        "location: {region: 84, commune: Die}\n"
        "id: x\n"
    )
    formatted = editing.format_record_text(text)
    assert formatted == (
        f"{SCHEMA_LINE}\n"
        "# header comment\n"
        "id: x\n"
        "name: X  # the name\n"
        "location:\n"
        "  commune: Die\n"
        '  region: "84"\n'
        "sectors:\n  - bois\n  - metal\n"
        "sources:\n  - url: https://example.org  # why this source\n"
    )
    assert editing.format_record_text(formatted) == formatted


def test_set_field_changes_only_its_line(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry", records=("polinno",))
    path = root / "laureates" / "polinno.yaml"
    before = path.read_text(encoding="utf-8").replace("wave: 1", "wave: 1   # from the press")
    path.write_text(before, encoding="utf-8")
    registry, _ = load_registry(root)
    editing.edit_record(registry, "polinno", lambda d: editing.set_field(d, ("wave",), ["2"]))
    assert path.read_text(encoding="utf-8") == before.replace("wave: 1 ", "wave: 2 ")


def test_an_invalid_edit_writes_nothing(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry", records=("polinno",))
    path = root / "laureates" / "polinno.yaml"
    before = path.read_bytes()
    registry, _ = load_registry(root)
    with pytest.raises(editing.EditRejected) as rejected:
        editing.edit_record(registry, "polinno", lambda d: editing.set_field(d, ("wave",), ["9"]))
    assert [d.code for d in rejected.value.diagnostics] == ["unknown-wave"]
    assert path.read_bytes() == before


def test_an_interrupted_write_leaves_the_record_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "record.yaml"
    path.write_text("id: record\n", encoding="utf-8")

    def crash(self: Path, target: Path) -> Path:  # noqa: ARG001 - Path.replace signature
        assert self.read_text(encoding="utf-8") == "id: changed\n"  # the new text was written
        raise OSError("disk gone")

    monkeypatch.setattr(Path, "replace", crash)
    with pytest.raises(OSError, match="disk gone"):
        editing.atomic_write(path, "id: changed\n")
    assert path.read_text(encoding="utf-8") == "id: record\n"
    assert [p.name for p in tmp_path.iterdir()] == ["record.yaml"]


def test_atomic_write_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "record.yaml"
    path.write_text("id: record\n", encoding="utf-8")
    path.chmod(0o640)
    editing.atomic_write(path, "id: other\n")
    assert path.stat().st_mode & 0o777 == 0o640


def _append_carrier(root: Path, name: str) -> None:
    registry, _ = load_registry(root)

    def append(document: object) -> None:
        assert isinstance(document, dict)
        carriers = document["carriers"]
        editing.set_field(document, ("carriers", len(carriers), "name"), [name])

    editing.edit_record(registry, "polinno", append)


def test_concurrent_edits_of_one_file_are_all_kept(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry", records=("polinno",))
    names = [f"Structure {n}" for n in range(6)]
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_append_carrier, args=(root, name)) for name in names]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert all(worker.exitcode == 0 for worker in workers)
    text = (root / "laureates" / "polinno.yaml").read_text(encoding="utf-8")
    assert all(f"- name: {name}\n" in text for name in names)


def test_field_paths() -> None:
    assert editing.parse_field_path("location.postal_code") == ("location", "postal_code")
    assert editing.parse_field_path("carriers[0].siret") == ("carriers", 0, "siret")
    with pytest.raises(editing.EditError, match="not a field path"):
        editing.parse_field_path("location..x")
