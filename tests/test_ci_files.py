"""The integration files: pre-commit hooks and the ready workflow run commands that work."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, run_cli
from tests.gitrepo import registry_repo

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
WORKFLOW = yaml.safe_load((REPO / "docs" / "ci" / "validate.yml").read_text(encoding="utf-8"))
RUNS = [
    command.strip()
    for step in WORKFLOW["jobs"]["validate"]["steps"]
    for command in step.get("run", "").split("||")
    if command.strip().startswith("manuf ")
]


def _arguments(command: str, base: str) -> list[str]:
    """The arguments of a `manuf …` shell line, `$BASE` filled in, redirection dropped."""
    return [word.replace("$BASE", base) for word in shlex.split(command.split(">")[0])[1:]]


def test_hooks_are_manuf_validate_and_manuf_fmt() -> None:
    assert [hook["id"] for hook in HOOKS] == ["manuf-validate", "manuf-fmt"]
    assert all(hook["language"] == "python" for hook in HOOKS)
    assert [shlex.split(hook["entry"]) for hook in HOOKS] == [
        ["manuf", "validate"],
        ["manuf", "fmt"],
    ]


@pytest.mark.parametrize("hook", HOOKS, ids=[hook["id"] for hook in HOOKS])
def test_each_hook_passes_on_a_clean_record(hook: dict[str, str], registry: Path) -> None:
    record = registry / "laureates" / "polinno.yaml"
    assert record.as_posix().endswith("laureates/polinno.yaml")
    result = run_cli(*shlex.split(hook["entry"])[1:], str(record))
    assert result.exit_code == 0, result.stdout + result.stderr


def test_the_workflow_validates_formats_and_summarises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = registry_repo(tmp_path, "polinno", "la-cabane")
    monkeypatch.chdir(data.parent)
    polinno = data / "laureates" / "polinno.yaml"
    polinno.write_text(polinno.read_text(encoding="utf-8").replace("wave: 1", "wave: 2"))
    assert [shlex.split(run)[1] for run in RUNS] == ["validate", "fmt", "--data"]
    for run in RUNS:
        result = run_cli(*_arguments(run, "HEAD"), env={"GITHUB_ACTIONS": "true"})
        assert result.exit_code == 0, f"{run}: {result.stdout}{result.stderr}"
    assert "| polinno | wave | 1 | 2 |" in result.stdout
