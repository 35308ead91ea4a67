"""The cases as processes of their own (`key-accounts run`, `key-accounts backfill`, the
baseline), and the figures of the Dagster runs a command launched, from its instance."""

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from benchmarks.bench.measuring import Measurement, run_measured
from benchmarks.bench.sizes import TIMED_MODELS
from dagster_project.lib.configuration.settings import (
    DEFAULT_CONFIG_FILE,
    ENV_CONFIG,
    ENV_LANDING_DIR,
    ENV_PUBLISHED,
    ENV_SETTLE_SECONDS,
    ENV_WAREHOUSE,
)

BASELINE_MODULE = "benchmarks.baseline"


def _step_seconds(instance, run_id: str) -> dict[str, float]:
    return {
        s.step_key: (s.end_time or 0) - (s.start_time or 0)
        for s in instance.get_run_step_stats(run_id)
    }


def _materialisations(instance, run_id: str) -> dict:
    """The metadata of each asset the run materialised, and the partitions it materialised.
    A run of a partition range materialises an asset once per date, with the same figures:
    the first is kept."""
    import dagster as dg

    by_key, partitions = {}, set()
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION):
        materialisation = entry.asset_materialization
        by_key.setdefault(materialisation.asset_key, materialisation.metadata)
        if materialisation.partition is not None:
            partitions.add(materialisation.partition)
    return {"metadata": by_key, "partitions": partitions}


def _run_stages(steps: dict[str, float], manifest_metadata: dict) -> dict[str, float]:
    validation = manifest_metadata.get("validation_seconds")
    validation = validation.value if validation is not None else 0.0
    ingestion = steps.pop("raw_tables")
    dbt_step = next(key for key in steps if "dbt" in key)
    return {
        "ingest": ingestion - validation,
        "validate": validation,
        "dbt": steps.pop(dbt_step),
        # Publishing, the pictures and the checks on the published tables, which follow it.
        "publish": sum(steps.values()),
    }


def _dbt_model_seconds(metadata: dict) -> dict[str, float]:
    return {
        key.to_user_string(): float(values["Execution Duration"].value)
        for key, values in metadata.items()
        if "Execution Duration" in values
    }


def _add(total: dict[str, float], more: dict[str, float]) -> dict[str, float]:
    return {key: total.get(key, 0.0) + more.get(key, 0.0) for key in dict.fromkeys([*total, *more])}


def dagster_stages(dagster_home: Path, since: datetime) -> dict:
    """The figures of the runs created in the instance since `since` (a command may launch
    several): seconds per stage, the sales-line files they ingested, the build seconds of each
    dbt model, how many runs and how many as-of dates they scored; summed over the runs."""
    import dagster as dg

    from dagster_project.defs.ingestion.checks import MANIFEST_KEY
    from dagster_project.lib.dagster.event_log_storage import instance_at

    stages: dict[str, float] = {}
    dbt_models: dict[str, float] = {}
    new_files, as_of_dates = 0, 0
    with instance_at(dagster_home) as instance:
        records = instance.get_run_records(filters=dg.RunsFilter(created_after=since))
        for record in records:
            run_id = record.dagster_run.run_id
            built = _materialisations(instance, run_id)
            metadata = built["metadata"]
            stages = _add(
                stages, _run_stages(_step_seconds(instance, run_id), metadata.get(MANIFEST_KEY, {}))
            )
            sales_lines = metadata[dg.AssetKey(["raw", "sales_lines"])]
            new_files += int(sales_lines["new_files"].value)
            dbt_models = _add(dbt_models, _dbt_model_seconds(metadata))
            as_of_dates += len(built["partitions"])
    models = {
        name: dbt_models[key]
        for name, path in TIMED_MODELS.items()
        if (key := "/".join(path)) in dbt_models
    }
    return {
        "stages": stages,
        "new_sales_line_files": new_files,
        "models": models,
        "dbt_models": dbt_models,
        "runs": len(records),
        "as_of_dates": as_of_dates,
    }


def _job_environment(work: Path) -> dict[str, str]:
    return {
        **os.environ,
        ENV_LANDING_DIR: str(work / "landing"),
        ENV_WAREHOUSE: str(work / "warehouse.duckdb"),
        ENV_PUBLISHED: str(work / "published" / "key_accounts.duckdb"),
        ENV_CONFIG: str(DEFAULT_CONFIG_FILE),
        ENV_SETTLE_SECONDS: "0",
        "DAGSTER_HOME": str(work / "dagster_home"),
    }


def run_job_command(work: Path, arguments: list[str], log: Path) -> Measurement:
    """`key-accounts <arguments>` measured, with the figures of the runs it launched."""
    command = [sys.executable, "-m", "dagster_project.cli", *arguments]
    since = datetime.now(UTC)
    seconds, peak_mb = run_measured(command, _job_environment(work), log)
    return Measurement(seconds, peak_mb, **dagster_stages(work / "dagster_home", since))


def run_daily_job(work: Path, as_of: date, log: Path) -> Measurement:
    return run_job_command(work, ["run", "--as-of", as_of.isoformat()], log)


def run_backfill(work: Path, first: date, last: date, log: Path) -> Measurement:
    arguments = ["backfill", "--from", first.isoformat(), "--to", last.isoformat()]
    return run_job_command(work, arguments, log)


def run_baseline(
    input_dir: Path, as_of: date, output: Path, log: Path, previous_dates: tuple[date, ...] = ()
) -> Measurement:
    """The baseline as of a date, after the chain of dates the pipeline scored before it."""
    command = [
        sys.executable,
        "-m",
        BASELINE_MODULE,
        "--input",
        str(input_dir),
        "--as-of",
        as_of.isoformat(),
        "--config",
        str(DEFAULT_CONFIG_FILE),
        "--output",
        str(output),
    ]
    if previous_dates:
        command += ["--previous-dates", ",".join(day.isoformat() for day in previous_dates)]
    seconds, peak_mb = run_measured(command, dict(os.environ), log)
    return Measurement(seconds, peak_mb)
