"""The four hand-made books of the baseline tests, each run once per test module that reads it:
book (every method), margin_book (the incumbent margin), judged_book (a KAM's judgements) and
group_book (customer groups)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import baseline
from tests.unit.benchmarks.baseline_book import (
    AS_OF,
    ASSESSMENT_COLUMNS,
    CUSTOMER_COLUMNS,
    JUDGED_CONFIG,
    LINE_COLUMNS,
    SERVICE_COST_COLUMNS,
    book_config,
    book_customers,
    book_sales_lines,
    book_service_costs,
    customer,
    lines,
    run_baseline,
    write_csv,
)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("book")
    (folder / "input").mkdir()
    write_csv(folder / "input" / "customers.csv", CUSTOMER_COLUMNS, book_customers())
    write_csv(folder / "input" / "sales_lines_2026-06-30.csv", LINE_COLUMNS, book_sales_lines())
    write_csv(
        folder / "input" / "service_costs_2026-06.csv",
        SERVICE_COST_COLUMNS,
        book_service_costs(),
    )
    return run_baseline(folder, book_config(), AS_OF)


def current_revenue_only(current_revenue: dict) -> dict:
    """A configuration scoring on current_revenue alone, its first tier holding 3 accounts."""
    criteria = {name: {"weight": 0} for name in baseline.DEFAULT_CRITERIA}
    return {
        "scale": 10,
        "criteria": {**criteria, "current_revenue": current_revenue},
        "tiers": [
            {"name": "key", "min_score": 7.5, "max_accounts": 3},
            {"name": "development", "min_score": 5.0},
            {"name": "ordinary"},
        ],
    }


@pytest.fixture(scope="module")
def margin_book(tmp_path_factory) -> tuple[Path, dict]:
    """The score is the window revenue itself (current_revenue rated 1–10, the only weight):
    X3 falls from 8.0 to 7.4 on the last day, X2 rises from 7.0 to 7.6. M is a major customer
    (≥ 50% here). The first tier holds 3: M and two more."""
    folder = tmp_path_factory.mktemp("margin_book")
    (folder / "input").mkdir()
    write_csv(
        folder / "input" / "customers.csv",
        CUSTOMER_COLUMNS,
        [customer(c) for c in ("M", "X1", "X2", "X3", "X5")],
    )
    write_csv(
        folder / "input" / "sales_lines_2026-06-30.csv",
        LINE_COLUMNS,
        lines(
            ("M", "2026-06-01", "p1", 100),
            ("X1", "2026-06-01", "p1", 9),
            ("X2", "2026-06-01", "p1", 7),
            ("X2", "2026-06-30", "p1", 0.6),
            ("X3", "2026-06-01", "p1", 8),
            ("X3", "2026-06-30", "p1", 0.6, -1),  # a return
            ("X5", "2026-06-01", "p1", 3),
        ),
    )
    config = current_revenue_only({"weight": 10, "method": "rating"})
    return folder, {**config, "concentration": {"major_customer_share": 0.5}}


@pytest.fixture(scope="module")
def judged_book(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    """J, K, L, M and N buy, P and Q are prospects; the KAMs rated J, K, P and Q, and L long ago.
    As of 2026-06-30, 12 months: a rating is in force from 2025-06-30 on."""
    folder = tmp_path_factory.mktemp("judged_book")
    (folder / "input").mkdir()
    write_csv(
        folder / "input" / "customers.csv",
        CUSTOMER_COLUMNS,
        [
            customer("J", reputation=6, potential=4000),
            customer("K", reputation=8, potential=5000),
            customer("L", leader="true", potential=1000),
            customer("M", potential=200),
            customer("N", reputation=5),
            customer("P", reputation=9, potential=3000),
            customer("Q", reputation=9, potential=2000),
        ],
    )
    write_csv(
        folder / "input" / "sales_lines_2026-06-30.csv",
        LINE_COLUMNS,
        lines(
            ("J", "2026-03-10", "p1", 1000),
            ("J", "2026-05-10", "p2", 1000),
            ("K", "2026-04-10", "p1", 500),
            ("L", "2026-06-01", "p1", 400),
            ("L", "2026-06-01", "p2", 400),
            ("L", "2026-06-01", "p3", 400),
            ("M", "2026-06-05", "p1", 200),
            ("N", "2026-06-06", "p1", 100),
            ("N", "2026-06-07", "p2", 100),
        ),
    )
    write_csv(
        folder / "input" / "account_assessments_2026-02-01.csv",
        ASSESSMENT_COLUMNS,
        [
            ("J", "our_relative_position", 6, "2025-09-01", "Anna"),  # superseded by 2026-03-01
            ("J", "product_need", 9, "2026-01-10", "Anna"),
            ("J", "reputation", 4, "2026-02-01", "Anna"),
            ("K", "our_relative_position", 9, "2025-06-29", "Anna"),  # expired on 2026-06-30
            ("K", "relationship_stage", 4, "2025-06-30", "Anna"),  # 12 months old: in force
            ("K", "product_need", 3, "2026-02-01", "Anna"),  # replaced by the later file
            ("L", "product_need", 2, "2025-05-01", "Anna"),  # expired: L is scored on data
        ],
    )
    write_csv(
        folder / "input" / "account_assessments_2026-07-15.csv",
        ASSESSMENT_COLUMNS,
        [
            ("J", "our_relative_position", 8, "2026-03-01", "Anna"),
            ("J", "relationship_stage", 5, "2026-05-01", "Anna"),
            ("J", "our_relative_position", 2, "2026-07-15", "Anna"),  # after the as-of date
            ("K", "product_need", 6, "2026-02-01", "Tom"),
            ("P", "our_relative_position", 7, "2026-06-01", "Tom"),
            ("Q", "reputation", 3, "2026-04-01", "Tom"),
            ("Q", "product_need", 8, "2026-04-01", "Tom"),  # not a prospect criterion
        ],
    )
    return folder, run_baseline(folder, JUDGED_CONFIG, AS_OF)


@pytest.fixture(scope="module")
def group_book(tmp_path_factory) -> dict[str, dict]:
    """The window's positive revenue is 1,000. Holding H buys nothing (out of scope); its
    subsidiaries S1 and S2 bought 60 (6%) and 50 (5%): neither is major, group H (11%) is. T2's
    parent is T1, whose parent is T (a chain of depth 2, listed child first), 30 each: group T,
    9%. N bought 80 and its subsidiary N1 returned 20 (net −20): group N holds 80, one paying
    member. B1 (400) and B2 (320) are groups of their own. The score is current_revenue alone
    (log range over 0 … 400); the first tier holds 3."""
    folder = tmp_path_factory.mktemp("group_book")
    (folder / "input").mkdir()
    parents = {
        "B1": "",
        "B2": "",
        "H": "",
        "S1": "H",
        "S2": "H",
        "T2": "T1",
        "T1": "T",
        "T": "",
        "N": "",
        "N1": "N",
    }
    write_csv(
        folder / "input" / "customers.csv",
        (*CUSTOMER_COLUMNS, "parent_customer_id"),
        [(*customer(c), parent) for c, parent in parents.items()],
    )
    write_csv(
        folder / "input" / "sales_lines_2026-06-30.csv",
        LINE_COLUMNS,
        lines(
            ("B1", "2026-06-01", "p1", 400),
            ("B2", "2026-06-02", "p1", 320),
            ("S1", "2026-06-03", "p1", 60),
            ("S2", "2026-06-04", "p1", 50),
            ("T", "2026-06-05", "p1", 30),
            ("T1", "2026-06-05", "p1", 30),
            ("T2", "2026-06-05", "p1", 30),
            ("N", "2026-06-06", "p1", 80),
            ("N1", "2026-05-10", "p1", 20),
            ("N1", "2026-06-10", "p1", 40, -1),  # a return: N1's net revenue is −20
        ),
    )
    return run_baseline(folder, current_revenue_only({"weight": 10}), AS_OF)
