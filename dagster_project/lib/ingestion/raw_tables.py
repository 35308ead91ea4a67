"""The warehouse's raw schema: one table per dataset, and the manifest of the files merged into
them, which says what was ingested, in which order, and where each file was archived
(docs/method.md, "Inputs").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.lib.contracts.datasets import DATASETS
from dagster_project.lib.warehouse.sql import sql_identifier

RAW_SCHEMA = "raw"
MANIFEST_TABLE = f"{RAW_SCHEMA}.ingested_files"

_LINEAGE_COLUMNS = "source_file_name varchar not null, ingestion_id bigint not null"


@dataclass(frozen=True)
class IngestedFile:
    """A landed file this run took: merged now, or equal to what was merged before."""

    file_name: str
    dataset: str
    row_count: int
    archive_path: Path
    already_ingested: bool


def create_raw_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema, one table per dataset and the manifest, if they do not exist yet.

    A table created before a column joined its dataset's contract (a warehouse older than
    customers.parent_customer_id) is given the column, null on the rows it holds; the merge
    inserts by column name, so the column's place at the end of the table does not matter."""
    conn.execute(f"create schema if not exists {RAW_SCHEMA}")
    for dataset in DATASETS.values():
        columns = ", ".join(
            f"{sql_identifier(column.name)} {column.sql_type}" for column in dataset.columns
        )
        table = f"{RAW_SCHEMA}.{dataset.name}"
        conn.execute(f"create table if not exists {table} ({columns}, {_LINEAGE_COLUMNS})")
        present = {
            row[0]
            for row in conn.execute(
                "select column_name from duckdb_columns() where database_name = current_database() "
                "and schema_name = ? and table_name = ?",
                [RAW_SCHEMA, dataset.name],
            ).fetchall()
        }
        for column in dataset.columns:
            if column.name not in present:
                conn.execute(
                    f"alter table {table} add column {sql_identifier(column.name)} {column.sql_type}"
                )
    conn.execute(
        f"""
        create table if not exists {MANIFEST_TABLE} (
            ingestion_id bigint primary key,
            file_name varchar not null,
            dataset varchar not null,
            file_format varchar not null,
            checksum_sha256 varchar not null,
            row_count bigint not null,
            loaded_at timestamp with time zone not null,
            archive_path varchar not null
        )
        """
    )


def file_checksum(path: Path) -> str:
    """The file's SHA-256, read in blocks: a delivery of any size is recognised by its content."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def missing_required_datasets(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Required datasets that no delivery has filled yet."""
    return [
        dataset.name
        for dataset in DATASETS.values()
        if dataset.required
        and conn.execute(
            f"select count(*) from {MANIFEST_TABLE} where dataset = ?", [dataset.name]
        ).fetchone()[0]
        == 0
    ]
