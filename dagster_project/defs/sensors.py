"""A run when new or changed files land, each delivery once."""

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from dagster_project.defs.jobs import daily_key_accounts_job
from dagster_project.lib.datasets import classify_landing_file
from dagster_project.lib.settings import PipelinePaths


def landing_fingerprints(landing_dir: Path) -> dict[str, str]:
    """Input files in the landing folder → size and modification time, which change with content."""
    if not landing_dir.exists():
        return {}
    fingerprints = {}
    for path in sorted(landing_dir.iterdir()):
        if path.is_file() and classify_landing_file(path) is not None:
            stat = path.stat()
            fingerprints[path.name] = f"{stat.st_size}:{stat.st_mtime_ns}"
    return fingerprints


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


@dg.sensor(
    name="landing_files_sensor",
    job=daily_key_accounts_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts the daily job for today's as-of date when input files land or change in "
    "KEY_ACCOUNTS_LANDING_DIR; the cursor remembers each file's size and time, so a delivery "
    "triggers one run.",
)
def landing_files_sensor(context: dg.SensorEvaluationContext):
    today = datetime.now(UTC).date().isoformat()
    new, cursor = evaluate_landing(
        landing_fingerprints(PipelinePaths.from_env().landing_dir), context.cursor, today
    )
    context.update_cursor(cursor)
    if not new:
        return dg.SkipReason("No new or changed files in the landing folder.")
    run_key = hashlib.sha256(cursor.encode()).hexdigest()[:16]
    return dg.RunRequest(
        run_key=run_key, partition_key=today, tags={"key_accounts/new_files": ", ".join(new)[:1000]}
    )
