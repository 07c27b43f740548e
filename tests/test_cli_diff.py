"""`manuf diff REV`: records added / removed / changed, fields old → new, figures that moved."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli
from tests.gitrepo import git, registry_repo

NEW = (
    "id: la-fabrique\nname: La Fabrique\nwave: 3\nterritory: rural\n"
    "funding:\n  - amount_eur: 250000\n"
    "sources:\n  - url: https://example.org/la-fabrique\n"
)


def _changed_repo(tmp_path: Path) -> Path:
    data = registry_repo(tmp_path, "polinno", "la-cabane")
    git(data.parent, "commit", "-q", "--allow-empty", "-m", "second")
    (data / "laureates" / "la-fabrique.yaml").write_text(NEW, encoding="utf-8")
    polinno = data / "laureates" / "polinno.yaml"
    polinno.write_text(polinno.read_text(encoding="utf-8").replace("wave: 1", "wave: 2"))
    (data / "laureates" / "la-cabane.yaml").unlink()
    return data


def test_diff_shows_added_removed_and_changed_fields(tmp_path: Path) -> None:
    data = _changed_repo(tmp_path)
    result = run_cli("--data", str(data), "diff", "HEAD~1", "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)["data"]
    assert (report["added"], report["removed"], report["changed"]) == (1, 1, 1)
    by_id = {record["id"]: record for record in report["records"]}
    assert by_id["la-fabrique"]["status"] == "added"
    assert by_id["la-cabane"]["status"] == "removed"
    assert by_id["polinno"]["fields"] == [{"path": "wave", "old": "1", "new": "2"}]
    assert {"path": "funding[0].amount_eur", "old": None, "new": "250000"} in by_id["la-fabrique"][
        "fields"
    ]
    figures = {(f["dimension"], f["key"]): (f["before"], f["after"]) for f in report["figures"]}
    assert figures[("wave", 1)] == (2, 0)
    assert figures[("wave", 2)] == (0, 1)
    assert figures[("funding", None)] == (0, 250000)
    assert figures[("total", None)] == (2, 2)


def test_diff_markdown_is_a_pull_request_comment(tmp_path: Path) -> None:
    data = _changed_repo(tmp_path)
    result = run_cli("--data", str(data), "diff", "HEAD~1", "--format", "markdown")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith(
        "**Depuis HEAD~1 : 1 fiche(s) ajoutée(s), 1 supprimée(s), 1 modifiée(s)**\n"
    )
    assert "| polinno | wave | 1 | 2 |" in text
    assert "| Vague | Vague 2 | 0 | 1 | +1 |" in text
    assert "| Total | Financement enregistré (€) | 0 | 250\u202f000 | +250000 |" in text


def test_no_change_says_so(tmp_path: Path) -> None:
    data = registry_repo(tmp_path, "polinno")
    result = run_cli("--data", str(data), "diff", "HEAD", "--format", "markdown")
    assert (result.exit_code, result.stdout) == (
        0,
        "**Depuis HEAD : 0 fiche(s) ajoutée(s), 0 supprimée(s), 0 modifiée(s)**\n\n",
    )


def test_a_bad_revision_or_no_repository_exits_2(tmp_path: Path, registry: Path) -> None:
    data = registry_repo(tmp_path, "polinno")
    bad = run_cli("--data", str(data), "diff", "no-such-rev")
    assert bad.exit_code == 2
    assert "`no-such-rev` is not a revision of the repository" in bad.stderr
    outside = run_cli("--data", str(registry), "diff", "HEAD")
    assert outside.exit_code == 2
    assert "git rev-parse failed" in outside.stderr
    assert "Traceback" not in bad.stderr + outside.stderr


def test_missing_git_exits_2(tmp_path: Path) -> None:
    data = registry_repo(tmp_path, "polinno")
    result = run_cli("--data", str(data), "diff", "HEAD", env={"PATH": str(tmp_path)})
    assert result.exit_code == 2
    assert "git is not installed" in result.stderr
