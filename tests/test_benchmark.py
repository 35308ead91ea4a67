"""`make bench` on its smallest size, so it keeps working; no timing is asserted.

The bench runs the real daily job three times (full history, one new day, nothing new) and the
plain-DuckDB baseline (benchmarks/baseline.py, written independently from DESIGN.md), then
compares their tables: on the tiny sample they must agree, which checks the pipeline's figures
against a second implementation as well as the bench itself.
"""

import json
import shutil
import sys
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from benchmarks.key_accounts_bench import (
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


# Its four processes take about two minutes: they run while the other tests do
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
        assert cases[case]["peak_rss_mb"] > 0
    # The full run ingests everything but the held-back last day, which the next run ingests.
    assert cases["full"]["new_sales_line_files"] == sales_line_files - 1
    assert cases["new_day"]["new_sales_line_files"] == 1
    assert cases["nothing_new"]["new_sales_line_files"] == 0
    # With nothing landed, nothing is validated.
    assert cases["nothing_new"]["stages"]["validate"] == 0
    assert cases["baseline"]["seconds"] > 0


@waits_for(BENCH)
def test_published_figures_agree_with_the_independent_baseline(tiny_bench):
    _, result = tiny_bench
    assert result["figures_agree_with_baseline"], result["comparison"]
    for table, report in result["comparison"].items():
        assert report["published_rows"] == report["baseline_rows"] > 0, table
        assert report["unmatched_rows"] == 0, table


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


def _size(lines: int, seconds: dict[str, float]) -> dict:
    return {
        "sales_lines": lines,
        "cases": {case: {"seconds": s, "peak_rss_mb": 1000.0} for case, s in seconds.items()},
    }


def test_targets_are_judged_from_the_figures():
    by_size = {
        "1M": _size(1_000_000, {"full": 20, "new_day": 10, "nothing_new": 9, "baseline": 4}),
        "6M": _size(6_000_000, {"full": 30, "new_day": 26, "nothing_new": 20, "baseline": 9}),
    }
    verdicts = {v["target"]: v for v in evaluate_targets(by_size)}
    # 30 / 9 = 3.33x > 3x
    full = verdicts["6M full run within 3x the baseline"]
    assert (full["measured"], full["met"]) == ("3.33x", False)
    new_day = verdicts["one new day on the 6M history in 25 s or less"]
    assert (new_day["measured"], new_day["met"]) == ("26.0 s", False)
    # (30 − 20) / 5 = 2 s per million lines against (9 − 4) / 5 = 1: 2x > 1.5x
    slope = verdicts["cost per extra million lines (1M to 6M) within 1.5x the baseline's"]
    assert slope["measured"] == "2.00 s vs 1.00 s per million lines = 2.00x"
    assert not slope["met"]
    assert not any("60M" in target for target in verdicts)


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
        "total",
        "peak",
        "MB",
        "x",
        "base",
    ]
    assert [row.split()[-1] for row in table[2:]][-1] == "1.00x"
    # Every case of the job shows the sensitivity model's build time; the baseline has none.
    sensitivity = table[0].index("sensitivity")
    cells = [row[sensitivity : sensitivity + len("sensitivity")].strip() for row in table[2:]]
    assert all(float(cell) > 0 for cell in cells[:-1]), cells
    assert cells[-1] == "-"
    assert len(table) == 2 + len(CASES) + 1
