"""The whole daily job on a tiny book of business (tests/hand_book.py): its scoring metrics,
scores and tiers match those computed by hand, and so does the ranking when one weight changes.

As of 2026-06-30 with a 12-month window, (2025-06-30, 2026-06-30]; each customer's revenue, by
hand, is in tests/end_to_end/test_daily_job_by_hand_revenue_and_concentration.py.

The scoring metrics, by hand (the monthly periods end on the 30th: (2026-05-30, 2026-06-30], …):
  current revenue  600, 200, 100, 100, −50, 0 (001 … 006)
  potential        001 2,000, 006 5,000, the others missing
  growth           001: 600 / 1,000 (OLD1, in the previous window) − 1 = −0.4; the others missing
  stability (CV)   from the month of the customer's first order: 001 (first order 2025-06-30, 12
                   months): periods 100 and 500, ten of 0, mean 50: √((50² + 450² + 10 × 50²) / 12)
                   / 50; 002 (first order 2025-07-01, 12 months): one month of revenue in twelve: √11;
                   003 (first order 2026-03-10, in period 3: 4 months): one month in four, √3; 004
                   (2026-02-01, period 4: 5 months): √4 = 2; 005 (revenue ≤ 0), 006 missing
  cost to serve    001: 30 / 600 = 0.05 (its 2025-06-30 visit is outside the window); 002: 50 / 200
                   = 0.25; 003, 004: 0 (no costs); 005, 006 missing
  product need     001: P1 and P2 = 2; 002, 003, 004: 1 (004's return is not a purchase); 005: 0;
                   a prospect is not scored on it
  reputation       001: an industry leader = 10 (not its 9); 6, 5, 4; 005 missing; 006: 8
"""

import math

import duckdb
import pytest

from dagster_project.lib.configuration.scoring import CRITERIA
from tests.hand_book import (
    AS_OF,
    write_config_with_cost_to_serve_weight_70,
    write_hand_book,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def hand_book(pipeline_paths):
    write_hand_book(pipeline_paths.landing_dir)
    return pipeline_paths


def scores_by_customer(published) -> dict[str, dict]:
    columns = ", ".join(f"{c}_metric, {c}_score" for c in CRITERIA)
    with duckdb.connect(str(published), read_only=True) as conn:
        cursor = conn.execute(
            f"select customer_id, {columns}, weighted_score, score_completeness, missing_criteria, "
            "top_positive_factors, top_negative_factors, score_rank, tier, tier_source, is_prospect "
            "from customer_scores where as_of_date = '2026-06-30'"
        )
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def test_metrics_scores_and_tiers_match_the_hand_computation(published):
    hand_book, run = published
    assert run.success
    scores = scores_by_customer(hand_book.published)
    assert sorted(scores) == ["001", "002", "003", "004", "005", "006"]  # 007 is not in scope

    cv_001 = math.sqrt((50**2 + 450**2 + 10 * 50**2) / 12) / 50
    metrics = {
        customer: tuple(scores[customer][f"{c}_metric"] for c in CRITERIA) for customer in scores
    }
    assert metrics == {
        "001": (600, 2000, pytest.approx(-0.4), pytest.approx(cv_001), pytest.approx(0.05), 2, 10),
        "002": (200, None, None, pytest.approx(math.sqrt(11)), pytest.approx(0.25), 1, 6),
        "003": (100, None, None, pytest.approx(math.sqrt(3)), 0, 1, 5),
        "004": (100, None, None, pytest.approx(2), 0, 1, 4),
        "005": (-50, None, None, None, None, 0, None),
        "006": (0, 5000, None, None, None, 0, 8),
    }
    # Scores by the default methods, computed by hand (docs/method.md, "Scoring").
    # current_revenue by log_range over the five accounts, x = max(revenue, 0): lo 0 (005's
    # −50), hi 600: 1 + 9 × ln(1 + x) / ln(601). potential by log_range over 001 (2,000) and
    # 006 (5,000): 1 and 10. growth: 001 alone has one, 10. stability (lower is better) over
    # 2.769 (001), 3.317 (002), 1.732 (003), 2 (004): 4, 1, 10, 7. cost (lower) over 0.05, 0.25,
    # 0, 0: 4, 1, 7, 7. product need over 2, 1, 1, 1, 0: 10, 3.25, 3.25, 3.25, 1. reputation
    # as a rating: 10, 6, 5, 4, 8 (1 + 9 × (x − 1) / 9 = x). A missing metric has no score.
    revenue = {c: 1 + 9 * math.log(1 + x) / math.log(601) for c, x in [("002", 200), ("003", 100)]}
    criterion_scores = {
        customer: tuple(scores[customer][f"{c}_score"] for c in CRITERIA) for customer in scores
    }
    assert criterion_scores == {
        "001": (10, 1, 10, 4, 4, 10, 10),
        "002": (pytest.approx(revenue["002"]), None, None, 1, 1, 3.25, 6),
        "003": (pytest.approx(revenue["003"]), None, None, 10, 7, 3.25, 5),
        "004": (pytest.approx(revenue["003"]), None, None, 7, 7, 3.25, 4),
        "005": (1, None, None, None, None, 1, None),
        "006": (None, 10, None, None, None, None, 8),
    }
    # Weighted means over the criteria present (weights 30, 20, 10, 10, 10, 10, 10):
    # 001 (300 + 20 + 100 + 40 + 40 + 100 + 100) / 100 = 7; 002 (30 r + 10 + 10 + 32.5 + 60) / 70;
    # 003 (30 r + 100 + 70 + 32.5 + 50) / 70; 004 (30 r + 70 + 70 + 32.5 + 40) / 70; 005 (30 +
    # 10) / 40 = 1; the prospect 006 (20 × 10 + 10 × 8) / 30 = 9.333333. Every account with
    # revenue holds at least 10% of it (60%, 20%, 10%, 10%): all four are key as major
    # customers, whatever their score; 005 is ordinary.
    weighted = {
        "002": (30 * revenue["002"] + 10 + 10 + 32.5 + 60) / 70,
        "003": (30 * revenue["003"] + 100 + 70 + 32.5 + 50) / 70,
        "004": (30 * revenue["003"] + 70 + 70 + 32.5 + 40) / 70,
    }
    assert {
        c: (
            s["weighted_score"],
            s["score_completeness"],
            s["missing_criteria"],
            s["score_rank"],
            s["tier"],
            s["tier_source"],
        )
        for c, s in scores.items()
    } == {
        "006": (9.333333, 1, None, 1, "key_prospect", "score"),
        "001": (7.0, 1, None, 2, "key", "major_customer"),
        "003": (
            round(weighted["003"], 6),
            0.7,
            "potential_revenue, revenue_growth",
            3,
            "key",
            "major_customer",
        ),
        "004": (
            round(weighted["004"], 6),
            0.7,
            "potential_revenue, revenue_growth",
            4,
            "key",
            "major_customer",
        ),
        "002": (
            round(weighted["002"], 6),
            0.7,
            "potential_revenue, revenue_growth",
            5,
            "key",
            "major_customer",
        ),
        "005": (
            1.0,
            0.4,
            "cost_to_serve, order_stability, potential_revenue, reputation, revenue_growth",
            6,
            "ordinary",
            "score",
        ),
    }
    # Against a neutral customer (5.5 on every criterion): 001 gains most from current_revenue
    # (4.5 × 30 / 100) and loses most from potential_revenue (−4.5 × 20 / 100), then stability
    # and cost (−1.5 × 10 / 100 each, ties by name).
    assert (scores["001"]["top_positive_factors"], scores["001"]["top_negative_factors"]) == (
        "current_revenue, product_need",
        "potential_revenue, cost_to_serve",
    )


def test_changing_one_weight_changes_the_ranking_as_computed_by_hand(
    hand_book, run_daily_job, monkeypatch
):
    """cost_to_serve's weight from 10 to 70: each account gains 60 × its cost score over a total
    of weights present 60 larger. 001: (700 + 60 × 4) / 160 = 5.875; 002: (30 r₂ + 10 + 70 +
    32.5 + 60) / 130; 003: (30 r₃ + 100 + 490 + 32.5 + 50) / 130; 004: (30 r₃ + 70 + 490 + 32.5
    + 40) / 130 (r the revenue scores of the test above); 005: 1. 003 and 004, which cost
    nothing to serve, overtake 001; all four stay key as major customers. The prospect 006 is
    scored on potential and reputation only: still 9.333333."""
    config = write_config_with_cost_to_serve_weight_70(hand_book.landing_dir.parent)
    monkeypatch.setenv("KEY_ACCOUNTS_CONFIG", str(config))

    assert run_daily_job(AS_OF).success
    scores = scores_by_customer(hand_book.published)
    r2, r3 = (1 + 9 * math.log(1 + x) / math.log(601) for x in (200, 100))
    assert {c: (s["weighted_score"], s["score_rank"], s["tier"]) for c, s in scores.items()} == {
        "006": (9.333333, 1, "key_prospect"),
        "003": (round((30 * r3 + 100 + 490 + 32.5 + 50) / 130, 6), 2, "key"),
        "004": (round((30 * r3 + 70 + 490 + 32.5 + 40) / 130, 6), 3, "key"),
        "001": (5.875, 4, "key"),
        "002": (round((30 * r2 + 10 + 70 + 32.5 + 60) / 130, 6), 5, "key"),
        "005": (1.0, 6, "ordinary"),
    }
