"""`key-accounts rebuild`: recreate the warehouse from the archived deliveries and score again
every as-of date that had been scored (docs/operations.md, "Bad input")."""

from __future__ import annotations

import argparse
import dataclasses
import shutil

from dagster_project.cli.environment import load_config, prepare_environment
from dagster_project.cli.running import run_days
from dagster_project.lib.configuration.as_of_dates import today as schedule_today


def command_rebuild(args: argparse.Namespace) -> int:
    """Recreate the warehouse from the archive, then score every as-of date that was scored."""
    paths = prepare_environment()
    config = load_config(paths)
    from dagster_project.lib.ingestion.rebuild import rebuild_raw_tables
    from dagster_project.lib.ingestion.rules import IngestionRules
    from dagster_project.lib.warehouse.lock import warehouse_lock

    with warehouse_lock(paths.warehouse):
        try:
            # The replay checks the deliveries against today's as-of date, as a run would.
            today = schedule_today()
            rules = IngestionRules.from_config(config, today, [today], settle_seconds=0)
            plan, backup = rebuild_raw_tables(paths, rules, print)
        except FileNotFoundError as exc:
            raise SystemExit(f"error: {exc}") from None
    print(f"Raw tables rebuilt from the archive; the previous warehouse is kept as {backup}.")
    if not plan.scored_dates:
        print("No as-of date had been scored; nothing more to do.")
        return 0
    # Files waiting in the landing folder are for the next daily run, not for the rebuild.
    empty_landing = paths.landing_dir.parent / ".rebuild_landing"
    empty_landing.mkdir(exist_ok=True)
    try:
        return run_days(
            plan.scored_dates,
            args.log_level,
            args.verbose,
            dataclasses.replace(paths, landing_dir=empty_landing),
        )
    finally:
        shutil.rmtree(empty_landing, ignore_errors=True)
