"""Atomic publication of the marts into the read-only DuckDB file that BI tools open.

The new version is written to a temporary file beside the published one and renamed over it.
A rename within one folder is atomic: a reader opening the path gets the old complete file or
the new complete file, and a reader that already has the old file open keeps reading it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from dagster_project.lib.asset_metadata import describe_tables
from dagster_project.lib.sql import sql_string

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

    def rows_of(self, as_of: date) -> int:
        """The table's rows for one as-of date; all of them for a table across dates."""
        if not any(column == AS_OF_COLUMN for column, _ in self.columns):
            return self.row_count
        return self.rows_by_as_of_date.get(as_of, 0)


AS_OF_COLUMN = "as_of_date"


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
) -> list[PublishedTable]:
    """Copy `tables` (published name → warehouse relation) into a new file, then swap it in."""
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
    written: list[PublishedTable] = []
    try:
        with duckdb.connect(str(temporary), config=PUBLISHED_FILE_CONFIG) as conn:
            conn.execute(f"attach {sql_string(str(warehouse))} as {source} (read_only)")
            for name, relation in tables.items():
                conn.execute(f"create table main.{name} as select * from {source}.{relation}")
            relations = {("main", name) for name in tables}
            described = describe_tables(conn, relations, count_rows=relations)
            for name in tables:
                columns, count = described[("main", name)]
                by_date = {}
                if any(column == AS_OF_COLUMN for column, _ in columns):
                    by_date = dict(
                        conn.execute(
                            f"select {AS_OF_COLUMN}, count(*) from main.{name} group by all"
                        ).fetchall()
                    )
                written.append(PublishedTable(name, count, tuple(columns), by_date))
            info = {
                "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
                **(publication_info or {}),
            }
            conn.execute("create table main.publication_info (key varchar, value varchar)")
            conn.executemany("insert into main.publication_info values (?, ?)", list(info.items()))
            conn.execute(f"detach {source}")
            conn.execute("checkpoint")
        _fsync(temporary)
        os.replace(temporary, published)
        _fsync(published.parent)
    finally:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}.wal").unlink(missing_ok=True)
    return written
