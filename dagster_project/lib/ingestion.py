"""The steps of loading a landed file into the warehouse's raw tables, once, and archiving it.

A file is staged as text in the holding area, validated there (lib/validation.py, orchestrated
by lib/validated_ingestion.py), then merged in its own transaction together with its manifest
row, and only then moved to the archive. A crash before the commit leaves the file in the
landing folder to be staged again; a crash after it leaves a file whose checksum is already in
the manifest, which the next run archives without loading it twice.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from dagster_project.lib.datasets import (
    DATASETS,
    Dataset,
    LandingFile,
    MergeRule,
    classify_landing_file,
)
from dagster_project.lib.sql import sql_string

RAW_SCHEMA = "raw"
HOLDING_SCHEMA = "holding"
MANIFEST_TABLE = f"{RAW_SCHEMA}.ingested_files"

_LINEAGE_COLUMNS = "source_file_name varchar not null, ingestion_id bigint not null"


@dataclass(frozen=True)
class IngestedFile:
    file_name: str
    dataset: str
    row_count: int
    archive_path: Path
    already_ingested: bool


def create_raw_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema, one table per dataset and the manifest, if they do not exist yet."""
    conn.execute(f"create schema if not exists {RAW_SCHEMA}")
    for dataset in DATASETS.values():
        columns = ", ".join(f"{column.name} {column.sql_type}" for column in dataset.columns)
        conn.execute(
            f"create table if not exists {RAW_SCHEMA}.{dataset.name} ({columns}, {_LINEAGE_COLUMNS})"
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


def find_landing_files(landing_dir: Path) -> list[LandingFile]:
    """Input files in the landing folder, in the order they are applied (by name, so by date)."""
    candidates = (classify_landing_file(path) for path in sorted(landing_dir.iterdir()))
    return [
        landing_file for landing_file in candidates if landing_file and landing_file.path.is_file()
    ]


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_as_text(landing_file: LandingFile) -> str:
    """A relation over the file with every column as text, so ids keep their leading zeros."""
    path = sql_string(str(landing_file.path))
    if landing_file.file_format == "csv":
        return f"read_csv({path}, header = true, delim = ',', quote = '\"', all_varchar = true)"
    return f"(select columns(*)::varchar from read_parquet({path}))"


@dataclass(frozen=True)
class StagedFile:
    """A new file loaded into the holding area, waiting for validation."""

    landing_file: LandingFile
    checksum: str
    # A query over the file's typed rows in the holding area.
    relation: str = ""
    columns: tuple[str, ...] = ()
    row_count: int = 0
    read_error: str | None = None
    # Whether the file's rows are in its dataset's batch table (or in a table of their own).
    in_batch: bool = False

    @property
    def name(self) -> str:
        return self.landing_file.path.name

    def has_columns(self, *names: str) -> bool:
        return all(name in self.columns for name in names)

    @property
    def has_required_columns(self) -> bool:
        return self.has_columns(*(c.name for c in self.landing_file.dataset.columns if c.required))


def batch_table(dataset: str) -> str:
    return f"{HOLDING_SCHEMA}.{dataset}_batch"


def stage_file(
    conn: duckdb.DuckDBPyConnection, landing_file: LandingFile, position: int, checksum: str
) -> StagedFile:
    """Load one file into the holding area, typed.

    `<column>` is the value cast to the contract's type (null when it does not cast) and
    `<column>__text` the value as delivered, so the suites can tell a missing value from one that
    does not parse; `source_file_name` and `file_row_number` say where a row came from. A file
    with every required column and at least one row joins its dataset's batch table, so that one
    validation covers every new file of the dataset; any other file gets a table of its own
    (without the columns it lacks), validated alone.
    """
    dataset = landing_file.dataset
    kind = "CSV (UTF-8, comma separated)" if landing_file.file_format == "csv" else "Parquet"
    try:
        conn.execute(
            "create or replace temp table delivery_text as select *, row_number() over () as file_row_number "
            f"from {_read_as_text(landing_file)}"
        )
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        return StagedFile(landing_file, checksum, read_error=f"cannot be read as {kind}: {message}")
    delivered = {
        row[0].strip().lower(): row[0]
        for row in conn.execute("describe delivery_text").fetchall()
        if row[0] != "file_row_number"
    }
    selected = []
    for column in dataset.columns:
        if column.name in delivered:
            text = f"nullif(trim(\"{delivered[column.name]}\"), '')"
            selected += [
                f"try_cast({text} as {column.sql_type}) as {column.name}",
                f"{text} as {column.name}__text",
            ]
        elif not column.required:
            selected += [
                f"cast(null as {column.sql_type}) as {column.name}",
                f"cast(null as varchar) as {column.name}__text",
            ]
    selected += ["file_row_number", f"{sql_string(landing_file.path.name)} as source_file_name"]
    typed = f"select {', '.join(selected)} from delivery_text"
    row_count = conn.execute("select count(*) from delivery_text").fetchone()[0]
    present = tuple(c.name for c in dataset.columns if c.name in delivered or not c.required)
    staged = StagedFile(landing_file, checksum, columns=present, row_count=row_count)
    if staged.has_required_columns and row_count > 0:
        table = batch_table(dataset.name)
        exists = conn.execute(
            "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
            [HOLDING_SCHEMA, f"{dataset.name}_batch"],
        ).fetchone()[0]
        conn.execute(
            f"insert into {table} by name {typed}" if exists else f"create table {table} as {typed}"
        )
        relation = (
            f"select * from {table} where source_file_name = {sql_string(landing_file.path.name)}"
        )
        staged = replace(staged, relation=relation, in_batch=True)
    else:
        table = f"{HOLDING_SCHEMA}.delivery_{position}"
        conn.execute(f"create table {table} as {typed}")
        staged = replace(staged, relation=f"select * from {table}")
    conn.execute("drop table delivery_text")
    return staged


def _merge_delivery(
    conn: duckdb.DuckDBPyConnection, dataset: Dataset, file_name: str, ingestion_id: int
) -> None:
    table = f"{RAW_SCHEMA}.{dataset.name}"
    columns = ", ".join(dataset.column_names)
    if dataset.merge_rule is MergeRule.UPSERT_BY_KEY:
        key = ", ".join(dataset.key)
        # Within one file the last row of a key wins, as a later file wins over an earlier one.
        rows = f"select * from delivery qualify row_number() over (partition by {key} order by file_row_number desc) = 1"
        matches_key = " and ".join(f"{table}.{part} = delivery.{part}" for part in dataset.key)
        conn.execute(f"delete from {table} using delivery where {matches_key}")
    else:
        rows = "select * from delivery"
        if dataset.merge_rule is MergeRule.REPLACE_ALL:
            conn.execute(f"delete from {table}")
        else:
            conn.execute(f"delete from {table} where source_file_name = ?", [file_name])
    conn.execute(
        f"insert into {table} ({columns}, source_file_name, ingestion_id) "
        f"select {columns}, ?, ? from ({rows})",
        [file_name, ingestion_id],
    )


def _archive_path(archive_dir: Path, landing_file: LandingFile, checksum: str) -> Path:
    target = archive_dir / landing_file.dataset.name / landing_file.path.name
    if target.exists() and file_checksum(target) != checksum:
        # Same name, new content: keep both, the new one under a name that says which it is.
        target = target.with_name(f"{target.stem}__{checksum[:12]}{target.suffix}")
    return target


def _move(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(source, target)


def merge_staged_file(
    conn: duckdb.DuckDBPyConnection, staged: StagedFile, archive_dir: Path
) -> IngestedFile:
    """Merge a validated file into its raw table with its manifest row, then archive it."""
    archive_path = _archive_path(archive_dir, staged.landing_file, staged.checksum)
    dataset = staged.landing_file.dataset
    conn.execute("begin transaction")
    try:
        conn.execute(
            f"create or replace temp table delivery as select {', '.join(dataset.column_names)}, file_row_number "
            f"from ({staged.relation})"
        )
        ingestion_id = conn.execute(
            f"select coalesce(max(ingestion_id), 0) + 1 from {MANIFEST_TABLE}"
        ).fetchone()[0]
        _merge_delivery(conn, dataset, staged.name, ingestion_id)
        conn.execute(
            f"insert into {MANIFEST_TABLE} values (?, ?, ?, ?, ?, ?, current_timestamp, ?)",
            [
                ingestion_id,
                staged.name,
                dataset.name,
                staged.landing_file.file_format,
                staged.checksum,
                staged.row_count,
                str(archive_path),
            ],
        )
        conn.execute("drop table delivery")
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise
    _move(staged.landing_file.path, archive_path)
    return IngestedFile(
        staged.name, dataset.name, staged.row_count, archive_path, already_ingested=False
    )


def archive_if_already_ingested(
    conn: duckdb.DuckDBPyConnection, landing_file: LandingFile, checksum: str
) -> IngestedFile | None:
    """A file whose content was ingested before changes nothing: it is archived (or dropped when
    the archive already holds it) and reported as seen."""
    seen = conn.execute(
        f"select archive_path, row_count from {MANIFEST_TABLE} where checksum_sha256 = ? and dataset = ?",
        [checksum, landing_file.dataset.name],
    ).fetchone()
    if seen is None:
        return None
    archive_path = Path(seen[0])
    if archive_path.exists():
        landing_file.path.unlink()
    else:
        _move(landing_file.path, archive_path)
    return IngestedFile(
        landing_file.path.name,
        landing_file.dataset.name,
        seen[1],
        archive_path,
        already_ingested=True,
    )


def reset_holding_area(conn: duckdb.DuckDBPyConnection) -> None:
    """Empty the holding area; what a crash left there is staged again from the landing folder."""
    conn.execute(f"drop schema if exists {HOLDING_SCHEMA} cascade")
    conn.execute(f"create schema {HOLDING_SCHEMA}")


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


def raw_row_counts(
    conn: duckdb.DuckDBPyConnection, datasets: Iterable[str] = DATASETS
) -> dict[str, int]:
    return {
        name: conn.execute(f"select count(*) from {RAW_SCHEMA}.{name}").fetchone()[0]
        for name in datasets
    }
