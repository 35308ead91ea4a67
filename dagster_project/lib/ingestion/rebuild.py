"""Recreate the warehouse from the archived raw files, delivery by delivery.

The old warehouse is kept beside the new one (`<warehouse>.before-rebuild`), its manifest gives
the files and the order they were ingested in, and its marts the as-of dates that were scored.
Consecutive deliveries whose names are in order are replayed as one batch (the ingestion
applies a batch in name order), so the replay gives the same raw tables as the original runs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from dagster_project.lib.configuration.settings import PipelinePaths, warehouse_duckdb_config
from dagster_project.lib.ingestion.audit import Progress
from dagster_project.lib.ingestion.rules import IngestionRules
from dagster_project.lib.ingestion.write_audit_publish import ingest_landing_folder


@dataclass(frozen=True)
class RebuildPlan:
    """The archived deliveries in the batches they are replayed in, and the as-of dates to score
    again once they are."""

    batches: list[list[tuple[str, Path]]]
    scored_dates: list[date]


def plan_rebuild(warehouse: Path) -> RebuildPlan:
    """What the rebuild replays, read from the old warehouse before it is moved aside."""
    with duckdb.connect(str(warehouse), read_only=True, config=warehouse_duckdb_config()) as conn:
        files = conn.execute(
            "select file_name, archive_path from raw.ingested_files order by ingestion_id"
        ).fetchall()
        has_scores = conn.execute(
            "select count(*) from duckdb_tables() where schema_name = 'marts' and table_name = 'customer_scores'"
        ).fetchone()[0]
        dates = (
            [
                row[0]
                for row in conn.execute(
                    "select distinct as_of_date from marts.customer_scores order by 1"
                ).fetchall()
            ]
            if has_scores
            else []
        )
    batches: list[list[tuple[str, Path]]] = []
    for name, archive_path in files:
        if batches and name > batches[-1][-1][0] and name not in {n for n, _ in batches[-1]}:
            batches[-1].append((name, Path(archive_path)))
        else:
            batches.append([(name, Path(archive_path))])
    return RebuildPlan(batches, dates)


def rebuild_raw_tables(
    paths: PipelinePaths, rules: IngestionRules, progress: Progress
) -> tuple[RebuildPlan, Path]:
    """Move the warehouse aside and replay every archived delivery into a new one, as its
    runs took it (the replayed copies are complete: they are taken at once)."""
    rules = dataclasses.replace(rules, settle_seconds=0)
    if not paths.warehouse.exists():
        raise FileNotFoundError(f"There is no warehouse at {paths.warehouse} to rebuild.")
    plan = plan_rebuild(paths.warehouse)
    missing = [str(path) for batch in plan.batches for _, path in batch if not path.exists()]
    if missing:
        raise FileNotFoundError(
            f"Archived files are missing, the rebuild would lose data: {', '.join(missing)}"
        )
    backup = paths.warehouse.with_name(paths.warehouse.name + ".before-rebuild")
    os.replace(paths.warehouse, backup)
    wal = Path(f"{paths.warehouse}.wal")
    if wal.exists():
        os.replace(wal, Path(f"{backup}.wal"))
    replay = paths.landing_dir.parent / ".rebuild_landing"
    shutil.rmtree(replay, ignore_errors=True)
    try:
        for position, batch in enumerate(plan.batches, start=1):
            replay.mkdir(parents=True)
            for name, archive_path in batch:
                shutil.copy2(archive_path, replay / name)
            progress(
                f"Replaying delivery batch {position}/{len(plan.batches)} ({len(batch)} file(s))"
            )
            replay_paths = dataclasses.replace(paths, landing_dir=replay)
            ingest_landing_folder(
                lambda: contextlib.closing(
                    duckdb.connect(str(paths.warehouse), config=warehouse_duckdb_config())
                ),
                replay_paths,
                rules,
            )
            shutil.rmtree(replay)
    finally:
        shutil.rmtree(replay, ignore_errors=True)
    return plan, backup
