"""`make bench` on its smallest size, so it keeps working; no timing is asserted.

The bench runs the real daily job three times (full history, one new day, nothing new), then a
backfill of 30 as-of dates in one run, and the plain-DuckDB baseline (benchmarks/baseline/,
written independently from docs/method.md) for the full run's date and for three of the
backfill's, then compares their tables: on the tiny sample they must agree, which checks the
pipeline's figures, a backfill's included, against a second implementation as well as the
bench itself.
"""

import json
import shutil
import sys
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from benchmarks.key_accounts_bench import (
    BACKFILL_COMPARED,
    BACKFILL_DAYS,
    CASES,
    LAST_DAY,
    compare_with_baseline,
    evaluate_targets,
    figures_agree,
    format_table,
)
from tests.background import BackgroundCommand, waits_for


def bench_tiny(folder: Path) -> tuple[list[str], dict[str, str]]:
    """`make bench SIZES=tiny`, with its samples, runs and figures in folder."""
    return [
        sys.executable,
        "-m",
        "benchmarks.key_accounts_bench",
        "--sizes",
        "tiny",
        "--data-dir",
        str(folder / "bench"),
        "--json",
        str(folder / "results.json"),
    ], {}


# Its processes (the job, the backfill, the baseline) are long: they run while the other tests do
# (tests/background.py).
BENCH = BackgroundCommand("bench", bench_tiny)


@pytest.fixture(scope="module")
def tiny_bench():
    ran = BENCH.result()
    assert ran.returncode == 0, ran.stdout + ran.stderr
    results = json.loads((BENCH.folder / "results.json").read_text())
    return BENCH.folder / "bench", results["sizes"]["tiny"]


@waits_for(BENCH)
def test_every_case_runs_and_reports_its_stages(tiny_bench):
    data_dir, result = tiny_bench
    sales_line_files = len(list((data_dir / "tiny" / "source").glob("sales_lines_*.csv")))
    cases = result["cases"]
    assert set(cases) == {*CASES, "baseline"}
    for case in CASES:
        assert set(cases[case]["stages"]) == {"ingest", "validate", "dbt", "publish"}
        assert cases[case]["seconds"] > sum(cases[case]["stages"].values()) > 0
        # The sensitivity model's own build time, read from its materialisation: part of dbt's.
        assert set(cases[case]["models"]) == {"sensitivity"}
        assert 0 < cases[case]["models"]["sensitivity"] < cases[case]["stages"]["dbt"]
        dbt_models = cases[case]["dbt_models"]
        assert dbt_models["marts/key_account_sensitivity"] == cases[case]["models"]["sensitivity"]
        assert "marts/customer_scores" in dbt_models
        assert all(0 <= s < cases[case]["stages"]["dbt"] for s in dbt_models.values()), case
        assert cases[case]["peak_rss_mb"] > 0
    # The full run ingests everything but the held-back last day, which the next run ingests.
    assert cases["full"]["new_sales_line_files"] == sales_line_files - 1
    assert cases["new_day"]["new_sales_line_files"] == 1
    assert cases["nothing_new"]["new_sales_line_files"] == 0
    assert cases["backfill"]["new_sales_line_files"] == 0
    # With nothing landed, nothing is validated.
    assert cases["nothing_new"]["stages"]["validate"] == 0
    assert cases["backfill"]["stages"]["validate"] == 0
    assert cases["baseline"]["seconds"] > 0


@waits_for(BENCH)
def test_the_backfill_scores_its_dates_in_one_run(tiny_bench):
    _, result = tiny_bench
    cases = result["cases"]
    assert [(cases[case]["runs"], cases[case]["as_of_dates"]) for case in CASES] == [
        (1, 1),
        (1, 1),
        (1, 1),
        (1, BACKFILL_DAYS),
    ]


@waits_for(BENCH)
def test_published_figures_agree_with_the_independent_baseline(tiny_bench):
    _, result = tiny_bench
    assert result["figures_agree_with_baseline"], result["comparison"]
    for table, report in result["comparison"].items():
        assert report["published_rows"] == report["baseline_rows"] > 0, table
        assert report["unmatched_rows"] == 0, table


@waits_for(BENCH)
def test_the_backfilled_dates_agree_with_a_baseline_run_for_each(tiny_bench):
    _, result = tiny_bench
    compared = [day.isoformat() for day in BACKFILL_COMPARED]
    assert list(result["backfill_comparisons"]) == compared
    assert list(result["backfill_baselines"]) == compared
    # The backfill's first date is the sample's first day, which has its first sales (two
    # lines): every compared table has rows on every compared date.
    for day, comparison in result["backfill_comparisons"].items():
        assert figures_agree(comparison), (day, comparison)
        for table, report in comparison.items():
            assert report["published_rows"] == report["baseline_rows"], (day, table)
            assert report["baseline_rows"] > 0, (day, table)
            assert report["unmatched_rows"] == 0, (day, table)
        assert result["backfill_baselines"][day]["seconds"] > 0


@waits_for(BENCH)
def test_the_comparison_catches_a_difference(tiny_bench, tmp_path):
    data_dir, _ = tiny_bench
    work = data_dir / "tiny" / "work"
    altered = tmp_path / "baseline.duckdb"
    shutil.copy(work / "baseline.duckdb", altered)
    with duckdb.connect(str(altered)) as conn:
        top = conn.execute(
            "select customer_id, weighted_score from customer_scores order by score_rank limit 1"
        ).fetchone()
        conn.execute(
            "update customer_scores set weighted_score = weighted_score * 1.001 where customer_id = ?",
            [top[0]],
        )
        conn.execute("delete from kaism_matrix where customer_id = ?", [top[0]])
    published = work / "published" / "key_accounts.duckdb"
    report = compare_with_baseline(published, altered, LAST_DAY - timedelta(days=1))
    assert not figures_agree(report)
    # |x·1.001 − x| / (x·1.001) = 0.001 / 1.001
    assert report["customer_scores"]["differences"]["weighted_score"] == pytest.approx(
        0.001 / 1.001, rel=1e-6
    )
    assert report["kaism_matrix"]["unmatched_rows"] == 1
    assert report["kaism_matrix"]["baseline_rows"] == report["kaism_matrix"]["published_rows"] - 1


def _size(seconds: dict[str, float], peak_rss_mb: float = 1000.0) -> dict:
    return {
        "cases": {case: {"seconds": s, "peak_rss_mb": peak_rss_mb} for case, s in seconds.items()},
    }


def test_targets_are_judged_from_the_figures():
    by_size = {
        "tiny": _size({"full": 12, "new_day": 10, "nothing_new": 4.5, "baseline": 0.5}),
        "6M": _size({"full": 30, "new_day": 15, "nothing_new": 13, "backfill": 46, "baseline": 9}),
        "6M-6y": _size({"full": 40, "new_day": 18, "nothing_new": 16, "baseline": 12}),
    }
    verdicts = {v["target"]: (v["measured"], v["met"]) for v in evaluate_targets(by_size)}
    assert verdicts == {
        "tiny nothing-new run in 5 s or less": ("4.5 s", True),
        # 15 / 9 = 1.67x > 1.5x; 18 / 12 = 1.5x
        "6M new day within 1.5x the baseline": ("1.67x (15.0 s against 9.0 s)", False),
        "6M-6y new day within 1.5x the baseline": ("1.50x (18.0 s against 12.0 s)", True),
        # 30 / 9 = 3.33x > 3x
        "6M full run within 3x the baseline": ("3.33x (30.0 s against 9.0 s)", False),
        # 46 / 15 = 3.07x > 3x
        "30 as-of dates at 6M in one backfill within 3x one 6M new day": (
            "3.07x (46.0 s against 15.0 s for the new day)",
            False,
        ),
    }


def test_the_memory_target_takes_the_largest_peak_of_the_job_at_60M():
    by_size = {"60M": _size({"full": 200, "new_day": 60, "baseline": 45}, peak_rss_mb=6500.0)}
    by_size["60M"]["cases"]["baseline"]["peak_rss_mb"] = 10400.0
    [verdict] = evaluate_targets(by_size)
    assert verdict == {
        "target": "60M-line run with peak memory at or below 6 GB",
        "measured": "6.50 GB (baseline 10.40 GB)",
        "met": False,
    }


@waits_for(BENCH)
def test_the_table_shows_every_case_against_the_baseline(tiny_bench):
    _, result = tiny_bench
    table = format_table({"tiny": result}).splitlines()
    assert table[0].split() == [
        "size",
        "lines",
        "case",
        "ingest",
        "validate",
        "dbt",
        "sensitivity",
        "publish",
        "other",
        "total",
        "peak",
        "MB",
        "x",
        "base",
    ]
    assert [row.split()[-1] for row in table[2:]][-1] == "1.00x"
    assert [row[18:30].strip() for row in table[2:]] == [
        "full",
        "new day",
        "nothing new",
        "backfill",
        "baseline",
    ]
    # Every case of the job shows the sensitivity model's build time; the baseline has none.
    sensitivity = table[0].index("sensitivity")
    cells = [row[sensitivity : sensitivity + len("sensitivity")].strip() for row in table[2:]]
    assert all(float(cell) > 0 for cell in cells[:-1]), cells
    assert cells[-1] == "-"
    # The stages and the rest add up to the total.
    for row in table[2:-1]:
        figures = [float(cell.replace(",", "")) for cell in row[30:].split()[:7]]
        stages, sensitivity_seconds, total = figures[:6], figures[3], figures[6]
        assert sum(stages) - sensitivity_seconds == pytest.approx(total, abs=0.35), row
