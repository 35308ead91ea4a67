"""What every command that runs the pipeline needs first: the paths, the scoring configuration
and an as-of date that can be scored, each refused with one line (docs/operations.md, "Bad
input") before Dagster or dbt loads."""

from __future__ import annotations

import os
import shutil
import sys
from datetime import date
from pathlib import Path

from dagster_project.lib.configuration.as_of_dates import as_of_date_problem
from dagster_project.lib.configuration.settings import (
    DEFAULT_DAGSTER_HOME,
    PipelinePaths,
    SettingsError,
    landing_settle_seconds,
)


def check_as_of(option: str, day: date) -> None:
    """Exit 2 with one line when no run can score `day`: said here, before Dagster loads, rather
    than by Dagster's traceback for a date outside its partitions."""
    problem = as_of_date_problem(day)
    if problem is not None:
        print(f"error: {option} {day} {problem}", file=sys.stderr)
        raise SystemExit(2)


def prepare_environment(paths: PipelinePaths | None = None) -> PipelinePaths:
    """Check the paths (by default the KEY_ACCOUNTS_* variables') and hand them on, absolute, in
    those variables: the definitions of every Dagster process read them back as the one
    PipelinePaths resource (defs/resources.py), and dbt's profile the warehouse's."""
    paths = paths or PipelinePaths.from_env()
    try:
        paths.check()
        landing_settle_seconds()
    except SettingsError as error:
        raise SystemExit(f"error: {error}") from None
    os.environ.update(paths.as_env())
    # Dagster wants an absolute DAGSTER_HOME; a relative one is taken from where the user is.
    dagster_home = Path(os.environ.get("DAGSTER_HOME") or DEFAULT_DAGSTER_HOME).resolve()
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    dagster_home.mkdir(parents=True, exist_ok=True)
    if not (dagster_home / "dagster.yaml").exists():
        # A new instance gets the repository's settings (telemetry off) instead of a warning.
        shutil.copy(DEFAULT_DAGSTER_HOME / "dagster.yaml", dagster_home / "dagster.yaml")
    return paths


def load_config(paths: PipelinePaths):
    """The scoring configuration, or exit 1 with the validation message."""
    from dagster_project.lib.configuration.scoring import ConfigError, load_scoring_config

    try:
        return load_scoring_config(paths.config_file)
    except ConfigError as exc:
        raise SystemExit(f"error: {exc}") from None
