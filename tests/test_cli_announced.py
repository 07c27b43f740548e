"""Announced figures under filters: a selection is set beside a figure the programme announced
for exactly that selection, never beside one that belongs to another (the whole programme's).

`programme.yaml` announces a total, counts per wave and per territory type, and a budget: so
`--wave N` alone is compared with that wave's count, `--territory T` alone with that type's, and
any other selection with nothing (« non annoncé », null in JSON).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import run_cli
from tests.output_checks import check_output
from tests.raw_yaml import DEMO, raw_file

PROGRAMME = raw_file(DEMO, "programme.yaml")
WAVES = {wave["number"]: wave["announced"] for wave in PROGRAMME["waves"]}
TERRITORIES = {key: t["announced"] for key, t in PROGRAMME["territories"].items()}
# Selections the programme announces nothing for: no territory split within a wave, nothing per
# sector, region, department or search.
UNANNOUNCED = [
    ("--wave", "1", "--territory", "rural"),
    ("--sector", "bois"),
    ("--region", "53"),
    ("--department", "42"),
    ("--search", "forge"),
]


def _data(command: str, *args: str) -> Any:
    result = run_cli("--data", str(DEMO), command, *args, "--format", "json")
    return check_output(result, "json", command)["data"]


def _announced(groups: list[dict[str, Any]]) -> dict[Any, Any]:
    return {group["key"]: group["announced"] for group in groups}


def _cells(text: str, label: str) -> list[str]:
    """The cells of the first table row labelled `label`, in `_text`'s one-line output."""
    row = text.split(f"│{label} │", 1)[1].split("│ │", 1)[0].split("│ └", 1)[0]
    return [cell.strip() for cell in row.split("│") if cell.strip()]


def _text(command: str, *args: str) -> str:
    result = run_cli("--data", str(DEMO), command, *args)
    text: str = check_output(result, "table", command)
    return " ".join(text.split())


def test_coverage_of_one_wave_is_compared_with_that_wave_only() -> None:
    data = _data("coverage", "--wave", "1")
    assert data["total"] == {"count": WAVES[1], "announced": WAVES[1], "missing": 0}
    assert _announced(data["by_wave"]) == {1: WAVES[1], 2: None, 3: None, None: None}
    assert {g["key"]: g["missing"] for g in data["by_wave"]} == {1: 0, 2: None, 3: None, None: None}
    assert {g["announced"] for g in data["by_territory"]} == {None}
    assert {g["missing"] for g in data["by_territory"]} == {None}
    text = _text("coverage", "--wave", "1")
    assert text.startswith("20 lauréat(s) enregistré(s) sur 20 annoncés ; 0 à enregistrer")
    assert "Annoncés : chiffre du programme pour cette sélection" in text
    # Neither the whole programme's rural count (43, « 34 » missing) nor its total (100, « 80 »).
    assert _cells(text, "Zone rurale")[-2:] == ["–", "–"]
    assert _cells(text, "Vague 1")[-2:] == ["20", "0"]


def test_coverage_of_one_territory_type_is_compared_with_that_type_only() -> None:
    data = _data("coverage", "--territory", "rural")
    assert data["total"] == {"count": 43, "announced": TERRITORIES["rural"], "missing": 0}
    assert _announced(data["by_territory"]) == {
        "rural": TERRITORIES["rural"],
        "qpv": None,
        "small_medium_town": None,
        None: None,
    }
    assert {g["announced"] for g in data["by_wave"]} == {None}


def test_several_waves_are_compared_with_their_sum() -> None:
    data = _data("stats", "--wave", "1", "--wave", "2")
    assert data["total"] == {"count": WAVES[1] + WAVES[2], "announced": WAVES[1] + WAVES[2]}
    assert _announced(data["by_wave"]) == {1: WAVES[1], 2: WAVES[2], 3: None, None: None}


@pytest.mark.parametrize("selection", UNANNOUNCED, ids=" ".join)
def test_a_selection_nothing_was_announced_for_shows_no_announced_figure(
    selection: tuple[str, ...],
) -> None:
    stats = _data("stats", *selection)
    assert stats["total"]["announced"] is None
    assert {g["announced"] for g in stats["by_territory"] + stats["by_wave"]} == {None}
    assert stats["funding"]["announced_budget_eur"] is None
    coverage = _data("coverage", *selection)
    assert coverage["total"]["announced"] is None
    assert coverage["total"]["missing"] is None
    assert {g["missing"] for g in coverage["by_wave"] + coverage["by_territory"]} == {None}
    text = _text("stats", *selection)
    assert "lauréat(s) enregistré(s) ; nombre de lauréats non annoncé pour cette sélection" in text
    assert "sur 100 annoncés" not in text
    assert "30 000 000" not in text


@pytest.mark.parametrize(
    "selection", [("--wave", "1"), ("--territory", "rural"), ("--sector", "bois")]
)
def test_the_budget_is_the_whole_programme_s_only(selection: tuple[str, ...]) -> None:
    funding = _data("funding", *selection)
    assert funding["announced"]["budget_eur"] is None
    assert funding["announced"]["per_laureate_eur"] == PROGRAMME["funding"]["per_laureate_eur"]
    text = _text("funding", *selection)
    assert "budget non annoncé pour cette sélection" in text
    assert "30 000 000" not in text
    assert _data("funding")["announced"]["budget_eur"] == PROGRAMME["funding"]["budget_eur"]


def test_two_way_table_shows_only_the_selection_s_announced_counts() -> None:
    data = _data("stats", "--by", "territory", "--by", "wave", "--wave", "3")
    assert data["total"]["announced"] == WAVES[3]
    assert _announced(data["columns"]) == {1: None, 2: None, 3: WAVES[3], None: None}
    assert {g["announced"] for g in data["rows"]} == {None}
    text = _text("stats", "--by", "territory", "--by", "wave", "--wave", "3")
    assert _cells(text, "Annoncés") == [
        "–",
        "–",
        str(WAVES[3]),
        "–",
        str(WAVES[3]),
    ]


def test_the_report_compares_a_selection_with_its_own_announced_figures() -> None:
    result = run_cli("--data", str(DEMO), "report", "--as-of", "2023-06-30", "--sector", "bois")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert "annoncé : 100" not in page
    assert "30 000 000" not in page
    assert "non annoncé pour cette sélection" in page
    wave = run_cli("--data", str(DEMO), "report", "--format", "markdown", "--wave", "2")
    assert wave.exit_code == 0, wave.stderr
    assert f"| Lauréats enregistrés | {WAVES[2]} | {WAVES[2]} |" in wave.stdout
    assert "30 000 000" not in wave.stdout
