"""What git knows of a registry: the files changed since a revision, the files as they were then.

Git is run as a subprocess (no library): `git diff --name-only` and `git ls-files --others` for
what changed, one `git cat-file --batch` for every old file's text. A missing git, a folder outside
a repository or an unknown revision is a `GitError` (exit 2), said in one sentence.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from manufactures.errors import GitError
from manufactures.i18n import _

__all__ = ["GitError", "changed_paths", "files_at", "repository_root"]


def _git(arguments: list[str], *, cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        completed = subprocess.run(
            ["git", *arguments], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitError(_("git is not installed (or not on PATH); it is needed here")) from None
    if completed.returncode != 0:
        reason = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        said = _("git {command} failed in {folder}: {reason}")
        raise GitError(
            said.format(command=arguments[0], folder=cwd, reason=reason[-1] if reason else "?")
        )
    return completed.stdout


def _toplevel(folder: Path) -> Path:
    return Path(_git(["rev-parse", "--show-toplevel"], cwd=folder).decode().strip())


def repository_root(folder: Path) -> Path | None:
    """The top folder of the git work tree holding `folder`; None outside one, or without git."""
    try:
        return _toplevel(folder)
    except GitError:
        return None


def _verified(revision: str, top: Path) -> str:
    if revision.startswith("-"):
        raise GitError(_("`{revision}` is not a git revision").format(revision=revision))
    try:
        return (
            _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd=top)
            .decode()
            .strip()
        )
    except GitError:
        said = _("`{revision}` is not a revision of the repository at {top}")
        raise GitError(said.format(revision=revision, top=top)) from None


def changed_paths(revision: str, folder: Path) -> list[Path]:
    """Every file changed between `revision` and the working tree, untracked files included.

    Paths are absolute; deleted files are listed too.
    """
    top = _toplevel(folder)
    commit = _verified(revision, top)
    changed = _git(["diff", "--name-only", "-z", "--no-renames", commit, "--"], cwd=top)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], cwd=top)
    names = {
        name
        for name in (changed + untracked).decode("utf-8", "surrogateescape").split("\0")
        if name
    }
    return sorted(top / name for name in names)


def files_at(revision: str, folder: Path) -> dict[str, str]:
    """The text of every file below `folder` at `revision`, by path relative to `folder`."""
    top = _toplevel(folder)
    commit = _verified(revision, top)
    prefix = folder.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else f"{prefix}/"
    listing = _git(["ls-tree", "-r", "-z", "--name-only", commit, "--", prefix or "."], cwd=top)
    names = [name for name in listing.decode("utf-8", "surrogateescape").split("\0") if name]
    if not names:
        return {}
    request = "".join(f"{commit}:{name}\n" for name in names).encode("utf-8", "surrogateescape")
    return dict(zip([n[len(prefix) :] for n in names], _batch_texts(request, top), strict=True))


def _batch_texts(request: bytes, top: Path) -> list[str]:
    """Read `git cat-file --batch` output: a header line, then exactly that many bytes."""
    output = _git(["cat-file", "--batch"], cwd=top, stdin=request)
    texts: list[str] = []
    position = 0
    while position < len(output):
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split()[2])
        body = output[header_end + 1 : header_end + 1 + size]
        texts.append(body.decode("utf-8", "replace"))
        position = header_end + 1 + size + 1
    return texts
