"""A throwaway git repository holding a registry, for `--changed-since` and `manuf diff` tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import copy_registry


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` with a fixed identity; return its stdout."""
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    done = subprocess.run(
        ["git", *identity, *args], cwd=repo, capture_output=True, text=True, check=True
    )
    return done.stdout


def registry_repo(tmp_path: Path, *records: str) -> Path:
    """A git repository whose `data/` is a registry of the named real records, committed."""
    repo = tmp_path / "repo"
    copy_registry(repo / "data", records=records)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "registry")
    return repo / "data"
