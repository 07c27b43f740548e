"""`manuf stats`: the overview and `--by` tables, checked against a plain recount of the YAML."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, run_cli
from tests.output_checks import FORMATS, check_output
from tests.raw_yaml import DEMO, raw_file, raw_records

REGISTRIES = pytest.mark.parametrize("registry", [DATA, DEMO], ids=["data", "demo"])


def _stats(registry: Path, *args: str) -> dict[str, Any]:
    result = run_cli("--data", str(registry), "stats", *args, "--format", "json")
    data: dict[str, Any] = check_output(result, "json", "stats")["data"]
    return data


def _counts(groups: list[dict[str, Any]]) -> dict[Any, int]:
    return {group["key"]: group["count"] for group in groups}


@REGISTRIES
@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("by", [(), ("sector",), ("territory", "wave")], ids=["", "by1", "by2"])
def test_every_format_works(registry: Path, output_format: str, by: tuple[str, ...]) -> None:
    options = [arg for name in by for arg in ("--by", name)]
    result = run_cli("--data", str(registry), "stats", *options, "--format", output_format)
    check_output(result, output_format, "stats")


@REGISTRIES
def test_overview_equals_a_plain_recount_of_the_yaml_files(registry: Path) -> None:
    records = raw_records(registry)
    programme = raw_file(registry, "programme.yaml")
    modules = [m["id"] for m in raw_file(registry, "modules.yaml")["modules"]]
    data = _stats(registry)

    assert data["total"] == {"count": len(records), "announced": programme["announced_total"]}
    territories = Counter(r.get("territory") for r in records)
    assert _counts(data["by_territory"]) == {
        **{key: territories[key] for key in programme["territories"]},
        None: territories[None],
    }
    waves = Counter(r.get("wave") for r in records)
    assert _counts(data["by_wave"]) == {
        **{w["number"]: waves[w["number"]] for w in programme["waves"]},
        None: waves[None],
    }
    sectors = Counter(s for r in records for s in set(r.get("sectors") or ()))
    assert _counts(data["by_sector"]) == {
        **{key: sectors[key] for key in programme["sectors"]},
        None: sum(1 for r in records if not r.get("sectors")),
    }
    announced = {t["announced"] for t in data["by_territory"]} - {None}
    assert announced == {t["announced"] for t in programme["territories"].values()}
    funded = [r for r in records if r.get("funding")]
    assert data["funding"] == {
        "recorded_eur": sum(int(line["amount_eur"]) for r in funded for line in r["funding"]),
        "records_with_funding": len(funded),
        "announced_per_laureate_eur": programme["funding"]["per_laureate_eur"],
        "announced_budget_eur": programme["funding"]["budget_eur"],
    }
    statuses = Counter(
        (module, p if isinstance(p, str) else p["status"])
        for r in records
        for module, p in (r.get("incubation") or {}).items()
    )
    assert data["incubation"]["records_with_progress"] == sum(
        1 for r in records if r.get("incubation")
    )
    assert [
        (m["key"], m["done"], m["in_progress"], m["not_started"])
        for m in data["incubation"]["modules"]
    ] == [
        (key, statuses[key, "done"], statuses[key, "in_progress"], statuses[key, "not_started"])
        for key in modules
    ]


def test_demo_matches_the_announced_splits_exactly() -> None:
    data = _stats(DEMO)
    assert [(g["count"], g["announced"]) for g in data["by_wave"][:3]] == [
        (20, 20),
        (19, 19),
        (61, 61),
    ]
    assert [(g["count"], g["announced"]) for g in data["by_territory"][:3]] == [
        (43, 43),
        (18, 18),
        (39, 39),
    ]


def test_overview_shape_is_the_documented_one() -> None:
    data = _stats(DATA)
    assert list(data) == ["total", "by_territory", "by_wave", "by_sector", "funding", "incubation"]
    assert data["by_territory"][-1] == {
        "key": None,
        "label": "Non renseigné",
        "count": data["by_territory"][-1]["count"],
        "announced": None,
    }


@REGISTRIES
@pytest.mark.parametrize("name", ["territory", "wave", "sector"])
def test_one_way_table_is_the_overview_distribution(registry: Path, name: str) -> None:
    data = _stats(registry, "--by", name)
    assert data["by"] == [name]
    assert data["groups"] == _stats(registry)[f"by_{name}"]


def test_by_region_counts_every_cog_region_and_the_not_recorded_group() -> None:
    records = raw_records(DEMO)
    data = _stats(DEMO, "--by", "region")
    regions = Counter((r.get("location") or {}).get("region") for r in records)
    counts = _counts(data["groups"])
    assert len(counts) == 18 + 1  # the COG's 18 regions, then « Non renseigné »
    assert {key: n for key, n in counts.items() if n} == {k: n for k, n in regions.items() if n}
    assert next(g["label"] for g in data["groups"] if g["key"] == "84") == "Auvergne-Rhône-Alpes"


def test_by_department_labels_with_official_names() -> None:
    data = _stats(DEMO, "--by", "department")
    labels = {g["key"]: g["label"] for g in data["groups"]}
    assert labels["2A"] == "Corse-du-Sud"
    assert labels["971"] == "Guadeloupe"
    assert list(labels)[:3] == ["01", "02", "03"]


def test_two_way_table_counts_every_pair_against_a_recount() -> None:
    records = raw_records(DEMO)
    data = _stats(DEMO, "--by", "territory", "--by", "wave")
    assert data["by"] == ["territory", "wave"]
    pairs = Counter((r.get("territory"), r.get("wave")) for r in records)
    assert {(c["row"], c["column"]): c["count"] for c in data["cells"]} == {
        (row["key"], column["key"]): pairs[row["key"], column["key"]]
        for row in data["rows"]
        for column in data["columns"]
    }
    assert _counts(data["rows"]) == _counts(_stats(DEMO)["by_territory"])
    assert _counts(data["columns"]) == _counts(_stats(DEMO)["by_wave"])


def test_two_way_with_sectors_counts_a_record_in_each_of_its_sectors() -> None:
    records = raw_records(DEMO)
    data = _stats(DEMO, "--by", "sector", "--by", "territory")
    multi = sum(len(r["sectors"]) for r in records)
    assert sum(cell["count"] for cell in data["cells"]) == multi > len(records)


def test_two_way_table_on_screen_has_margins_and_announced_figures() -> None:
    result = run_cli("--data", str(DEMO), "stats", "--by", "territory", "--by", "wave")
    text = check_output(result, "table", "stats")
    assert "Type de territoire × Vague de labellisation" in text
    assert "Ensemble" in text and "Annoncés" in text


def test_two_way_jsonl_streams_the_cells() -> None:
    args = ("--data", str(DEMO), "stats", "--by", "territory", "--by", "wave")
    lines = check_output(run_cli(*args, "--format", "jsonl"), "jsonl", "stats")
    assert lines == _stats(DEMO, "--by", "territory", "--by", "wave")["cells"]


@pytest.mark.parametrize(
    "by", [["wave", "wave"], ["wave", "sector", "territory"], ["commune"]], ids=str
)
def test_bad_by_is_a_usage_error(by: list[str]) -> None:
    result = run_cli("--data", str(DEMO), "stats", *[a for n in by for a in ("--by", n)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--by" in result.stderr


def test_excel_needs_csv() -> None:
    result = run_cli("--data", str(DEMO), "stats", "--excel", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--excel" in result.stderr


def test_filters_apply_and_are_echoed() -> None:
    result = run_cli("--data", str(DEMO), "stats", "--wave", "1", "--format", "json")
    envelope = check_output(result, "json", "stats")
    assert envelope["filters"] == {"wave": [1]}
    assert envelope["data"]["total"]["count"] == 20


def _screen_rows(text: str) -> dict[str, list[str]]:
    """The body rows of a table on screen: its label (wrapped lines joined) → its figures."""
    rows: dict[str, list[str]] = {}
    label = ""
    for line in text.splitlines():
        if not line.startswith("│"):
            continue
        first, *figures = (cell.strip() for cell in line.strip("│").split("│"))
        if any(figures):
            label, rows[first] = first, figures
        else:  # the next line of a wrapped label
            rows[f"{label} {first}"] = rows.pop(label)
            label = f"{label} {first}"
    return rows


def _stacked_rows(text: str) -> dict[str, dict[str, str]]:
    """The rows of a table shown row by row: its label → `header : value` pairs."""
    rows: dict[str, dict[str, str]] = {}
    label = ""
    lines = text.splitlines()
    for line in lines[lines.index("Département × Filière") + 1 :]:
        if line and not line.startswith(" "):
            label = line
            rows[label] = {}
        elif line.startswith("  "):
            pairs = (pair.split(" : ", 1) for pair in line.strip().split("   "))
            rows[label].update((header, value) for header, value in pairs)
    return rows


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize(
    "by",
    [("territory", "sector"), ("sector", "wave"), ("region", "wave"), ("department", "sector")],
)
def test_a_two_way_table_on_screen_keeps_every_label_and_count(
    width: int, by: tuple[str, str]
) -> None:
    """17 sectors as columns squeezed the labels to nothing: now the table fits the screen, rows
    and columns swapped if need be, else shown row by row; never cut."""
    from rich.cells import cell_len

    from manufactures.analysis.selection import Filters
    from manufactures.present.text import format_count
    from manufactures.present.views import DIMENSION_TITLES, breakdown_result
    from manufactures.registry import load_registry
    from manufactures.render.console import print_tables

    registry, _ = load_registry(DEMO)
    result = breakdown_result(registry, registry.laureates, Filters(), list(by))
    out = io.StringIO()
    print_tables(result, out, color=False, width=width)
    text = out.getvalue()
    assert max(cell_len(line) for line in text.splitlines()) <= width
    cross = _stats(DEMO, "--by", by[0], "--by", by[1])
    counts = {(cell["row"], cell["column"]): cell["count"] for cell in cross["cells"]}
    if "│" not in text:  # 101 departments × 17 sectors, either way: row by row
        stacked = _stacked_rows(text)
        for group in cross["rows"]:
            shown = stacked[group["label"]]
            for h in cross["columns"]:
                assert shown[h["label"]] == format_count(counts[group["key"], h["key"]])
            assert shown["Ensemble"] == format_count(group["count"])
        return
    swapped = f"{DIMENSION_TITLES[by[0]]} × {DIMENSION_TITLES[by[1]]}" not in text
    down, side = (cross["columns"], cross["rows"]) if swapped else (cross["rows"], cross["columns"])
    rows = _screen_rows(text)
    for group in down:
        pairs = [(h["key"], group["key"]) if swapped else (group["key"], h["key"]) for h in side]
        expected = [format_count(counts[pair]) for pair in pairs] + [format_count(group["count"])]
        assert rows[group["label"]][: len(expected)] == expected, group["label"]
    margin = [format_count(h["count"]) for h in side] + [format_count(cross["total"]["count"])]
    assert rows["Ensemble"][: len(margin)] == margin
    header = " ".join(line for line in text.splitlines() if line.startswith("┃"))
    assert all(word in header for h in side for word in h["label"].split())


@pytest.mark.parametrize("width", [50, 60, 80])
def test_a_caption_never_cuts_an_amount_or_a_french_phrase(width: int) -> None:
    """Rich wrapped headlines and captions at any space, no-break ones included: « 260 » and
    « 000 € » on two lines, a line starting with « : chiffres du programme » or « € »."""
    from manufactures.analysis.selection import Filters
    from manufactures.present.views import funding_result
    from manufactures.registry import load_registry
    from manufactures.render.console import print_tables

    registry, _ = load_registry(DATA)
    out = io.StringIO()
    print_tables(
        funding_result(registry, registry.laureates, Filters(), None), out, color=False, width=width
    )
    lines = out.getvalue().splitlines()
    caption = " ".join(line.strip() for line in lines if "annonc" in line or "€," in line)
    for amount in ("260\u202f000\u00a0€", "266\u202f000\u00a0€"):
        assert any(amount in line for line in lines), amount
    assert "« annoncé » : chiffres" in caption
    assert not [line for line in lines if line.lstrip().startswith((":", ";", "»", "€"))]
