"""Atomic publication of the marts into the read-only DuckDB file that BI tools open.

The new version is written to a temporary file beside the published one and renamed over it.
A rename within one folder is atomic: a reader opening the path gets the old complete file or
the new complete file, and a reader that already has the old file open keeps reading it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from dagster_project.lib.dagster.asset_metadata import describe_tables
from dagster_project.lib.warehouse.sql import sql_identifier, sql_string

# BI drivers embed older DuckDB releases (1.0 and later); pinning the storage format keeps the
# published file readable by them when this project moves to a newer DuckDB.
PUBLISHED_FILE_CONFIG = {"storage_compatibility_version": "v1.0.0"}


@dataclass(frozen=True)
class PublishedTable:
    name: str
    row_count: int
    # (name, DuckDB type) of each column, in order
    columns: tuple[tuple[str, str], ...]
    # Rows of each as-of date, for a table with an as_of_date column (empty for the others)
    rows_by_as_of_date: dict[date, int] = field(default_factory=dict)

    @property
    def is_per_as_of_date(self) -> bool:
        return any(column == AS_OF_COLUMN for column, _ in self.columns)

    def rows_of(self, as_of: date) -> int:
        """The table's rows for one as-of date; all of them for a table across dates."""
        if not self.is_per_as_of_date:
            return self.row_count
        return self.rows_by_as_of_date.get(as_of, 0)


AS_OF_COLUMN = "as_of_date"
# Amounts in the reporting currency are published rounded to cents, as exact decimals: a BI tool
# shows 10358571.74, not the double 10358571.743104 the models compute with.
MONEY_TYPE = "DECIMAL(18,2)"  # as DuckDB names it in duckdb_columns()
MONEY_NOTE = "Rounded to cents."
# One view per per-date table, restricted to the file's latest as-of date, so that a BI question
# about today need not start with `where as_of_date = (select max(as_of_date) ...)`.
LATEST_SCHEMA = "latest"


@dataclass(frozen=True)
class TableDescription:
    """What a published table holds, and each of its columns: written into the file as DuckDB
    comments, so a BI tool shows them (DBeaver, `duckdb_tables()`, `duckdb_columns()`)."""

    table: str
    columns: Mapping[str, str] = field(default_factory=dict)


# The publish step writes this table itself; its description lives here, beside the code.
PUBLICATION_INFO = TableDescription(
    "Facts about this version of the file, one key/value pair per row: when and by which run it "
    "was published, the reporting currency of every amount, the score scale, the window in "
    "months, the scoring configuration's version, each criterion's weight (weight_<criterion>), "
    "the first tier's name, minimum score and maximum number of accounts, the incumbent's "
    "margin, the completeness floor of the first tier, the score splitting the KAISM matrix's "
    "axes, and the first and latest as-of dates.",
    {"key": "What the row states, e.g. reporting_currency.", "value": "Its value, as text."},
)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def publish_tables(
    warehouse: Path,
    published: Path,
    tables: Mapping[str, str],
    publication_info: Mapping[str, str] | None = None,
    descriptions: Mapping[str, TableDescription] | None = None,
    money_columns: Mapping[str, Collection[str]] | None = None,
) -> list[PublishedTable]:
    """Copy `tables` (published name → warehouse relation) into a new file, then swap it in,
    with the `money_columns` of each (published name → columns) rounded to cents (MONEY_TYPE).

    The file also gets `publication_info` (the given pairs, the publish time and the first and
    latest as-of dates), a view in schema `latest` of each table with an as_of_date column, and
    a comment on every table, view and column that `descriptions` (published name → its
    description) describes."""
    money = money_columns or {}
    published.parent.mkdir(parents=True, exist_ok=True)
    # A publish killed half-way leaves its temporary file; runs are one at a time (the warehouse
    # lock), so any such file is an orphan.
    for orphan in published.parent.glob(f".{published.name}.*.tmp*"):
        orphan.unlink(missing_ok=True)
    run_id = uuid.uuid4().hex
    temporary = published.with_name(f".{published.name}.{run_id}.tmp")
    # DuckDB names an attached database after its file: an alias of our own cannot clash with
    # the new file's name, whatever the two files are called.
    source = f"pipeline_warehouse_{run_id}"
    try:
        with duckdb.connect(str(temporary), config=PUBLISHED_FILE_CONFIG) as conn:
            conn.execute(f"attach {sql_string(str(warehouse))} as {source} (read_only)")
            for name, relation in tables.items():
                columns = _select_list(money.get(name, ()))
                conn.execute(
                    f"create table main.{name} as select {columns} from {source}.{relation}"
                )
            conn.execute(f"detach {source}")
            written = _describe_written(conn, list(tables))
            as_of_dates = sorted({day for table in written for day in table.rows_by_as_of_date})
            info = {
                "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
                **(publication_info or {}),
            }
            if as_of_dates:
                info |= {
                    "first_as_of_date": as_of_dates[0].isoformat(),
                    "latest_as_of_date": as_of_dates[-1].isoformat(),
                }
            _write_publication_info(conn, info)
            views = _create_latest_views(conn, written, as_of_dates[-1]) if as_of_dates else set()
            described = {**(descriptions or {}), "publication_info": PUBLICATION_INFO}
            _comment(conn, _noting_money(described, money), views)
            conn.execute("checkpoint")
        _fsync(temporary)
        os.replace(temporary, published)
        _fsync(published.parent)
    finally:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}.wal").unlink(missing_ok=True)
    return written


def _select_list(money: Collection[str]) -> str:
    if not money:
        return "*"
    rounded = ", ".join(
        f"round({sql_identifier(column)}, 2)::{MONEY_TYPE} as {sql_identifier(column)}"
        for column in money
    )
    return f"* replace ({rounded})"


def _noting_money(
    descriptions: Mapping[str, TableDescription], money: Mapping[str, Collection[str]]
) -> dict[str, TableDescription]:
    """The descriptions, each money column's saying it is rounded to cents."""
    return {
        name: replace(
            described,
            columns={
                column: f"{text} {MONEY_NOTE}" if column in money.get(name, ()) else text
                for column, text in described.columns.items()
            },
        )
        for name, described in descriptions.items()
    }


def _describe_written(conn: duckdb.DuckDBPyConnection, names: list[str]) -> list[PublishedTable]:
    relations = {("main", name) for name in names}
    described = describe_tables(conn, relations, count_rows=relations)
    written = []
    for name in names:
        columns, count = described[("main", name)]
        table = PublishedTable(name, count, tuple(columns))
        if table.is_per_as_of_date:
            query = f"select {AS_OF_COLUMN}, count(*) from main.{name} group by all"
            table = replace(table, rows_by_as_of_date=dict(conn.execute(query).fetchall()))
        written.append(table)
    return written


def _write_publication_info(conn: duckdb.DuckDBPyConnection, info: Mapping[str, str]) -> None:
    conn.execute("create table main.publication_info (key varchar, value varchar)")
    conn.executemany("insert into main.publication_info values (?, ?)", list(info.items()))


def _create_latest_views(
    conn: duckdb.DuckDBPyConnection, written: list[PublishedTable], latest: date
) -> set[str]:
    """`latest.<table>`: the table's rows of the file's latest as-of date (none where the table
    has no row on that date, rather than an older date's rows passed off as today's)."""
    conn.execute(f"create schema {LATEST_SCHEMA}")
    names = {table.name for table in written if table.is_per_as_of_date}
    for name in names:
        conn.execute(
            f"create view {LATEST_SCHEMA}.{name} as select * from main.{name} "
            f"where {AS_OF_COLUMN} = date {sql_string(latest.isoformat())}"
        )
    return names


def _comment(
    conn: duckdb.DuckDBPyConnection,
    descriptions: Mapping[str, TableDescription],
    views: set[str],
) -> None:
    """Comment every described table and its columns, and its view in `latest` if it has one."""
    for name, described in descriptions.items():
        targets = [("table", f"main.{name}", described.table)]
        if name in views:
            latest = f"The rows of the latest as-of date (publication_info) of main.{name}. "
            targets.append(("view", f"{LATEST_SCHEMA}.{name}", latest + described.table))
        for kind, relation, text in targets:
            conn.execute(f"comment on {kind} {relation} is {sql_string(text)}")
            for column, column_text in described.columns.items():
                conn.execute(
                    f"comment on column {relation}.{sql_identifier(column)} "
                    f"is {sql_string(column_text)}"
                )
