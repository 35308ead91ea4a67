"""The bench's sizes, cases, dates and targets, and the samples it generates once and keeps."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

from dagster_project.lib.sample_data import SampleSize, generate_sample

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
# The sizes `make bench` runs when SIZES names none.
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
# Models whose own build time the table shows (part of the dbt stage): name → asset key.
TIMED_MODELS = {"sensitivity": ("marts", "key_account_sensitivity")}
TARGETS = {
    "nothing_new_tiny_seconds": 5.0,
    "new_day_vs_baseline": 1.5,
    "full_run_vs_baseline_at_6M": 3.0,
    "backfill_vs_new_day_at_6M": 3.0,
    "peak_memory_at_60M_gb": 6.0,
}


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
