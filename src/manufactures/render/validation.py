"""Renderers of a `ValidationReport`: text, json, github (workflow annotations), sarif.

Text and JSON name a file as the diagnostics do (from the current folder when inside it). GitHub
annotations and SARIF name it from the repository's root, given as `source_root` (the CLI passes
the git work tree holding the registry, else the current folder): GitHub attaches an annotation
to a file of the pull request only by that path, and code scanning resolves SARIF locations
against the checkout's root, wherever manuf ran from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from manufactures.i18n import _, ngettext
from manufactures.present.result import envelope
from manufactures.present.text import visible
from manufactures.render.formats import write_json
from manufactures.validation.codes import CODES
from manufactures.validation.diagnostics import Diagnostic, Severity, ValidationReport
from manufactures.version import __version__

__all__ = ["VALIDATION_RENDERERS", "from_root", "render_diagnostics", "summary_line"]

INFORMATION_URI = "https://github.com/manufactures-de-proximite/manufactures"
_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def summary_line(report: ValidationReport) -> str:
    """`33 files checked: 2 errors, 1 warning`."""
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    files = ngettext("{count} file checked", "{count} files checked", report.files_checked)
    return _("{files}: {errors}, {warnings}").format(
        files=files.format(count=report.files_checked),
        errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
        warnings=ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
    )


def _diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "file": diagnostic.file,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "severity": str(diagnostic.severity),
        "code": diagnostic.code,
        "path": diagnostic.path,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
    }


def render_json(report: ValidationReport, out: TextIO, **_ignored: Any) -> None:
    """The report as the usual envelope: summary counts and every diagnostic."""
    data = {
        "registry": report.registry,
        "files_checked": report.files_checked,
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
        "infos": report.count(Severity.INFO),
        "diagnostics": [_diagnostic_json(d) for d in report.sorted()],
    }
    write_json(envelope("validate", data), out)


def render_diagnostics(
    diagnostics: Iterable[Diagnostic], out: TextIO, *, color: bool = False
) -> None:
    """One `file:line:col: severity[code] path: message` line per diagnostic, then its hint."""
    lines = (line for d in diagnostics for line in _diagnostic_lines(d))
    _print_styled(lines, out, color=color)


def render_text(
    report: ValidationReport, out: TextIO, *, color: bool = False, **_ignored: Any
) -> None:
    """The diagnostics, each with its hint, then the summary."""
    render_diagnostics(report.sorted(), out, color=color)
    style = "bold red" if report.failed() else "bold green"
    _print_styled([[(summary_line(report), style)]], out, color=color)


# A line as (text, rich style) pieces.
_Line = list[tuple[str, str]]


def _diagnostic_lines(d: Diagnostic) -> Iterator[_Line]:
    # A file name, a key or a value may hold anything: each diagnostic stays on its line.
    path = f" {visible(d.path, one_line=True)}: " if d.path else " "
    yield [
        (f"{visible(d.file, one_line=True)}:{d.line}:{d.column}: ", "bold"),
        (f"{d.severity}[{d.code}]", _SEVERITY_STYLE[d.severity]),
        (path + visible(d.message, one_line=True), ""),
    ]
    if d.hint:
        yield [("    " + _("hint: {hint}").format(hint=visible(d.hint, one_line=True)), "dim")]


def _print_styled(lines: Iterable[_Line], out: TextIO, *, color: bool) -> None:
    """Write the lines, styled by rich in colour, else as they are (rich is not even imported:
    a tenth of `manuf validate`'s time on a small registry)."""
    if not color:  # tabs expanded as rich expands them
        out.writelines("".join(text for text, _ in line).expandtabs(8) + "\n" for line in lines)
        return
    # Deferred: rich is imported only to colour (see the docstring).
    from rich.text import Text

    from manufactures.render.console import make_console

    console = make_console(out, color=color, width=10_000)
    for line in lines:
        console.print(Text.assemble(*line))


def _escape_data(text: str) -> str:
    # GitHub's workflow-command escaping: a newline or `::` cannot forge a new annotation.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render_github(
    report: ValidationReport, out: TextIO, *, source_root: Path | None = None, **_ignored: Any
) -> None:
    """GitHub Actions workflow commands (`::error file=…,line=…::…`), then the summary.

    A file is named from `source_root` (default: the current folder) when it lies inside it.
    """
    root = source_root or Path.cwd()
    for d in report.sorted():
        properties = ",".join(
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("file", from_root(d.file, root) or d.file),
                ("line", d.line),
                ("col", d.column),
                ("title", f"manuf {d.code}"),
            )
        )
        message = f"{d.path}: {d.message}" if d.path else d.message
        if d.hint:
            message += " " + _("(hint: {hint})").format(hint=d.hint)
        out.write(f"::{_GITHUB_LEVEL[d.severity]} {properties}::{_escape_data(message)}\n")
    out.write(summary_line(report) + "\n")


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


SOURCE_ROOT_ID = "%SRCROOT%"


def render_sarif(
    report: ValidationReport, out: TextIO, *, source_root: Path | None = None, **_ignored: Any
) -> None:
    """SARIF 2.1.0 (for code scanning): one run, a rule per code, a located result per diagnostic.

    A file inside `source_root` (default: the current folder) is a URI relative to it, with
    `uriBaseId` `%SRCROOT%`, which the run's `originalUriBaseIds` gives as a `file://` URI; a file
    outside it is an absolute `file://` URI. Columns count Unicode code points, as the
    diagnostics do; JSON escaping keeps every message and path literal.
    """
    root = (source_root or Path.cwd()).resolve()
    rule_ids = sorted(set(CODES) | {d.code for d in report.diagnostics})
    index = {rule: position for position, rule in enumerate(rule_ids)}
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "manuf",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [
                            _sarif_rule(rule, _(CODES[rule]) if rule in CODES else rule)
                            for rule in rule_ids
                        ],
                    }
                },
                "originalUriBaseIds": {SOURCE_ROOT_ID: {"uri": _folder_uri(root)}},
                "columnKind": "unicodeCodePoints",
                "results": [_sarif_result(d, index[d.code], root) for d in report.sorted()],
            }
        ],
    }
    write_json(document, out)


def _sarif_rule(rule: str, description: str) -> dict[str, Any]:
    """A rule as code scanning shows it: its name, its description, and how to see the details
    (every diagnostic of the code, with its hint, from `manuf validate`)."""
    help_text = _(
        "{description} Run `manuf validate --select {rule}` to list every place where it "
        "occurs, each with a hint; docs/validation.md lists every code."
    ).format(description=description, rule=rule)
    return {
        "id": rule,
        "name": "".join(part.capitalize() for part in rule.split("-")),
        "shortDescription": {"text": description},
        "fullDescription": {"text": f"manuf validate: {description}"},
        "help": {"text": help_text, "markdown": help_text},
    }


def _sarif_result(d: Diagnostic, rule_index: int, root: Path) -> dict[str, Any]:
    message = f"{d.path}: {d.message}" if d.path else d.message
    if d.hint:
        message += " " + _("(hint: {hint})").format(hint=d.hint)
    return {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[d.severity],
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact_location(d.file, root),
                    "region": {"startLine": d.line, "startColumn": d.column},
                }
            }
        ],
    }


def from_root(file: str, root: Path) -> str | None:
    """`file`, as a diagnostic names it (from the current folder, or absolute), as a POSIX path
    relative to `root`; None when it lies outside."""
    try:
        return _absolute(file).relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _absolute(file: str) -> Path:
    """The file's absolute path, its folders' symbolic links and `..` resolved (git gives the
    root resolved too); the file itself is not followed."""
    path = Path(file).absolute()
    return path.parent.resolve() / path.name


def _artifact_location(file: str, root: Path) -> dict[str, str]:
    relative = from_root(file, root)
    if relative is None:
        return {"uri": _absolute(file).as_uri()}
    return {"uri": quote(relative, safe="/"), "uriBaseId": SOURCE_ROOT_ID}


def _folder_uri(folder: Path) -> str:
    """A folder's `file://` URI, ending with `/` as SARIF requires of a base URI."""
    uri = folder.as_uri()
    return uri if uri.endswith("/") else f"{uri}/"


VALIDATION_RENDERERS: dict[str, Callable[..., None]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
}
