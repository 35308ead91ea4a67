"""`make bench`: how fast and how lean the daily job is, next to plain DuckDB on the same files.

Sizes (SIZES): `tiny` (50 customers, 30 days: what a run costs whatever the data); 1M, 6M and
60M sales lines over two years of daily files; and 1M-6y and 6M-6y, the same numbers of lines
spread over six years (fewer lines a day, three times the history to keep and reread). Every
size but tiny has 150,000 customers. For each size a sample book is generated once with the
sample generator and kept in data/bench/<size>/source (the same arguments write the same
files). Then, in a fresh warehouse:

  full         the daily job on the whole history but its last day (as of the day before)
  new day      the last day's sales file lands, the job runs as of that day
  nothing new  the job runs again with nothing landed
  backfill     `key-accounts backfill` of the 30 as-of dates ending with the last day, one run
               scoring them all, on the warehouse the cases before left (every file ingested);
               not at 60M unless asked (--backfill-60M)
  baseline     benchmarks/baseline/ (python -m benchmarks.baseline): one DuckDB process
               computing the same published figures from the same files (as the full case)
               with hand-written SQL, nothing else

Every case is a process of its own, started the way users start it (`key-accounts run`,
`key-accounts backfill`), so start-up and imports count. The stages come from the records, in
its Dagster instance, of the runs the command launched: the ingestion step (minus validation),
the Great Expectations validation, the dbt step, and the publish step with the checks on the
published tables; *other* is the rest of the wall time (start-up, imports, Dagster's own work
around the steps, the summary). Within the dbt step, the build time of each model comes from
its materialisation's "Execution Duration", the node timing dbt reports and dagster-dbt records
(the table shows TIMED_MODELS'; every model's is in the JSON). Peak memory is the largest total
resident memory of the process and its children (dbt runs in one), sampled while it runs.

The baseline's tables are compared with the published ones (the full run's as-of date, and the
first, a middle and the last date of the backfill, each from a baseline run of its own), so the
bench also says whether the pipeline computes what a plain reading of the design computes. A
date's first tier depends on the previous scored date's (its incumbents), so each baseline run
is also given the dates scored before its date in the published history (`--previous-dates`)
and scores that chain first, oldest first. The full run's date is the first of a fresh
warehouse: no previous date. A backfilled date's are the backfill's dates before it (the daily
cases' dates, the last day and the day before, are backfilled dates too, scored again).

    python -m benchmarks.key_accounts_bench --sizes tiny,1M,6M,6M-6y,60M
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

from benchmarks.bench.comparison import compare_with_baseline, figures_agree
from benchmarks.bench.measuring import Measurement
from benchmarks.bench.report import evaluate_targets, format_table, machine, print_summary
from benchmarks.bench.runs import run_backfill, run_baseline, run_daily_job
from benchmarks.bench.sizes import (
    BACKFILL_COMPARED,
    BACKFILL_DAYS,
    BACKFILL_FROM,
    BACKFILL_ON_REQUEST,
    CASES,
    DAILY_CASES,
    DEFAULT_SIZES,
    LAST_DAY,
    SIZES,
    ensure_sample,
)
from dagster_project.lib.configuration.settings import REPO_ROOT
from dagster_project.lib.ingestion.landing import MARKER_SUFFIX
from dagster_project.lib.sample_data import SampleSize

# What the tests and other callers read from here.
__all__ = [
    "BACKFILL_COMPARED",
    "BACKFILL_DAYS",
    "CASES",
    "LAST_DAY",
    "SIZES",
    "compare_with_baseline",
    "evaluate_targets",
    "figures_agree",
    "format_table",
    "main",
]


def _link_files(source: Path, target: Path, skip: set[str]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        # The files are complete: the bench delivers them without their `.done` markers and runs
        # with no settle interval (KEY_ACCOUNTS_SETTLE_SECONDS=0).
        if path.is_file() and path.name not in skip and path.suffix != MARKER_SUFFIX:
            # Hard links: the pipeline archives what it ingests, the source stays whole.
            os.link(path, target / path.name)


def _run_daily_cases(source: Path, work: Path, held: str) -> dict[str, Measurement]:
    results = {}
    for case in DAILY_CASES:
        if case == "new_day":
            os.link(source / held, work / "landing" / held)
        as_of = LAST_DAY - timedelta(days=1) if case == "full" else LAST_DAY
        results[case] = run_daily_job(work, as_of, work / f"{case}.log")
        print(f"  {case:<12} {results[case].seconds:8.1f} s", flush=True)
    return results


def _run_baseline_for(
    work: Path, as_of: date, output: Path, previous_dates: tuple[date, ...] = ()
) -> Measurement:
    measured = run_baseline(
        work / "baseline_input", as_of, output, output.with_suffix(".log"), previous_dates
    )
    print(f"  {'baseline':<12} {measured.seconds:8.1f} s (as of {as_of})", flush=True)
    return measured


def backfill_dates_before(as_of: date) -> tuple[date, ...]:
    """The as-of dates the backfill scores before as_of, oldest first."""
    return tuple(BACKFILL_FROM + timedelta(days=i) for i in range((as_of - BACKFILL_FROM).days))


def _backfill_and_compare(
    source: Path, work: Path, held: str
) -> tuple[Measurement, dict[str, dict], dict[str, dict]]:
    """The backfill case, then a baseline run and a comparison for each of BACKFILL_COMPARED:
    the baseline's figures, by as-of date, and the comparisons."""
    backfill = run_backfill(work, BACKFILL_FROM, LAST_DAY, work / "backfill.log")
    print(f"  {'backfill':<12} {backfill.seconds:8.1f} s", flush=True)
    # The backfill's last date scores the last day's sales too.
    os.link(source / held, work / "baseline_input" / held)
    baselines, comparisons = {}, {}
    for as_of in BACKFILL_COMPARED:
        output = work / f"baseline_{as_of}.duckdb"
        # The dates the backfill scored before this one, whose first tiers make its incumbents.
        previous = backfill_dates_before(as_of)
        baselines[as_of.isoformat()] = asdict(_run_baseline_for(work, as_of, output, previous))
        comparisons[as_of.isoformat()] = compare_with_baseline(
            work / "published" / "key_accounts.duckdb", output, as_of
        )
    return backfill, baselines, comparisons


def bench_size(data_dir: Path, name: str, size: SampleSize, backfill: bool = True) -> dict:
    source, lines = ensure_sample(data_dir, name, size)
    held = f"sales_lines_{LAST_DAY.isoformat()}.csv"
    work = data_dir / name / "work"
    shutil.rmtree(work, ignore_errors=True)
    _link_files(source, work / "landing", skip={held})
    _link_files(source, work / "baseline_input", skip={held})
    day_before = LAST_DAY - timedelta(days=1)
    print(f"[{name}] {lines:,} sales lines, {size.customers:,} customers", flush=True)
    results = _run_daily_cases(source, work, held)
    results["baseline"] = _run_baseline_for(work, day_before, work / "baseline.duckdb")
    # Compared before the backfill, which scores the day before again.
    comparison = compare_with_baseline(
        work / "published" / "key_accounts.duckdb", work / "baseline.duckdb", day_before
    )
    backfill_baselines, backfill_comparisons = {}, {}
    if backfill:
        results["backfill"], backfill_baselines, backfill_comparisons = _backfill_and_compare(
            source, work, held
        )
    return {
        "size": name,
        "sales_lines": lines,
        "customers": size.customers,
        "days": size.days,
        "cases": {case: asdict(m) for case, m in results.items()},
        "figures_agree_with_baseline": figures_agree(comparison)
        and all(figures_agree(report) for report in backfill_comparisons.values()),
        "comparison": comparison,
        "backfill_baselines": backfill_baselines,
        "backfill_comparisons": backfill_comparisons,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=",".join(DEFAULT_SIZES),
        help=f"comma-separated, from {', '.join(SIZES)} (default: {','.join(DEFAULT_SIZES)})",
    )
    parser.add_argument(
        "--backfill-60M",
        action="store_true",
        help=f"run the backfill case at {', '.join(sorted(BACKFILL_ON_REQUEST))} too",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=REPO_ROOT / "data" / "bench",
        help="where samples are generated and kept, and runs work (default: data/bench)",
    )
    parser.add_argument(
        "--json", type=Path, help="write the figures here (default: <data-dir>/results.json)"
    )
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.sizes.split(",") if n.strip()]
    unknown = [n for n in names if n not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    args.data_dir.mkdir(parents=True, exist_ok=True)
    by_size = {
        name: bench_size(
            args.data_dir,
            name,
            SIZES[name],
            backfill=args.backfill_60M or name not in BACKFILL_ON_REQUEST,
        )
        for name in names
    }
    verdicts = evaluate_targets(by_size)
    results = {"machine": machine(), "sizes": by_size, "targets": verdicts}
    output = args.json or args.data_dir / "results.json"
    output.write_text(json.dumps(results, indent=2), encoding="utf-8")

    print_summary(by_size, verdicts, results["machine"], output)
    print(f"Figures written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
