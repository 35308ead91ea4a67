"""`make bench`: how fast and how lean the daily job is, next to plain DuckDB on the same files.

For each size a sample book is generated once with the sample generator and kept in
data/bench/<size>/source (the same arguments write the same files). Then, in a fresh warehouse:

  full         the daily job on the whole history but its last day (as of the day before)
  new day      the last day's sales file lands, the job runs as of that day
  nothing new  the job runs again with nothing landed
  baseline     benchmarks/baseline.py: one DuckDB process computing the same published figures
               from the same files (as the full case) with hand-written SQL, nothing else

Every case is a process of its own, started the way users start it (`key-accounts run`), so
start-up and imports count. The stages come from the run's record in its Dagster instance: the
ingestion step (minus validation), the Great Expectations validation, the dbt step, and the
publish step with the checks on the published tables. Within the dbt step, the build time of a
few costly models (TIMED_MODELS) comes from their materialisations' "Execution Duration", the
node timing dbt reports and dagster-dbt records. Peak memory is the largest total resident
memory of the process and its children (dbt runs in one), sampled every 50 ms.

The baseline's tables are compared with the published ones, so the bench also says whether the
pipeline computes what a plain reading of the design computes.

    python -m benchmarks.key_accounts_bench --sizes tiny,1M,6M,60M
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb
import psutil

from dagster_project.lib.landing import MARKER_SUFFIX
from dagster_project.lib.sample_data import SampleSize, generate_sample
from dagster_project.lib.settings import (
    DEFAULT_CONFIG_FILE,
    ENV_CONFIG,
    ENV_LANDING_DIR,
    ENV_PUBLISHED,
    ENV_SETTLE_SECONDS,
    ENV_WAREHOUSE,
    REPO_ROOT,
)
from dagster_project.lib.sql import sql_string

# The last day of every generated history: fixed, so a sample on disk stays valid.
LAST_DAY = date(2026, 11, 26)
# About 87% of the lines per day survive the generator's start and end of accounts.
SIZES = {
    "tiny": SampleSize(customers=50, days=30, lines_per_day=10),
    "1M": SampleSize(customers=150_000, days=730, lines_per_day=1_575),
    "6M": SampleSize(customers=150_000, days=730, lines_per_day=9_450),
    "60M": SampleSize(customers=150_000, days=730, lines_per_day=94_500),
}
CASES = ("full", "new_day", "nothing_new")
BASELINE_SCRIPT = Path(__file__).with_name("baseline.py")
# Published table → the columns that identify a row on one as-of date.
COMPARED_TABLES = {
    "customer_scores": ("customer_id",),
    "customer_revenue_shares": ("customer_id",),
    "revenue_concentration": ("as_of_date",),
    "kaism_matrix": ("customer_id",),
    "kam_portfolio": ("account_manager",),
    "revenue_concentration_monthly": ("month_end_date",),
}
RELATIVE_TOLERANCE = 1e-9
# Models whose own build time is reported (part of the dbt stage): name → asset key.
TIMED_MODELS = {"sensitivity": ("marts", "key_account_sensitivity")}
TARGETS = {
    "full_run_vs_baseline_at_6M": 3.0,
    "cost_per_extra_million_lines_vs_baseline": 1.5,
    "new_day_on_6M_seconds": 25.0,
    "peak_memory_at_60M_gb": 6.0,
}


@dataclass
class Measurement:
    seconds: float
    peak_rss_mb: float
    stages: dict[str, float] = field(default_factory=dict)
    # Sales-line files the run ingested (the baseline ingests nothing).
    new_sales_line_files: int | None = None
    # Build seconds of each of TIMED_MODELS the run built, within the dbt stage.
    models: dict[str, float] = field(default_factory=dict)


class PeakMemory:
    """Samples the resident memory of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval_s: float = 0.05):
        self.peak_bytes = 0
        self._root = psutil.Process(pid)
        self._interval_s = interval_s
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stopped.is_set():
            total = 0
            try:
                processes = [self._root, *self._root.children(recursive=True)]
            except psutil.Error:
                processes = []
            for process in processes:
                with contextlib.suppress(psutil.Error):
                    total += process.memory_info().rss
            self.peak_bytes = max(self.peak_bytes, total)
            self._stopped.wait(self._interval_s)

    def stop(self) -> float:
        self._stopped.set()
        self._thread.join()
        return self.peak_bytes / 1e6


def run_measured(command: list[str], env: dict[str, str], log: Path) -> tuple[float, float]:
    """Run a command to completion; its wall seconds and peak memory (MB). Output goes to log."""
    with log.open("w", encoding="utf-8") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        memory = PeakMemory(process.pid)
        returncode = process.wait()
        seconds = time.perf_counter() - started
        peak_mb = memory.stop()
    if returncode != 0:
        tail = log.read_text(encoding="utf-8").splitlines()[-20:]
        raise RuntimeError(f"{' '.join(command)} exited {returncode}:\n" + "\n".join(tail))
    return seconds, peak_mb


def ensure_sample(data_dir: Path, name: str, size: SampleSize) -> tuple[Path, int]:
    """The generated files of one size (generated now unless already on disk), and their lines."""
    source = data_dir / name / "source"
    marker = data_dir / name / "sample.json"
    wanted = {"size": asdict(size), "last_day": LAST_DAY.isoformat(), "seed": 42}
    if marker.exists():
        recorded = json.loads(marker.read_text())
        if {k: recorded.get(k) for k in wanted} == wanted:
            return source, recorded["sales_lines"]
    shutil.rmtree(source, ignore_errors=True)
    print(f"[{name}] generating the sample into {source}", flush=True)
    summary = generate_sample(
        source, size, end_date=LAST_DAY, progress=lambda m: print(f"  {m}", flush=True)
    )
    marker.write_text(json.dumps({**wanted, "sales_lines": summary.sales_lines}, indent=2))
    return source, summary.sales_lines


def _link_files(source: Path, target: Path, skip: set[str]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        # The files are complete: the bench delivers them without their `.done` markers and runs
        # with no settle interval (KEY_ACCOUNTS_SETTLE_SECONDS=0).
        if path.is_file() and path.name not in skip and path.suffix != MARKER_SUFFIX:
            # Hard links: the pipeline archives what it ingests, the source stays whole.
            os.link(path, target / path.name)


def dagster_stages(dagster_home: Path) -> tuple[dict[str, float], int, dict[str, float]]:
    """Seconds per stage of the latest run in the instance, how many sales-line files it
    ingested, and the build seconds of each of TIMED_MODELS it built."""
    import dagster as dg

    from dagster_project.defs.ingestion.assets import MANIFEST_KEY
    from dagster_project.lib.dagster_storage import instance_at

    with instance_at(dagster_home) as instance:
        run = instance.get_runs(limit=1)[0]
        steps = {
            s.step_key: (s.end_time or 0) - (s.start_time or 0)
            for s in instance.get_run_step_stats(run.run_id)
        }
        event = instance.get_latest_materialization_event(MANIFEST_KEY)
        metadata = event.asset_materialization.metadata if event else {}
        raw_metadata = instance.get_latest_materialization_event(
            dg.AssetKey(["raw", "sales_lines"])
        ).asset_materialization.metadata
        models = {}
        for name, key in TIMED_MODELS.items():
            built = instance.get_latest_materialization_event(dg.AssetKey(list(key)))
            duration = built and built.asset_materialization.metadata.get("Execution Duration")
            if built and built.run_id == run.run_id and duration is not None:
                models[name] = float(duration.value)
    validation = metadata["validation_seconds"].value if "validation_seconds" in metadata else 0.0
    ingestion = steps.pop("raw_tables")
    dbt_step = next(key for key in steps if "dbt" in key)
    stages = {
        "ingest": ingestion - validation,
        "validate": validation,
        "dbt": steps.pop(dbt_step),
        # Publishing, the pictures and the checks on the published tables, which follow it.
        "publish": sum(steps.values()),
    }
    return stages, int(raw_metadata["new_files"].value), models


def run_daily_job(work: Path, as_of: date, log: Path) -> Measurement:
    env = {
        **os.environ,
        ENV_LANDING_DIR: str(work / "landing"),
        ENV_WAREHOUSE: str(work / "warehouse.duckdb"),
        ENV_PUBLISHED: str(work / "published" / "key_accounts.duckdb"),
        ENV_CONFIG: str(DEFAULT_CONFIG_FILE),
        ENV_SETTLE_SECONDS: "0",
        "DAGSTER_HOME": str(work / "dagster_home"),
    }
    command = [sys.executable, "-m", "dagster_project.cli", "run", "--as-of", as_of.isoformat()]
    seconds, peak_mb = run_measured(command, env, log)
    stages, new_sales_line_files, models = dagster_stages(work / "dagster_home")
    return Measurement(seconds, peak_mb, stages, new_sales_line_files, models)


def run_baseline(input_dir: Path, as_of: date, output: Path, log: Path) -> Measurement:
    command = [
        sys.executable,
        str(BASELINE_SCRIPT),
        "--input",
        str(input_dir),
        "--as-of",
        as_of.isoformat(),
        "--config",
        str(DEFAULT_CONFIG_FILE),
        "--output",
        str(output),
    ]
    seconds, peak_mb = run_measured(command, dict(os.environ), log)
    return Measurement(seconds, peak_mb)


def compare_with_baseline(published: Path, baseline: Path, as_of: date) -> dict[str, dict]:
    """Per published table: rows on each side, rows only on one side, and the largest relative
    difference of a number (or the count of other values that differ) over the shared columns."""
    conn = duckdb.connect()
    conn.execute(f"attach {sql_string(str(published))} as published (read_only)")
    conn.execute(f"attach {sql_string(str(baseline))} as baseline (read_only)")
    report = {}
    for table, keys in COMPARED_TABLES.items():
        types = dict(
            conn.execute(
                "select column_name, data_type from duckdb_columns() "
                "where database_name = 'baseline' and table_name = ?",
                [table],
            ).fetchall()
        )
        published_columns = {
            row[0]
            for row in conn.execute(
                "select column_name from duckdb_columns() "
                "where database_name = 'published' and table_name = ?",
                [table],
            ).fetchall()
        }
        shared = [c for c in types if c in published_columns and c not in keys]
        dated = "as_of_date" in published_columns
        date_filter = f"where as_of_date = date '{as_of}'" if dated else ""
        # The monthly trend holds every month end up to the last order; the baseline's does too.
        pub = f"(select *, true as is_present from published.main.{table} {date_filter})"
        base_filter = date_filter if "as_of_date" in types else ""
        base = f"(select *, true as is_present from baseline.main.{table} {base_filter})"
        join = " and ".join(f"p.{k} is not distinct from b.{k}" for k in keys)
        measures = []
        for column in shared:
            numeric = any(t in types[column] for t in ("DOUBLE", "DECIMAL", "INT", "FLOAT"))
            if numeric:
                measures.append(
                    f"max(case when p.{column} is null and b.{column} is null then 0 "
                    f"when p.{column} is null or b.{column} is null then 1 "
                    f"else abs(p.{column}::double - b.{column}::double) / "
                    f"greatest(abs(p.{column}::double), abs(b.{column}::double), 1e-12) end)"
                )
            else:
                measures.append(
                    f"sum(case when p.{column} is distinct from b.{column} then 1 else 0 end)"
                )
        row = conn.execute(
            "select count(p.is_present), count(b.is_present), "
            "count(*) filter (where p.is_present is null or b.is_present is null)"
            f"{''.join(', ' + m for m in measures)} "
            f"from {pub} as p full outer join {base} as b on {join}"
        ).fetchone()
        report[table] = {
            "published_rows": row[0],
            "baseline_rows": row[1],
            "unmatched_rows": row[2],
            "differences": {
                column: float(value or 0) for column, value in zip(shared, row[3:], strict=True)
            },
        }
    conn.close()
    return report


def figures_agree(report: dict[str, dict]) -> bool:
    return all(
        table["published_rows"] == table["baseline_rows"]
        and table["unmatched_rows"] == 0
        and all(value <= RELATIVE_TOLERANCE for value in table["differences"].values())
        for table in report.values()
    )


def bench_size(data_dir: Path, name: str, size: SampleSize) -> dict:
    source, lines = ensure_sample(data_dir, name, size)
    held = f"sales_lines_{LAST_DAY.isoformat()}.csv"
    work = data_dir / name / "work"
    shutil.rmtree(work, ignore_errors=True)
    _link_files(source, work / "landing", skip={held})
    _link_files(source, work / "baseline_input", skip={held})
    day_before = LAST_DAY - timedelta(days=1)
    results: dict[str, Measurement] = {}
    print(f"[{name}] {lines:,} sales lines, {size.customers:,} customers", flush=True)
    for case in CASES:
        if case == "new_day":
            os.link(source / held, work / "landing" / held)
        as_of = day_before if case == "full" else LAST_DAY
        results[case] = run_daily_job(work, as_of, work / f"{case}.log")
        print(f"  {case:<12} {results[case].seconds:8.1f} s", flush=True)
    results["baseline"] = run_baseline(
        work / "baseline_input", day_before, work / "baseline.duckdb", work / "baseline.log"
    )
    print(f"  {'baseline':<12} {results['baseline'].seconds:8.1f} s", flush=True)
    comparison = compare_with_baseline(
        work / "published" / "key_accounts.duckdb", work / "baseline.duckdb", day_before
    )
    return {
        "size": name,
        "sales_lines": lines,
        "customers": size.customers,
        "cases": {case: asdict(m) for case, m in results.items()},
        "figures_agree_with_baseline": figures_agree(comparison),
        "comparison": comparison,
    }


def evaluate_targets(by_size: dict[str, dict]) -> list[dict]:
    """Each target of issue 7 that the measured sizes allow to judge."""

    def seconds(size: str, case: str) -> float:
        return by_size[size]["cases"][case]["seconds"]

    verdicts = []
    if "6M" in by_size:
        ratio = seconds("6M", "full") / seconds("6M", "baseline")
        verdicts.append(
            {
                "target": "6M full run within 3x the baseline",
                "measured": f"{ratio:.2f}x",
                "met": ratio <= TARGETS["full_run_vs_baseline_at_6M"],
            }
        )
        new_day = seconds("6M", "new_day")
        verdicts.append(
            {
                "target": "one new day on the 6M history in 25 s or less",
                "measured": f"{new_day:.1f} s",
                "met": new_day <= TARGETS["new_day_on_6M_seconds"],
            }
        )
    pairs = [(a, b) for a, b in (("1M", "6M"), ("6M", "60M")) if a in by_size and b in by_size]
    for small, large in pairs:
        million_lines = (by_size[large]["sales_lines"] - by_size[small]["sales_lines"]) / 1e6
        ours = (seconds(large, "full") - seconds(small, "full")) / million_lines
        theirs = (seconds(large, "baseline") - seconds(small, "baseline")) / million_lines
        ratio = ours / theirs if theirs > 0 else float("inf")
        verdicts.append(
            {
                "target": f"cost per extra million lines ({small} to {large}) within 1.5x the baseline's",
                "measured": f"{ours:.2f} s vs {theirs:.2f} s per million lines = {ratio:.2f}x",
                "met": ratio <= TARGETS["cost_per_extra_million_lines_vs_baseline"],
            }
        )
    if "60M" in by_size:
        cases = by_size["60M"]["cases"]
        pipeline_peak = max(cases[case]["peak_rss_mb"] for case in CASES) / 1e3
        baseline_peak = cases["baseline"]["peak_rss_mb"] / 1e3
        verdicts.append(
            {
                "target": "60M-line run with peak memory at or below 6 GB",
                "measured": f"{pipeline_peak:.2f} GB (baseline {baseline_peak:.2f} GB)",
                "met": pipeline_peak <= TARGETS["peak_memory_at_60M_gb"],
            }
        )
    return verdicts


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
    }


def format_table(by_size: dict[str, dict]) -> str:
    header = (
        f"{'size':<5} {'lines':>11} {'case':<12} {'ingest':>7} {'validate':>8} {'dbt':>7} "
        f"{'sensitivity':>11} {'publish':>7} {'total':>8} {'peak MB':>8} {'x base':>7}"
    )
    rows = [header, "-" * len(header)]
    for name, result in by_size.items():
        baseline = result["cases"]["baseline"]["seconds"]
        for case in (*CASES, "baseline"):
            figures = result["cases"][case]
            stages = figures["stages"]
            # The sensitivity model's own build, part of the dbt stage before it.
            times = {**stages, **figures.get("models", {})}
            cells = [
                f"{times[s]:>{w}.1f}" if s in times else f"{'-':>{w}}"
                for s, w in (
                    ("ingest", 7),
                    ("validate", 8),
                    ("dbt", 7),
                    ("sensitivity", 11),
                    ("publish", 7),
                )
            ]
            first = case == CASES[0]
            lines = f"{result['sales_lines']:,}" if first else ""
            rows.append(
                f"{name if first else '':<5} {lines:>11} "
                f"{case.replace('_', ' '):<12} {' '.join(cells)} {figures['seconds']:>8.1f} "
                f"{figures['peak_rss_mb']:>8,.0f} {figures['seconds'] / baseline:>6.2f}x"
            )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="tiny,1M,6M,60M",
        help=f"comma-separated, from {', '.join(SIZES)} (default: all)",
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
    by_size = {name: bench_size(args.data_dir, name, SIZES[name]) for name in names}
    verdicts = evaluate_targets(by_size)
    results = {"machine": machine(), "sizes": by_size, "targets": verdicts}
    output = args.json or args.data_dir / "results.json"
    output.write_text(json.dumps(results, indent=2), encoding="utf-8")

    info = results["machine"]
    print(
        f"\nKey-accounts daily job vs plain DuckDB ({info['cpus']} CPUs, {info['memory_gb']} GB, "
        f"Python {info['python']}, DuckDB {info['duckdb']}); seconds unless stated"
    )
    print(format_table(by_size))
    print("(sensitivity: the build of key_account_sensitivity, part of the dbt stage)")
    for name, result in by_size.items():
        verdict = "agree" if result["figures_agree_with_baseline"] else "DIFFER"
        print(f"{name}: published figures and the baseline's {verdict} (see {output})")
    for verdict in verdicts:
        print(f"{'met ' if verdict['met'] else 'MISS'}  {verdict['target']}: {verdict['measured']}")
    print(f"Figures written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
