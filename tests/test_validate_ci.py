"""`manuf validate` in CI: --changed-since, SARIF, --select / --ignore, empty selections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from manufactures.validation.codes import CODES
from manufactures.version import __version__
from tests.conftest import run_cli
from tests.gitrepo import git, registry_repo

BAD = "id: {id}\nname: Bad\nwave: 9\nsources:\n  - url: https://example.org\n"


def _diagnostics(stdout: str) -> list[tuple[str, str]]:
    report = json.loads(stdout)["data"]["diagnostics"]
    return [(Path(d["file"]).name, d["code"]) for d in report]


def test_changed_since_reports_only_the_changed_records(tmp_path: Path) -> None:
    data = registry_repo(tmp_path, "polinno", "la-cabane")
    (data / "laureates" / "old-bad.yaml").write_text(BAD.format(id="old-bad"), encoding="utf-8")
    git(data.parent, "add", ".")
    git(data.parent, "commit", "-q", "-m", "a record already wrong")
    (data / "laureates" / "new-bad.yaml").write_text(BAD.format(id="new-bad"), encoding="utf-8")
    polinno = data / "laureates" / "polinno.yaml"
    polinno.write_text(polinno.read_text(encoding="utf-8").replace("wave: 1", "wave: x"))

    result = run_cli("validate", str(data), "--changed-since", "HEAD", "--format", "json")
    assert result.exit_code == 1
    assert _diagnostics(result.stdout) == [
        ("new-bad.yaml", "unknown-wave"),
        ("polinno.yaml", "invalid-type"),
    ]
    assert json.loads(result.stdout)["data"]["files_checked"] == 4
    assert result.stderr == "manuf: 2 record file(s) changed since HEAD\n"


def test_changed_since_checks_everything_when_the_programme_changed(tmp_path: Path) -> None:
    data = registry_repo(tmp_path, "polinno")
    (data / "laureates" / "old-bad.yaml").write_text(BAD.format(id="old-bad"), encoding="utf-8")
    git(data.parent, "add", ".")
    git(data.parent, "commit", "-q", "-m", "a record already wrong")
    with (data / "programme.yaml").open("a", encoding="utf-8") as programme:
        programme.write("# a comment\n")

    result = run_cli("validate", str(data), "--changed-since", "HEAD", "--format", "json")
    assert result.exit_code == 1
    assert ("old-bad.yaml", "unknown-wave") in _diagnostics(result.stdout)
    assert "programme.yaml changed since HEAD: every record is checked" in result.stderr


def test_changed_since_with_no_change_still_runs_the_registry_checks(tmp_path: Path) -> None:
    data = registry_repo(tmp_path, "polinno")
    result = run_cli("validate", str(data), "--changed-since", "HEAD")
    assert result.exit_code == 0
    assert result.stdout.strip().endswith("2 files checked: 0 errors, 0 warnings")
    assert "0 record file(s) changed since HEAD" in result.stderr


@pytest.mark.parametrize(
    ("revision", "message"),
    [("no-such-rev", "`no-such-rev` is not a revision"), ("--all", "is not a git revision")],
)
def test_a_bad_revision_exits_2(tmp_path: Path, revision: str, message: str) -> None:
    data = registry_repo(tmp_path, "polinno")
    result = run_cli("validate", str(data), f"--changed-since={revision}")
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_changed_since_outside_a_repository_exits_2(registry: Path) -> None:
    result = run_cli("validate", str(registry), "--changed-since", "HEAD")
    assert result.exit_code == 2
    assert result.stderr.startswith("manuf: error: git rev-parse failed")


def _sarif(registry: Path) -> dict[str, object]:
    (registry / "laureates" / "bad.yaml").write_text(
        'id: bad\nname: "a\\u0007b"\nwave: 9\nsector: [bois]\nsources:\n  - url: https://x.org\n',
        encoding="utf-8",
    )
    result = run_cli("validate", str(registry), "--format", "sarif")
    assert result.exit_code == 1
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_sarif_has_the_2_1_0_structure(registry: Path) -> None:
    document = _sarif(registry)
    assert document["version"] == "2.1.0"
    assert str(document["$schema"]).endswith("sarif-2.1.0.json")
    runs = document["runs"]
    assert isinstance(runs, list) and len(runs) == 1
    driver = runs[0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("manuf", __version__)
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert set(CODES) <= set(rule_ids)
    assert all(rule["shortDescription"]["text"] for rule in driver["rules"])
    results = runs[0]["results"]
    assert {r["ruleId"] for r in results} == {"unknown-wave", "unknown-key", "invalid-text"}
    for result in results:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        assert result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"].endswith("laureates/bad.yaml")
        assert physical["region"]["startLine"] >= 1
        assert physical["region"]["startColumn"] >= 1


def test_sarif_keeps_hostile_text_literal(registry: Path) -> None:
    results = _sarif(registry)["runs"][0]["results"]  # type: ignore[index]
    text = next(r["message"]["text"] for r in results if r["ruleId"] == "invalid-text")
    assert "U+0007" in text
    wave = next(r for r in results if r["ruleId"] == "unknown-wave")
    assert wave["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 7}


def test_select_and_ignore_filter_codes(registry: Path) -> None:
    (registry / "laureates" / "bad.yaml").write_text(BAD.format(id="bad") + "sector: x\n")
    selected = run_cli("validate", str(registry), "--select", "unknown-wave", "-f", "json")
    assert _diagnostics(selected.stdout) == [("bad.yaml", "unknown-wave")]
    ignored = run_cli(
        "validate", str(registry), "--ignore", "unknown-wave,unknown-key", "-f", "json"
    )
    assert (ignored.exit_code, _diagnostics(ignored.stdout)) == (0, [])


def test_an_unknown_code_is_a_usage_error_with_a_suggestion(registry: Path) -> None:
    result = run_cli("validate", str(registry), "--select", "unknown-secteur")
    assert result.exit_code == 2
    assert "unknown code `unknown-secteur`; did you mean `unknown-sector`?" in result.stderr


def test_a_selection_without_records_is_an_error(registry: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# not a record\n", encoding="utf-8")
    result = run_cli("validate", "--data", str(registry), str(readme))
    assert result.exit_code == 2
    assert "is not a record file (*.yaml): nothing to check" in result.stderr


def test_a_vocabulary_file_stands_for_its_whole_registry(registry: Path) -> None:
    (registry / "laureates" / "bad.yaml").write_text(BAD.format(id="bad"), encoding="utf-8")
    result = run_cli("validate", str(registry / "programme.yaml"), "-f", "json")
    assert result.exit_code == 1
    assert _diagnostics(result.stdout) == [("bad.yaml", "unknown-wave")]
