"""The report as one self-contained HTML page: styles, charts and map inline, nothing to fetch.

The page loads nothing from anywhere: its Content-Security-Policy allows only its own inline
style and script (by hash), so a browser would refuse any other resource. The one script records
errors (a failed load, a refused resource, a script error) and marks `<body data-ok="true">` once
the page has loaded without any, which is what the browser test reads. Every text from the
registry goes through `html.escape`.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from html import escape
from pathlib import Path
from string import Template

from manufactures.analysis.stats import Group, count_by, department_dimension
from manufactures.present.result import CellKind, Column, Table
from manufactures.present.text import (
    NOT_ANNOUNCED,
    announced_text,
    cell_text,
    format_count,
    format_eur,
)
from manufactures.present.views import STATUS_LABELS
from manufactures.report.contents import (
    KeyFigure,
    LaureateRow,
    Report,
    filters_text,
    french_date,
    key_figures,
    laureate_rows,
    shown_tables,
)
from manufactures.report.france_map import load_france_map
from manufactures.report.mapview import SHADES, france_map
from manufactures.report.svg import STATUS_CLASSES, STATUS_COLOURS, Bar, bar_chart, heatmap
from manufactures.version import __version__

__all__ = ["TITLE", "render_html"]

TITLE = "Manufactures de proximité — état du registre"


def _asset(name: str) -> str:
    """A file beside this module (the page's stylesheet or script), as text.

    Found as `referentials.cog` finds its data: `importlib.resources` imports its readers and
    zipfile for a package that is never zipped.
    """
    return Path(__file__).with_name(name).read_text(encoding="utf-8")


STYLE = (
    _asset("page.css")
    + "".join(
        f".s{i} {{ fill: {colour}; background: {colour}; }}\n" for i, colour in enumerate(SHADES)
    )
    + "".join(
        f".{STATUS_CLASSES[key]} {{ fill: {colour}; background: {colour}; }}\n"
        for key, colour in STATUS_COLOURS.items()
    )
)

SCRIPT = _asset("page.js")

PAGE = Template(
    """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="$policy">
<meta name="generator" content="manuf $version">
<title>$title</title>
<style>$style</style>
<script>$script</script>
</head>
<body>
<main>
$body
</main>
</body>
</html>
"""
)


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


POLICY = (
    f"default-src 'none'; style-src {_hash(STYLE)}; script-src {_hash(SCRIPT)}; "
    "img-src 'none'; base-uri 'none'; form-action 'none'"
)


def render_html(report: Report) -> str:
    """The whole page as one string."""
    sections = (
        _header(report),
        _map_section(report),
        _distribution_section(report),
        _funding_section(report),
        _incubation_section(report),
        _coverage_section(report),
        _laureates_section(report),
        _footer(),
    )
    return PAGE.substitute(
        policy=POLICY,
        version=escape(__version__),
        title=escape(TITLE),
        style=STYLE,
        script=SCRIPT,
        body="\n".join(sections),
    )


_SECTIONS = (
    ("carte", "Carte"),
    ("repartition", "Répartition"),
    ("financement", "Financement"),
    ("incubation", "Incubation et accompagnement"),
    ("couverture", "Couverture du registre"),
    ("laureats", "Lauréats"),
)


def _header(report: Report) -> str:
    links = "".join(f'<li><a href="#{key}">{escape(label)}</a></li>' for key, label in _SECTIONS)
    figures = "".join(_figure(figure) for figure in key_figures(report))
    return (
        f"<header><h1>{escape(TITLE)}</h1>"
        f"<p>{escape(filters_text(report))} — registre « {escape(report.registry.root.name)} »"
        f", situation au {escape(french_date(report.as_of))}.</p>"
        "<p>Chaque chiffre est calculé à partir des fiches du registre ; les chiffres annoncés "
        "par le programme sont indiqués à côté, comme tels.</p>"
        f'<dl class="figures">{figures}</dl>'
        f'<nav aria-label="Sommaire"><ul>{links}</ul></nav></header>'
    )


def _figure(figure: KeyFigure) -> str:
    said = figure.announced
    if said and said != NOT_ANNOUNCED:
        said = f"annoncé : {said}"
    announced = f"<small>{escape(said)}</small>" if said else ""
    return (
        f'<div><dt>{escape(figure.label)}</dt><dd data-figure="{escape(figure.key)}" '
        f'data-value="{figure.value}">{escape(figure.text)}{announced}</dd></div>'
    )


def _section(key: str, title: str, content: str) -> str:
    return f'<section id="{key}"><h2>{escape(title)}</h2>{content}</section>'


def _map_section(report: Report) -> str:
    departments = department_dimension()
    counts = {
        group.key: group.count
        for group in count_by(report.laureates, departments)
        if isinstance(group.key, str)
    }
    figure = france_map(report.laureates, counts, departments.labels)
    shades = "".join(
        f'<li><span class="swatch s{shade}"></span>{escape(label)}</li>'
        for shade, label in figure.legend
    )
    note = (
        f"{format_count(figure.points)} lauréat(s) placé(s) d'après leurs coordonnées, "
        f"{format_count(figure.without_coordinates)} sans coordonnées enregistrées"
        + (f", {format_count(figure.off_map)} hors de la carte" if figure.off_map else "")
        + ". Départements teintés selon le nombre de lauréats qui y sont enregistrés ; "
        "outre-mer en encarts (échelles différentes)."
    )
    legend = f'<ul class="legend"><li><span class="swatch point"></span>lauréat</li>{shades}</ul>'
    return _section(
        "carte",
        "Carte",
        f"<figure>{figure.svg}<figcaption>{legend}{escape(note)}</figcaption></figure>",
    )


def _group_bars(groups: Iterable[Group]) -> list[Bar]:
    """A bar per group; the « not recorded » group only when it holds records."""
    return [
        Bar("" if g.key is None else str(g.key), g.label, g.count, g.announced)
        for g in groups
        if g.key is not None or g.count
    ]


_RECORDED_LEGEND = (
    '<ul class="legend"><li><span class="swatch recorded"></span>enregistrés</li>'
    '<li><span class="swatch announced"></span>annoncés par le programme</li></ul>'
)


def _chart(svg: str, title: str, caption: str = "", *, long: bool = False) -> str:
    """A titled chart; a `long` one may be split across printed pages."""
    opening = '<figure class="long">' if long else "<figure>"
    return f"{opening}<h3>{escape(title)}</h3>{svg}<figcaption>{caption}</figcaption></figure>"


def _distribution_section(report: Report) -> str:
    stats = report.stats_data
    charts = (
        _chart(
            bar_chart("territory", "Type de territoire", _group_bars(stats.by_territory)),
            "Type de territoire",
            _RECORDED_LEGEND,
        ),
        _chart(
            bar_chart("wave", "Vague de labellisation", _group_bars(stats.by_wave)),
            "Vague de labellisation",
            _RECORDED_LEGEND,
        ),
        _chart(
            bar_chart("sector", "Filière", _group_bars(stats.by_sector)),
            "Filière",
            escape("Un lauréat compte dans chacune de ses filières."),
        ),
    )
    return _section("repartition", "Répartition", f'<div class="grid">{"".join(charts)}</div>')


def _funding_section(report: Report) -> str:
    funding = report.funding_data
    groups = [g for g in funding.groups if g.records or g.recorded_eur]
    bars = [
        Bar("" if g.key is None else str(g.key), g.label, g.recorded_eur)
        for g in groups
        if g.key is not None or g.records
    ]
    chart = (
        _chart(
            bar_chart(
                "funding-region", "Financement enregistré par région", bars, formatter=format_eur
            ),
            "Financement enregistré par région",
            escape(
                "Somme des lignes de financement des fiches ; budget "
                + _announced_eur(funding.announced.budget_eur)
                + "."
            ),
        )
        if funding.total.recorded_eur
        else '<p class="note" data-chart="funding-region">Aucun financement enregistré dans '
        "cette sélection.</p>"
    )
    tables = "".join(html_table(table) for table in shown_tables(report.funding))
    return _section("financement", "Financement", chart + tables)


def _incubation_section(report: Report) -> str:
    progress = report.progress_data
    modules = report.registry.vocabulary.modules
    followed = [row for row in progress.laureates if any(row.modules.values())]
    if followed:
        legend = "".join(
            f'<li><span class="swatch {STATUS_CLASSES[key]}"></span>{escape(label)}</li>'
            for key, label in STATUS_LABELS.items()
        )
        numbered = "".join(
            f"<li>{index} {escape(label)}</li>" for index, label in enumerate(modules.values(), 1)
        )
        grid = _chart(
            heatmap(followed, modules),
            "Incubation : lauréats × modules",
            f'<ul class="legend">{legend}</ul><ul class="legend">{numbered}</ul>'
            + escape(
                f"{len(followed)} lauréat(s) avec un suivi d'incubation enregistré, sur "
                f"{progress.records}."
            ),
            long=True,
        )
    else:
        grid = (
            '<p class="note" data-chart="heatmap">Aucun suivi d\'incubation enregistré dans '
            "cette sélection.</p>"
        )
    tables = "".join(
        html_table(table) for table in shown_tables(report.progress) if not _is_status_grid(table)
    )
    return _section(
        "incubation",
        "Incubation et accompagnement",
        grid + tables,
    )


def _coverage_section(report: Report) -> str:
    total = report.coverage_data.total
    recorded = f"{format_count(total.count)} lauréat(s) enregistré(s)"
    gap = (
        f"{recorded} ; nombre de lauréats {NOT_ANNOUNCED}"
        if total.announced is None or total.missing is None
        else f"{recorded} sur {format_count(total.announced)} annoncés : "
        f"{format_count(total.missing)} restent à enregistrer"
    )
    intro = (
        f'<p data-figure="coverage.total.missing" data-value="{_value(total.missing)}">'
        f"{escape(gap)}. Ce que le registre ne sait pas encore :</p>"
    )
    tables = "".join(html_table(table) for table in shown_tables(report.coverage))
    return _section("couverture", "Couverture du registre", intro + tables)


def _announced_eur(amount: int | None) -> str:
    return announced_text(amount, format_eur, prefix="annoncé : ")


def _value(number: int | None) -> str:
    """A figure for a `data-value` attribute: empty when there is none."""
    return "" if number is None else str(number)


def _is_status_grid(table: Table) -> bool:
    """The laureate × module matrix, which the heatmap draws."""
    return any(column.kind is CellKind.STATUS for column in table.columns)


def html_table(table: Table) -> str:
    """A `Table` of a command's result as an HTML table, figures formatted as on screen."""
    head = "".join(
        f'<th scope="col" class="{_align(c)}">{escape(c.header)}</th>' for c in table.columns
    )
    body = "".join(
        "<tr>" + "".join(_cell(cell_text(row.get(c.key), c), c) for c in table.columns) + "</tr>"
        for row in table.rows
    )
    caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
    if not table.rows:
        note = f'<p class="note">Aucun. {escape(table.caption or "")}</p>'
        return f"<h3>{escape(table.title)}</h3>{note}"
    return (
        f"<h3>{escape(table.title)}</h3>"
        f'<div class="table-wrap"><table>{caption}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _cell(text: str, column: Column) -> str:
    # Short texts (dates, codes) never wrap; long ones (lists of modules) do.
    short = " short" if len(text) <= SHORT_CELL else ""
    return f'<td class="{_align(column)}{short}">{escape(text)}</td>'


SHORT_CELL = 16


_NUMERIC = frozenset({CellKind.COUNT, CellKind.EUR, CellKind.PERCENT})


def _align(column: Column) -> str:
    if column.kind in _NUMERIC:
        return "num"
    return "status" if column.kind is CellKind.STATUS else "text"


_LAUREATE_HEADERS = (
    ("Nom", "text"),
    ("Commune", "text"),
    ("Dép.", "text"),
    ("Territoire", "text"),
    ("Vague", "num"),
    ("Filières", "text"),
    ("Financement", "num"),
    ("Sources", "text"),
)


def _laureates_section(report: Report) -> str:
    rows = laureate_rows(report)
    head = "".join(
        f'<th scope="col" class="{kind}">{escape(h)}</th>' for h, kind in _LAUREATE_HEADERS
    )
    body = "".join(_laureate_row(row) for row in rows)
    table = (
        f'<div class="table-wrap"><table class="laureates" data-rows="{len(rows)}">'
        f"<caption>{escape(format_count(len(rows)))} lauréat(s) ; chaque fiche cite ses "
        f"sources.</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )
    return _section("laureats", "Lauréats", table)


def _laureate_row(row: LaureateRow) -> str:
    name = escape(row.name)
    if row.website:
        name = f'<a href="{escape(row.website)}" rel="noopener noreferrer">{name}</a>'
    cells = (
        (name, "text"),
        (escape(row.commune or "–"), "text"),
        (escape(row.department or "–"), "text"),
        (escape(row.territory or "–"), "text"),
        (escape(format_count(row.wave)), "num"),
        (escape(row.sectors or "–"), "text"),
        (escape(format_eur(row.funding_eur)), "num"),
        (_source_links(row), "text sources"),
    )
    tds = "".join(f'<td class="{kind}">{html}</td>' for html, kind in cells)
    return f'<tr data-id="{escape(row.id)}">{tds}</tr>'


def _source_links(row: LaureateRow) -> str:
    return " ".join(
        f'<a class="source" href="{escape(source.url)}" rel="noopener noreferrer" '
        f'title="{escape(source.note or source.url)}">[{index}]</a>'
        for index, source in enumerate(row.sources, start=1)
    )


def _footer() -> str:
    credits = " ; ".join(
        f"{source.attribution} (npm {source.package} {source.version})"
        for source in load_france_map().sources
    )
    return (
        f"<footer><p>Produit par manuf {escape(__version__)}. Fond de carte : "
        f"{escape(credits)}.</p></footer>"
    )
