"""A customer master that drops customers keeps every published table in agreement
(docs/operations.md, "Bad input").

The dropped customers are let through with a warning (`validation.dropped_customer: warn`): a
customer with sales in the window that leaves the master is left out of every published table,
and a date re-scored with nobody left in scope keeps none of its old rows.
"""

import pytest

from dagster_project.lib.configuration.settings import PipelinePaths
from tests.end_to_end.bad_input_cases import (
    deliver_and_run,
    published_scope,
    warn_about_dropped_customers,
)


@pytest.fixture
def hand_book(hand_book_published, copy_of) -> PipelinePaths:
    """A copy of the hand book published as of AS_OF."""
    return copy_of(hand_book_published)


@pytest.mark.e2e
def test_a_snapshot_dropping_a_customer_with_sales_keeps_every_table_in_agreement(
    hand_book, monkeypatch
):
    """002 (200 of sales in the window) leaves the master, let through with a warning: it once
    vanished from customer_scores while revenue_concentration still counted it. Every table now
    leaves it out: 001 600, 003 100, 004 100 are the paying customers (800), 005 (-50) and the
    prospect 006 are scored too."""
    snapshot = (
        root_snapshot := (hand_book.archive_dir / "customers" / "customers.csv").read_text()
    )
    without_002 = "\n".join(line for line in snapshot.splitlines() if not line.startswith("002,"))
    run, _ = deliver_and_run(
        hand_book,
        monkeypatch,
        {"customers_2026-06-30.csv": without_002 + "\n", "SALES_LINES_x.csv": root_snapshot},
        config=warn_about_dropped_customers(),
    )
    assert run.success, run.failures
    assert run.checks["customers_files_raise_no_warnings"] is False
    assert run.checks["assert_sales_in_window_belong_to_the_master"] is False
    assert run.checks["assert_every_table_has_the_same_customers"] is True
    assert run.checks["every_landed_file_was_taken"] is False
    scope = published_scope(hand_book.published)
    assert scope == {
        "customer_scores": ["001", "003", "004", "005", "006"],
        "customer_revenue_shares": ["001", "003", "004", "005", "006"],
        # 004 is 003's subsidiary: one group; 005 (returns only) and 006 (a prospect) have no revenue.
        "customer_group_revenue_shares": ["001", "003"],
        "kaism_matrix": ["001", "003", "004", "005", "006"],
        "revenue_concentration": (3, 800.0),
        "kam_portfolio_accounts": 4,
    }


@pytest.mark.e2e
def test_a_date_rescored_with_nobody_in_scope_keeps_none_of_its_old_rows(hand_book, monkeypatch):
    """The hand book scored six customers on the as-of date. A master left with only 007 (no
    sales, no potential) scores nobody: re-scoring the date must leave no row of the old run
    (delete+insert once deleted only the dates the new rows carried)."""
    run, _ = deliver_and_run(
        hand_book,
        monkeypatch,
        {"customers_2026-06-30.csv": "customer_id,customer_name\n007,Sette Dormant Srl\n"},
        config=warn_about_dropped_customers(),
    )
    assert run.success, run.failures
    scope = published_scope(hand_book.published)
    assert scope == {
        "customer_scores": [],
        "customer_revenue_shares": [],
        "customer_group_revenue_shares": [],
        "kaism_matrix": [],
        "revenue_concentration": (0, 0.0),
        "kam_portfolio_accounts": None,
    }
