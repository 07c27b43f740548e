"""The registry's tables (`present.tables`) as one SQLite database, to query with SQL, open in
Datasette or DB Browser, or join to other data.

Each table is declared from its spec: typed columns, NOT NULL where a value is required, its
primary key, and a foreign key from every detail table to `laureats(id)` (checked while the rows go
in). The view `laureats_financements` gives each laureate's total and number of funding lines, as
the `financements` table adds them up: the join a reader would write first. `_tables` and
`_columns` hold the French titles and descriptions (and the data's licence), so that the file
explains itself without the data package beside it.

The same tables give the same bytes (with the same SQLite): the database is written in one
transaction into a fresh file, and nothing in it records when.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from manufactures.present.tables import DATA_LICENCE, Column, Row, TableSpec, cell_date

__all__ = ["sqlite_bytes"]

Tables = Sequence[tuple[TableSpec, list[Row]]]

# SQLite has no date type: dates are TEXT in ISO form (YYYY-MM-DD), which sorts and compares as
# dates do and which SQLite's date functions read; a CHECK keeps them so.
_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "date": "TEXT"}
_VIEW_COLUMNS = ("id", "name", "wave", "region", "region_nom", "department", "department_nom")
_METADATA = (
    """CREATE TABLE _tables (
  name TEXT NOT NULL PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  licence TEXT NOT NULL
)""",
    """CREATE TABLE _columns (
  table_name TEXT NOT NULL REFERENCES _tables (name),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  type TEXT NOT NULL,
  unit TEXT,
  PRIMARY KEY (table_name, name)
)""",
)


def sqlite_bytes(tables: Tables) -> bytes:
    """The SQLite database of `tables` (laureates first), as the bytes of its file."""
    # A file rather than `Connection.serialize()`: that needs an SQLite built with it.
    with tempfile.TemporaryDirectory(prefix="manuf-") as folder:
        path = Path(folder) / "registre.sqlite"
        with closing(sqlite3.connect(path, isolation_level=None)) as connection:
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("BEGIN")
            _write(connection, tables)
            connection.execute("COMMIT")
        return path.read_bytes()


def _write(connection: sqlite3.Connection, tables: Tables) -> None:
    """Each table, created then filled (laureates before the lines that refer to them), then the
    titles and descriptions (after the data, which a table list shows first), then the view."""
    for spec, rows in tables:
        connection.execute(_create_table(spec))
        names = spec.column_names
        connection.executemany(
            f"INSERT INTO {_quote(spec.name)} ({', '.join(map(_quote, names))}) "
            f"VALUES ({', '.join('?' for _ in names)})",
            ([cell_date(row.get(name)) for name in names] for row in rows),
        )
    for statement in _METADATA:
        connection.execute(statement)
    for spec, _ in tables:
        connection.execute(
            "INSERT INTO _tables VALUES (?, ?, ?, ?)",
            (spec.name, spec.title, spec.description, DATA_LICENCE["path"]),
        )
        connection.executemany(
            "INSERT INTO _columns VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (spec.name, position, c.name, c.title, c.description, c.type, c.unit)
                for position, c in enumerate(spec.columns, start=1)
            ),
        )
    view_columns = ", ".join(f"l.{_quote(name)}" for name in _VIEW_COLUMNS)
    # In the laureates' order, as the export gave them (--sort).
    connection.execute(
        f"CREATE VIEW laureats_financements AS SELECT {view_columns}, "
        "SUM(f.amount_eur) AS funding_total_eur, COUNT(f.line) AS funding_lines "
        "FROM laureats AS l LEFT JOIN financements AS f ON f.laureate_id = l.id "
        "GROUP BY l.id ORDER BY l.rowid"
    )


def _create_table(spec: TableSpec) -> str:
    """`CREATE TABLE` for `spec`: its columns, primary key and foreign key."""
    lines = [_column_sql(column) for column in spec.columns]
    lines.append(f"PRIMARY KEY ({', '.join(map(_quote, spec.primary_key))})")
    if spec.foreign_key:
        lines.append(f"FOREIGN KEY ({_quote(spec.foreign_key)}) REFERENCES laureats (id)")
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {_quote(spec.name)} (\n  {body}\n)"


def _column_sql(column: Column) -> str:
    name = _quote(column.name)
    sql = f"{name} {_SQL_TYPES[column.type]}"
    if column.required:
        sql += " NOT NULL"
    if column.type == "date":
        # `IS`, not `=`: a text SQLite cannot read as a date makes `date()` NULL, and a CHECK
        # that is NULL passes.
        sql += f" CHECK (date({name}) IS {name})"
    return sql


def _quote(name: str) -> str:
    """`name` as an SQL identifier (the specs' names are plain, but `line` and such are words)."""
    return '"' + name.replace('"', '""') + '"'
