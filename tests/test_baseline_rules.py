"""The bench's independent baseline (benchmarks/baseline.py) on two hand-made books: each scoring
method, score_completeness, the missing and uninformative criteria, the explanation factors,
the KAISM axes and the first tier's incumbent margin, against values worked out by hand from
the rules of DESIGN.md (second edition). A few seconds: no pipeline, one DuckDB file per run."""

from __future__ import annotations

import csv
import math
import statistics
from datetime import date
from pathlib import Path

import duckdb
import pytest
import yaml

from benchmarks import baseline

CUSTOMER_COLUMNS = (
    "customer_id",
    "customer_name",
    "industry",
    "country",
    "account_manager",
    "is_industry_leader",
    "reputation_score",
    "estimated_annual_potential",
)
LINE_COLUMNS = (
    "order_id",
    "line_number",
    "order_date",
    "customer_id",
    "product_id",
    "quantity",
    "unit_price",
    "discount",
    "currency",
)


def write_csv(path: Path, columns: tuple[str, ...], rows: list[tuple]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


def customer(customer_id: str, reputation="", leader="false", potential="") -> tuple:
    return (
        customer_id,
        f"Customer {customer_id}",
        "tools",
        "IT",
        "Anna",
        leader,
        reputation,
        potential,
    )


def lines(*sales: tuple[str, str, str, float] | tuple[str, str, str, float, int]) -> list[tuple]:
    """(customer, day, product, unit_price[, quantity]) → sales lines, one order each."""
    return [
        (f"O{i}", 1, day, who, product, sale[4] if len(sale) > 4 else 1, price, "", "")
        for i, sale in enumerate(sales)
        for who, day, product, price in [sale[:4]]
    ]


def run_baseline(
    folder: Path, config: dict, as_of: date, previous: tuple[date, ...] = ()
) -> dict[str, dict]:
    """customer_scores and kaism_matrix of a baseline run, by customer_id."""
    (folder / "key_accounts.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    output = folder / f"baseline_{as_of}_{len(previous)}.duckdb"
    argv = ["--input", str(folder / "input"), "--as-of", as_of.isoformat()]
    if previous:
        argv += ["--previous-dates", ",".join(day.isoformat() for day in previous)]
    baseline.main([*argv, "--config", str(folder / "key_accounts.yml"), "--output", str(output)])
    with duckdb.connect(str(output), read_only=True) as conn:
        tables = {}
        for table in ("customer_scores", "kaism_matrix"):
            result = conn.execute(f"select * from {table}")
            names = [column[0] for column in result.description]
            tables[table] = {
                row[1]: dict(zip(names, row, strict=True)) for row in result.fetchall()
            }
    return tables


# -- book 1: every method -------------------------------------------------------------------

AS_OF = date(2026, 6, 30)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("book")
    (folder / "input").mkdir()
    # All potentials equal: potential_revenue carries no information.
    write_csv(
        folder / "input" / "customers.csv",
        CUSTOMER_COLUMNS,
        [
            customer("A", reputation=8, potential=1000),
            customer("B", potential=1000),
            customer("C", leader="true", potential=1000),
            customer("D", reputation=5, potential=1000),
            customer("E"),
            customer("P1", reputation=6, potential=1000),
            customer("P2", reputation=9, potential=1000),
            customer("P3", reputation=9.5, potential=1000),
        ],
    )
    monthly = [
        ("A", f"{2025 + (m > 12)}-{(m - 1) % 12 + 1:02d}-15", "p1", 100) for m in range(7, 19)
    ]
    write_csv(
        folder / "input" / "sales_lines_2026-06-30.csv",
        LINE_COLUMNS,
        lines(
            ("A", "2024-07-15", "p1", 1200),  # the previous window
            *monthly,  # 2025-07-15 … 2026-06-15, one a period
            ("A", "2026-06-15", "p2", 50),
            ("B", "2024-08-10", "p1", 500),
            ("B", "2025-08-10", "p1", 300),  # period 10
            ("B", "2025-12-10", "p1", 300),  # period 6
            ("B", "2026-03-10", "p1", 400),  # period 3
            ("C", "2026-04-15", "p1", 200),  # period 2: its first order, 3 periods
            ("C", "2026-05-15", "p2", 200),
            ("C", "2026-06-15", "p3", 600),
            ("D", "2026-05-10", "p1", 300),  # period 1: 2 periods, no stability
            ("D", "2026-06-10", "p1", 300),
            ("E", "2026-06-20", "p1", 800),
        ),
    )
    write_csv(
        folder / "input" / "service_costs_2026-06.csv",
        ("customer_id", "cost_date", "cost_type", "amount"),
        [
            ("A", "2025-06-30", "delivery", 500),  # just before the window
            ("B", "2026-01-05", "delivery", 60),
            ("C", "2026-05-01", "support", 150),
            ("D", "2026-06-01", "delivery", 30),
        ],
    )
    config = {
        "scale": 10,
        "criteria": {
            "cost_to_serve": {
                "weight": 10,
                "direction": "lower",
                "method": "bands",
                "thresholds": [0.05, 0.10],
            }
        },
        "prospects": {"key_prospect_min_score": 7.5, "max_key_prospects": 1},
        "kaism": {
            "attractiveness": {
                "potential_revenue": 1,
                "revenue_growth": 1,
                "reputation": 1,
                "cost_to_serve": 1,
            },
            # An assessment factor: the baseline has no assessments, so no score.
            "relative_strength": {"share_of_wallet": 1, "our_relative_position": 1},
        },
    }
    return run_baseline(folder, config, AS_OF)


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
    # 1.25, the highest, 10 (the assessment factor has no score).
    assert kaism["A"]["attractiveness"] == pytest.approx(round(19 / 3, 6))
    assert kaism["A"]["relative_strength"] == 10
    assert kaism["A"]["kaism_quadrant"] == "strategic"
    # E has no potential: no share of wallet, no strength.
    assert kaism["E"]["share_of_wallet_score"] is None
    assert kaism["E"]["relative_strength"] is None
    assert kaism["E"]["kaism_quadrant"] == "unassessed"


# -- book 2: the incumbent margin -----------------------------------------------------------

DAY_BEFORE, DAY = date(2026, 6, 29), date(2026, 6, 30)


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
    criteria = {name: {"weight": 0} for name in baseline.DEFAULT_CRITERIA}
    criteria["current_revenue"] = {"weight": 10, "method": "rating"}
    config = {
        "scale": 10,
        "criteria": criteria,
        "tiers": [
            {"name": "key", "min_score": 7.5, "max_accounts": 3},
            {"name": "development", "min_score": 5.0},
            {"name": "ordinary"},
        ],
        "concentration": {"major_customer_share": 0.5},
    }
    return folder, config


def tiers(scores: dict[str, dict]) -> dict[str, tuple]:
    return {
        c: (row["weighted_score"], row["tier"], row["tier_source"]) for c, row in scores.items()
    }


def test_an_incumbent_keeps_its_place_by_the_margin(margin_book):
    folder, config = margin_book
    assert tiers(run_baseline(folder, config, DAY_BEFORE)["customer_scores"]) == {
        "M": (100, "key", "major_customer"),
        "X1": (9, "key", "score"),
        "X3": (8, "key", "score"),
        "X2": (7, "development", "score"),
        "X5": (3, "ordinary", "score"),
    }
    # X3 (7.4 + 0.25 = 7.65) beats X2 (7.6) for the room the cap leaves after M; X1 would be
    # there without the margin.
    assert tiers(run_baseline(folder, config, DAY, (DAY_BEFORE,))["customer_scores"]) == {
        "M": (100, "key", "major_customer"),
        "X1": (9, "key", "score"),
        "X3": (7.4, "key", "incumbent_margin"),
        "X2": (7.6, "development", "score"),
        "X5": (3, "ordinary", "score"),
    }
    # Without the previous date nobody is an incumbent.
    first_date = tiers(run_baseline(folder, config, DAY)["customer_scores"])
    assert (first_date["X2"][1:], first_date["X3"][1:]) == (
        ("key", "score"),
        ("development", "score"),
    )


def test_too_incomplete_a_score_cannot_enter_the_first_tier(margin_book):
    folder, config = margin_book
    # Nobody reaches a completeness above 1; the major customer does not need to.
    strict = {**config, "tier_rules": {"min_completeness_for_key": 1.01}}
    scored = tiers(run_baseline(folder, strict, DAY, (DAY_BEFORE,))["customer_scores"])
    assert scored["M"][1:] == ("key", "major_customer")
    assert scored["X1"][1:] == ("development", "score")
