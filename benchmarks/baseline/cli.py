"""The baseline's command line: one as-of date (after its chain of previous dates) from the
input folders into a DuckDB file of the published tables."""

from __future__ import annotations

import argparse
import json
import resource
import time
from datetime import date
from pathlib import Path

import duckdb

from benchmarks.baseline.config import load_config
from benchmarks.baseline.customer_scores import publish_customer_scores, score_dates
from benchmarks.baseline.inputs import find_input_files
from benchmarks.baseline.kaism_matrix import publish_kaism_matrix
from benchmarks.baseline.kam_portfolio import publish_kam_portfolio
from benchmarks.baseline.reference_inputs import load_reference_inputs
from benchmarks.baseline.revenue_concentration import publish_revenue_concentration
from benchmarks.baseline.revenue_concentration_monthly import (
    publish_revenue_concentration_monthly,
)
from benchmarks.baseline.revenue_shares import publish_revenue_shares
from benchmarks.baseline.sales import load_sales
from benchmarks.baseline.session import Session


def parse_dates(value: str) -> tuple[date, ...]:
    return tuple(date.fromisoformat(day.strip()) for day in value.split(",") if day.strip())


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.baseline",
        description="The published figures of one as-of date, computed independently.",
    )
    parser.add_argument(
        "--input", action="append", required=True, type=Path, help="folder of input files"
    )
    parser.add_argument("--as-of", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
    parser.add_argument(
        "--previous-dates",
        type=parse_dates,
        default=(),
        help="the as-of dates scored before it, comma-separated (YYYY-MM-DD,...): their first "
        "tiers make the incumbents",
    )
    parser.add_argument("--config", required=True, type=Path, help="scoring configuration YAML")
    parser.add_argument("--output", required=True, type=Path, help="DuckDB file to (over)write")
    return parser.parse_args(argv)


def compute(session: Session, files: dict[str, list[Path]]) -> int:
    """Every published table into the session's file; the sales lines after de-duplication."""
    load_reference_inputs(session, files)
    sales_lines = load_sales(session, files)
    score_dates(session)
    publish_kaism_matrix(session)
    publish_revenue_shares(session)
    publish_revenue_concentration(session)
    publish_revenue_concentration_monthly(session)
    publish_customer_scores(session)
    publish_kam_portfolio(session)
    return sales_lines


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    started = time.perf_counter()
    config = load_config(args.config)
    files = find_input_files(args.input)
    for dataset in ("sales_lines", "customers"):
        if not files[dataset]:
            raise SystemExit(f"error: no {dataset} files in {', '.join(map(str, args.input))}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    for stale in (args.output, args.output.with_name(args.output.name + ".wal")):
        stale.unlink(missing_ok=True)

    conn = duckdb.connect(str(args.output))
    conn.execute("set preserve_insertion_order = false")
    session = Session(conn, config, args.as_of, args.previous_dates)
    sales_lines = compute(session, files)
    conn.execute("checkpoint")
    conn.close()
    seconds = time.perf_counter() - started
    session.step(f"done: {args.output}")

    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": round(seconds, 3),
                "peak_rss_mb": round(peak_rss_mb, 1),
                "sales_lines": int(sales_lines),
            }
        )
    )
