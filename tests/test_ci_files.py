"""The integration files: pre-commit hooks and the ready workflow run commands that work."""

from __future__ import annotations

import re
import shlex
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, run_cli
from tests.gitrepo import registry_repo

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
WORKFLOW_TEXT = (REPO / "docs" / "ci" / "validate.yml").read_text(encoding="utf-8")
WORKFLOW = yaml.safe_load(WORKFLOW_TEXT)
STEPS = WORKFLOW["jobs"]["validate"]["steps"]
RUNS = [
    command.strip()
    for step in STEPS
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


# What a user copies: none of it may name a tag, a version or a package that does not exist (the
# repository has no tag, and no `manufactures` package is published on PyPI).
COPIED = [
    REPO / "README.md",
    REPO / ".pre-commit-hooks.yaml",
    *sorted((REPO / "docs").rglob("*.md")),
    *sorted((REPO / "docs").rglob("*.yml")),
    *sorted((REPO / "src").rglob("*.py")),
]
_INVENTED = re.compile(r"rev:\s*v\d|\bmanufactures\s*(?:[=<>~!]=|[<>])|\bv\d+\.\d+\.\d+\b")
_HOOKS_REPO = "https://github.com/manufactures-de-proximite/manufactures"


def test_no_copied_text_names_a_tag_or_a_published_version() -> None:
    found = [
        f"{path.relative_to(REPO)}: {match.group()}"
        for path in COPIED
        for match in _INVENTED.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_every_pre_commit_example_pins_a_commit_to_fill() -> None:
    revs = [
        following.strip(" #")
        for path in COPIED
        for line, following in pairwise(path.read_text(encoding="utf-8").splitlines())
        if line.strip(" #") == f"- repo: {_HOOKS_REPO}"
    ]
    assert len(revs) == 3  # the hooks file's header, the README and docs/validation.md
    assert all(rev.startswith("rev: <commit SHA>  # a commit of this repository") for rev in revs)


def test_the_workflow_installs_manuf_from_this_repository_or_a_commit_of_it() -> None:
    (install,) = [step for step in STEPS if step.get("name") == "Install manuf"]
    assert install["run"] == "pip install ."
    placeholder = f'pip install "manufactures @ git+{_HOOKS_REPO}@<commit>"'
    assert placeholder in WORKFLOW_TEXT
    assert "placeholder" in WORKFLOW_TEXT


def test_the_workflow_runs_when_anything_that_decides_its_verdict_changes() -> None:
    on = WORKFLOW.get("on", WORKFLOW.get(True))  # YAML 1.1 reads a bare `on` as true
    paths = on["pull_request"]["paths"]
    # The registry, the file pinning manuf (`pip install .` reads it), manuf's code, the workflow.
    assert paths == ["data/**", "pyproject.toml", "src/**", ".github/workflows/validate.yml"]
    assert WORKFLOW_TEXT.startswith(
        "# A ready workflow for a registry's repository: copy it to .github/workflows/validate.yml."
    )


def test_the_comment_step_finds_its_own_comment_by_a_marker() -> None:
    (comment,) = [step for step in STEPS if step.get("name") == "Comment on the pull request"]
    marker = comment["env"]["MARKER"]
    assert re.fullmatch(r"<!-- [a-z-]+ -->", marker)  # invisible in the rendered comment
    script = comment["run"]
    assert "--edit-last" not in script and "gh pr comment" not in script
    assert script.startswith('{ echo "$MARKER"; cat manuf-diff.md; } > comment.md')
    assert "startswith(env.MARKER)" in script
    assert '.user.login == "github-actions[bot]"' in script
    assert "--method PATCH" in script and "--method POST" in script
