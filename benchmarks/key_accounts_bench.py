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
  baseline     benchmarks/baseline.py: one DuckDB process computing the same published figures
               from the same files (as the full case) with hand-written SQL, nothing else

Every case is a process of its own, started the way users start it (`key-accounts run`,
`key-accounts backfill`), so start-up and imports count. The stages come from the records, in
its Dagster instance, of the runs the command launched: the ingestion step (minus validation),
the Great Expectations validation, the dbt step, and the publish step with the checks on the
published tables; *other* is the rest of the wall time (start-up, imports, Dagster's own work
around the steps, the summary). Within the dbt step, the build time of each model comes from
its materialisation's "Execution Duration", the node timing dbt reports and dagster-dbt records
(the table shows TIMED_MODELS'; every model's is in the JSON). Peak memory is the largest total
resident memory of the process and its children (dbt runs in one), sampled every 50 ms.

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
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import psutil

from dagster_project.lib.configuration.settings import (
    DEFAULT_CONFIG_FILE,
    ENV_CONFIG,
    ENV_LANDING_DIR,
    ENV_PUBLISHED,
    ENV_SETTLE_SECONDS,
    ENV_WAREHOUSE,
    REPO_ROOT,
)
from dagster_project.lib.ingestion.landing import MARKER_SUFFIX
from dagster_project.lib.publishing.published_file import MONEY_TYPE
from dagster_project.lib.sample_data import SampleSize, generate_sample
from dagster_project.lib.warehouse.sql import sql_string

# The last day of every generated history: fixed, so a sample on disk stays valid.
LAST_DAY = date(2026, 11, 26)
# About 87% of the lines per day survive the generator's start and end of accounts, over two
# years or six.
SIZES = {
    "tiny": SampleSize(customers=50, days=30, lines_per_day=10),
    "1M": SampleSize(customers=150_000, days=730, lines_per_day=1_575),
    "6M": SampleSize(customers=150_000, days=730, lines_per_day=9_450),
    "60M": SampleSize(customers=150_000, days=730, lines_per_day=94_500),
    "1M-6y": SampleSize(customers=150_000, days=2_190, lines_per_day=525),
    "6M-6y": SampleSize(customers=150_000, days=2_190, lines_per_day=3_150),
}
# tiny, 1M and 6M took 34 minutes on this machine on 2026-12-01, their samples kept.
DEFAULT_SIZES = ("tiny", "1M", "6M", "6M-6y", "60M")
DAILY_CASES = ("full", "new_day", "nothing_new")
CASES = (*DAILY_CASES, "backfill")
# The backfill scores the BACKFILL_DAYS as-of dates ending with the last day, in one run.
BACKFILL_DAYS = 30
BACKFILL_FROM = LAST_DAY - timedelta(days=BACKFILL_DAYS - 1)
# The baseline publishes one as-of date per run: the first, a middle and the last are compared.
BACKFILL_COMPARED = (BACKFILL_FROM, BACKFILL_FROM + timedelta(days=BACKFILL_DAYS // 2), LAST_DAY)
# Thirty dates at 60M take long and measure nothing the smaller sizes do not.
BACKFILL_ON_REQUEST = {"60M"}
BASELINE_MODULE = "benchmarks.baseline"
# Published table → the columns that identify a row on one as-of date.
COMPARED_TABLES = {
    "customer_scores": ("customer_id",),
    "customer_revenue_shares": ("customer_id",),
    "customer_group_revenue_shares": ("group_id",),
    "revenue_concentration": ("as_of_date",),
    "kaism_matrix": ("customer_id",),
    "kam_portfolio": ("account_manager",),
    "revenue_concentration_monthly": ("month_end_date",),
}
RELATIVE_TOLERANCE = 1e-9
# Models whose own build time the table shows (part of the dbt stage): name → asset key.
TIMED_MODELS = {"sensitivity": ("marts", "key_account_sensitivity")}
TARGETS = {
    "nothing_new_tiny_seconds": 5.0,
    "new_day_vs_baseline": 1.5,
    "full_run_vs_baseline_at_6M": 3.0,
    "backfill_vs_new_day_at_6M": 3.0,
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
    # Build seconds of every dbt model the run built, by asset key ("marts/customer_scores").
    dbt_models: dict[str, float] = field(default_factory=dict)
    # Dagster runs the command launched, and the as-of dates they scored.
    runs: int | None = None
    as_of_dates: int | None = None


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


def _step_seconds(instance, run_id: str) -> dict[str, float]:
    return {
        s.step_key: (s.end_time or 0) - (s.start_time or 0)
        for s in instance.get_run_step_stats(run_id)
    }


def _materialisations(instance, run_id: str) -> dict:
    """The metadata of each asset the run materialised, and the partitions it materialised.
    A run of a partition range materialises an asset once per date, with the same figures:
    the first is kept."""
    import dagster as dg

    by_key, partitions = {}, set()
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION):
        materialisation = entry.asset_materialization
        by_key.setdefault(materialisation.asset_key, materialisation.metadata)
        if materialisation.partition is not None:
            partitions.add(materialisation.partition)
    return {"metadata": by_key, "partitions": partitions}


def _run_stages(steps: dict[str, float], manifest_metadata: dict) -> dict[str, float]:
    validation = manifest_metadata.get("validation_seconds")
    validation = validation.value if validation is not None else 0.0
    ingestion = steps.pop("raw_tables")
    dbt_step = next(key for key in steps if "dbt" in key)
    return {
        "ingest": ingestion - validation,
        "validate": validation,
        "dbt": steps.pop(dbt_step),
        # Publishing, the pictures and the checks on the published tables, which follow it.
        "publish": sum(steps.values()),
    }


def _dbt_model_seconds(metadata: dict) -> dict[str, float]:
    return {
        key.to_user_string(): float(values["Execution Duration"].value)
        for key, values in metadata.items()
        if "Execution Duration" in values
    }


def _add(total: dict[str, float], more: dict[str, float]) -> dict[str, float]:
    return {key: total.get(key, 0.0) + more.get(key, 0.0) for key in dict.fromkeys([*total, *more])}


def dagster_stages(dagster_home: Path, since: datetime) -> dict:
    """The figures of the runs created in the instance since `since` (a command may launch
    several): seconds per stage, the sales-line files they ingested, the build seconds of each
    dbt model, how many runs and how many as-of dates they scored; summed over the runs."""
    import dagster as dg

    from dagster_project.defs.ingestion.assets import MANIFEST_KEY
    from dagster_project.lib.dagster.event_log_storage import instance_at

    stages: dict[str, float] = {}
    dbt_models: dict[str, float] = {}
    new_files, as_of_dates = 0, 0
    with instance_at(dagster_home) as instance:
        records = instance.get_run_records(filters=dg.RunsFilter(created_after=since))
        for record in records:
            run_id = record.dagster_run.run_id
            built = _materialisations(instance, run_id)
            metadata = built["metadata"]
            stages = _add(
                stages, _run_stages(_step_seconds(instance, run_id), metadata.get(MANIFEST_KEY, {}))
            )
            sales_lines = metadata[dg.AssetKey(["raw", "sales_lines"])]
            new_files += int(sales_lines["new_files"].value)
            dbt_models = _add(dbt_models, _dbt_model_seconds(metadata))
            as_of_dates += len(built["partitions"])
    models = {
        name: dbt_models[key]
        for name, path in TIMED_MODELS.items()
        if (key := "/".join(path)) in dbt_models
    }
    return {
        "stages": stages,
        "new_sales_line_files": new_files,
        "models": models,
        "dbt_models": dbt_models,
        "runs": len(records),
        "as_of_dates": as_of_dates,
    }


def _job_environment(work: Path) -> dict[str, str]:
    return {
        **os.environ,
        ENV_LANDING_DIR: str(work / "landing"),
        ENV_WAREHOUSE: str(work / "warehouse.duckdb"),
        ENV_PUBLISHED: str(work / "published" / "key_accounts.duckdb"),
        ENV_CONFIG: str(DEFAULT_CONFIG_FILE),
        ENV_SETTLE_SECONDS: "0",
        "DAGSTER_HOME": str(work / "dagster_home"),
    }


def run_job_command(work: Path, arguments: list[str], log: Path) -> Measurement:
    """`key-accounts <arguments>` measured, with the figures of the runs it launched."""
    command = [sys.executable, "-m", "dagster_project.cli", *arguments]
    since = datetime.now(UTC)
    seconds, peak_mb = run_measured(command, _job_environment(work), log)
    return Measurement(seconds, peak_mb, **dagster_stages(work / "dagster_home", since))


def run_daily_job(work: Path, as_of: date, log: Path) -> Measurement:
    return run_job_command(work, ["run", "--as-of", as_of.isoformat()], log)


def run_backfill(work: Path, first: date, last: date, log: Path) -> Measurement:
    arguments = ["backfill", "--from", first.isoformat(), "--to", last.isoformat()]
    return run_job_command(work, arguments, log)


def run_baseline(
    input_dir: Path, as_of: date, output: Path, log: Path, previous_dates: tuple[date, ...] = ()
) -> Measurement:
    """The baseline as of a date, after the chain of dates the pipeline scored before it."""
    command = [
        sys.executable,
        "-m",
        BASELINE_MODULE,
        "--input",
        str(input_dir),
        "--as-of",
        as_of.isoformat(),
        "--config",
        str(DEFAULT_CONFIG_FILE),
        "--output",
        str(output),
    ]
    if previous_dates:
        command += ["--previous-dates", ",".join(day.isoformat() for day in previous_dates)]
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
        published_columns = dict(
            conn.execute(
                "select column_name, data_type from duckdb_columns() "
                "where database_name = 'published' and schema_name = 'main' and table_name = ?",
                [table],
            ).fetchall()
        )
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
                # Money is published in cents (README, "Money is in cents"): the baseline's amount is
                # compared once rounded to cents the same way.
                theirs = (
                    f"round(b.{column}, 2)"
                    if published_columns[column] == MONEY_TYPE
                    else f"b.{column}"
                )
                measures.append(
                    f"max(case when p.{column} is null and {theirs} is null then 0 "
                    f"when p.{column} is null or {theirs} is null then 1 "
                    f"else abs(p.{column}::double - {theirs}::double) / "
                    f"greatest(abs(p.{column}::double), abs({theirs}::double), 1e-12) end)"
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


def _ratio_verdict(target: str, ours: float, theirs: float, limit: float, theirs_note: str) -> dict:
    ratio = ours / theirs if theirs > 0 else float("inf")
    return {
        "target": target,
        "measured": f"{ratio:.2f}x ({ours:.1f} s against {theirs:.1f} s{theirs_note})",
        "met": ratio <= limit,
    }


def evaluate_targets(by_size: dict[str, dict]) -> list[dict]:
    """Each target that the measured sizes allow to judge."""

    def seconds(size: str, case: str) -> float:
        return by_size[size]["cases"][case]["seconds"]

    verdicts = []
    if "tiny" in by_size:
        nothing_new = seconds("tiny", "nothing_new")
        verdicts.append(
            {
                "target": "tiny nothing-new run in 5 s or less",
                "measured": f"{nothing_new:.1f} s",
                "met": nothing_new <= TARGETS["nothing_new_tiny_seconds"],
            }
        )
    for size in ("6M", "6M-6y"):
        if size in by_size:
            verdicts.append(
                _ratio_verdict(
                    f"{size} new day within 1.5x the baseline",
                    seconds(size, "new_day"),
                    seconds(size, "baseline"),
                    TARGETS["new_day_vs_baseline"],
                    "",
                )
            )
    if "6M" in by_size:
        verdicts.append(
            _ratio_verdict(
                "6M full run within 3x the baseline",
                seconds("6M", "full"),
                seconds("6M", "baseline"),
                TARGETS["full_run_vs_baseline_at_6M"],
                "",
            )
        )
        if "backfill" in by_size["6M"]["cases"]:
            verdicts.append(
                _ratio_verdict(
                    f"{BACKFILL_DAYS} as-of dates at 6M in one backfill within 3x one 6M new day",
                    seconds("6M", "backfill"),
                    seconds("6M", "new_day"),
                    TARGETS["backfill_vs_new_day_at_6M"],
                    " for the new day",
                )
            )
    if "60M" in by_size:
        cases = by_size["60M"]["cases"]
        pipeline_peak = max(cases[case]["peak_rss_mb"] for case in CASES if case in cases) / 1e3
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


STAGE_COLUMNS = (
    ("ingest", 7),
    ("validate", 8),
    ("dbt", 7),
    ("sensitivity", 11),
    ("publish", 7),
    ("other", 7),
)


def _table_row(figures: dict) -> str:
    stages = figures["stages"]
    # The sensitivity model's own build, part of the dbt stage before it.
    times = {**stages, **figures.get("models", {})}
    if stages:
        times["other"] = figures["seconds"] - sum(stages.values())
    return " ".join(
        f"{times[s]:>{w}.1f}" if s in times else f"{'-':>{w}}" for s, w in STAGE_COLUMNS
    )


def format_table(by_size: dict[str, dict]) -> str:
    header = (
        f"{'size':<5} {'lines':>11} {'case':<12} "
        + " ".join(f"{s:>{w}}" for s, w in STAGE_COLUMNS)
        + f" {'total':>8} {'peak MB':>8} {'x base':>7}"
    )
    rows = [header, "-" * len(header)]
    for name, result in by_size.items():
        baseline = result["cases"]["baseline"]["seconds"]
        cases = [case for case in (*CASES, "baseline") if case in result["cases"]]
        for case in cases:
            figures = result["cases"][case]
            first = case == cases[0]
            lines = f"{result['sales_lines']:,}" if first else ""
            rows.append(
                f"{name if first else '':<5} {lines:>11} "
                f"{case.replace('_', ' '):<12} {_table_row(figures)} {figures['seconds']:>8.1f} "
                f"{figures['peak_rss_mb']:>8,.0f} {figures['seconds'] / baseline:>6.2f}x"
            )
    return "\n".join(rows)


def _agreement(result: dict) -> str:
    """Which as-of dates were compared with the baseline, and whether their figures agree."""
    day_before = LAST_DAY - timedelta(days=1)
    parts = [f"{day_before} (full run): {_agrees(result['comparison'])}"]
    parts += [
        f"{day} (backfill): {_agrees(report)}"
        for day, report in result["backfill_comparisons"].items()
    ]
    return "; ".join(parts)


def _agrees(report: dict[str, dict]) -> str:
    return "agree" if figures_agree(report) else "DIFFER"


def _several_runs(by_size: dict[str, dict]) -> list[str]:
    """A note for each case whose command launched more than one Dagster run."""
    return [
        f"{name} {case}: {figures['runs']} Dagster runs for {figures['as_of_dates']} as-of dates"
        for name, result in by_size.items()
        for case, figures in result["cases"].items()
        if (figures.get("runs") or 0) > 1
    ]


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

    info = results["machine"]
    print(
        f"\nKey-accounts daily job vs plain DuckDB ({info['cpus']} CPUs, {info['memory_gb']} GB, "
        f"Python {info['python']}, DuckDB {info['duckdb']}); seconds unless stated"
    )
    print(format_table(by_size))
    print(
        "(sensitivity: the build of key_account_sensitivity, part of the dbt stage; other: "
        "start-up, imports and Dagster around the steps; backfill: "
        f"{BACKFILL_FROM} to {LAST_DAY}, {BACKFILL_DAYS} as-of dates)"
    )
    for note in _several_runs(by_size):
        print(note)
    for name, result in by_size.items():
        print(f"{name}: published figures and the baseline's, as of {_agreement(result)}")
    print(f"(details in {output})")
    for verdict in verdicts:
        print(f"{'met ' if verdict['met'] else 'MISS'}  {verdict['target']}: {verdict['measured']}")
    print(f"Figures written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
