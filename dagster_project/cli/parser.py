"""The `key-accounts` command line: each command's options, the shared ones declared once, and
the handler each command runs. Only declarations: the handlers import what they need."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from dagster_project.cli.dbt_commands import command_dbt_vars, command_docs
from dagster_project.cli.rebuild import command_rebuild
from dagster_project.cli.running import command_backfill, command_run
from dagster_project.cli.sample_data import command_generate_sample

LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"]


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


def _add_output_options(command: argparse.ArgumentParser, default_log_level: str) -> None:
    """-v and --log-level of every command that runs the daily job; a single run says more by
    default than a backfill or a rebuild, whose many runs would flood the log."""
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
        choices=LOG_LEVELS,
        help=f"how much of Dagster's step log to keep (default: {default_log_level})",
    )


def _add_running_commands(commands) -> None:
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


def _add_sample_command(commands) -> None:
    sample = commands.add_parser(
        "generate-sample", help="write a deterministic sample book of business as landing files"
    )
    sample.add_argument(
        "--output", type=Path, help="folder to write to (default: the landing folder)"
    )
    for option, default, what in (
        ("--customers", 300, "customers in the master"),
        ("--days", 730, "days of history, one file a day"),
        ("--lines-per-day", 40, "average sales lines a day"),
    ):
        sample.add_argument(
            option, type=_positive_int, default=default, help=f"{what} (default: {default})"
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


def _add_dbt_commands(commands) -> None:
    docs = commands.add_parser(
        "docs", help="write dbt's documentation site of the models (one HTML file, offline)"
    )
    docs.set_defaults(handler=command_docs)
    dbt_vars = commands.add_parser(
        "dbt-vars", help="print the dbt --vars the pipeline passes, for running dbt by hand"
    )
    dbt_vars.set_defaults(handler=command_dbt_vars)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="key-accounts",
        description="Find, score and publish a B2B company's key accounts from its sales data.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    _add_running_commands(commands)
    _add_sample_command(commands)
    _add_dbt_commands(commands)
    return parser
