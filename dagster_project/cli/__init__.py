"""`key-accounts`: run the daily job, generate sample data, show the dbt vars.

Heavy libraries (Dagster, dbt) are imported inside the commands that need them, so `--help`
and the generator start quickly (docs/operations.md, "How it runs").
"""

from __future__ import annotations

from dagster_project.cli.parser import build_parser

__all__ = ["build_parser", "main"]


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)
