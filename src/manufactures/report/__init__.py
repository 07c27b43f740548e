"""`manuf report`: the registry as one self-contained HTML page (with a map) or as Markdown.

`build_report()` gathers what `stats`, `funding`, `progress` and `coverage` answer for one
selection of records; a renderer of `REPORT_RENDERERS` turns it into a document (a string).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from manufactures.report.contents import Report, build_report
from manufactures.report.html import render_html
from manufactures.report.markdown import render_markdown

__all__ = ["REPORT_RENDERERS", "Report", "build_report", "render_html", "render_markdown"]

REPORT_RENDERERS: Mapping[str, Callable[[Report], str]] = {
    "html": render_html,
    "markdown": render_markdown,
}
