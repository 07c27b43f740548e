"""`manuf validate` is never laxer than the JSON Schema it publishes, and the difference is the
documented list of what only manuf checks (`validation.codes.ONLY_MANUF`).

A matrix of records (valid and invalid, every kind of problem) is written into one registry and
read by `manuf validate` and by check-jsonschema with `manuf schema`'s output, once each. Every
case declares what it expects: `ok` (both accept), `both` (both reject), or the `ONLY_MANUF`
category of a problem the schema cannot see. The records are fictitious: they exist for this test.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from manufactures.registry import load_registry
from manufactures.validation.codes import CODES, ONLY_MANUF
from tests.conftest import copy_registry, run_cli
from tests.output_checks import schema_rejections

# A record of the raw YAML text of each scalar: what a case changes is exactly what is written.
Tree = dict[str, Any]


def _base() -> Tree:
    return {
        "id": None,  # the case's name
        "name": "Atelier fictif du test",
        "wave": "3",
        "labelled_on": "2022-07-20",
        "territory": "rural",
        "location": {
            "commune": "Chandolas",
            "insee": '"07053"',
            "department": '"07"',
            "region": '"84"',
            "postal_code": '"07230"',
            "lat": "44.4",
            "lon": "4.27",
        },
        "sectors": ["bois", "metal"],
        "activities": ["menuiserie"],
        "carriers": [{"name": "SCIC fictive", "legal_form": "SCIC", "siret": '"73282932000074"'}],
        "funding": [
            {
                "amount_eur": "250000",
                "source": "État (fictif)",
                "kind": "investment",
                "granted_on": "2022-09-01",
            }
        ],
        "incubation": {"ecosysteme": {"status": "done", "completed_on": "2022-10-01"}},
        "support": {"started_on": "2022-11-01", "ended_on": "2024-10-31"},
        "website": "https://example.org/atelier",
        "sources": [{"url": "https://example.org/source", "note": "fictif (test)"}],
        "notes": "Fiche fictive écrite par un test.",
    }


def _emit(tree: Tree, pad: str = "") -> list[str]:
    lines: list[str] = []
    for key, value in tree.items():
        if isinstance(value, dict):
            lines += [f"{pad}{key}:", *_emit(value, pad + "  ")]
        elif isinstance(value, list):
            lines.append(f"{pad}{key}:")
            for item in value:
                if isinstance(item, dict):
                    inner = _emit(item, pad + "    ")
                    lines += [f"{pad}  - {inner[0].lstrip()}", *inner[1:]]
                else:
                    lines.append(f"{pad}  - {item}")
        else:
            lines.append(f"{pad}{key}: {value}")
    return lines


Edit = Callable[[Tree], None]


def put(path: str, raw: str | None) -> Edit:
    """Set the field at `path` (dots, `[n]`) to the raw YAML text `raw`; None removes it."""

    def edit(tree: Tree) -> None:
        *parents, last = path.replace("[", ".").replace("]", "").split(".")
        node: Any = tree
        for step in parents:
            node = node[int(step)] if step.isdigit() else node.setdefault(step, {})
        key: Any = int(last) if last.isdigit() else last
        if raw is None:
            del node[key]
        else:
            node[key] = raw

    return edit


@dataclass(frozen=True)
class Case:
    name: str
    expect: str  # "ok", "both", or an ONLY_MANUF category
    edits: tuple[Edit, ...] = ()
    text: Callable[[str], str] | None = None  # a change to the written text itself


def case(name: str, expect: str, *edits: Edit, text: Callable[[str], str] | None = None) -> Case:
    return Case(name, expect, edits, text)


CASES = [
    # Valid records, written as a contributor might.
    case("ok-full", "ok"),
    case("ok-minimal", "ok", *(put(k, None) for k in (
        "wave", "labelled_on", "territory", "location", "sectors", "activities", "carriers",
        "funding", "incubation", "support", "website", "notes"))),
    case("ok-quoted-name", "ok", put("name", '"104"')),
    case("ok-single-quoted", "ok", put("name", "'Atelier'")),
    case("ok-quoted-date", "ok", put("labelled_on", '"2022-07-20"')),
    case("ok-status-shorthand", "ok", put("incubation.ecosysteme", "in_progress")),
    case("ok-integer-coordinates", "ok", put("location.lat", "44"), put("location.lon", "4")),
    case("ok-negative-lon", "ok", put("location.commune", "Brest"),
         put("location.insee", '"29019"'), put("location.department", '"29"'),
         put("location.region", '"53"'), put("location.postal_code", '"29200"'),
         put("location.lat", "48.39"), put("location.lon", "-4.49")),
    case("ok-literal-notes", "ok", put("notes", "|\n  Deux lignes.\n  Fictives.")),
    case("ok-null-optional", "ok", put("website", "null")),
    case("ok-planned-end", "ok", put("support.ended_on", "2099-12-31")),
    case("ok-corsica", "ok", put("location.commune", "Ajaccio"),
         put("location.insee", '"2A004"'), put("location.department", '"2A"'),
         put("location.region", '"94"'), put("location.postal_code", '"20000"'),
         put("location.lat", "41.93"), put("location.lon", "8.74")),
    # Missing or unknown keys.
    case("missing-id", "both", put("id", None)),
    case("missing-name", "both", put("name", None)),
    case("missing-sources", "both", put("sources", None)),
    case("empty-sources", "both", put("sources", "[]")),
    case("missing-source-url", "both", put("sources[0].url", None)),
    case("missing-amount", "both", put("funding[0].amount_eur", None)),
    case("missing-status", "both", put("incubation.ecosysteme.status", None)),
    case("unknown-top-key", "both", put("sector", "bois")),
    case("unknown-nested-key", "both", put("location.city", "Chandolas")),
    # Types.
    case("name-list", "both", put("name", "[a, b]")),
    case("name-number", "both", put("name", "104")),
    case("name-boolean", "both", put("name", "true")),
    case("name-no", "yaml", put("name", "no")),  # false to YAML 1.1, text to 1.2
    case("notes-year", "both", put("notes", "2022")),
    case("notes-date", "yaml", put("notes", "2022-01-01")),  # check-jsonschema reads text
    case("activity-float", "both", put("activities[0]", "3.14")),
    case("activity-exponent", "both", put("activities[0]", "1e3")),
    case("id-number", "both", put("id", "104")),
    case("insee-unquoted", "both", put("location.insee", "29197")),
    case("department-unquoted", "both", put("location.department", "29")),
    case("postal-unquoted", "both", put("location.postal_code", "29780")),
    case("siret-unquoted", "both", put("carriers[0].siret", "73282932000074")),
    case("wave-quoted", "both", put("wave", '"3"')),
    case("amount-quoted", "both", put("funding[0].amount_eur", '"250000"')),
    case("lat-quoted", "both", put("location.lat", '"44.4"')),
    case("wave-text", "both", put("wave", "trois")),
    case("amount-text", "both", put("funding[0].amount_eur", "beaucoup")),
    case("amount-decimal", "both", put("funding[0].amount_eur", "250000.5")),
    case("location-scalar", "both", put("location", "Chandolas")),
    case("carriers-mapping", "both", put("carriers", "{name: x}")),
    # Values and formats.
    case("wave-unknown", "both", put("wave", "9")),
    case("territory-unknown", "both", put("territory", "urbain")),
    case("sector-unknown", "both", put("sectors[1]", "boi")),
    case("sector-twice", "both", put("sectors[1]", "bois")),
    case("module-unknown", "both", put("incubation.inconnu", "done")),
    case("status-unknown", "both", put("incubation.ecosysteme.status", "fini")),
    case("kind-unknown", "both", put("funding[0].kind", "gift")),
    case("id-uppercase", "both", put("id", "Atelier")),
    case("name-empty", "both", put("name", '""')),
    case("name-too-long", "both", put("name", "x" * 201)),
    case("name-control", "both", put("name", '"a\\u0007b"')),
    case("website-control", "both", put("website", '"https://a.org/\\u0007"')),
    case("insee-short", "both", put("location.insee", '"4278"')),
    case("department-bad", "both", put("location.department", '"7"')),
    case("region-bad", "both", put("location.region", '"840"')),
    case("postal-bad", "both", put("location.postal_code", '"0723"')),
    case("siret-short", "both", put("carriers[0].siret", '"7328293200007"')),
    case("qpv-bad", "both", put("location.qpv", '"X123"')),
    case("lat-range", "both", put("location.lat", "95")),
    case("lon-range", "both", put("location.lon", "200")),
    case("amount-negative", "both", put("funding[0].amount_eur", "-5")),
    case("website-not-url", "both", put("website", "example.org")),
    case("source-placeholder", "both", put("sources[0].url", "TODO")),
    case("date-impossible", "both", put("labelled_on", "2022-02-30")),
    case("date-layout", "both", put("labelled_on", "20/07/2022")),
    case("date-time", "both", put("labelled_on", "2022-07-20T10:00:00")),
    case("lat-without-lon", "both", put("location.lon", None)),
    case("lon-without-lat", "both", put("location.lat", None)),
    case("completed-in-progress", "both", put("incubation.ecosysteme.status", "in_progress")),
    # YAML that no schema sees: the spelling of a number, tags, aliases.
    case("amount-underscores", "yaml", put("funding[0].amount_eur", "250_000")),
    case("amount-exponent", "yaml", put("funding[0].amount_eur", "1e6")),
    case("amount-hex", "yaml", put("funding[0].amount_eur", "0x3D090")),
    case("wave-leading-zero", "yaml", put("wave", "03")),
    case("lat-nan", "yaml", put("location.lat", ".nan")),
    case("lat-exponent", "yaml", put("location.lat", "4.44e1")),
    case("tagged-str-name", "ok", put("name", "!!str Atelier")),  # the tag of every text
    case("tagged-int-name", "both", put("name", "!!int 5")),
    case("tagged-notes", "both", put("notes", "!!python/name:os.system")),
    case("tagged-wave", "yaml", put("wave", '!!int "3"')),  # 3 to the others, a tag to manuf
    case("alias", "yaml", text=lambda t: t.replace("name: Atelier fictif du test",
                                                    "name: &n Atelier fictif du test\nnotes: *n")
         .replace("notes: Fiche fictive écrite par un test.\n", "")),
    # The official referentials.
    case("insee-unknown", "referentials", put("location.insee", '"07999"')),
    case("commune-mismatch", "referentials", put("location.commune", "Joyeuse")),
    case("postal-mismatch", "referentials", put("location.postal_code", '"29200"')),
    case("department-mismatch", "referentials", put("location.department", '"29"')),
    case("region-mismatch", "referentials", put("location.region", '"53"')),
    case("region-unknown", "referentials", put("location.region", '"99"')),
    case("coordinates-atlantic", "referentials", put("location.lat", "45"),
         put("location.lon", "-20")),
    case("siret-key", "referentials", put("carriers[0].siret", '"73282932000075"')),
    # Dates against each other, the programme and today.
    case("support-backwards", "dates", put("support.ended_on", "2022-10-01")),
    case("completed-before-labelling", "dates",
         put("incubation.ecosysteme.completed_on", "2022-01-01")),
    case("labelled-before-programme", "dates", put("labelled_on", "2020-01-01"),
         put("wave", None)),
    case("labelled-in-future", "dates", put("labelled_on", "2099-01-01")),
    case("granted-in-future", "dates", put("funding[0].granted_on", "2099-01-01")),
    # Across files.
    case("id-not-file-name", "registry", put("id", "another-name")),
]  # fmt: skip


def _write(case: Case, folder: Path) -> Path:
    tree = _base()
    tree["id"] = case.name
    for edit in case.edits:
        edit(tree)
    text = "\n".join(_emit(tree)) + "\n"
    if case.text is not None:
        text = case.text(text)
    path = folder / f"{case.name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _schema_rejects(schema: Path, files: list[Path]) -> set[str]:
    """The names (stems) of the files check-jsonschema rejects."""
    return {Path(name).stem for name in schema_rejections(schema, files)}


def _schema_of(root: Path) -> Path:
    """`manuf schema` of the registry at `root`, written beside it (before any record is)."""
    done = run_cli("--data", str(root), "schema")
    assert done.exit_code == 0, done.stderr
    schema = root.parent / "laureate.schema.json"
    schema.write_text(done.stdout, encoding="utf-8")
    return schema


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, set[str]]]:
    """Each case's verdicts: `ok` / `both` / `manuf` / `schema`, and the codes manuf gave."""
    root = copy_registry(tmp_path_factory.mktemp("matrix") / "registry")
    schema = _schema_of(root)
    files = [_write(c, root / "laureates") for c in CASES]
    rejected_by_schema = _schema_rejects(schema, files)
    report = json.loads(run_cli("--data", str(root), "validate", "--format", "json").stdout)
    codes: dict[str, set[str]] = {c.name: set() for c in CASES}
    for diagnostic in report["data"]["diagnostics"]:
        if diagnostic["severity"] == "error" and "/laureates/" in diagnostic["file"]:
            codes[Path(diagnostic["file"]).stem].add(diagnostic["code"])
    verdicts = {}
    for c in CASES:
        by_schema, by_manuf = c.name in rejected_by_schema, bool(codes[c.name])
        verdict = {(False, False): "ok", (True, True): "both"}.get((by_schema, by_manuf))
        verdicts[c.name] = (verdict or ("manuf" if by_manuf else "schema"), codes[c.name])
    return verdicts


def test_the_matrix_is_large_and_covers_every_kind() -> None:
    assert len(CASES) >= 90
    assert len({c.name for c in CASES}) == len(CASES)
    assert {c.expect for c in CASES} == {"ok", "both", *ONLY_MANUF}


def test_no_record_the_schema_rejects_passes_manuf(matrix: dict[str, tuple[str, set[str]]]) -> None:
    assert [name for name, (verdict, _) in matrix.items() if verdict == "schema"] == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_case_is_judged_as_declared(
    case: Case, matrix: dict[str, tuple[str, set[str]]]
) -> None:
    verdict, codes = matrix[case.name]
    assert codes <= set(CODES)
    if case.expect in ONLY_MANUF:
        # manuf alone rejects it, and only with codes of the documented kind.
        assert verdict == "manuf", (verdict, codes)
        assert codes <= ONLY_MANUF[case.expect][1], codes
    else:
        assert verdict == case.expect, (verdict, codes)


def _plain(value: Any) -> Any:
    """A loaded value as JSON would hold it (PyYAML reads dates as dates), nulls left out."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if item is not None}
    return json.loads(json.dumps(value, default=str))


def test_fmt_of_every_accepted_record_is_read_alike_by_every_tool(tmp_path: Path) -> None:
    """Records manuf accepts (with their quoting spread over every style a contributor might
    use), formatted by `manuf fmt`, pass check-jsonschema and read the same in PyYAML."""
    root = copy_registry(tmp_path / "registry")
    accepted = [c for c in CASES if c.expect == "ok"]
    schema = _schema_of(root)
    files = [_write(c, root / "laureates") for c in accepted]
    assert run_cli("--data", str(root), "fmt").exit_code == 0
    assert _schema_rejects(schema, files) == set()
    registry, report = load_registry(root)
    assert not report.failed()
    for record in registry.records:
        assert record.laureate is not None
        manuf_reads = record.laureate.model_dump(mode="json", exclude_none=True)
        pyyaml_reads = yaml.safe_load(record.path.read_text(encoding="utf-8"))
        if isinstance(pyyaml_reads.get("incubation"), dict):  # the status shorthand, expanded
            pyyaml_reads["incubation"] = {
                module: value if isinstance(value, dict) else {"status": value}
                for module, value in pyyaml_reads["incubation"].items()
            }
        assert _plain(pyyaml_reads) == manuf_reads, record.file
