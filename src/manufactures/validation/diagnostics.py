"""Diagnostics: every problem found in a registry, collected in one result, never fail-fast."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["UNUSABLE_CODES", "Diagnostic", "Severity", "ValidationReport", "format_path"]

# Codes that make a registry unusable (exit 2) rather than merely wrong (exit 1).
UNUSABLE_CODES = frozenset({"file-unreadable"})


class Severity(StrEnum):
    """How bad a problem is: only errors fail a run (warnings too with `--strict`)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: what (code, message), where (file, line, column, field path), how to fix."""

    severity: Severity
    code: str
    message: str
    file: str
    line: int = 1
    column: int = 1
    path: str = ""
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order by file, then position, then code."""
        return (self.file, self.line, self.column, self.code)


def format_path(loc: Iterable[str | int]) -> str:
    """Render a location tuple as a field path: `funding[1].amount_eur`."""
    text = ""
    for step in loc:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += f".{step}" if text else step
    return text


@dataclass(slots=True)
class ValidationReport:
    """The result of validating a registry: the files checked and every diagnostic."""

    registry: str
    files_checked: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        """Record one diagnostic."""
        self.diagnostics.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Record several diagnostics."""
        self.diagnostics.extend(diagnostics)

    def sorted(self) -> list[Diagnostic]:
        """The diagnostics in file and position order."""
        return sorted(self.diagnostics, key=Diagnostic.sort_key)

    def count(self, severity: Severity) -> int:
        """How many diagnostics have this severity."""
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def counts(self) -> Counter[Severity]:
        """Diagnostics per severity."""
        return Counter(d.severity for d in self.diagnostics)

    @property
    def unusable(self) -> bool:
        """Whether a file could not be read at all (the registry is unusable: exit 2)."""
        return any(d.code in UNUSABLE_CODES for d in self.diagnostics)

    def failed(self, *, strict: bool = False) -> bool:
        """Whether the run fails: any error, or any warning when `strict`."""
        failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(d.severity in failing for d in self.diagnostics)
