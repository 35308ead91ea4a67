"""The hand book staged and validated as a run does, for the test_validation_*.py modules.

The Great Expectations metrics are real numbers computed by DuckDB, not artefacts of a bug.
Through duckdb-engine, GX's stock SQL engine closes the connection before it fetches a metric,
and then every expectation "fails" with no count (see lib/contracts/gx_duckdb.py). So a test
asserts that valid files pass every expectation with 0 unexpected rows, and that a bad one
fails only where it is bad, with its exact count: "bad data fails" alone would pass for the
wrong reason.
"""

import contextlib
import time
from datetime import date

import duckdb

from dagster_project.lib.contracts.validation import validate_relations
from dagster_project.lib.ingestion.holding_area import reset_holding_area, stage_file
from dagster_project.lib.ingestion.landing import scan_landing
from dagster_project.lib.ingestion.raw_tables import create_raw_tables, file_checksum
from dagster_project.lib.ingestion.reference_views import build_reference_views
from dagster_project.lib.ingestion.rules import IngestionRules
from tests.conftest import write_csv
from tests.hand_book import write_hand_book

TODAY = date(2026, 11, 27)


def staged_hand_book(tmp_path, extra: dict[str, str] | None = None, **rules):
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse.duckdb"
    write_hand_book(landing)
    for name, text in (extra or {}).items():
        write_csv(landing / name, text)
    with contextlib.closing(duckdb.connect(str(warehouse))) as conn:
        create_raw_tables(conn)
        reset_holding_area(conn)
        staged = [
            stage_file(conn, f.landing_file, position, file_checksum(f.path))
            for position, f in enumerate(scan_landing(landing, time.time(), 0).ready)
        ]
        build_reference_views(conn, staged, IngestionRules(today=TODAY, as_of=TODAY, **rules))
    return warehouse, staged


def validate_delivery(tmp_path, name: str, content: str, settings: dict | None = None, **rules):
    """The validation of one file delivered with the hand book, as a file validated alone."""
    warehouse, staged = staged_hand_book(tmp_path, {name: content}, **rules)
    [target] = [s for s in staged if s.name == name]
    [validation] = validate_relations(
        warehouse,
        {target.name: (target.landing_file.dataset.name, target.relation)},
        {"today": TODAY.isoformat()},
        settings,
        with_samples=True,
    ).values()
    return validation


def validate_overrides(tmp_path, content: str, settings: dict | None = None, **rules):
    """The validation of one account_overrides.csv delivered with the hand book."""
    return validate_delivery(tmp_path, "account_overrides.csv", content, settings, **rules)


def assert_passes_with_zero_unexpected(validation, rows: int) -> None:
    assert validation.passed, validation.problems()
    for outcome in validation.outcomes:
        assert outcome.success and outcome.error is None, outcome
        assert outcome.unexpected_count in (0, None), outcome
    element_counts = {o.element_count for o in validation.outcomes if o.element_count is not None}
    assert element_counts == {rows}
