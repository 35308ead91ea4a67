"""Bad sales lines never reach the raw tables (docs/operations.md, "Bad input").

Each case starts from the hand book ingested, drops one bad sales_lines file into the landing
folder with a valid one, and ingests the folder as a run does: missing columns, wrong types,
unparsable dates, empty files, duplicate keys, values out of range, unknown currencies and
customers, files that cannot be read. Each must fail with the expectation it breaks and its
exact count, move the bad file to the quarantine folder with a report, leave the valid file in
the landing folder and the raw tables exactly as they were.
"""

from datetime import date

import pytest

from dagster_project.lib.configuration.settings import PipelinePaths
from dagster_project.lib.ingestion.write_audit_publish import ValidationFailed
from tests.conftest import ingest_folder
from tests.end_to_end.bad_input_cases import (
    CASES,
    GOOD_SALES,
    assert_quarantined_with_nothing_ingested,
    dataset_of,
    deliver,
    raw_state,
    truncated_parquet,
)
from tests.hand_book import AS_OF

# The bad files of sales_lines.
SALES_LINES_CASES = [c for c in CASES if dataset_of(c[1]) in ("sales_lines",)]


@pytest.fixture
def ingested_hand_book(hand_book_ingested, copy_of) -> PipelinePaths:
    """A copy of the hand book ingested, as a run before the bad delivery left it."""
    return copy_of(hand_book_ingested)


@pytest.mark.parametrize(
    ("name", "content", "problem", "count"),
    [c[1:] for c in SALES_LINES_CASES],
    ids=[c[0] for c in SALES_LINES_CASES],
)
def test_bad_file_is_quarantined_and_nothing_is_ingested(
    ingested_hand_book, tmp_path, name, content, problem, count
):
    paths = ingested_hand_book
    if content is None:
        content = truncated_parquet(tmp_path)
    deliver(paths, {name: content, "sales_lines_good.csv": GOOD_SALES})
    raw_before = raw_state(paths.warehouse)

    with pytest.raises(ValidationFailed) as failed:
        # As a run ingests: validated against today, the window of the run's as-of date.
        ingest_folder(paths.landing_dir.parent, date.today(), AS_OF)

    assert_quarantined_with_nothing_ingested(
        paths, str(failed.value), raw_before, name, problem, count
    )
    # What the blocking check of the dataset is given: a failed validation of one of its files.
    validations = [v for v in failed.value.validations if v.dataset == dataset_of(name)]
    assert validations and not all(v.passed for v in validations)
