"""The bench's independent baseline (benchmarks/baseline/) on three hand-made books: each
scoring method, score_completeness, the missing and uninformative criteria, the explanation
factors, the KAISM axes, strength basis and strategy, the first tier's incumbent margin, and a
KAM's judgements (in force, expired, delivered again, a judgement over the data proxy), against
values worked out by hand from the rules of docs/method.md. No pipeline, one DuckDB file per
run."""

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
from benchmarks.baseline.inputs import COLUMNS
from benchmarks.baseline.kaism_matrix import KAISM_COLUMNS

# A customer's columns but its parent, which only the group book writes.
CUSTOMER_COLUMNS = tuple(
    column for column in COLUMNS["customers"] if column != "parent_customer_id"
)
# Every column of a sales line, as the baseline reads them.
LINE_COLUMNS = COLUMNS["sales_lines"]


# The baseline's tables a test reads, with the column that identifies a row on the as-of date.
PUBLISHED_KEYS = {
    "customer_scores": "customer_id",
    "kaism_matrix": "customer_id",
    "customer_revenue_shares": "customer_id",
    "customer_group_revenue_shares": "group_id",
    "revenue_concentration": "as_of_date",
}


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
    """The tables of PUBLISHED_KEYS of a baseline run, each by its key."""
    (folder / "key_accounts.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    output = folder / f"baseline_{as_of}_{len(previous)}.duckdb"
    argv = ["--input", str(folder / "input"), "--as-of", as_of.isoformat()]
    if previous:
        argv += ["--previous-dates", ",".join(day.isoformat() for day in previous)]
    baseline.main([*argv, "--config", str(folder / "key_accounts.yml"), "--output", str(output)])
    with duckdb.connect(str(output), read_only=True) as conn:
        tables = {}
        for table, key in PUBLISHED_KEYS.items():
            result = conn.execute(f"select * from {table}")
            names = [column[0] for column in result.description]
            rows = [dict(zip(names, row, strict=True)) for row in result.fetchall()]
            tables[table] = {row[key]: row for row in rows}
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
            # An assessment factor: nobody has a rating in force, so no score.
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


# -- book 3: a KAM's judgements -------------------------------------------------------------

ASSESSMENT_COLUMNS = ("customer_id", "factor", "rating", "assessed_on", "assessor")
# Only the two criteria a KAM may judge weigh; attractiveness rests on them, relative strength on
# its defaults (our_relative_position, relationship_stage, share_of_wallet).
JUDGED_CONFIG = {
    "scale": 10,
    "criteria": {
        **{name: {"weight": 0} for name in baseline.DEFAULT_CRITERIA},
        "product_need": {"weight": 10},
        "reputation": {"weight": 10},
    },
    "kaism": {"attractiveness": {"product_need": 1, "reputation": 1}},
}


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


def test_a_judgement_in_force_wins_over_the_data_proxy(judged_book):
    _, tables = judged_book
    scores = tables["customer_scores"]
    basis = {
        c: (
            row["product_need_metric"],
            row["product_need_basis"],
            row["reputation_metric"],
            row["reputation_basis"],
        )
        for c, row in scores.items()
    }
    assert basis == {
        # J's judgements of 2026-01-10 and 2026-02-01 (its 2 products, its master's 6 set aside).
        "J": (9, "assessment", 4, "assessment"),
        # K's product need of 2026-02-01 delivered again (6 replaces 3).
        "K": (6, "assessment", 8, "data"),
        # L's judgement of 2025-05-01 has expired: its 3 products; an industry leader is 10.
        "L": (3, "data", 10, "data"),
        "M": (1, "data", None, None),
        "N": (2, "data", 5, "data"),
        "P": (0, "data", 9, "data"),
        "Q": (8, "assessment", 3, "assessment"),
    }


def test_a_judgement_is_scored_as_a_rating_the_proxies_among_themselves(judged_book):
    _, tables = judged_book
    scores = tables["customer_scores"]
    # Product need: J 9 and K 6 as ratings; the data proxies ranked among L, M, N alone (3, 1, 2
    # products), not among the judged values. Prospects are not scored on it (Q's judgement
    # neither). Reputation is a rating either way.
    assert {c: scores[c]["product_need_score"] for c in "JKLMNPQ"} == pytest.approx(
        {"J": 9, "K": 6, "L": 10, "M": 1, "N": 5.5, "P": None, "Q": None}
    )
    assert {c: scores[c]["reputation_score"] for c in "JKLMNPQ"} == pytest.approx(
        {"J": 4, "K": 8, "L": 10, "M": None, "N": 5, "P": 9, "Q": 3}
    )
    assert {c: scores[c]["weighted_score"] for c in "JKLMNPQ"} == pytest.approx(
        {"J": 6.5, "K": 7, "L": 10, "M": 1, "N": 5.25, "P": 9, "Q": 3}
    )
    assert (scores["M"]["score_completeness"], scores["M"]["missing_criteria"]) == (
        0.5,
        "reputation",
    )
    assert {row["uninformative_criteria"] for row in scores.values()} == {None}
    assert (scores["Q"]["score_completeness"], scores["Q"]["missing_criteria"]) == (1, None)


def test_relative_strength_from_the_ratings_in_force_and_the_share_of_wallet(judged_book):
    _, tables = judged_book
    kaism = tables["kaism_matrix"]
    columns = tuple(column for column in KAISM_COLUMNS if column != "customer_id")
    rows = {c: tuple(row[column] for column in columns) for c, row in kaism.items()}
    assert rows == {
        # (our_relative_position 8 + relationship_stage 5 + wallet 2,000 / 4,000 → 5.5) / 3.
        "J": (
            "Customer J",
            False,
            6.5,
            6.166667,
            "assessed",
            "strategic",
            "invest",
            0.5,
            0.5,
            5.5,
            False,
        ),
        # Its position of 2025-06-29 has expired: (stage 4 + wallet 0.1 → 1.9) / 2.
        "K": ("Customer K", False, 7, 2.95, "assessed", "star", "build", 0.1, 0.1, 1.9, False),
        # It buys more than its potential: stale, capped at 1; no rating in force.
        "L": ("Customer L", False, 10, 10, "data_only", "strategic", "invest", 1.2, 1, 10, True),
        # Exactly its potential: not stale. Attractiveness on product need alone.
        "M": ("Customer M", False, 1, 10, "data_only", "status", "maintain", 1, 1, 10, False),
        # No potential, no rating: no strength.
        "N": ("Customer N", False, 5.25, None, None, "unassessed", None, None, None, None, False),
        # A prospect buys nothing: wallet 0 → 1; its position 7 is in force.
        "P": ("Customer P", True, 9, 4, "assessed", "star", "build", 0, 0, 1, False),
        "Q": (
            "Customer Q",
            True,
            3,
            1,
            "data_only",
            "streamline",
            "serve_efficiently",
            0,
            0,
            1,
            False,
        ),
    }
    scores = tables["customer_scores"]
    assert {c: scores[c]["kaism_quadrant"] for c in rows} == {c: rows[c][5] for c in rows}


def test_ratings_expire_after_assessment_max_age_months(judged_book):
    folder, _ = judged_book
    # From 2026-03-30 on: J's product need and reputation have expired (its 2 products, its 6),
    # as has its position of 2026-03-01; K's ratings all have.
    config = {**JUDGED_CONFIG, "assessment_max_age_months": 3}
    tables = run_baseline(folder, config, AS_OF)
    scores, kaism = tables["customer_scores"], tables["kaism_matrix"]
    assert {
        c: (
            scores[c]["product_need_basis"],
            scores[c]["reputation_basis"],
            kaism[c]["strength_basis"],
        )
        for c in "JKPQ"
    } == {
        "J": ("data", "data", "assessed"),
        "K": ("data", "data", "data_only"),
        "P": ("data", "data", "assessed"),
        "Q": ("assessment", "assessment", "data_only"),
    }
    assert (scores["J"]["product_need_metric"], scores["J"]["reputation_metric"]) == (2, 6)
    # J: relationship_stage 5 and wallet 5.5.
    assert kaism["J"]["relative_strength"] == pytest.approx(5.25)


def test_a_factor_left_out_of_the_configuration_is_not_judged(judged_book):
    folder, _ = judged_book
    factors = {
        "our_relative_position": {"description": "d", "anchors": {1: "a"}},
        "reputation": {"description": "d", "anchors": {1: "a"}},
    }
    config = {**JUDGED_CONFIG, "assessment_factors": factors}
    # An axis may not name a factor that is not declared.
    (folder / "undeclared.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    with pytest.raises(ValueError, match="relationship_stage is neither a criterion"):
        baseline.load_config(folder / "undeclared.yml")
    config["kaism"] = {
        **config["kaism"],
        "relative_strength": {"our_relative_position": 1, "share_of_wallet": 1},
    }
    tables = run_baseline(folder, config, AS_OF)
    scores, kaism = tables["customer_scores"], tables["kaism_matrix"]
    assert {c: scores[c]["product_need_basis"] for c in "JKLMNPQ"} == dict.fromkeys(
        "JKLMNPQ", "data"
    )
    # Product need on data alone: J 2, K 1, L 3, M 1, N 2 products.
    assert {c: scores[c]["product_need_score"] for c in "JKLMN"} == pytest.approx(
        {"J": 5.5, "K": 1, "L": 10, "M": 1, "N": 5.5}
    )
    assert scores["J"]["reputation_basis"] == "assessment"
    # K's position has expired: the share of wallet alone.
    assert (kaism["K"]["relative_strength"], kaism["K"]["strength_basis"]) == (
        pytest.approx(1.9),
        "data_only",
    )


# -- book 4: customer groups ----------------------------------------------------------------


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
    criteria = {name: {"weight": 0} for name in baseline.DEFAULT_CRITERIA}
    criteria["current_revenue"] = {"weight": 10}
    config = {
        "scale": 10,
        "criteria": criteria,
        "tiers": [
            {"name": "key", "min_score": 7.5, "max_accounts": 3},
            {"name": "development", "min_score": 5.0},
            {"name": "ordinary"},
        ],
    }
    return run_baseline(folder, config, AS_OF)


def revenue_score(x: float) -> float:
    return 1 + 9 * math.log(1 + x) / math.log(1 + 400)


def test_chains_of_parents_resolve_to_the_top_customer(group_book):
    shares = group_book["customer_revenue_shares"]
    assert {c: row["group_id"] for c, row in shares.items()} == {
        "B1": "B1",
        "B2": "B2",
        "S1": "H",
        "S2": "H",
        "T": "T",
        "T1": "T",
        "T2": "T",
        "N": "N",
        "N1": "N",
    }
    # The holding buys nothing and has no potential: not scored, but its group is published.
    assert "H" not in group_book["customer_scores"]
    assert {c: row["group_id"] for c, row in group_book["customer_scores"].items()} == {
        c: row["group_id"] for c, row in shares.items()
    }


def test_group_shares_over_the_members_with_positive_revenue(group_book):
    groups = group_book["customer_group_revenue_shares"]
    assert {
        g: (
            row["group_name"],
            row["member_count"],
            float(row["net_revenue"]),
            row["revenue_rank"],
            row["is_major_group"],
            row["is_mono_group"],
        )
        for g, row in groups.items()
    } == {
        "B1": ("Customer B1", 1, 400, 1, True, False),
        "B2": ("Customer B2", 1, 320, 2, True, False),
        "H": ("Customer H", 2, 110, 3, True, False),
        "T": ("Customer T", 3, 90, 4, False, False),
        # N1's returns lower neither its group's revenue nor the total, and it does not count.
        "N": ("Customer N", 1, 80, 5, False, False),
    }
    assert {g: row["revenue_share"] for g, row in groups.items()} == pytest.approx(
        {"B1": 0.40, "B2": 0.32, "H": 0.11, "T": 0.09, "N": 0.08}
    )
    shares = group_book["customer_revenue_shares"]
    assert {
        c: (row["group_revenue_share"], row["is_major_group"], row["is_mono_group"])
        for c, row in shares.items()
        if c in ("S1", "S2", "T2", "N1")
    } == {
        "S1": (pytest.approx(0.11), True, False),
        "S2": (pytest.approx(0.11), True, False),
        "T2": (pytest.approx(0.09), False, False),
        "N1": (pytest.approx(0.08), False, False),
    }


def test_the_largest_member_of_a_major_group_is_major_for_the_tiers(group_book):
    shares = group_book["customer_revenue_shares"]
    flags = {
        c: (row["is_major_customer"], row["is_largest_in_group"], row["is_major_for_tiers"])
        for c, row in shares.items()
    }
    assert flags == {
        "B1": (True, True, True),
        "B2": (True, True, True),
        # 6% and 5%: neither is major; S1, the larger, is for the tiers.
        "S1": (False, True, True),
        "S2": (False, False, False),
        # Equal revenue: the largest by customer_id; the group is not major.
        "T": (False, True, False),
        "T1": (False, False, False),
        "T2": (False, False, False),
        "N": (False, True, False),
        "N1": (False, False, False),
    }


def test_a_major_group_puts_its_largest_member_in_the_first_tier(group_book):
    scores = group_book["customer_scores"]
    assert scores["S1"]["weighted_score"] == pytest.approx(round(revenue_score(60), 6))
    assert scores["N"]["weighted_score"] == pytest.approx(round(revenue_score(80), 6))
    # B1, B2 and S1 take the 3 places: N (7.6) reaches the minimum but finds no room; S2 keeps
    # the tier of its score.
    assert {c: (row["tier"], row["tier_source"]) for c, row in scores.items()} == {
        "B1": ("key", "major_customer"),
        "B2": ("key", "major_customer"),
        "S1": ("key", "major_customer"),
        "S2": ("development", "score"),
        "T": ("development", "score"),
        "T1": ("development", "score"),
        "T2": ("development", "score"),
        "N": ("development", "score"),
        "N1": ("ordinary", "score"),
    }
    assert revenue_score(80) >= 7.5 > revenue_score(60)
    assert (scores["S1"]["is_major_customer"], scores["S2"]["is_major_customer"]) == (False, False)


def test_the_group_figures_of_revenue_concentration(group_book):
    (figures,) = group_book["revenue_concentration"].values()
    assert (figures["customer_count"], figures["group_count"]) == (8, 5)
    assert (figures["major_customer_count"], figures["major_group_count"]) == (2, 3)
    # 10,000 × (0.4² + 0.32² + 0.11² + 0.09² + 0.08²) against the customers' 0.06² + 0.05² and
    # three 0.03².
    assert figures["group_hhi"] == pytest.approx(2890)
    assert figures["hhi"] == pytest.approx(2776)
    assert figures["effective_groups"] == pytest.approx(1 / 0.289)
    assert (figures["group_top1_share"], figures["top1_group_id"]) == (pytest.approx(0.4), "B1")
    assert (figures["mono_client_id"], figures["mono_group_id"]) == (None, None)
