"""The entry point: draw a book of the given size from one seed and write it as landing files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from dagster_project.lib.sample_data.book import draw_book
from dagster_project.lib.sample_data.landing_files import write_landing_files
from dagster_project.lib.sample_data.landing_folder import LandingFolder
from dagster_project.lib.sample_data.size import SampleSize

# The CLI's defaults (frozen: one instance serves every call).
DEFAULT_SIZE = SampleSize()


@dataclass(frozen=True)
class SampleSummary:
    """What was written, for the CLI's closing line and the benchmarks' records."""

    customers: int
    prospects: int
    sales_lines: int
    sales_line_files: int
    first_date: date
    last_date: date
    output_dir: Path
    products: int = 0
    groups: int = 0
    assessed_customers: int = 0
    assessments: int = 0


def generate_sample(
    output_dir: Path,
    size: SampleSize = DEFAULT_SIZE,
    seed: int = 42,
    end_date: date | None = None,
    file_format: str = "csv",
    progress: Callable[[str], object] = print,
) -> SampleSummary:
    """Write customers, sales lines (one file a day), service costs (one a month), FX rates,
    products and account assessments; no account overrides, which are a sales director's
    decisions, not a sample's."""
    end_date = end_date or date.today()
    first_day = end_date - timedelta(days=size.days - 1)
    rng = np.random.default_rng(seed)
    output_dir.mkdir(parents=True, exist_ok=True)
    progress(f"Drawing {size.customers:,} customers and {size.days:,} days of orders (seed {seed})")
    book = draw_book(rng, size, first_day, end_date)
    sales_line_files = write_landing_files(
        book, LandingFolder(output_dir, file_format), first_day, end_date, size.days, progress
    )
    customers, assessments = book.customers, book.assessments
    return SampleSummary(
        customers=len(customers),
        prospects=int(customers["is_prospect"].sum()),
        sales_lines=len(book.lines),
        sales_line_files=sales_line_files,
        first_date=first_day,
        last_date=end_date,
        output_dir=output_dir,
        products=len(book.catalogue),
        groups=len(book.groups),
        assessed_customers=int(assessments["customer_id"].nunique()),
        assessments=len(assessments),
    )
