"""Where a landed file goes once it is ingested: the archive, which keeps every delivery as it
came, so that the warehouse can be rebuilt from it (docs/operations.md, "How it runs").

A file is archived only after its merge committed; a crash between the two leaves a file whose
checksum is already in the manifest, which the next run archives without loading it twice.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from dagster_project.lib.contracts.datasets import LandingFile, MergeRule
from dagster_project.lib.ingestion.raw_tables import (
    MANIFEST_TABLE,
    RAW_SCHEMA,
    IngestedFile,
    file_checksum,
)


def archive_path_for(archive_dir: Path, landing_file: LandingFile, checksum: str) -> Path:
    """Where the file is archived: never over a different delivery of the same name."""
    target = archive_dir / landing_file.dataset.name / landing_file.path.name
    if target.exists() and file_checksum(target) != checksum:
        # Same name, new content: keep both, the new one under a name that says which it is.
        target = target.with_name(f"{target.stem}__{checksum[:12]}{target.suffix}")
    return target


class FileMoveFailed(RuntimeError):
    """A landed file could not leave the landing folder; the message says which and why."""


def move_file(source: Path, target: Path) -> None:
    """Move a landed file, raising FileMoveFailed with words an operator can act on."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
    except OSError as error:
        raise FileMoveFailed(
            f"{source.name} could not be moved from {source.parent} to {target.parent} "
            f"({error.strerror or error})."
        ) from None


def _latest_ingestion_of(
    conn: duckdb.DuckDBPyConnection, landing_file: LandingFile, checksum: str
) -> tuple[str, int] | None:
    """The archive path and row count of the file with this content, when its content is still
    the dataset's latest state; None when the content is new or a later delivery changed it.

    A snapshot is current only while it is the dataset's latest delivery. A file of rows that
    merge by key or by file name is current while every one of its rows is still in the raw
    table as it delivered it: once a later file replaced one, delivering it again reverts
    that row, as any later delivery would."""
    dataset = landing_file.dataset
    seen = conn.execute(
        f"select ingestion_id, archive_path, row_count from {MANIFEST_TABLE} "
        "where checksum_sha256 = ? and dataset = ? order by ingestion_id desc limit 1",
        [checksum, dataset.name],
    ).fetchone()
    if seen is None:
        return None
    ingestion_id, archive_path, row_count = seen
    if dataset.merge_rule is MergeRule.REPLACE_ALL:
        latest = conn.execute(
            f"select max(ingestion_id) from {MANIFEST_TABLE} where dataset = ?", [dataset.name]
        ).fetchone()[0]
        current = latest == ingestion_id
    else:
        current = (
            conn.execute(
                f"select count(*) from {RAW_SCHEMA}.{dataset.name} where ingestion_id = ?",
                [ingestion_id],
            ).fetchone()[0]
            == row_count
        )
    return (archive_path, row_count) if current else None


def archive_if_already_ingested(
    conn: duckdb.DuckDBPyConnection, landing_file: LandingFile, checksum: str
) -> IngestedFile | None:
    """A file equal to its dataset's latest state changes nothing: it is archived (or dropped
    when the archive already holds it) and reported as seen. A file whose content was ingested
    once but changed since (a snapshot that returns to an earlier state, a line corrected back
    to what it was) is a new delivery and applies."""
    seen = _latest_ingestion_of(conn, landing_file, checksum)
    if seen is None:
        return None
    archive_path = Path(seen[0])
    if archive_path.exists():
        landing_file.path.unlink()
    else:
        move_file(landing_file.path, archive_path)
    return IngestedFile(
        landing_file.path.name,
        landing_file.dataset.name,
        seen[1],
        archive_path,
        already_ingested=True,
    )
