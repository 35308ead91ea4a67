"""`key-accounts`: run the daily job, generate sample data, show the dbt vars.

Heavy libraries (Dagster, dbt) are imported inside the commands that need them, so `--help`
and the generator start quickly (docs/operations.md, "How it runs").
"""

from __future__ import annotations

from dagster_project.cli.parser import build_parser

# The name the failed-run sensor (defs/alerts/sensors.py) imports the step's error text by;
# the rule itself lives in lib/reporting/step_errors.py.
from dagster_project.lib.reporting.step_errors import step_error_text as _step_error_text

__all__ = ["_step_error_text", "build_parser", "main"]


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)
