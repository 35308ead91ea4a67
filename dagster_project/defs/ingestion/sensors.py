"""A run when new or changed files land, each delivery once, once it is complete."""

import hashlib
import json
import time
from pathlib import Path

import dagster as dg

from dagster_project.defs.daily_run.jobs import daily_key_accounts_job
from dagster_project.defs.daily_run.partitions import as_of_date_partitions
from dagster_project.lib.configuration.as_of_dates import today as schedule_today
from dagster_project.lib.configuration.settings import (
    ENV_AUTOMATION,
    PipelinePaths,
    automation_on,
    landing_settle_seconds,
)
from dagster_project.lib.ingestion.landing import scan_landing


def default_sensor_status() -> dg.DefaultSensorStatus:
    """Every sensor of the project starts stopped unless KEY_ACCOUNTS_AUTOMATION=on."""
    return dg.DefaultSensorStatus.RUNNING if automation_on() else dg.DefaultSensorStatus.STOPPED


def landing_fingerprints(landing_dir: Path) -> dict[str, str]:
    """Complete deliveries in the landing folder → their size and change times. A file still
    being written is left out until it settles (lib/ingestion/landing.py), so an upload starts no run
    before it is complete."""
    ready = scan_landing(landing_dir, time.time(), landing_settle_seconds()).ready
    return {
        f.path.name: f"{f.state.size}:{f.state.mtime_ns}:{f.state.ctime_ns}"
        + (":marked" if f.marker else "")
        for f in ready
    }


def evaluate_landing(
    fingerprints: dict[str, str], cursor: str | None, today: str
) -> tuple[list[str], str]:
    """The files that are new or changed since the cursor, and the new cursor."""
    seen = json.loads(cursor) if cursor else {}
    new = sorted(
        name for name, fingerprint in fingerprints.items() if seen.get(name) != fingerprint
    )
    # Files that left the landing folder (ingested and archived) leave the cursor too.
    return new, json.dumps(fingerprints, sort_keys=True)


def landing_files_sensor() -> dg.SensorDefinition:
    @dg.sensor(
        name="landing_files_sensor",
        job=daily_key_accounts_job,
        minimum_interval_seconds=60,
        default_status=default_sensor_status(),
        description="Starts the daily job for today's as-of date when input files land or "
        "change in KEY_ACCOUNTS_LANDING_DIR, once each is complete (unchanged for "
        "KEY_ACCOUNTS_SETTLE_SECONDS, or announced by its .done marker); the cursor remembers "
        f"each file's size and times, so a delivery triggers one run. Runs by default when "
        f"{ENV_AUTOMATION}=on.",
    )
    def _sensor(context: dg.SensorEvaluationContext, paths: dg.ResourceParam[PipelinePaths]):
        # Today as the schedule sees it (its time zone), so both score the same day.
        today = schedule_today().isoformat()
        new, cursor = evaluate_landing(
            landing_fingerprints(paths.landing_dir), context.cursor, today
        )
        if not new:
            context.update_cursor(cursor)
            return dg.SkipReason("No new or changed files in the landing folder.")
        run_key = hashlib.sha256(cursor.encode()).hexdigest()[:16]
        request = dg.RunRequest(
            run_key=run_key,
            partition_key=today,
            tags={"key_accounts/new_files": ", ".join(new)[:1000]},
        )
        # Today becomes an as-of date partition with the run that scores it.
        return dg.SensorResult(
            run_requests=[request],
            dynamic_partitions_requests=[as_of_date_partitions.build_add_request([today])],
            cursor=cursor,
        )

    return _sensor


@dg.definitions
def sensors() -> dg.Definitions:
    return dg.Definitions(sensors=[landing_files_sensor()])
