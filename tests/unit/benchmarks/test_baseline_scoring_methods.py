"""The bench's independent baseline (benchmarks/baseline/) on book 1, every method: each
scoring method, score_completeness, the missing and uninformative criteria, the explanation
factors, the KAISM axes, strength basis and strategy, against values worked out by hand from the
rules of docs/method.md. No pipeline, one DuckDB file per run."""

from __future__ import annotations

import math
import statistics

import pytest

from benchmarks import baseline


def log_score(x: float, lo: float = 600, hi: float = 1250) -> float:
    return 1 + 9 * (math.log(1 + x) - math.log(1 + lo)) / (math.log(1 + hi) - math.log(1 + lo))


def cv(periods: list[float]) -> float:
    return statistics.pstdev(periods) / statistics.fmean(periods)


def test_log_range_over_the_accounts(book):
    scores = book["customer_scores"]
    # Prospects (revenue 0) are not scored on current revenue: lo is D's 600, not 0.
    assert scores["A"]["current_revenue_score"] == pytest.approx(10)
    assert scores["D"]["current_revenue_score"] == pytest.approx(1)
    assert scores["B"]["current_revenue_score"] == pytest.approx(log_score(1000), rel=1e-12)
    assert scores["E"]["current_revenue_score"] == pytest.approx(log_score(800), rel=1e-12)
    assert scores["P1"]["current_revenue_metric"] == 0
    assert scores["P1"]["current_revenue_score"] is None


def test_percent_rank_with_ties_and_stability_from_the_first_order(book):
    scores = book["customer_scores"]
    # product_need: B, D, E 1 (rank 1), A 2 (rank 4 of 5), C 3.
    assert [scores[c]["product_need_score"] for c in "BDEAC"] == pytest.approx(
        [1, 1, 1, 1 + 9 * 3 / 4, 10]
    )
    # order_stability: A over 12 periods, B over 12, C from its first order (3 periods), D and
    # E too new (2 and 1 periods < 3). Lower is better.
    a = cv([150] + [100] * 11)
    b = cv([400, 300, 300] + [0] * 9)
    c = cv([600, 200, 200])
    assert scores["A"]["order_stability_metric"] == pytest.approx(a, rel=1e-12)
    assert scores["B"]["order_stability_metric"] == pytest.approx(b, rel=1e-12)
    assert scores["C"]["order_stability_metric"] == pytest.approx(c, rel=1e-12)
    assert scores["D"]["order_stability_metric"] is None
    assert scores["E"]["order_stability_metric"] is None
    assert [scores[x]["order_stability_score"] for x in "BCA"] == pytest.approx([1, 5.5, 10])
    # revenue_growth: only A and B have a previous window.
    assert scores["A"]["revenue_growth_metric"] == pytest.approx(1250 / 1200 - 1)
    assert (scores["A"]["revenue_growth_score"], scores["B"]["revenue_growth_score"]) == (1, 10)
    assert scores["C"]["revenue_growth_metric"] is None


def test_bands_and_rating(book):
    scores = book["customer_scores"]
    # Lower is better: the thresholds at or above the metric. A's cost is outside the window.
    assert {c: scores[c]["cost_to_serve_metric"] for c in "ABCDE"} == pytest.approx(
        {"A": 0, "B": 0.06, "C": 0.15, "D": 0.05, "E": 0}
    )
    assert {c: scores[c]["cost_to_serve_score"] for c in "ABCDE"} == pytest.approx(
        {"A": 10, "B": 5.5, "C": 1, "D": 10, "E": 10}
    )
    # On a scale of 10 a rating scores itself; an industry leader is 10.
    assert {c: scores[c]["reputation_score"] for c in ("A", "C", "D", "P1")} == pytest.approx(
        {"A": 8, "C": 10, "D": 5, "P1": 6}
    )
    assert scores["B"]["reputation_score"] is None


def test_a_criterion_without_information_is_left_out_for_everyone(book):
    scores = book["customer_scores"]
    assert {row["uninformative_criteria"] for row in scores.values()} == {"potential_revenue"}
    assert {row["potential_revenue_score"] for row in scores.values()} == {None}
    assert {row["potential_revenue_points"] for row in scores.values()} == {None}


def test_weighted_score_completeness_and_missing_criteria(book):
    scores = book["customer_scores"]
    # A: every informative criterion present (80 of the 100 points carry information).
    a = scores["A"]
    assert a["weighted_score"] == pytest.approx((30 * 10 + 10 + 100 + 100 + 77.5 + 80) / 80)
    assert (a["score_completeness"], a["missing_criteria"]) == (1, None)
    assert a["current_revenue_points"] == pytest.approx(30 * 10 / 80)
    # D: growth and stability missing; the mean of the present criteria.
    d = scores["D"]
    assert d["weighted_score"] == pytest.approx(round((30 * 1 + 100 + 10 + 50) / 60, 6))
    assert d["score_completeness"] == 0.75
    assert d["missing_criteria"] == "order_stability, revenue_growth"
    assert d["order_stability_points"] is None
    points = [d[f"{name}_points"] for name in baseline.DEFAULT_CRITERIA]
    assert sum(p for p in points if p is not None) == pytest.approx(d["weighted_score"], abs=1e-6)
    e = scores["E"]
    assert e["score_completeness"] == 0.625
    assert e["missing_criteria"] == "order_stability, reputation, revenue_growth"
    # A prospect: only its criteria count (potential carries none): reputation alone.
    p1 = scores["P1"]
    assert (p1["weighted_score"], p1["score_completeness"], p1["missing_criteria"]) == (6, 1, None)


def test_the_factors_that_raise_and_lower_a_score(book):
    scores = book["customer_scores"]
    # A: current revenue +1.6875; cost to serve and order stability tie at +0.5625 (by name);
    # revenue growth −0.5625.
    assert scores["A"]["top_positive_factors"] == "current_revenue, cost_to_serve"
    assert scores["A"]["top_negative_factors"] == "revenue_growth"
    # D: cost to serve +0.75; current revenue −2.25, product need −0.75, reputation −0.083.
    assert scores["D"]["top_positive_factors"] == "cost_to_serve"
    assert scores["D"]["top_negative_factors"] == "current_revenue, product_need"
    assert scores["P1"]["top_positive_factors"] == "reputation"
    assert scores["P1"]["top_negative_factors"] is None


def test_tiers_of_a_small_book_and_key_prospects(book):
    scores = book["customer_scores"]
    # Five accounts: each has at least 10% of the revenue, a major customer.
    assert {(scores[c]["tier"], scores[c]["tier_source"]) for c in "ABCDE"} == {
        ("key", "major_customer")
    }
    # P3 and P2 reach 7.5; at most one key prospect.
    assert [scores[p]["tier"] for p in ("P3", "P2", "P1")] == [
        "key_prospect",
        "prospect",
        "prospect",
    ]
    assert [scores[c]["score_rank"] for c in ("P3", "P2", "A")] == [1, 2, 3]


def test_kaism_axes_over_the_factors_with_a_score(book):
    kaism = book["kaism_matrix"]
    # A: growth 1, reputation 8, cost 10 (potential has no score); strength: share of wallet
    # 1,250 / 1,000 = 1.25, capped at 1: 10, a stale potential (no rating in force).
    assert kaism["A"]["attractiveness"] == pytest.approx(round(19 / 3, 6))
    assert (kaism["A"]["share_of_wallet"], kaism["A"]["share_of_wallet_metric"]) == (1, 1.25)
    assert kaism["A"]["relative_strength"] == 10
    assert kaism["A"]["is_potential_stale"] is True
    assert (kaism["A"]["strength_basis"], kaism["A"]["kaism_quadrant"]) == (
        "data_only",
        "strategic",
    )
    assert kaism["A"]["kaism_strategy"] == "invest"
    # B: 1,000 of 1,000 → 10; D: 600 → 1 + 9 × 0.6.
    assert kaism["B"]["share_of_wallet_score"] == 10
    assert kaism["B"]["is_potential_stale"] is False
    assert kaism["D"]["share_of_wallet_score"] == pytest.approx(6.4)
    # E has no potential: no share of wallet, no strength.
    assert kaism["E"]["share_of_wallet_score"] is None
    assert kaism["E"]["relative_strength"] is None
    assert (kaism["E"]["strength_basis"], kaism["E"]["kaism_quadrant"]) == (None, "unassessed")
    assert kaism["E"]["kaism_strategy"] is None
    assert kaism["E"]["is_potential_stale"] is False


def test_without_assessments_every_basis_is_the_data(book):
    scores = book["customer_scores"]
    assert {c: scores[c]["product_need_basis"] for c in scores} == dict.fromkeys(scores, "data")
    # B has neither a reputation_score nor the leader flag.
    assert {c: scores[c]["reputation_basis"] for c in "ABC"} == {
        "A": "data",
        "B": None,
        "C": "data",
    }
