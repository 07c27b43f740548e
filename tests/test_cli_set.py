"""`manuf set` and the edit flow through the CLI: one line changes, or nothing does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from manufactures.editing.layout import SCHEMA_LINE
from tests.conftest import run_cli

COMMENTED = f"""\
{SCHEMA_LINE}
# Polinno — a record with comments everywhere
id: polinno   # the file name
name: Polinno
wave: 1 # vague 1
location:
  commune: Chandolas  # per the press
  department: "07"
# the sectors below are the filières
sectors:
  - metiers_d_art  # only one
sources:
  - url: https://banquedesterritoires.fr/x
    note: 'quoted note'
notes: |
  Free text.
"""


@pytest.fixture
def commented(registry: Path) -> Path:
    path = registry / "laureates" / "polinno.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


def _set(registry: Path, *args: str) -> tuple[int, str]:
    result = run_cli("--data", str(registry), "set", *args)
    return result.exit_code, result.stderr


def test_set_keeps_every_comment_and_changes_only_its_line(registry: Path, commented: Path) -> None:
    expected = (0, _set_message(commented, "wave"))
    assert _set(registry, "polinno", "wave", "2") == expected
    assert commented.read_text(encoding="utf-8") == COMMENTED.replace("wave: 1 #", "wave: 2 #")


def _set_message(path: Path, field: str) -> str:
    from manufactures.registry import display_path

    return f"{display_path(path)}: {field} updated\n"


def test_set_adds_a_missing_field_where_the_order_puts_it(registry: Path, commented: Path) -> None:
    assert _set(registry, "polinno", "location.postal_code", "07230")[0] == 0
    assert _set(registry, "polinno", "territory", "rural")[0] == 0
    expected = COMMENTED.replace(
        '  department: "07"\n', '  department: "07"\n  postal_code: "07230"\n'
    ).replace("location:\n", "territory: rural\nlocation:\n")
    assert commented.read_text(encoding="utf-8") == expected


def test_set_a_list_takes_one_value_per_item(registry: Path, commented: Path) -> None:
    assert _set(registry, "polinno", "sectors", "bois", "metal")[0] == 0
    assert "sectors:\n  - bois\n  - metal\n" in commented.read_text(encoding="utf-8")


def test_set_keeps_a_canonical_record_canonical(registry: Path, commented: Path) -> None:
    assert _set(registry, "polinno", "sectors", "textile", "bois", "textile")[0] == 0
    assert "sectors:\n  - bois\n  - textile\n" in commented.read_text(encoding="utf-8")
    check = run_cli("fmt", "--check", str(commented))
    assert (check.exit_code, check.stdout) == (0, "")


def test_set_on_a_record_not_in_canonical_form_changes_only_its_line(registry: Path) -> None:
    path = registry / "laureates" / "polinno.yaml"
    messy = COMMENTED.replace('  department: "07"\n', "  department: '07'\n")
    path.write_text(messy, encoding="utf-8")
    assert _set(registry, "polinno", "wave", "2")[0] == 0
    assert path.read_text(encoding="utf-8") == messy.replace("wave: 1 #", "wave: 2 #")


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("wave", "4"), "unknown-wave"),
        (("location.insee", "4278"), "invalid-format"),
        (("labelled_on", "2022-02-30"), "invalid-date"),
        (("secteurs", "bois"), "unknown-key"),
    ],
)
def test_an_invalid_value_leaves_the_file_byte_identical(
    registry: Path, commented: Path, args: tuple[str, str], code: str
) -> None:
    before = commented.read_bytes()
    exit_code, stderr = _set(registry, "polinno", *args)
    assert exit_code == 1
    assert f"error[{code}]" in stderr
    assert "nothing was written" in stderr
    assert commented.read_bytes() == before


def test_unset_removes_a_field(registry: Path, commented: Path) -> None:
    assert _set(registry, "polinno", "notes", "--unset")[0] == 0
    assert "notes" not in commented.read_text(encoding="utf-8")


def test_usage_errors_exit_2(registry: Path, commented: Path) -> None:
    assert _set(registry, "nope", "wave", "1")[0] == 2
    assert "did you mean `polinno`?" in _set(registry, "polino", "wave", "1")[1]
    assert _set(registry, "polinno", "wave")[0] == 2
    assert _set(registry, "polinno", "wave", "1", "2")[0] == 2
    assert _set(registry, "polinno", "carriers[3].name", "X")[0] == 2
    assert commented.read_text(encoding="utf-8") == COMMENTED


# The demo registry holds exactly the records announced per wave (20 / 19 / 61).
DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
WAVE_1_RECORD = "demo-l-usine-d-ales"


@pytest.fixture
def full(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    return target


def test_an_edit_beyond_an_announced_figure_is_refused(full: Path) -> None:
    path = full / "laureates" / f"{WAVE_1_RECORD}.yaml"
    before = path.read_bytes()
    exit_code, stderr = _set(full, WAVE_1_RECORD, "wave", "2")
    assert exit_code == 1
    assert "error[more-than-announced]" in stderr and "20 records are in wave 2" in stderr
    assert path.read_bytes() == before


def test_an_edit_that_brings_the_records_back_within_the_figures_is_accepted(full: Path) -> None:
    path = full / "laureates" / f"{WAVE_1_RECORD}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nwave: 1\n", "\nwave: 2\n"), "utf-8")
    assert run_cli("validate", str(full)).exit_code == 1  # wave 2 now holds 20 of 19 announced
    exit_code, stderr = _set(full, WAVE_1_RECORD, "wave", "1")
    assert exit_code == 0 and "wave updated" in stderr
    assert run_cli("validate", str(full)).exit_code == 0


def test_records_beyond_a_figure_do_not_block_edits_of_other_records(full: Path) -> None:
    # The excess is located in programme.yaml, yet that file is sound: editing stays possible.
    path = full / "laureates" / f"{WAVE_1_RECORD}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nwave: 1\n", "\nwave: 2\n"), "utf-8")
    created = run_cli("--data", str(full), "new", "sans-vague", "--name", "Sans vague")
    assert created.exit_code == 0, created.stderr
    assert _set(full, "sans-vague", "territory", "rural")[0] == 0
