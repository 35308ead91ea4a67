"""`key-accounts generate-sample`: a deterministic book of business written as landing files,
to try the pipeline without a company's data (docs/method.md, "Inputs")."""

from __future__ import annotations

import argparse

from dagster_project.lib.configuration.settings import PipelinePaths


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
