"""How long the Great Expectations gate takes on the sample: the full history, then one new day.

Prints wall times of the staging, validation and merge steps of the validated ingestion
(lib/validated_ingestion.py) on a generated sample. Run with `make bench`.
"""

import argparse
import contextlib
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

from dagster_project.lib.sample_data import SampleSize, generate_sample
from dagster_project.lib.validated_ingestion import ingest_landing_folder


def timed_ingestion(root: Path, today: date) -> dict[str, float]:
    marks: list[tuple[float, str]] = [(time.perf_counter(), "start")]
    warehouse = root / "warehouse.duckdb"
    ingest_landing_folder(
        lambda: contextlib.closing(duckdb.connect(str(warehouse))),
        warehouse,
        root / "landing",
        root / "archive",
        root / "quarantine",
        today=today,
        progress=lambda message: marks.append((time.perf_counter(), message)),
    )
    marks.append((time.perf_counter(), "end"))
    validating = next(t for t, m in marks if m.startswith("Validating"))
    merging = next((t for t, m in marks if m.startswith("Merged")), marks[-1][0])
    return {
        "stage_s": validating - marks[0][0],
        "validate_s": merging - validating,
        "total_s": marks[-1][0] - marks[0][0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--lines-per-day", type=int, default=40)
    args = parser.parse_args()
    today = date.today()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        size = SampleSize(
            customers=args.customers, days=args.days, lines_per_day=args.lines_per_day
        )
        summary = generate_sample(
            root / "landing", size, end_date=today - timedelta(days=1), progress=lambda _: None
        )
        files = len(list((root / "landing").iterdir()))
        history = timed_ingestion(root, today)
        generate_sample(root / "next", size, end_date=today, progress=lambda _: None)
        (root / "next" / f"sales_lines_{today}.csv").rename(
            root / "landing" / f"sales_lines_{today}.csv"
        )
        one_day = timed_ingestion(root, today)
    print(
        f"Validated ingestion of the sample ({summary.sales_lines:,} sales lines, {files} files):"
    )
    print(f"  {'case':<28} {'stage':>8} {'validate':>9} {'total':>8}")
    for case, figures in (("full history", history), ("one new day (1 file)", one_day)):
        print(
            f"  {case:<28} {figures['stage_s']:>7.2f}s {figures['validate_s']:>8.2f}s {figures['total_s']:>7.2f}s"
        )


if __name__ == "__main__":
    main()
