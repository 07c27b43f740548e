"""`manuf report`: a self-contained page and Markdown whose figures are the commands' own."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from manufactures.present.text import format_count, format_eur, format_percent
from manufactures.report.france_map import load_france_map
from tests.conftest import DATA, copy_registry, run_cli
from tests.raw_yaml import DEMO

REGISTRIES = pytest.mark.parametrize("registry", [DATA, DEMO], ids=["data", "demo"])
AS_OF = "2023-06-30"
URL = re.compile(r"(?:https?:)?//[^\s\"'<>)]+", re.IGNORECASE)

HOSTILE_NAME = '<script>alert("nom")</script></title><img src=x onerror=alert(1)> & Cie'
HOSTILE_URL = 'https://example.org/"><script>alert("url")</script>'
HOSTILE_RECORD = f"""\
id: hostile
name: '{HOSTILE_NAME}'
wave: 1
territory: rural
location:
  commune: Privas
  department: "07"
  lat: 44.5
  lon: 4.3
sources:
  - url: '{HOSTILE_URL}'
    note: '" onmouseover="alert(1)'
"""


# Reading a page: its elements, texts, tables, and where addresses appear.


@dataclass
class Page(HTMLParser):
    """What a test needs of a page: every element, the text, tables under their titles."""

    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    tables: dict[str, list[list[str]]] = field(default_factory=dict)
    styles: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    """The `href` of every link."""
    tooltips: list[str] = field(default_factory=list)
    _title: str = ""
    _heading: bool = False
    _table: list[list[str]] | None = None
    _cell: list[str] | None = None
    _style: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.elements.append((tag, values))
        if tag == "a":
            self.links.append(values.get("href", ""))
            self.tooltips.append(values.get("title", ""))
        if tag == "h2":
            self._title = ""
        elif tag == "h3":
            self._heading, self._title = True, ""
        elif tag == "table":
            self._table = []
            self.tables[self._title] = self._table
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th"):
            self._cell = []
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3":
            self._heading = False
        elif tag in ("td", "th") and self._cell is not None and self._table is not None:
            self._table[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None
        self._style = False

    def handle_data(self, data: str) -> None:
        if self._style:
            self.styles.append(data)
            return
        self.texts.append(data)
        if self._heading:
            self._title += data
        if self._cell is not None:
            self._cell.append(data)

    def all(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        """The attributes of every `tag` element having the `wanted` attribute values."""
        return [
            attrs
            for name, attrs in self.elements
            if name == tag and all(attrs.get(k.replace("_", "-")) == v for k, v in wanted.items())
        ]

    def table(self, prefix: str) -> list[list[str]]:
        """The rows (header first) of the table whose title starts with `prefix`."""
        (rows,) = [rows for title, rows in self.tables.items() if title.startswith(prefix)]
        return rows


def parse_page(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def report_html(registry: Path, *args: str) -> str:
    result = run_cli("--data", str(registry), "report", "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def command_data(registry: Path, *args: str) -> Any:
    result = run_cli("--data", str(registry), *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["data"]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A registry whose record tries markup and script in its name and its source."""
    root = copy_registry(tmp_path / "hostile", records=("polinno",))
    (root / "laureates" / "hostile.yaml").write_text(HOSTILE_RECORD, encoding="utf-8")
    assert run_cli("--data", str(root), "validate").exit_code == 0
    return root


# One laureate in each overseas department (fictitious, at its prefecture's town hall).
OVERSEAS = (
    ("971", "01", "97105", "Basse-Terre", "97100", 15.9985, -61.7261),
    ("972", "02", "97209", "Fort-de-France", "97200", 14.6161, -61.0588),
    ("973", "03", "97302", "Cayenne", "97300", 4.9372, -52.3260),
    ("974", "04", "97411", "Saint-Denis", "97400", -20.8821, 55.4504),
    ("976", "06", "97611", "Mamoudzou", "97600", -12.7806, 45.2278),
)


@pytest.fixture
def overseas(tmp_path: Path) -> Path:
    """The real registry plus a laureate in each overseas department."""
    records = [path.stem for path in (DATA / "laureates").glob("*.yaml")]
    root = copy_registry(tmp_path / "overseas", records=records)
    for department, region, insee, commune, postal_code, lat, lon in OVERSEAS:
        (root / "laureates" / f"outre-mer-{department}.yaml").write_text(
            f"id: outre-mer-{department}\nname: Atelier de {commune}\nlocation:\n"
            f"  commune: {commune}\n  insee: '{insee}'\n  department: '{department}'\n"
            f"  region: '{region}'\n  postal_code: '{postal_code}'\n  lat: {lat}\n  lon: {lon}\n"
            "sources:\n  - url: https://example.org/fictif\n",
            encoding="utf-8",
        )
    check = run_cli("--data", str(root), "validate")
    assert check.exit_code == 0, check.stdout
    return root


# A page that needs nothing but itself.


@REGISTRIES
def test_the_page_loads_nothing_from_anywhere(registry: Path) -> None:
    html = report_html(registry)
    page = parse_page(html)
    loading = {"link", "img", "iframe", "object", "embed", "audio", "video", "source", "image"}
    assert [tag for tag, _ in page.elements if tag in loading] == []
    for tag, attrs in page.elements:
        for name in ("src", "srcset", "data", "poster", "action", "xlink:href", "background"):
            assert name not in attrs, (tag, name)
        if "href" in attrs and tag != "a":
            pytest.fail(f"<{tag} href>")
        if tag == "a":
            assert attrs["href"].startswith(("http://", "https://", "#")), attrs["href"]
    style = "".join(page.styles)
    assert "url(" not in style and "@import" not in style
    # Every address in the file is a link to a source (or its tooltip), or plain text.
    addresses = len(URL.findall(html))
    in_links = sum(len(URL.findall(value)) for value in page.links + page.tooltips)
    in_text = sum(len(URL.findall(text)) for text in page.texts)
    assert addresses == in_links + in_text
    assert in_links > 0


@REGISTRIES
def test_the_page_forbids_loading_anything_else(registry: Path) -> None:
    page = parse_page(report_html(registry))
    (policy,) = page.all("meta", http_equiv="Content-Security-Policy")
    directives = dict(d.strip().split(" ", 1) for d in policy["content"].split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["img-src"] == "'none'"
    assert directives["script-src"].startswith("'sha256-")
    assert len(page.all("script")) == 1


def test_the_page_is_french_responsive_and_printable() -> None:
    html = report_html(DEMO)
    page = parse_page(html)
    assert page.all("html", lang="fr")
    assert page.all("meta", name="viewport")
    style = "".join(page.styles)
    assert "@media print" in style and "@media (max-width: 600px)" in style
    titles = [attrs.get("id") for attrs in page.all("section")]
    assert titles == ["carte", "repartition", "financement", "incubation", "couverture", "laureats"]


def test_markup_in_the_records_is_shown_as_text(hostile: Path) -> None:
    html = report_html(hostile)
    page = parse_page(html)
    assert len(page.all("script")) == 1
    assert page.all("img") == []
    assert [attrs for _, attrs in page.elements if any(k.startswith("on") for k in attrs)] == []
    assert HOSTILE_NAME in "".join(page.texts)
    assert "&lt;script&gt;alert(&quot;nom&quot;)&lt;/script&gt;&lt;/title&gt;" in html
    (link,) = [href for href in page.links if href.startswith("https://example.org")]
    assert link == HOSTILE_URL


def test_markup_in_the_records_stays_text_in_markdown(hostile: Path) -> None:
    text = report_html(hostile, "--format", "markdown")
    assert "<script>" not in text
    assert '&lt;script>alert("nom")&lt;/script>&lt;/title>&lt;img' in text


# Figures: the commands' own.


def _bars(page: Page, chart: str) -> list[dict[str, str]]:
    start = next(i for i, (tag, a) in enumerate(page.elements) if a.get("data-chart") == chart)
    bars = []
    for tag, attrs in page.elements[start + 1 :]:
        if tag == "svg":
            break
        if tag == "g" and "data-value" in attrs:
            bars.append(attrs)
    return bars


def _expected_bars(groups: list[dict[str, Any]], value: str = "count") -> list[dict[str, str]]:
    rows = []
    for group in groups:
        if group["key"] is None and not group.get("records", group[value]):
            continue
        row = {"data-key": "" if group["key"] is None else str(group["key"])}
        row["data-value"] = str(group[value])
        if group.get("announced") is not None and value == "count":
            row["data-announced"] = str(group["announced"])
        rows.append(row)
    return rows


def _plain(bars: list[dict[str, str]]) -> list[dict[str, str]]:
    keys = ("data-key", "data-value", "data-announced")
    return [{k: bar[k] for k in keys if k in bar} for bar in bars]


@REGISTRIES
def test_charts_show_the_figures_of_stats(registry: Path) -> None:
    page = parse_page(report_html(registry))
    stats = command_data(registry, "stats")
    for chart, groups in (
        ("territory", stats["by_territory"]),
        ("wave", stats["by_wave"]),
        ("sector", stats["by_sector"]),
    ):
        assert _plain(_bars(page, chart)) == _expected_bars(groups), chart
    figures = {a["data-figure"]: int(a["data-value"]) for a in page.all("dd")}
    assert figures["total.count"] == stats["total"]["count"]
    assert figures["funding.recorded_eur"] == stats["funding"]["recorded_eur"]
    assert figures["funding.records_with_funding"] == stats["funding"]["records_with_funding"]


@REGISTRIES
def test_funding_shows_the_figures_of_funding_by_region(registry: Path) -> None:
    page = parse_page(report_html(registry))
    funding = command_data(registry, "funding", "--by", "region")
    if funding["total"]["recorded_eur"]:
        expected = [g for g in funding["groups"] if g["records"]]
        assert _plain(_bars(page, "funding-region")) == _expected_bars(expected, "recorded_eur")
    else:
        assert page.all("p", data_chart="funding-region")
    rows = page.table("Financements enregistrés par région")
    shown = {row[0]: row[1:] for row in rows[1:]}
    for group in [*funding["groups"], funding["total"]]:
        if group["records"]:
            assert shown[group["label"]][:3] == [
                format_count(group["records"]),
                format_count(group["records_with_funding"]),
                format_eur(group["recorded_eur"]),
            ]
        else:
            assert group["label"] not in shown


@REGISTRIES
def test_incubation_shows_the_figures_of_progress(registry: Path) -> None:
    page = parse_page(report_html(registry))
    progress = command_data(registry, "progress", "--as-of", AS_OF)
    figures = {a["data-figure"]: int(a["data-value"]) for a in page.all("dd")}
    assert figures["progress.records_with_progress"] == progress["records_with_progress"]
    assert figures["progress.lagging"] == len(progress["lagging"])
    ongoing = [g["count"] for g in progress["support"] if g["key"] == "ongoing"]
    assert [figures["progress.support.ongoing"]] == ongoing
    cells = Counter(
        (a["data-module"], a["data-status"]) for a in page.all("rect") if "data-module" in a
    )
    for module in progress["modules"]:
        for status in ("done", "done_later", "in_progress", "not_started"):
            assert cells[module["key"], status] == module[status], (module["key"], status)
    assert len(page.all("g", **{"class": "laureate"})) == progress["records_with_progress"]
    rates = {row[0]: row[-1] for row in page.table("Achèvement par module")[1:]}
    assert rates == {m["label"]: format_percent(m["completion_rate"]) for m in progress["modules"]}
    support = {row[0]: row[1] for row in page.table("Accompagnement au")[1:]}
    assert support == {g["label"]: format_count(g["count"]) for g in progress["support"]}


def test_heatmap_shows_modules_completed_after_the_day_as_progress_counts_them() -> None:
    day = "2022-09-01"  # among the demo's completion dates
    result = run_cli("--data", str(DEMO), "report", "--as-of", day)
    assert result.exit_code == 0, result.stderr
    page = parse_page(result.stdout)
    progress = command_data(DEMO, "progress", "--as-of", day)
    later = Counter(
        a["data-module"] for a in page.all("rect") if a.get("data-status") == "done_later"
    )
    assert sum(later.values()) > 0
    assert later == {m["key"]: m["done_later"] for m in progress["modules"] if m["done_later"]}
    assert "terminé après cette date" in page.texts
    rates = {row[0]: row[-1] for row in page.table("Achèvement par module")[1:]}
    assert rates == {m["label"]: format_percent(m["completion_rate"]) for m in progress["modules"]}


def test_heatmap_names_are_whole() -> None:
    """Every followed laureate's name is shown as it is, never cut with « … »."""
    html = report_html(DEMO)
    start = html.index('data-chart="heatmap"')
    heatmap = html[start : html.index("</svg>", start)]
    labels = re.findall(r'<text class="label"[^>]*>([^<]*)<title>([^<]*)</title>', heatmap)
    assert labels and all(shown == whole for shown, whole in labels)
    longest = max(len(whole) for _, whole in labels)
    assert longest > 38  # the demo has names the old 38-character cut shortened


def test_chart_text_stays_legible_on_a_400_px_phone() -> None:
    """Text is 13 px in a chart's own units; the page never draws a bar chart narrower than its
    minimum width, and draws the heatmap at its own size, so on a 400 px screen (the figure
    scrolls sideways if it must) text is rendered at 11 px or more."""
    css = (Path(__file__).parents[1] / "src/manufactures/report/page.css").read_text("utf-8")
    assert re.search(r"svg text \{ font: 13px", css)
    minimum = float(re.search(r"svg\.chart \{[^}]*min-width: (\d+)px", css).group(1))  # type: ignore[union-attr]
    assert re.search(r"figure \{[^}]*overflow-x: auto", css)
    html = report_html(DEMO)
    for width in re.findall(r'<svg class="chart" [^>]*viewBox="0 0 (\d+) ', html):
        assert 13 * minimum / float(width) >= 11
    heatmap = re.search(
        r'<svg class="chart heatmap"[^>]*width="(\d+)"[^>]*viewBox="0 0 (\d+) ', html
    )
    assert heatmap and heatmap.group(1) == heatmap.group(2)  # drawn at its own size: 13 px
    assert re.search(r"svg\.heatmap \{[^}]*width: auto", css)


@REGISTRIES
def test_coverage_shows_the_figures_of_coverage(registry: Path) -> None:
    page = parse_page(report_html(registry))
    coverage = command_data(registry, "coverage")
    (missing,) = page.all("p", data_figure="coverage.total.missing")
    assert int(missing["data-value"]) == coverage["total"]["missing"]
    fields = {row[0]: row[2] for row in page.table("Champs renseignés")[1:]}
    assert fields == {f["field"]: format_count(f["count"]) for f in coverage["fields"]}
    incomplete = page.table("Fiches incomplètes")[1:] if coverage["incomplete"] else []
    assert [row[0] for row in incomplete] == [r["id"] for r in coverage["incomplete"]]


@REGISTRIES
def test_the_map_shows_each_located_laureate_and_department_counts(registry: Path) -> None:
    page = parse_page(report_html(registry))
    records = command_data(registry, "list")
    located = [r["id"] for r in records if "lat" in r.get("location", {})]
    (svg,) = page.all("svg", data_chart="map")
    assert int(svg["data-points"]) == len(located)
    assert sorted(a["data-id"] for a in page.all("circle")) == sorted(located)
    by_department = command_data(registry, "stats", "--by", "department")["groups"]
    shown = {a["data-department"]: int(a["data-count"]) for a in page.all("path")}
    assert len(shown) == 101
    expected = {g["key"]: g["count"] for g in by_department if g["key"] in shown}
    assert {k: shown[k] for k in expected} == expected


def test_overseas_laureates_are_points_in_their_inset(overseas: Path) -> None:
    page = parse_page(report_html(overseas))
    points = {a["data-id"]: (float(a["cx"]), float(a["cy"])) for a in page.all("circle")}
    frames = load_france_map().frames
    for department, *_ in OVERSEAS:
        x, y, width, height = frames[department].box
        cx, cy = points[f"outre-mer-{department}"]
        assert x < cx < x + width and y < cy < y + height, department
    shaded = {a["data-department"]: a["class"] for a in page.all("path")}
    assert all(shaded[department] != "s0" for department, *_ in OVERSEAS)


@REGISTRIES
def test_every_laureate_is_listed_with_its_sources(registry: Path) -> None:
    page = parse_page(report_html(registry))
    records = command_data(registry, "list")
    (table,) = page.all("table", **{"class": "laureates"})
    assert int(table["data-rows"]) == len(records)
    assert sorted(a["data-id"] for a in page.all("tr") if "data-id" in a) == sorted(
        r["id"] for r in records
    )
    sources = [s["url"] for r in records for s in r["sources"]]
    shown = [a["href"] for a in page.all("a", **{"class": "source"})]
    assert Counter(shown) == Counter(sources)


def test_filters_select_the_laureates_and_are_said() -> None:
    page = parse_page(report_html(DEMO, "--territory", "rural", "--wave", "3"))
    stats = command_data(DEMO, "stats", "--territory", "rural", "--wave", "3")
    figures = {a["data-figure"]: int(a["data-value"]) for a in page.all("dd")}
    assert figures["total.count"] == stats["total"]["count"] > 0
    assert "Sélection : territoire Zone rurale ; vague 3" in "".join(page.texts)


# Markdown: the same figures, as tables.


def markdown_tables(text: str) -> dict[str, list[list[str]]]:
    """Every GFM table under its `###` title (after its `##` section and a `/`, when it has
    one), checked well formed: a header, a delimiter row, as many cells in every row."""
    tables: dict[str, list[list[str]]] = {}
    title = section = ""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("## "):
            section = line[3:] + "/"
        if line.startswith("### "):
            title = section + line[4:]
        if line.startswith("|"):
            block = []
            while index < len(lines) and lines[index].startswith("|"):
                block.append(_cells(lines[index]))
                index += 1
            assert len(block) >= 2, title
            header, delimiter, *rows = block
            assert all(re.fullmatch(r":?-{3,}:?", cell) for cell in delimiter), title
            assert all(len(row) == len(header) == len(delimiter) for row in rows), title
            assert title not in tables, f"two tables titled {title}"
            tables[title] = [header, *rows]
            continue
        index += 1
    return tables


def _cells(line: str) -> list[str]:
    assert line.startswith("|") and line.endswith("|"), line
    cells = re.split(r"(?<!\\)\|", line[1:-1])
    return [cell.strip().replace("\\|", "|") for cell in cells]


@REGISTRIES
def test_markdown_is_tables_with_the_commands_figures(registry: Path) -> None:
    text = report_html(registry, "--format", "markdown")
    tables = markdown_tables(text)
    stats = command_data(registry, "stats")
    territory = {row[0]: row[1] for row in tables["Vue d'ensemble/Type de territoire"][1:]}
    assert territory == {g["label"]: format_count(g["count"]) for g in stats["by_territory"]}
    figures = {row[0]: row[1] for row in tables["Chiffres clés"][1:]}
    assert figures["Lauréats enregistrés"] == format_count(stats["total"]["count"])
    coverage = command_data(registry, "coverage")
    fields = {row[0]: row[2] for row in tables["Couverture du registre/Champs renseignés"][1:]}
    assert fields == {f["field"]: format_count(f["count"]) for f in coverage["fields"]}
    laureates = tables["Les lauréats/Lauréats"][1:]
    assert len(laureates) == stats["total"]["count"]
    assert all(re.fullmatch(r"(\[\d+\]\(https?://\S+\) ?)+", row[-1]) for row in laureates)
    assert "<svg" not in text and "Carte" not in text


def test_markdown_holds_every_table_of_the_commands() -> None:
    report = markdown_tables(report_html(DEMO, "--format", "markdown"))
    titles = {title.rpartition("/")[2] for title in report}
    for command in (
        ("stats",),
        ("funding", "--by", "region"),
        ("progress", "--as-of", AS_OF),
        ("coverage",),
    ):
        result = run_cli("--data", str(DEMO), *command, "--format", "markdown")
        assert set(markdown_tables(result.stdout)) <= titles, command


# The command.


def test_output_file_and_message(tmp_path: Path) -> None:
    target = tmp_path / "rapport.html"
    result = run_cli("--data", str(DEMO), "report", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"manuf: wrote {target}\n"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_unwritable_output_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("--data", str(DEMO), "report", "-o", str(tmp_path / "missing" / "r.html"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_unknown_filter_value_is_a_usage_error() -> None:
    result = run_cli("--data", str(DEMO), "report", "--territory", "urbain")
    assert result.exit_code == 2
    assert "unknown value `urbain`" in result.stderr


def test_help_has_examples() -> None:
    result = run_cli("report", "--help")
    assert result.exit_code == 0
    assert "manuf report -o rapport.html" in result.stdout
    assert "--format" in result.stdout and "--as-of" in result.stdout
