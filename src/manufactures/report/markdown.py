"""The report as GitHub-flavoured Markdown: the same figures and tables as the page, no map.

Tables are written by the `markdown` renderer of every command (`render/formats.py`), so a table
here reads exactly as `manuf stats --format markdown` and the others print it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from manufactures.present.result import CellKind, Column, CommandResult, Table
from manufactures.render.formats import render_markdown as render_result
from manufactures.report.contents import (
    LaureateRow,
    Report,
    filters_text,
    french_date,
    key_figures,
    laureate_rows,
    shown_tables,
)
from manufactures.report.html import TITLE

__all__ = ["render_markdown"]


def render_markdown(report: Report) -> str:
    """The whole report as one Markdown document."""
    out = io.StringIO()
    out.write(f"# {TITLE}\n\n")
    out.write(
        f"{filters_text(report)} — registre « {report.registry.root.name} », situation au "
        f"{french_date(report.as_of)}. Chaque chiffre est calculé à partir des fiches du "
        "registre ; les chiffres annoncés par le programme sont indiqués à côté, comme tels.\n\n"
    )
    sections = (
        ("Vue d'ensemble", report.stats.tables),
        ("Financement", shown_tables(report.funding)),
        ("Incubation et accompagnement", shown_tables(report.progress)),
        ("Couverture du registre", shown_tables(report.coverage)),
        ("Les lauréats", (_laureates_table(report),)),
    )
    render_result(_as_result(report, (_figures_table(report),)), out)
    # `stats` and `funding` both end with the same « Financement » table: it is written once.
    seen: set[tuple[str, tuple[Column, ...]]] = set()
    for title, tables in sections:
        out.write(f"## {title}\n\n")
        fresh = tuple(table for table in tables if (table.title, table.columns) not in seen)
        seen.update((table.title, table.columns) for table in fresh)
        render_result(_as_result(report, fresh), out)
    return out.getvalue()


def _as_result(report: Report, tables: Iterable[Table]) -> CommandResult:
    return CommandResult("report", report.filters, report.laureates, tuple(tables))


def _figures_table(report: Report) -> Table:
    columns = (
        Column("label", "Indicateur"),
        Column("text", "Enregistré"),
        Column("announced", "Annoncé"),
    )
    rows = tuple(
        {"label": f.label, "text": f.text, "announced": f.announced} for f in key_figures(report)
    )
    return Table("Chiffres clés", columns, rows)


_LAUREATE_COLUMNS = (
    Column("name", "Nom"),
    Column("commune", "Commune"),
    Column("department", "Dép."),
    Column("territory", "Territoire"),
    Column("wave", "Vague", CellKind.COUNT),
    Column("sectors", "Filières"),
    Column("funding_eur", "Financement", CellKind.EUR),
    Column("sources", "Sources"),
)


def _laureates_table(report: Report) -> Table:
    rows = tuple(_laureate_cells(row) for row in laureate_rows(report))
    caption = f"{len(rows)} lauréat(s) ; chaque fiche cite ses sources"
    return Table("Lauréats", _LAUREATE_COLUMNS, rows, caption=caption)


def _laureate_cells(row: LaureateRow) -> dict[str, object]:
    return {
        "name": row.name,
        "commune": row.commune,
        "department": row.department,
        "territory": row.territory,
        "wave": row.wave,
        "sectors": row.sectors,
        "funding_eur": row.funding_eur,
        "sources": " ".join(
            f"[{index}]({_link_target(source.url)})" for index, source in enumerate(row.sources, 1)
        ),
    }


def _link_target(url: str) -> str:
    """A URL safe inside `[text](url)`: brackets and spaces percent-encoded."""
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
