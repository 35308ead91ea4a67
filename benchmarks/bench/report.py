"""What the bench prints and writes: the targets judged, the machine, the table of cases."""

from __future__ import annotations

import os
import platform
from datetime import timedelta
from pathlib import Path

import duckdb
import psutil

from benchmarks.bench.comparison import figures_agree
from benchmarks.bench.sizes import BACKFILL_DAYS, BACKFILL_FROM, CASES, LAST_DAY, TARGETS


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


def print_summary(by_size: dict[str, dict], verdicts: list[dict], info: dict, output: Path) -> None:
    """The table of cases, the notes, the agreement with the baseline and the targets."""
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
