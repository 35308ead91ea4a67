"""Merging validated files into the raw tables: every new file of a dataset in one transaction
with its manifest rows, by the dataset's merge rule, then archived (docs/method.md, "Inputs").

A crash before the commit leaves the files in the landing folder to be staged again; a crash
after it leaves files whose checksums are in the manifest, which the next run archives without
loading them twice (lib/ingestion/archive.py).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dagster_project.lib.contracts.datasets import Dataset, MergeRule
from dagster_project.lib.ingestion.archive import archive_path_for, move_file
from dagster_project.lib.ingestion.holding_area import StagedFile, batch_table
from dagster_project.lib.ingestion.raw_tables import MANIFEST_TABLE, RAW_SCHEMA, IngestedFile
from dagster_project.lib.warehouse.sql import sql_identifier


def _merge_delivery(conn: duckdb.DuckDBPyConnection, dataset: Dataset, delivery: str) -> None:
    """Apply `delivery` (a query over the rows of one or more files, each with its file's
    ingestion_id; the files are in the temp table delivery_files) to the dataset's raw table, as
    if the files were merged one by one in order."""
    table = f"{RAW_SCHEMA}.{dataset.name}"
    columns = ", ".join(map(sql_identifier, dataset.column_names))
    has_rows = conn.execute(f"select exists (select 1 from {table})").fetchone()[0]
    if dataset.merge_rule is MergeRule.UPSERT_BY_KEY:
        key = ", ".join(map(sql_identifier, dataset.key))
        # A later file wins over an earlier one (and within a file staged alone, the last row).
        rows = (
            f"select * from ({delivery}) as delivery qualify row_number() over (partition by "
            f"{key} order by ingestion_id desc, file_row_number desc nulls last) = 1"
        )
        if has_rows:
            matches_key = " and ".join(
                f"{table}.{part} = delivery.{part}" for part in map(sql_identifier, dataset.key)
            )
            conn.execute(f"delete from {table} using ({delivery}) as delivery where {matches_key}")
    elif dataset.merge_rule is MergeRule.REPLACE_ALL:
        # Only the last snapshot counts, even when it is empty.
        rows = (
            f"select * from ({delivery}) as delivery "
            "where ingestion_id = (select max(ingestion_id) from delivery_files)"
        )
        conn.execute(f"delete from {table}")
    else:
        rows = f"select * from ({delivery}) as delivery"
        conn.execute(
            f"delete from {table} where source_file_name in (select source_file_name from delivery_files)"
        )
    conn.execute(
        f"insert into {table} ({columns}, source_file_name, ingestion_id) "
        f"select {columns}, source_file_name, ingestion_id from ({rows})"
    )


def merge_staged_files(
    conn: duckdb.DuckDBPyConnection, files: list[StagedFile], archive_dir: Path
) -> list[IngestedFile]:
    """Merge validated files of one dataset, in the order given, into its raw table with their
    manifest rows in one transaction, then archive them.

    The raw table ends as if the files had been merged one after another, but in one pass over
    it, whatever the number of files (a history of daily files would otherwise cost one pass
    each)."""
    dataset = files[0].landing_file.dataset
    archive_paths = [archive_path_for(archive_dir, f.landing_file, f.checksum) for f in files]
    conn.execute("begin transaction")
    try:
        _merge_with_manifest_rows(conn, dataset, files, archive_paths)
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise
    for f, archive_path in zip(files, archive_paths, strict=True):
        move_file(f.landing_file.path, archive_path)
    return [
        IngestedFile(f.name, dataset.name, f.row_count, archive_path, already_ingested=False)
        for f, archive_path in zip(files, archive_paths, strict=True)
    ]


def _merge_with_manifest_rows(
    conn: duckdb.DuckDBPyConnection,
    dataset: Dataset,
    files: list[StagedFile],
    archive_paths: list[Path],
) -> None:
    """The statements of merge_staged_files' transaction: each file gets the next ingestion_id,
    in the order given, which is the order the merge applies them in."""
    # Files in the dataset's batch table are read from it at once; others from their own table.
    if all(f.in_batch for f in files):
        relation = f"select * from {batch_table(dataset.name)}"
    else:
        relation = " union all by name ".join(f"({f.relation})" for f in files)
    first_id = conn.execute(
        f"select coalesce(max(ingestion_id), 0) + 1 from {MANIFEST_TABLE}"
    ).fetchone()[0]
    conn.execute(
        "create or replace temp table delivery_files (source_file_name varchar, ingestion_id bigint)"
    )
    conn.executemany(
        "insert into delivery_files values (?, ?)",
        [[f.name, first_id + position] for position, f in enumerate(files)],
    )
    _merge_delivery(
        conn,
        dataset,
        f"select {', '.join(map(sql_identifier, dataset.column_names))}, file_row_number, "
        f"staged.source_file_name, delivery_files.ingestion_id from ({relation}) as staged "
        "inner join delivery_files using (source_file_name)",
    )
    conn.executemany(
        f"insert into {MANIFEST_TABLE} values (?, ?, ?, ?, ?, ?, current_timestamp, ?)",
        [
            [
                first_id + position,
                f.name,
                dataset.name,
                f.landing_file.file_format,
                f.checksum,
                f.row_count,
                str(archive_path),
            ]
            for position, (f, archive_path) in enumerate(zip(files, archive_paths, strict=True))
        ],
    )
    conn.execute("drop table delivery_files")
