"""Renderers of a `CommandResult`: table (rich), json, jsonl, csv, markdown."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from pydantic_core import to_json

from manufactures.present.flat import csv_header, flatten, plain_text
from manufactures.present.result import CellKind, CommandResult, Table
from manufactures.present.text import cell_text

__all__ = [
    "RENDERERS",
    "Renderer",
    "neutralise_formula",
    "write_json",
]

Renderer = Callable[..., None]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_json(value: Any, out: TextIO) -> None:
    """Write `value` as one JSON document indented by 2 (`json.dumps(…, indent=2)`'s text) and a
    line feed, piece by piece: the envelope and each item of its lists are serialised apart, so
    that 10 000 records never stand as one 20 MB text in memory.

    JSON is UTF-8 by definition: the bytes go straight to the stream's binary buffer when it has
    one, rather than through Python strings.
    """
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
    write = buffer.write if buffer is not None else (lambda data: out.write(data.decode()))
    for piece in _json_pieces(value, 0):
        write(piece)
    write(b"\n")
    if buffer is not None:
        buffer.flush()


def _json_pieces(value: Any, level: int) -> Iterator[bytes]:
    """The JSON text of `value` at nesting `level`, the two outer levels taken apart."""
    if level >= 2 or not value or not isinstance(value, dict | list):
        yield to_json(value, indent=2).replace(b"\n", b"\n" + b"  " * level)
        return
    pad = b"  " * (level + 1)
    items = value.items() if isinstance(value, dict) else ((None, item) for item in value)
    yield b"{\n" if isinstance(value, dict) else b"[\n"
    for index, (key, item) in enumerate(items):
        yield b",\n" + pad if index else pad
        if key is not None:
            yield to_json(str(key)) + b": "
        yield from _json_pieces(item, level + 1)
    yield b"\n" + b"  " * level + (b"}" if isinstance(value, dict) else b"]")


def render_json(result: CommandResult, out: TextIO, **_: Any) -> None:
    """The whole envelope as one JSON document."""
    write_json(result.envelope(), out)


def render_jsonl(result: CommandResult, out: TextIO, **_: Any) -> None:
    """One JSON object per line: the items of `data`.

    Each line is `json.dumps(item, ensure_ascii=False)`'s text with compact separators, written
    by pydantic-core's serialiser as `write_json`'s is.
    """
    for item in result.stream_items():
        out.write(to_json(item).decode())
        out.write("\n")


def neutralise_formula(value: Any) -> Any:
    """Prefix a cell a spreadsheet would run as a formula with `'` (OWASP CSV injection advice)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def render_csv(result: CommandResult, out: TextIO, *, excel: bool = False, **_: Any) -> None:
    """RFC 4180 CSV of the items (or `;` and a BOM with `excel`), formula cells neutralised."""
    rows = [flatten(item) for item in result.stream_items()]
    header = csv_header(rows, result.columns)
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(_csv_cell(row.get(key)) for key in header)


def _csv_cell(value: Any) -> Any:
    return neutralise_formula(
        plain_text(value) if value is None or isinstance(value, bool) else value
    )


def _markdown_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


_MARKDOWN_ALIGN = {CellKind.TEXT: "---", CellKind.CODE: "---", CellKind.STATUS: ":---:"}


def _markdown_table(table: Table) -> Iterable[str]:
    yield f"### {_markdown_escape(table.title)}"
    yield ""
    headers = [_markdown_escape(c.header or " ") for c in table.columns]
    yield "| " + " | ".join(headers) + " |"
    yield "|" + "|".join(_MARKDOWN_ALIGN.get(c.kind, "---:") for c in table.columns) + "|"
    for row in table.rows:
        cells = [_markdown_escape(cell_text(row.get(c.key), c)) for c in table.columns]
        yield "| " + " | ".join(cells) + " |"
    if table.caption:
        yield ""
        yield f"_{_markdown_escape(table.caption)}_"
    yield ""


def render_markdown(result: CommandResult, out: TextIO, **_: Any) -> None:
    """GitHub-flavoured Markdown: a heading per table."""
    if result.headline:
        out.write(f"**{_markdown_escape(result.headline)}**\n\n")
    for table in result.tables:
        out.write("\n".join(_markdown_table(table)) + "\n")


def render_table(
    result: CommandResult, out: TextIO, *, color: bool = False, width: int | None = None, **_: Any
) -> None:
    """Rich tables with small bar charts; colour only when asked."""
    # Deferred: rich takes ~30 ms to import, which the data formats do not need.
    from manufactures.render.console import print_tables

    print_tables(result, out, color=color, width=width)


RENDERERS: dict[str, Renderer] = {
    "table": render_table,
    "json": render_json,
    "jsonl": render_jsonl,
    "csv": render_csv,
    "markdown": render_markdown,
}
