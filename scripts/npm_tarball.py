"""Pinned npm package tarballs, shared by the build scripts (`build_cog.py`, `build_map.py`).

A package is fetched with `npm pack` (no install, no scripts run) and read without unpacking it;
each read checks the tarball is the package and version asked for.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
from collections.abc import Iterable
from pathlib import Path


def fetch_tarball(directory: Path, package: str, version: str, *, timeout: float = 300) -> Path:
    """Download one pinned package tarball into `directory` with `npm pack`; return its path."""
    completed = subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--json", "--loglevel=error"],
        cwd=directory,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    filename: str = json.loads(completed.stdout)[0]["filename"]
    return directory / filename


def read_members(tarball: Path, package: str, version: str, names: Iterable[str]) -> list[bytes]:
    """The bytes of each `package/<name>` in the tarball, after checking it is `package@version`."""
    with tarfile.open(tarball, "r:gz") as archive:
        manifest = archive.extractfile("package/package.json")
        if manifest is None:
            raise ValueError(f"{tarball}: package/package.json is not a file")
        meta = json.load(manifest)
        if (meta["name"], meta["version"]) != (package, version):
            raise ValueError(f"{tarball} is not {package}@{version}")
        contents = []
        for name in names:
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise ValueError(f"{tarball}: package/{name} is not a file")
            contents.append(member.read())
    return contents
