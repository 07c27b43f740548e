"""`manuf export --format sqlite`: the database read back with `sqlite3` and sqlite-utils, its
schema held to the data package's, its rows and totals to the plain YAML records."""

from __future__ import annotations

import json
import os
import select
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from tests.conftest import DATA, REPO, run_cli
from tests.raw_yaml import DEMO, funding_total, raw_records

REGISTRIES = pytest.mark.parametrize("registry", [DATA, DEMO], ids=["data", "demo"])
TABLES = ["laureats", "financements", "sources", "porteurs", "incubation"]
SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "date": "TEXT"}
MANUF = [sys.executable, "-m", "manufactures"]


def _export(registry: Path, target: Path) -> Path:
    result = run_cli("--data", str(registry), "export", "--format", "sqlite", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return target


@contextmanager
def _database(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(path)) as connection:
        connection.row_factory = sqlite3.Row
        yield connection


def _resources(registry: Path, tmp_path: Path) -> list[dict[str, Any]]:
    """The data package's tables, what the database's schema must agree with."""
    package = tmp_path / "package"
    result = run_cli("--data", str(registry), "export", "-f", "datapackage", "-o", str(package))
    assert result.exit_code == 0, result.stderr
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    resources: list[dict[str, Any]] = descriptor["resources"]
    return resources


@REGISTRIES
def test_rows_are_the_records_and_their_lines(registry: Path, tmp_path: Path) -> None:
    records = raw_records(registry)
    with _database(_export(registry, tmp_path / "registre.db")) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counts = {name: db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in TABLES}
        ids = [row["id"] for row in db.execute("SELECT id FROM laureats ORDER BY rowid")]
    assert counts == {
        "laureats": len(records),
        "financements": sum(len(r.get("funding") or []) for r in records),
        "sources": sum(len(r["sources"]) for r in records),
        "porteurs": sum(len(r.get("carriers") or []) for r in records),
        "incubation": sum(len(r.get("incubation") or {}) for r in records),
    }
    assert ids == [r["id"] for r in records]


@REGISTRIES
def test_schema_is_the_data_packages(registry: Path, tmp_path: Path) -> None:
    with _database(_export(registry, tmp_path / "registre.db")) as db:
        for resource in _resources(registry, tmp_path):
            schema = resource["schema"]
            columns = db.execute(f"PRAGMA table_info({resource['name']})").fetchall()
            assert [(c["name"], c["type"]) for c in columns] == [
                (f["name"], SQL_TYPES[f["type"]]) for f in schema["fields"]
            ]
            required = {
                f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")
            }
            assert {c["name"] for c in columns if c["notnull"]} == required
            keys = sorted((c["pk"], c["name"]) for c in columns if c["pk"])
            assert [name for _, name in keys] == schema["primaryKey"]
            references = db.execute(f"PRAGMA foreign_key_list({resource['name']})").fetchall()
            assert [(r["from"], r["table"], r["to"]) for r in references] == [
                (key["fields"], key["reference"]["resource"], key["reference"]["fields"])
                for key in schema.get("foreignKeys", [])
            ]
            described = db.execute(
                "SELECT name, title, description FROM _columns WHERE table_name = ? "
                "ORDER BY position",
                (resource["name"],),
            ).fetchall()
            assert [tuple(row) for row in described] == [
                (f["name"], f["title"], f["description"]) for f in schema["fields"]
            ]


def test_values_keep_their_types(tmp_path: Path) -> None:
    records = {r["id"]: r for r in raw_records(DATA)}
    with _database(_export(DATA, tmp_path / "registre.db")) as db:
        rows = db.execute(
            "SELECT id, code_insee, typeof(code_insee) AS insee_type, labelled_on, latitude, "
            "typeof(latitude) AS latitude_type, funding_total_eur FROM laureats"
        ).fetchall()
        licences = {row[0] for row in db.execute("SELECT licence FROM _tables")}
    assert {row["id"]: row["code_insee"] for row in rows}["polinno"] == "07053"
    for row in rows:
        record = records[row["id"]]
        location = record.get("location") or {}
        assert row["code_insee"] == location.get("insee")
        assert row["insee_type"] == ("text" if "insee" in location else "null")
        assert row["latitude"] == location.get("lat")
        assert row["latitude_type"] == ("real" if "lat" in location else "null")
        assert row["labelled_on"] == (
            record.get("labelled_on") and record["labelled_on"].isoformat()
        )
        assert row["funding_total_eur"] == funding_total(record)
    assert licences == {"https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}


def test_keys_and_dates_are_enforced(tmp_path: Path) -> None:
    with _database(_export(DEMO, tmp_path / "registre.db")) as db:
        db.execute("PRAGMA foreign_keys = ON")
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            db.execute(
                "INSERT INTO financements (laureate_id, line, amount_eur) VALUES ('x', 1, 1)"
            )
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            db.execute("UPDATE laureats SET labelled_on = '08/12/2021'")
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            db.execute("INSERT INTO financements SELECT * FROM financements LIMIT 1")


@REGISTRIES
def test_the_view_adds_up_the_funding(registry: Path, tmp_path: Path) -> None:
    records = raw_records(registry)
    with _database(_export(registry, tmp_path / "registre.db")) as db:
        view = {
            row["id"]: (row["name"], row["funding_total_eur"], row["funding_lines"])
            for row in db.execute("SELECT * FROM laureats_financements")
        }
        (grand_total,) = db.execute("SELECT sum(funding_total_eur) FROM laureats_financements")
    assert view == {
        r["id"]: (r["name"], funding_total(r), len(r.get("funding") or [])) for r in records
    }
    assert (grand_total[0] or 0) == sum(funding_total(r) or 0 for r in records)


def test_the_view_keeps_the_exports_order(tmp_path: Path) -> None:
    target = tmp_path / "registre.db"
    args = ("--data", str(DEMO), "export", "-f", "sqlite", "--sort", "name", "-o", str(target))
    assert run_cli(*args).exit_code == 0
    with _database(target) as db:
        laureates = [row[0] for row in db.execute("SELECT id FROM laureats ORDER BY rowid")]
        view = [row[0] for row in db.execute("SELECT id FROM laureats_financements")]
    assert view == laureates != sorted(laureates)


def test_sqlite_utils_lists_the_tables(tmp_path: Path) -> None:
    records = raw_records(DEMO)
    database = sqlite_utils.Database(_export(DEMO, tmp_path / "registre.db"))
    counts = {table.name: table.count for table in database.tables}
    assert list(counts) == [*TABLES, "_tables", "_columns"]
    assert counts["laureats"] == len(records) and counts["_tables"] == len(TABLES)
    assert database.view_names() == ["laureats_financements"]
    assert [fk.other_table for fk in database["financements"].foreign_keys] == ["laureats"]


def _manuf(*args: str, tmp_path: Path, **options: Any) -> subprocess.CompletedProcess[bytes]:
    """`manuf` run as a shell runs it: this checkout's package, stdout wherever `options` say."""
    environment = {**os.environ, "PYTHONPATH": str(REPO / "src"), "MANUF_CACHE_DIR": str(tmp_path)}
    return subprocess.run([*MANUF, *args], env=environment, check=False, **options)  # type: ignore[call-overload,no-any-return]


def test_a_pipe_gets_the_same_bytes_as_a_file(tmp_path: Path) -> None:
    written = _export(DEMO, tmp_path / "registre.db").read_bytes()
    with (tmp_path / "piped.db").open("wb") as out:
        done = _manuf(
            "--data", str(DEMO), "export", "-f", "sqlite", stdout=out, stderr=subprocess.PIPE,
            tmp_path=tmp_path,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert (tmp_path / "piped.db").read_bytes() == written
    assert written.startswith(b"SQLite format 3\x00")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals on this system")
@pytest.mark.parametrize("output_format", ["sqlite", "xlsx"])
def test_a_terminal_is_refused(tmp_path: Path, output_format: str) -> None:
    terminal, screen = os.openpty()
    try:
        done = _manuf(
            "--data", str(DEMO), "export", "-f", output_format, stdout=screen,
            stderr=subprocess.PIPE, tmp_path=tmp_path,
        )  # fmt: skip
        shown = os.read(terminal, 4096) if select.select([terminal], [], [], 0)[0] else b""
    finally:
        os.close(screen)
        os.close(terminal)
    assert done.returncode == 2
    assert b"-o FILE" in done.stderr
    assert shown == b""
