"""Checks beyond a record's own schema: against the official referentials and the programme.

A check yields `Finding`s (what is wrong and at which field path); `locate_findings` turns them
into located `Diagnostic`s, composing the file's YAML only when there is something to locate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from manufactures.validation.diagnostics import Diagnostic, Severity, format_path
from manufactures.yaml.reader import compose, locate

__all__ = ["Finding", "locate_findings"]


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem of one file, by field path; `locate_findings` adds its line and column."""

    code: str
    path: tuple[str | int, ...]
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR


def locate_findings(findings: Iterable[Finding], *, file: str, text: str) -> list[Diagnostic]:
    """The findings as diagnostics of `file`, each at the line and column of its path in `text`."""
    findings = list(findings)
    if not findings:
        return []
    root = compose(text)
    return [
        Diagnostic(
            finding.severity,
            finding.code,
            finding.message,
            file,
            *locate(root, finding.path),
            path=format_path(finding.path),
            hint=finding.hint,
        )
        for finding in findings
    ]
