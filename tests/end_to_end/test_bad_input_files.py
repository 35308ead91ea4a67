"""Bad files never reach the raw tables (docs/operations.md, "Bad input").

Each case of bad_input_cases.CASES starts from the hand book ingested, drops one bad file into
the landing folder with a valid sales_lines file, and ingests the folder as a run does:
- sales lines: missing columns, wrong types, unparsable dates, empty files, duplicate keys,
  values out of range, unknown currencies and customers, files that cannot be read;
- masters (customers, service_costs, fx_rates, products): duplicate ids, values out of range,
  unknown cost types, parents missing or in a cycle;
- the key account managers' files (account_overrides, account_assessments, action_feedback):
  unknown customers, tiers or factors not configured, ratings out of range, missing owners or
  assessors, dates in the future or not ISO, duplicates.
Each must fail with the expectation it breaks and its exact count, move the bad file to the
quarantine folder with a report, leave the valid file in the landing folder and the raw tables
exactly as they were.
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


@pytest.fixture
def ingested_hand_book(hand_book_ingested, copy_of) -> PipelinePaths:
    """A copy of the hand book ingested, as a run before the bad delivery left it."""
    return copy_of(hand_book_ingested)


@pytest.mark.parametrize(
    ("name", "content", "problem", "count"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
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
