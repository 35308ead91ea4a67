"""Write-audit-publish for landed files: stage, validate, then merge or quarantine.

0. Take: only the deliveries that are complete (lib/ingestion/landing.py); the rest is reported.
1. Write: every new file goes, as text, into the warehouse's holding area (lib/ingestion/raw_tables.py).
   A file written to while it was read is left out and reported, never half-ingested.
2. Audit: the Great Expectations suites check them there, as SQL (lib/contracts/validation.py): one
   validation per dataset over all its new files; only when that fails is each of its files
   validated alone, to say which files are bad.
3. If any file fails, the failing files move to the quarantine folder with a report, nothing of
   the batch is merged (the good files stay in the landing folder), and ValidationFailed is
   raised with one paragraph that says what was wrong. Otherwise the files are merged into the
   raw tables in name order and archived, unless one changed since it was read: then nothing
   is merged and DeliveryChanged says which.
"""

from __future__ import annotations

import html
import json
import statistics
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import duckdb

from dagster_project.lib.configuration.scoring import (
    PROSPECT_TIERS,
    SIGNALS,
    ScoringConfig,
    load_scoring_config,
)
from dagster_project.lib.configuration.settings import (
    DEFAULT_CONFIG_FILE,
    DEFAULT_SETTLE_SECONDS,
    PipelinePaths,
)
from dagster_project.lib.contracts.datasets import DATASETS
from dagster_project.lib.contracts.offline_pages import with_local_assets
from dagster_project.lib.contracts.validation import FileValidation, validate_relations
from dagster_project.lib.ingestion.landing import LeftFile, ReadyFile, remove_marker, scan_landing
from dagster_project.lib.ingestion.raw_tables import (
    HOLDING_SCHEMA,
    MANIFEST_TABLE,
    IngestedFile,
    StagedFile,
    archive_if_already_ingested,
    batch_table,
    create_raw_tables,
    drop_staged_file,
    file_checksum,
    merge_staged_files,
    reset_holding_area,
    stage_files,
)
from dagster_project.lib.warehouse.sql import sql_string

Connect = Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]
Progress = Callable[[str], None]
# A file's row count is unusual below a tenth or above ten times the median of the last deliveries.
USUAL_ROWS_FACTOR = 10
USUAL_ROWS_HISTORY = 30
# The folder, in the validation docs' folder, of the copies of the CSS, scripts, fonts and logo
# that the Data Docs pages and the quarantine reports show (lib/contracts/offline_pages.py).
DATA_DOCS_ASSETS = "assets"


def tier_names(config: ScoringConfig) -> tuple[str, ...]:
    """The names of the configuration's `tiers`, highest first."""
    return tuple(tier.name for tier in config.tiers)


def assessment_factor_names(config: ScoringConfig) -> tuple[str, ...]:
    """The names of the configuration's `assessment_factors`, as declared."""
    return tuple(config.assessment_factors)


@cache
def _default_config() -> ScoringConfig:
    return load_scoring_config(DEFAULT_CONFIG_FILE)


def _default_tier_names() -> tuple[str, ...]:
    return tier_names(_default_config())


def _default_assessment_factor_names() -> tuple[str, ...]:
    return assessment_factor_names(_default_config())


@dataclass(frozen=True)
class IngestionRules:
    """What a run checks deliveries against: dates, the configuration's validation settings,
    tiers and assessment factors, and how long a landed file must be unchanged before it is
    taken."""

    today: date
    # The run's latest as-of date, and its earliest when it scores several (a backfill).
    as_of: date
    first_as_of: date | None = None
    window_months: int = 12
    reporting_currency: str = "EUR"
    unknown_customer: str = "fail"
    dropped_customer: str = "fail"
    settle_seconds: float = DEFAULT_SETTLE_SECONDS
    # The configuration's tier names (by default those of config/key_accounts.yml).
    tiers: tuple[str, ...] = field(default_factory=_default_tier_names)
    # The factors an account assessment may rate (by default those of config/key_accounts.yml).
    assessment_factors: tuple[str, ...] = field(default_factory=_default_assessment_factor_names)

    @classmethod
    def from_config(cls, config, today: date, as_of_dates: list[date], settle_seconds: float):
        return cls(
            today=today,
            as_of=max(as_of_dates),
            first_as_of=min(as_of_dates),
            window_months=config.window_months,
            reporting_currency=config.reporting_currency,
            unknown_customer=config.validation.unknown_customer,
            dropped_customer=config.validation.dropped_customer,
            settle_seconds=settle_seconds,
            tiers=tier_names(config),
            assessment_factors=assessment_factor_names(config),
        )

    @property
    def validation_settings(self) -> dict[str, str]:
        return {
            "unknown_customer": self.unknown_customer,
            "dropped_customer": self.dropped_customer,
        }

    @property
    def override_tiers(self) -> tuple[str, ...]:
        """The tiers an account override may set: a configured tier, or a prospect's."""
        return (*self.tiers, *PROSPECT_TIERS)


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


def build_reference_views(
    conn: duckdb.DuckDBPyConnection, staged: list[StagedFile], rules: IngestionRules
) -> None:
    """What the suites compare against: the customer master and FX rates as they will be once
    this batch is merged, the customers with sales in the as-of date's window, the reporting
    currency, the tiers an override may set, the factors an assessment may rate, the signals
    an action feedback may answer, and each dataset's usual file size."""
    usable = [s for s in staged if s.read_error is None and s.has_required_columns]
    # The configuration validated the currency as three capital letters, safe to inline.
    conn.execute(
        f"create view {HOLDING_SCHEMA}.settings as select '{rules.reporting_currency}' as reporting_currency"
    )
    _create_names_view(conn, "override_tiers", "tier", rules.override_tiers)
    _create_names_view(conn, "assessment_factors", "factor", rules.assessment_factors)
    _create_names_view(conn, "action_signals", "signal", SIGNALS)
    snapshots = [s for s in usable if s.landing_file.dataset.name == "customers"]
    customers = (
        f"select customer_id from ({snapshots[-1].relation})"
        if snapshots
        else "select customer_id from raw.customers"
    )
    conn.execute(f"create view {HOLDING_SCHEMA}.known_customers as {customers}")
    rates = ["select rate_date as fx_rate_date, upper(currency) as fx_currency from raw.fx_rates"]
    if any(s.landing_file.dataset.name == "fx_rates" and s.in_batch for s in usable):
        rates.append(f"select rate_date, upper(currency) from {batch_table('fx_rates')}")
    conn.execute(f"create view {HOLDING_SCHEMA}.known_fx_rates as {' union all '.join(rates)}")
    _build_recent_buyers_view(conn, usable, rules)
    _build_usual_row_counts_view(conn)


def _create_names_view(
    conn: duckdb.DuckDBPyConnection, view: str, column: str, names: tuple[str, ...]
) -> None:
    """A view of one text column listing names of the configuration or of the code (none is an
    empty view)."""
    values = ", ".join(sql_string(name) for name in names)
    conn.execute(
        f"create view {HOLDING_SCHEMA}.{view} as select unnest([{values}]::varchar[]) as {column}"
    )


def _build_recent_buyers_view(
    conn: duckdb.DuckDBPyConnection, usable: list[StagedFile], rules: IngestionRules
) -> None:
    """Customers with sales lines, merged or in this batch, in the window of one of the run's
    as-of dates: a customer snapshot must keep them (they are scored and counted in every
    table)."""
    lines = ["select customer_id, order_date from raw.sales_lines"]
    if any(s.landing_file.dataset.name == "sales_lines" and s.in_batch for s in usable):
        lines.append(f"select customer_id, order_date from {batch_table('sales_lines')}")
    first = f"date '{(rules.first_as_of or rules.as_of).isoformat()}'"
    last = f"date '{rules.as_of.isoformat()}'"
    conn.execute(
        f"create view {HOLDING_SCHEMA}.customers_with_recent_sales as "
        f"select distinct customer_id from ({' union all '.join(lines)}) as lines "
        f"where order_date > {first} - interval {int(rules.window_months)} month "
        f"and order_date <= {last} and customer_id is not null"
    )


def _build_usual_row_counts_view(conn: duckdb.DuckDBPyConnection) -> None:
    bounds = []
    for dataset in DATASETS:
        counts = [
            row[0]
            for row in conn.execute(
                f"select row_count from {MANIFEST_TABLE} where dataset = ? order by ingestion_id desc limit ?",
                [dataset, USUAL_ROWS_HISTORY],
            ).fetchall()
        ]
        if counts:
            median = statistics.median(counts)
            bounds.append(
                f"select '{dataset}', {median / USUAL_ROWS_FACTOR}, {median * USUAL_ROWS_FACTOR}"
            )
        else:
            bounds.append(f"select '{dataset}', 0, 1e18")
    conn.execute(
        f"create view {HOLDING_SCHEMA}.usual_row_counts (dataset, min_rows, max_rows) as {' union all '.join(bounds)}"
    )


def _validate(
    warehouse: Path,
    staged: list[StagedFile],
    parameters: dict,
    settings: dict[str, str],
    progress: Progress,
) -> tuple[dict[str, list[FileValidation]], list[FileValidation]]:
    """Validations by dataset (what the checks of a successful run report), and the files that
    failed (unreadable ones included)."""
    failed = [
        FileValidation(s.name, s.landing_file.dataset.name, read_error=f"{s.name} {s.read_error}")
        for s in staged
        if s.read_error
    ]
    readable = [s for s in staged if s.read_error is None]
    # Files without their columns or rows are validated alone: together they would hide it.
    alone = [s for s in readable if not s.in_batch]
    together = [s for s in readable if s.in_batch]
    datasets = sorted({s.landing_file.dataset.name for s in together})
    batches = {dataset: (dataset, f"select * from {batch_table(dataset)}") for dataset in datasets}
    progress(
        f"Validating {len(together)} file(s) in {len(batches)} batch(es) with Great Expectations"
    )
    by_dataset: dict[str, list[FileValidation]] = {}
    for dataset, validation in validate_relations(warehouse, batches, parameters, settings).items():
        if validation.passed:
            by_dataset[dataset] = [validation]
        else:
            alone += [s for s in together if s.landing_file.dataset.name == dataset]
    if alone:
        progress(f"Validating {len(alone)} file(s) one by one to find the bad ones")
        single = validate_relations(
            warehouse,
            {s.name: (s.landing_file.dataset.name, s.relation) for s in alone},
            parameters,
            settings,
            with_samples=True,
        )
        for validation in single.values():
            by_dataset.setdefault(validation.dataset, []).append(validation)
            if not validation.passed:
                failed.append(validation)
    return by_dataset, failed


def _quarantine(validation: FileValidation, paths: PipelinePaths) -> Path:
    """Move a failed file to the quarantine folder with its reports beside it: <file>.report.json
    (machine-readable) and, when GX could validate it, <file>.report.html (GX Data Docs, linking
    the Data Docs' copies of its CSS, scripts, fonts and logo)."""
    landing_dir, quarantine_dir = paths.landing_dir, paths.quarantine_dir
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    source = landing_dir / validation.file_name
    target = quarantine_dir / validation.file_name
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        target = target.with_name(f"{target.stem}__{stamp}{target.suffix}")
    report = {
        **validation.to_report(),
        "quarantined_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "problems": validation.problems(),
    }
    Path(f"{target}.report.json").write_text(
        json.dumps(report, indent=2, default=str), encoding="utf-8"
    )
    if validation.data_docs_html:
        assets = paths.validation_docs_dir / DATA_DOCS_ASSETS
        page = with_local_assets(validation.data_docs_html, quarantine_dir, assets)
        Path(f"{target}.report.html").write_text(page, encoding="utf-8")
    source.replace(target)
    return target


def write_data_docs(validations: list[FileValidation], docs_dir: Path) -> dict[str, Path]:
    """Each validation's Data Docs page in a new folder of docs_dir named for this moment (UTC),
    `<dataset>.html` for a dataset's batch and `<file name>.html` for a file validated alone,
    with `validations.json` (each page's outcome); then docs_dir/index.html lists them all."""
    folder = docs_dir / datetime.now(UTC).strftime("%Y-%m-%dT%H%M%S.%fZ")
    folder.mkdir(parents=True, exist_ok=True)
    pages, outcomes = {}, []
    for validation in validations:
        if validation.data_docs_html:
            page = folder / f"{validation.file_name}.html"
            html = with_local_assets(validation.data_docs_html, folder, docs_dir / DATA_DOCS_ASSETS)
            page.write_text(html, encoding="utf-8")
            pages[validation.file_name] = page
            outcomes.append(
                {
                    "page": page.name,
                    "dataset": validation.dataset,
                    "passed": validation.passed,
                    "failed_expectations": len(validation.failures),
                    "warnings": len(validation.warnings),
                }
            )
    (folder / "validations.json").write_text(json.dumps(outcomes, indent=2), encoding="utf-8")
    _write_data_docs_index(docs_dir)
    return pages


def _write_data_docs_index(docs_dir: Path) -> None:
    """docs_dir/index.html: every validation's page, the latest delivery first."""
    sections = []
    for summary in sorted(docs_dir.glob("*/validations.json"), reverse=True):
        rows = "".join(
            f'<li><a href="{html.escape(summary.parent.name)}/{html.escape(o["page"])}">'
            f"{html.escape(o['page'].removesuffix('.html'))}</a> "
            + ("passed" if o["passed"] else f"<b>failed</b> ({o['failed_expectations']})")
            + (f", {o['warnings']} warning(s)" if o["warnings"] else "")
            + "</li>"
            for o in json.loads(summary.read_text(encoding="utf-8"))
        )
        sections.append(f"<h2>{html.escape(summary.parent.name)}</h2><ul>{rows}</ul>")
    (docs_dir / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><title>Validations of the landed files</title>"
        "<h1>Great Expectations validations of the landed files</h1>" + "".join(sections),
        encoding="utf-8",
    )


def failure_paragraph(failed: list[FileValidation], quarantined: list[Path], waiting: int) -> str:
    details = "; ".join(f"{v.file_name}: " + "; ".join(v.problems()) for v in failed)
    where = quarantined[0].parent if quarantined else "the quarantine folder"
    return (
        f"Validation failed for {len(failed)} landed file(s), moved with their reports "
        f"(<file>.report.json, <file>.report.html) to {where}: {details}. Nothing of this delivery was ingested "
        f"and the published file was not changed; {waiting} valid file(s) wait in the landing "
        "folder. Correct the files and deliver them again."
    )


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


CHANGED_WHILE_READ = "changed while it was being read; it is taken once complete"


def _refused(name: str, reason: str, landing_dir: Path) -> FileValidation:
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
    by_dataset, failed = _validate(
        paths.warehouse,
        delivery.staged,
        {"today": rules.today.isoformat()},
        rules.validation_settings,
        progress,
    )
    seconds["validation"] = time.perf_counter() - started
    failed = delivery.refused + failed
    # Every validation GX ran, failed ones included (an unreadable file has none).
    data_docs = write_data_docs(
        [v for validations in by_dataset.values() for v in validations], paths.validation_docs_dir
    )
    if failed:
        quarantined = [_quarantine(v, paths) for v in failed]
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
    started = time.perf_counter()
    ingested = delivery.seen + _merge(connect, delivery, paths.archive_dir, progress)
    seconds["merge"] = time.perf_counter() - started
    ignored = {s.name: s.extra_columns for s in delivery.staged if s.extra_columns}
    return IngestionRun(ingested, by_dataset, seconds, data_docs, delivery.left, ignored)
