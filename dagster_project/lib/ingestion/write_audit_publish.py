"""Write-audit-publish for landed files: the single entry point of the ingestion,
`ingest_landing_folder` (docs/operations.md, "How it runs" and "Bad input").

0. Take: only the deliveries that are complete (lib/ingestion/landing.py); the rest is reported.
   A file equal to its dataset's latest state is archived at once (lib/ingestion/archive.py).
1. Write: every new file goes, as text, into the warehouse's holding area
   (lib/ingestion/holding_area.py). A file written to while it was read is left out and
   reported, never half-ingested.
2. Audit: the Great Expectations suites check them there (lib/ingestion/audit.py), against the
   views of lib/ingestion/reference_views.py.
3. If any file fails, the failing files move to the quarantine folder with a report
   (lib/ingestion/quarantine.py), nothing of the batch is merged (the good files stay in the
   landing folder), and ValidationFailed is raised with one paragraph that says what was wrong.
   Otherwise the files are merged into the raw tables in name order and archived
   (lib/ingestion/merge.py), unless one changed since it was read: then nothing is merged and
   DeliveryChanged says which.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dagster_project.lib.configuration.settings import PipelinePaths
from dagster_project.lib.contracts.datasets import DATASETS
from dagster_project.lib.contracts.validation import FileValidation
from dagster_project.lib.ingestion.archive import archive_if_already_ingested
from dagster_project.lib.ingestion.audit import Progress, validate_staged_files
from dagster_project.lib.ingestion.data_docs import write_data_docs
from dagster_project.lib.ingestion.holding_area import (
    StagedFile,
    drop_staged_file,
    reset_holding_area,
    stage_files,
)
from dagster_project.lib.ingestion.landing import LeftFile, ReadyFile, remove_marker, scan_landing
from dagster_project.lib.ingestion.merge import merge_staged_files
from dagster_project.lib.ingestion.quarantine import failure_paragraph, quarantine_file
from dagster_project.lib.ingestion.raw_tables import IngestedFile, create_raw_tables, file_checksum
from dagster_project.lib.ingestion.reference_views import build_reference_views
from dagster_project.lib.ingestion.rules import IngestionRules

Connect = Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]
CHANGED_WHILE_READ = "changed while it was being read; it is taken once complete"


class DeliveryChanged(RuntimeError):
    """A landed file changed after it was read; nothing of the delivery was merged."""


class ValidationFailed(RuntimeError):
    """Landed files broke their contract; the message is the paragraph a user reads."""

    def __init__(
        self,
        message: str,
        validations: list[FileValidation],
        quarantined: list[Path],
        data_docs: dict[str, Path] | None = None,
    ):
        super().__init__(message)
        self.validations = validations
        self.quarantined = quarantined
        # label (a dataset's batch or a file) → its Data Docs page, for every validation run
        self.data_docs = data_docs or {}


@dataclass(frozen=True)
class IngestionRun:
    """What a run that merged its delivery reports: to the asset's checks and materialisations,
    to the benchmark, and to the operator for what it left in the landing folder."""

    files: list[IngestedFile]
    # dataset → its validation of this run (the batch, or each file when the batch failed)
    validations: dict[str, list[FileValidation]]
    # Wall seconds of each phase: staging, validation, merge (what the benchmark reports).
    seconds: dict[str, float] = field(default_factory=dict)
    # label (a dataset's batch, or a file validated alone) → its GX Data Docs page
    data_docs: dict[str, Path] = field(default_factory=dict)
    # Files of the landing folder this run did not take, each with why.
    left: list[LeftFile] = field(default_factory=list)
    # file → its columns beyond the contract, which were ignored
    ignored_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _by_dataset_in_order(staged: list[StagedFile]) -> dict[str, list[StagedFile]]:
    """The staged files grouped by dataset, each group in name order, the groups in the order of
    their first file."""
    groups: dict[str, list[StagedFile]] = {}
    for file in staged:
        groups.setdefault(file.landing_file.dataset.name, []).append(file)
    return groups


@dataclass
class _Delivery:
    """The landing folder's files as this run sorts them."""

    ready: dict[str, ReadyFile]
    left: list[LeftFile]
    # Files refused before validation (links, unreadable files), as failed validations.
    refused: list[FileValidation]
    seen: list[IngestedFile] = field(default_factory=list)
    staged: list[StagedFile] = field(default_factory=list)


def _take_landing_files(
    conn: duckdb.DuckDBPyConnection, landing_dir: Path, rules: IngestionRules
) -> _Delivery:
    """Sort the landing folder, archive what equals its dataset's latest state, stage the rest;
    a file written to while it was read is left out."""
    scan = scan_landing(landing_dir, time.time(), rules.settle_seconds)
    refused = [_refused(link.name, link.reason, landing_dir) for link in scan.links]
    delivery = _Delivery({r.path.name: r for r in scan.ready}, list(scan.left), refused)
    new_files = []
    for ready in scan.ready:
        try:
            checksum = file_checksum(ready.path)
        except OSError as error:
            reason = f"cannot be read ({error.strerror or error})"
            delivery.refused.append(_refused(ready.path.name, reason, landing_dir))
            continue
        seen = archive_if_already_ingested(conn, ready.landing_file, checksum)
        if seen is not None:
            remove_marker(ready)
            delivery.seen.append(seen)
        else:
            new_files.append((ready.landing_file, checksum))
    for staged in stage_files(conn, new_files):
        if delivery.ready[staged.name].has_changed():
            drop_staged_file(conn, staged)
            delivery.left.append(LeftFile(staged.name, CHANGED_WHILE_READ))
        else:
            delivery.staged.append(staged)
    if delivery.staged:
        build_reference_views(conn, delivery.staged, rules)
    return delivery


def _refused(name: str, reason: str, landing_dir: Path) -> FileValidation:
    """A file refused before staging, as a failed validation, so that it is quarantined and
    reported like a file that broke its contract."""
    dataset = next((d for d in sorted(DATASETS, key=len, reverse=True) if name.startswith(d)), "")
    return FileValidation(
        name,
        dataset,
        read_error=f"{name} {reason}; the pipeline reads only files delivered into "
        f"{landing_dir}, so deliver the file itself",
    )


def _merge(
    connect: Connect, delivery: _Delivery, archive_dir: Path, progress: Progress
) -> list[IngestedFile]:
    """Merge the validated files by dataset and archive them; nothing is merged when one of
    them changed since it was read (it was validated as it was then)."""
    changed = [s.name for s in delivery.staged if delivery.ready[s.name].has_changed()]
    ingested = []
    with connect() as conn:
        if changed:
            reset_holding_area(conn)
            raise DeliveryChanged(
                f"{', '.join(changed)} changed after it was validated, so nothing of this "
                "delivery was merged and the published file was not changed; the files wait "
                "in the landing folder and are taken once complete."
            )
        for dataset, files in _by_dataset_in_order(delivery.staged).items():
            ingested += merge_staged_files(conn, files, archive_dir)
            for file in files:
                remove_marker(delivery.ready[file.name])
            progress(f"Merged {len(files)} validated {dataset} file(s) into raw.{dataset}")
        reset_holding_area(conn)
    return ingested


def ingest_landing_folder(
    connect: Connect,
    paths: PipelinePaths,
    rules: IngestionRules,
    progress: Progress = lambda _message: None,
) -> IngestionRun:
    """Take, stage, validate and merge every complete new file of the landing folder (module
    docstring)."""
    started = time.perf_counter()
    with connect() as conn:
        create_raw_tables(conn)
        reset_holding_area(conn)
        delivery = _take_landing_files(conn, paths.landing_dir, rules)
    progress(
        f"Landing folder: {len(delivery.staged)} new file(s), {len(delivery.seen)} equal to what "
        f"was ingested before, {len(delivery.refused)} refused, {len(delivery.left)} left there"
    )
    seconds = {"staging": time.perf_counter() - started}
    if not delivery.staged and not delivery.refused:
        return IngestionRun(delivery.seen, {}, seconds, left=delivery.left)

    started = time.perf_counter()
    by_dataset, failed = validate_staged_files(paths.warehouse, delivery.staged, rules, progress)
    seconds["validation"] = time.perf_counter() - started
    failed = delivery.refused + failed
    # Every validation GX ran, failed ones included (an unreadable file has none).
    data_docs = write_data_docs(
        [v for validations in by_dataset.values() for v in validations], paths.validation_docs_dir
    )
    if failed:
        _quarantine_failed_files(connect, paths, delivery, failed, data_docs)
    started = time.perf_counter()
    ingested = delivery.seen + _merge(connect, delivery, paths.archive_dir, progress)
    seconds["merge"] = time.perf_counter() - started
    ignored = {s.name: s.extra_columns for s in delivery.staged if s.extra_columns}
    return IngestionRun(ingested, by_dataset, seconds, data_docs, delivery.left, ignored)


def _quarantine_failed_files(
    connect: Connect,
    paths: PipelinePaths,
    delivery: _Delivery,
    failed: list[FileValidation],
    data_docs: dict[str, Path],
) -> None:
    """Quarantine the failed files, empty the holding area and raise ValidationFailed: nothing
    of the delivery is merged, so its valid files wait in the landing folder."""
    quarantined = [quarantine_file(v, paths) for v in failed]
    for validation in failed:
        if validation.file_name in delivery.ready:
            remove_marker(delivery.ready[validation.file_name])
    with connect() as conn:
        reset_holding_area(conn)
    failed_names = {v.file_name for v in failed}
    waiting = sum(s.name not in failed_names for s in delivery.staged)
    raise ValidationFailed(
        failure_paragraph(failed, quarantined, waiting), failed, quarantined, data_docs
    )
