"""Loading landed files into the warehouse's raw tables, once each, and archiving them.

Each file is merged in its own transaction together with its manifest row, and only then moved
to the archive. A crash before the commit leaves the file in the landing folder to be loaded
again; a crash after it leaves a file whose checksum is already in the manifest, which the next
run archives without loading it twice.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.lib.datasets import (
    DATASETS,
    Dataset,
    LandingFile,
    MergeRule,
    classify_landing_file,
)

RAW_SCHEMA = "raw"
MANIFEST_TABLE = f"{RAW_SCHEMA}.ingested_files"

_LINEAGE_COLUMNS = "source_file_name varchar not null, ingestion_id bigint not null"


class IngestionError(RuntimeError):
    """A landed file that cannot be read as its dataset; the message names the file and the fix."""


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
    path = str(landing_file.path).replace("'", "''")
    if landing_file.file_format == "csv":
        return f"read_csv('{path}', header = true, delim = ',', quote = '\"', all_varchar = true)"
    return f"(select columns(*)::varchar from read_parquet('{path}'))"


def _stage_file(conn: duckdb.DuckDBPyConnection, landing_file: LandingFile) -> int:
    """Load one file into the temporary table `delivery`, typed as its dataset's raw table."""
    dataset = landing_file.dataset
    name = landing_file.path.name
    try:
        conn.execute(
            f"create or replace temp table delivery_text as select * from {_read_as_text(landing_file)}"
        )
    except duckdb.Error as exc:
        raise IngestionError(
            f"{name}: cannot be read as {landing_file.file_format.upper()}: {exc}"
        ) from None
    delivered = {
        row[0].strip().lower(): row[0] for row in conn.execute("describe delivery_text").fetchall()
    }
    missing = [
        column.name
        for column in dataset.columns
        if column.required and column.name not in delivered
    ]
    if missing:
        raise IngestionError(
            f"{name}: missing required column(s) {', '.join(missing)} of dataset {dataset.name}; "
            f"found {', '.join(delivered.values()) or 'no columns'}."
        )
    selected = []
    for column in dataset.columns:
        if column.name in delivered:
            text = f"nullif(trim(\"{delivered[column.name]}\"), '')"
            selected.append(f"cast({text} as {column.sql_type}) as {column.name}")
        else:
            selected.append(f"cast(null as {column.sql_type}) as {column.name}")
    try:
        conn.execute(
            "create or replace temp table delivery as "
            f"select {', '.join(selected)}, row_number() over () as file_row_number from delivery_text"
        )
    except duckdb.ConversionException as exc:
        raise IngestionError(
            f"{name}: a value does not match the contract's types: {exc}"
        ) from None
    conn.execute("drop table delivery_text")
    return conn.execute("select count(*) from delivery").fetchone()[0]


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


def ingest_file(
    conn: duckdb.DuckDBPyConnection, landing_file: LandingFile, archive_dir: Path
) -> IngestedFile:
    """Merge one landed file into its raw table and archive it; a file seen before changes nothing."""
    name = landing_file.path.name
    checksum = file_checksum(landing_file.path)
    seen = conn.execute(
        f"select archive_path, row_count from {MANIFEST_TABLE} where checksum_sha256 = ? and dataset = ?",
        [checksum, landing_file.dataset.name],
    ).fetchone()
    if seen is not None:
        archive_path = Path(seen[0])
        if archive_path.exists():
            landing_file.path.unlink()
        else:
            _move(landing_file.path, archive_path)
        return IngestedFile(
            name, landing_file.dataset.name, seen[1], archive_path, already_ingested=True
        )

    archive_path = _archive_path(archive_dir, landing_file, checksum)
    conn.execute("begin transaction")
    try:
        row_count = _stage_file(conn, landing_file)
        ingestion_id = conn.execute(
            f"select coalesce(max(ingestion_id), 0) + 1 from {MANIFEST_TABLE}"
        ).fetchone()[0]
        _merge_delivery(conn, landing_file.dataset, name, ingestion_id)
        conn.execute(
            f"insert into {MANIFEST_TABLE} values (?, ?, ?, ?, ?, ?, current_timestamp, ?)",
            [
                ingestion_id,
                name,
                landing_file.dataset.name,
                landing_file.file_format,
                checksum,
                row_count,
                str(archive_path),
            ],
        )
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise
    finally:
        conn.execute("drop table if exists delivery")
    _move(landing_file.path, archive_path)
    return IngestedFile(
        name, landing_file.dataset.name, row_count, archive_path, already_ingested=False
    )


def _move(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(source, target)


def ingest_landing_folder(
    conn: duckdb.DuckDBPyConnection,
    landing_dir: Path,
    archive_dir: Path,
    on_file: Callable[[int, int, IngestedFile], None] | None = None,
) -> list[IngestedFile]:
    """Ingest every input file in the landing folder, in name order; return what each one did."""
    create_raw_tables(conn)
    landing_files = find_landing_files(landing_dir)
    results = []
    for position, landing_file in enumerate(landing_files, start=1):
        result = ingest_file(conn, landing_file, archive_dir)
        results.append(result)
        if on_file is not None:
            on_file(position, len(landing_files), result)
    return results


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
