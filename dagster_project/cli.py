"""`key-accounts`: run the daily job, generate sample data, show the dbt vars.

Heavy libraries (Dagster, dbt) are imported inside the commands that need them, so `--help`
and the generator start quickly.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import shutil
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from dagster_project.lib.configuration.as_of_dates import as_of_date_problem
from dagster_project.lib.configuration.as_of_dates import today as schedule_today
from dagster_project.lib.configuration.settings import (
    DEFAULT_DAGSTER_HOME,
    PipelinePaths,
    SettingsError,
    landing_settle_seconds,
)
from dagster_project.lib.reporting.run_output import seconds_text

JOB_NAME = "daily_key_accounts"
DAGSTER_FAILURE_PREFIX = "dagster._core.definitions.events.Failure: "


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from None


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be 1 or more")
    return value


def _check_as_of(option: str, day: date) -> None:
    """Exit 2 with one line when no run can score `day`: said here, before Dagster loads, rather
    than by Dagster's traceback for a date outside its partitions."""
    problem = as_of_date_problem(day)
    if problem is not None:
        print(f"error: {option} {day} {problem}", file=sys.stderr)
        raise SystemExit(2)


def _prepare_environment() -> PipelinePaths:
    """Resolve the KEY_ACCOUNTS_* paths once and hand them on, absolute, to Dagster and dbt."""
    paths = PipelinePaths.from_env()
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


def _load_config(paths: PipelinePaths):
    """The scoring configuration, or exit 1 with the validation message."""
    from dagster_project.lib.configuration.scoring import ConfigError, load_scoring_config

    try:
        return load_scoring_config(paths.config_file)
    except ConfigError as exc:
        raise SystemExit(f"error: {exc}") from None


# Dagster's wrapper of whatever a step raised: it says no more than "step X failed".
STEP_ERROR_CLASS = "DagsterExecutionStepExecutionError"
# strerror(ENOSPC), in OSError's message ("[Errno 28] No space left on device") and DuckDB's.
DISK_FULL = "No space left on device"
QUOTED_PATH = re.compile(r"""["']((?:/|~|[A-Za-z]:[\\/])[^"']*)["']""")


def _chains(error, outer=()):
    """Each error behind a step's error (its causes, and the errors it was raised while
    handling), with the errors it led to, nearest first."""
    yield error, outer
    for behind in (error.cause, error.context):
        if behind is not None:
            yield from _chains(behind, (error, *outer))


def _message(error) -> str:
    text = error.message.strip()
    return text.removeprefix(DAGSTER_FAILURE_PREFIX) if error.cls_name == "Failure" else text


def _says_disk_full(text: str) -> bool:
    return DISK_FULL in text or f"[Errno {errno.ENOSPC}]" in text


def _disk_full_text(error) -> str:
    """One plain line: a full disk needs the operator, not a developer reading a traceback."""
    line = next(
        (line.strip() for line in error.message.splitlines() if _says_disk_full(line)),
        error.message.strip(),
    )
    head, separator, rest = line.partition(": ")
    if separator and head.rsplit(".", 1)[-1] == error.cls_name:
        line = rest  # the class name says nothing to the operator
    path = QUOTED_PATH.search(line)
    where = path.group(1) if path else "the disk"
    return f"the disk is full ({DISK_FULL}) while {line}; free space on {where} and run again"


def _step_error_text(error) -> str:
    """The step's error as the report shows it: a full disk anywhere in the chain first; else a
    dg.Failure's message, written for the user; else the root cause, the error that started it.
    Then the errors it led to, without Dagster's wrapper."""
    chains = list(_chains(error))
    disk_full = [chain for chain in chains if _says_disk_full(chain[0].message)]
    if disk_full:
        # The deepest is the one the system raised; those it led to may repeat its text.
        headline, outer = max(disk_full, key=lambda chain: len(chain[1]))
        first = _disk_full_text(headline)
    elif error.cls_name == "Failure":
        first, outer = _message(error), ()
    else:
        root, outer = next((e, o) for e, o in chains if e.cause is None and e.context is None)
        first = _message(root)
    led_to = [f"    leading to: {_message(e)}" for e in outer if e.cls_name != STEP_ERROR_CLASS]
    return "\n".join([first, *led_to])


def _failure_report(result) -> str:
    messages = []
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None:
            error = event.step_failure_data.error
            text = _step_error_text(error) if error is not None else "failed"
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


def _run_days(days: list[date], log_level: str, verbose: bool = False) -> int:
    """Score the as-of dates through the daily job: one run for a date, or for a range of dates
    that are consecutive partitions (a backfill: one run, every date in one pass); stop at the
    first failure. One line per stage; Dagster's and dbt's own lines go to a log file, or to
    the terminal with `verbose`."""
    paths = _prepare_environment()
    config = _load_config(paths)
    from dagster_project.lib.dbt.project import ensure_dbt_manifest

    ensure_dbt_manifest()

    import dagster as dg

    from dagster_project.defs.daily_run.partitions import add_as_of_dates, run_tags, runs_for
    from dagster_project.lib.dagster.job_runs import execute_recorded_run
    from dagster_project.lib.reporting.run_output import StageLines, output_to_log

    log_file = None if verbose else paths.run_log_file(datetime.now())
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
                print(
                    f"\nerror: the daily run for {_dates_label(keys)} failed (run {result.run_id}); "
                    f"the published file {paths.published} was not changed.\n{_failure_report(result)}",
                    file=sys.stderr,
                )
                if verbose:
                    print(f"\n{_failure_traces(result)}", file=sys.stderr)
                else:
                    print(
                        f"The full trace and the step log: {log_file} (or run again with -v).",
                        file=sys.stderr,
                    )
                return 1

    from dagster_project.lib.reporting.summary import run_summary

    print()
    latest = max(days)
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
    print(
        f"Done: {len(days)} as-of date(s) scored in {len(runs)} run(s), "
        f"{seconds_text(time.monotonic() - started)}."
    )
    return 0


def command_run(args: argparse.Namespace) -> int:
    if args.as_of is not None:
        _check_as_of("--as-of", args.as_of)
    return _run_days([args.as_of or schedule_today()], args.log_level, args.verbose)


def command_backfill(args: argparse.Namespace) -> int:
    if args.to_date < args.from_date:
        raise SystemExit(f"error: --to {args.to_date} is before --from {args.from_date}")
    _check_as_of("--from", args.from_date)
    _check_as_of("--to", args.to_date)
    return _run_days(
        backfill_days(args.from_date, args.to_date, args.every), args.log_level, args.verbose
    )


def backfill_days(first: date, last: date, every: int = 1) -> list[date]:
    """Every `every` days from `first`, and always `last` itself."""
    days = [first + timedelta(days=n) for n in range(0, (last - first).days + 1, every)]
    if days[-1] != last:
        days.append(last)
    return days


def command_rebuild(args: argparse.Namespace) -> int:
    """Recreate the warehouse from the archive, then score every as-of date that was scored."""
    paths = _prepare_environment()
    config = _load_config(paths)
    from dagster_project.lib.configuration.settings import ENV_LANDING_DIR
    from dagster_project.lib.ingestion.rebuild import rebuild_raw_tables
    from dagster_project.lib.ingestion.rules import IngestionRules
    from dagster_project.lib.warehouse.lock import warehouse_lock

    with warehouse_lock(paths.warehouse):
        try:
            today = date.today()
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
    os.environ[ENV_LANDING_DIR] = str(empty_landing)
    try:
        return _run_days(plan.scored_dates, args.log_level, args.verbose)
    finally:
        shutil.rmtree(empty_landing, ignore_errors=True)


def command_generate_sample(args: argparse.Namespace) -> int:
    paths = PipelinePaths.from_env()
    output = args.output or paths.landing_dir
    if args.if_no_data:
        existing = [
            p
            for folder in (output, paths.archive_dir)
            if folder.exists()
            for p in folder.rglob("*")
            if p.is_file() and not p.name.startswith(".")
        ]
        if existing:
            print(
                f"Sample not generated: {output} or {paths.archive_dir} already holds input files."
            )
            return 0
    from dagster_project.lib.sample_data import SampleSize, generate_sample

    summary = generate_sample(
        output_dir=output,
        size=SampleSize(customers=args.customers, days=args.days, lines_per_day=args.lines_per_day),
        seed=args.seed,
        end_date=args.end_date,
        file_format=args.format,
    )
    print(
        f"Wrote {summary.sales_lines:,} sales lines in {summary.sales_line_files:,} daily files "
        f"({summary.first_date} to {summary.last_date}), {summary.customers:,} customers "
        f"({summary.prospects:,} prospects, {summary.groups:,} groups), service costs, FX rates, "
        f"{summary.products:,} products and {summary.assessments:,} assessments of "
        f"{summary.assessed_customers:,} customers to {summary.output_dir}"
    )
    return 0


def command_docs(args: argparse.Namespace) -> int:
    """dbt's documentation site of the models, with the warehouse's catalog."""
    paths = _prepare_environment()
    config = _load_config(paths)
    from dagster_project.lib.configuration.scoring import dbt_vars
    from dagster_project.lib.dbt.project import ensure_dbt_manifest, generate_dbt_docs
    from dagster_project.lib.warehouse.lock import warehouse_lock

    ensure_dbt_manifest()
    with_catalog = paths.warehouse.exists()
    if not with_catalog:
        print(f"No warehouse at {paths.warehouse} yet: the docs will have no catalog (run first).")
    print(f"Generating dbt docs into {paths.dbt_docs_dir}", flush=True)
    # dbt reads the catalog through a connection of its own: wait for any run to finish.
    with warehouse_lock(paths.warehouse):
        page = generate_dbt_docs(paths.dbt_docs_dir, dbt_vars(config), with_catalog)
    print(f"dbt docs (models, columns, lineage): {page}")
    gx_index = paths.validation_docs_dir / "index.html"
    if gx_index.exists():
        print(f"Great Expectations Data Docs (every validation of the landed files): {gx_index}")
    return 0


def command_dbt_vars(args: argparse.Namespace) -> int:
    from dagster_project.lib.configuration.scoring import dbt_vars

    config = _load_config(PipelinePaths.from_env())
    print(json.dumps(dbt_vars(config), sort_keys=True))
    return 0


def _add_output_options(command: argparse.ArgumentParser, default_log_level: str) -> None:
    command.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="print Dagster's step log and dbt's line per model and test as they happen, and a "
        "failure's stack trace (default: one line per stage; the rest goes to a log file)",
    )
    command.add_argument(
        "--log-level",
        default=default_log_level,
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help=f"how much of Dagster's step log to keep (default: {default_log_level})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="key-accounts",
        description="Find, score and publish a B2B company's key accounts from its sales data.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run the daily job once, through Dagster")
    run.add_argument("--as-of", type=_iso_date, help="as-of date, YYYY-MM-DD (default: today)")
    _add_output_options(run, default_log_level="INFO")
    run.set_defaults(handler=command_run)

    backfill = commands.add_parser(
        "backfill",
        help="score every as-of date of a range, all of them in one run of the daily job",
    )
    backfill.add_argument(
        "--from", dest="from_date", type=_iso_date, required=True, help="first as-of date"
    )
    backfill.add_argument(
        "--to", dest="to_date", type=_iso_date, required=True, help="last as-of date"
    )
    backfill.add_argument(
        "--every",
        type=_positive_int,
        default=1,
        metavar="DAYS",
        help="score every DAYS days from --from, and --to itself (default: 1, every day)",
    )
    _add_output_options(backfill, default_log_level="WARNING")
    backfill.set_defaults(handler=command_backfill)

    rebuild = commands.add_parser(
        "rebuild",
        help="recreate the warehouse from the archived files and re-score every scored date",
    )
    _add_output_options(rebuild, default_log_level="WARNING")
    rebuild.set_defaults(handler=command_rebuild)

    sample = commands.add_parser(
        "generate-sample", help="write a deterministic sample book of business as landing files"
    )
    sample.add_argument(
        "--output", type=Path, help="folder to write to (default: the landing folder)"
    )
    sample.add_argument(
        "--customers",
        type=_positive_int,
        default=300,
        help="customers in the master (default: 300)",
    )
    sample.add_argument(
        "--days",
        type=_positive_int,
        default=730,
        help="days of history, one file a day (default: 730)",
    )
    sample.add_argument(
        "--lines-per-day",
        type=_positive_int,
        default=40,
        help="average sales lines a day (default: 40)",
    )
    sample.add_argument(
        "--seed",
        type=int,
        default=42,
        help="random seed; the same seed writes the same files (default: 42)",
    )
    sample.add_argument("--end-date", type=_iso_date, help="last day of history (default: today)")
    sample.add_argument(
        "--format", choices=["csv", "parquet"], default="csv", help="file format (default: csv)"
    )
    sample.add_argument(
        "--if-no-data",
        action="store_true",
        help="do nothing when the landing or archive folder already holds files",
    )
    sample.set_defaults(handler=command_generate_sample)

    docs = commands.add_parser(
        "docs", help="write dbt's documentation site of the models (one HTML file, offline)"
    )
    docs.set_defaults(handler=command_docs)

    dbt_vars_cmd = commands.add_parser(
        "dbt-vars", help="print the dbt --vars the pipeline passes, for running dbt by hand"
    )
    dbt_vars_cmd.set_defaults(handler=command_dbt_vars)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
