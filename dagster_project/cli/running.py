"""`key-accounts run` and `backfill`: score as-of dates through the daily job, one line per
stage on the terminal and the rest in a log file (docs/operations.md, "How it runs")."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from dagster_project.cli.environment import check_as_of, load_config, prepare_environment
from dagster_project.lib.configuration.as_of_dates import today as schedule_today
from dagster_project.lib.configuration.settings import PipelinePaths
from dagster_project.lib.reporting.run_output import seconds_text

JOB_NAME = "daily_key_accounts"


def command_run(args: argparse.Namespace) -> int:
    if args.as_of is not None:
        check_as_of("--as-of", args.as_of)
    return run_days([args.as_of or schedule_today()], args.log_level, args.verbose)


def command_backfill(args: argparse.Namespace) -> int:
    if args.to_date < args.from_date:
        raise SystemExit(f"error: --to {args.to_date} is before --from {args.from_date}")
    check_as_of("--from", args.from_date)
    check_as_of("--to", args.to_date)
    return run_days(
        backfill_days(args.from_date, args.to_date, args.every), args.log_level, args.verbose
    )


def backfill_days(first: date, last: date, every: int = 1) -> list[date]:
    """Every `every` days from `first`, and always `last` itself."""
    days = [first + timedelta(days=n) for n in range(0, (last - first).days + 1, every)]
    if days[-1] != last:
        days.append(last)
    return days


def _failure_report(result) -> str:
    from dagster_project.lib.reporting.step_errors import step_error_text

    messages = []
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None:
            error = event.step_failure_data.error
            text = step_error_text(error) if error is not None else "failed"
            messages.append(f"  step {event.step_key}: {text}")
    return "\n".join(messages) or "  (no step failure was recorded; see the run in the Dagster UI)"


def _failure_traces(result) -> str:
    """Each failed step's error with its stack trace, as Dagster recorded it."""
    return "\n".join(
        f"step {event.step_key}:\n{event.step_failure_data.error.to_string()}"
        for event in result.all_events
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error
    )


def _time_left(elapsed: float, position: int, total: int) -> str:
    """', 2.0 min so far, about 3.1 min left' before run `position` of `total`, once one has
    finished: the runs left take as long as the average so far."""
    if position == 1:
        return ""
    left = elapsed / (position - 1) * (total - position + 1)
    return f", {seconds_text(elapsed)} so far, about {seconds_text(left)} left"


def _dates_label(keys: list[str]) -> str:
    days = sorted(keys)
    return days[0] if len(days) == 1 else f"{days[0]} to {days[-1]} ({len(days)} dates)"


def run_days(
    days: list[date], log_level: str, verbose: bool = False, paths: PipelinePaths | None = None
) -> int:
    """Score the as-of dates through the daily job: one run for a date, or for a range of dates
    that are consecutive partitions (a backfill: one run, every date in one pass); stop at the
    first failure. One line per stage; Dagster's and dbt's own lines go to a log file, or to
    the terminal with `verbose`. `paths` default to the KEY_ACCOUNTS_* variables'."""
    paths = prepare_environment(paths)
    config = load_config(paths)
    from dagster_project.lib.dbt.project import ensure_dbt_manifest

    ensure_dbt_manifest()
    log_file = None if verbose else paths.run_log_file(datetime.now())
    outcome = _execute_runs(paths, days, log_level, log_file)
    if outcome is None:
        return 1
    result, run_count, started = outcome
    _print_after_runs(paths, max(days), config, result, log_file)
    print(
        f"Done: {len(days)} as-of date(s) scored in {run_count} run(s), "
        f"{seconds_text(time.monotonic() - started)}."
    )
    return 0


def _execute_runs(paths: PipelinePaths, days: list[date], log_level: str, log_file: Path | None):
    """Each run of the daily job in turn: (the last run's result, how many runs, when the first
    started, after Dagster loaded), or None after telling why the first one that failed did."""
    import dagster as dg

    from dagster_project.defs.daily_run.partitions import add_as_of_dates, run_tags, runs_for
    from dagster_project.lib.dagster.job_runs import execute_recorded_run
    from dagster_project.lib.reporting.run_output import StageLines, output_to_log

    run_config = {"loggers": {"console": {"config": {"log_level": log_level}}}}
    result = None
    started = time.monotonic()
    with dg.DagsterInstance.get() as instance:
        add_as_of_dates(instance, days)
        runs = runs_for(instance, days)
        for position, keys in enumerate(runs, start=1):
            print(
                f"[{position}/{len(runs)}] Running {JOB_NAME} for as-of {_dates_label(keys)} "
                f"(landing folder {paths.landing_dir}){_time_left(time.monotonic() - started, position, len(runs))}",
                flush=True,
            )
            with output_to_log(log_file) as terminal:
                result = execute_recorded_run(
                    instance, JOB_NAME, run_tags(keys), run_config, StageLines(terminal)
                )
            if not result.success:
                _tell_failure(paths, keys, result, log_file)
                return None
    return result, len(runs), started


def _tell_failure(paths: PipelinePaths, keys: list[str], result, log_file: Path | None) -> None:
    print(
        f"\nerror: the daily run for {_dates_label(keys)} failed (run {result.run_id}); "
        f"the published file {paths.published} was not changed.\n{_failure_report(result)}",
        file=sys.stderr,
    )
    if log_file is None:
        print(f"\n{_failure_traces(result)}", file=sys.stderr)
    else:
        print(
            f"The full trace and the step log: {log_file} (or run again with -v).",
            file=sys.stderr,
        )


def _print_after_runs(paths: PipelinePaths, latest: date, config, result, log_file) -> None:
    """The summary of the latest date, the warnings, and where to look next."""
    from dagster_project.lib.reporting.summary import run_summary

    print()
    print(run_summary(paths.published, latest, config.reporting_currency))
    warnings = [e.description or e.check_name for e in result.check_evaluations() if not e.passed]
    if warnings:
        print("Warnings (asset checks, the run still published):")
        print("\n".join(f"  - {warning}" for warning in warnings))
    charts = paths.published.parent / "charts" / latest.isoformat()
    if charts.is_dir():
        print(f"Pictures: {', '.join(str(p) for p in sorted(charts.glob('*.png')))}")
    gx_index = paths.validation_docs_dir / "index.html"
    if gx_index.exists():
        print(f"Validation reports (Great Expectations Data Docs): {gx_index}")
    if log_file is not None:
        print(f"Step log (Dagster, and dbt's line per model and test): {log_file}")
    print(f"Dagster run(s) recorded in {os.environ['DAGSTER_HOME']} (make ui to browse them).")
    print("Dashboard for sales leaders and KAMs: make dashboard-serve (http://127.0.0.1:8501).")
