"""The whole daily job on a tiny book of business whose figures were computed by hand.

As of 2026-06-30 with a 12-month window, (2025-06-30, 2026-06-30]:
  001: 10 × 50 (no discount, no currency given) + 5 × 25 × (1 − 0.2) on the as-of day = 600;
       its line on 2025-06-30 (outside the window) and on 2026-07-01 (after as-of) do not count
  002: 4 × 50 on 2025-07-01, the window's first day                                  = 200
  003: 2 × 62.5 USD on 2026-03-10 at 0.8, the rate of 2026-03-09 (not 0.9 of 03-11)   = 100
  004: 3 × 50 then a return of −1 × 50                                                = 100
  005: only a return, −1 × 50                                                          = −50
  006: a prospect: no sales, potential 5,000                                           =   0
  007: in the master with neither sales nor potential: not in scope
Positive revenue 1,000: shares 0.6, 0.2, 0.1, 0.1. Ties at 100 go by customer_id (003 first).
ABC by the share before: 001 0 → A, 002 0.6 → A, 003 0.8 → B (not below 0.80), 004 0.9 → B.
HHI = 10,000 × (0.36 + 0.04 + 0.01 + 0.01) = 4,200; Gini = 2 × (400 + 500 + 500 + 100 + 100 + 0)
/ (2 × 4² × 250) = 0.4; the top 20% of 4 customers is ⌈0.8⌉ = 1 customer.
Groups: 004's parent is 003, so Three Inc (003) and Vier GmbH (004) are one group, 003, of 200; the
others are groups of their own. Group shares 0.6 (001), 0.2 (002), 0.2 (003; 002 first by id):
group HHI = 10,000 × (0.36 + 0.04 + 0.04) = 4,400, effective groups 1 / 0.44; 001 is a mono-client
group too, and all three groups are major. 003 is its group's largest member (a tie at 100, by
customer_id); the tiers do not change, as 003 and 004 are major customers alone.

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
import shutil

import duckdb
import pytest

from dagster_project.lib.configuration.scoring import CRITERIA, ScoringConfig
from dagster_project.lib.reporting import alerts
from tests.hand_book import (
    AS_OF,
    DAILY_LINES,
    write_config_with_cost_to_serve_weight_70,
    write_hand_book,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def hand_book(pipeline_paths):
    write_hand_book(pipeline_paths.landing_dir)
    return pipeline_paths


@pytest.fixture
def published(hand_book_published, copy_of):
    """A copy of the hand book published as of AS_OF, and the run that published it."""
    return copy_of(hand_book_published), hand_book_published.runs[-1]


def published_rows(path, sql):
    with duckdb.connect(str(path), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_published_figures_match_the_hand_computation(published):
    hand_book, run = published
    assert run.success, run.failures

    shares = published_rows(
        hand_book.published,
        """
        select customer_id, net_revenue::double, revenue_share, cumulative_share, revenue_rank,
               abc_class, is_mono_client, is_major_customer
        from customer_revenue_shares where as_of_date = '2026-06-30' order by revenue_rank
    """,
    )
    assert shares == [
        ("001", 600.0, pytest.approx(0.6), pytest.approx(0.6), 1, "A", True, True),
        ("002", 200.0, pytest.approx(0.2), pytest.approx(0.8), 2, "A", False, True),
        ("003", 100.0, pytest.approx(0.1), pytest.approx(0.9), 3, "B", False, True),
        ("004", 100.0, pytest.approx(0.1), pytest.approx(1.0), 4, "B", False, True),
        ("006", 0.0, 0.0, pytest.approx(1.0), 5, "C", False, False),
        ("005", -50.0, 0.0, pytest.approx(1.0), 6, "C", False, False),
    ]
    member_of = published_rows(
        hand_book.published,
        """
        select customer_id, group_id, group_revenue_share, is_major_group, is_largest_in_group,
               is_major_for_tiers
        from customer_revenue_shares where as_of_date = '2026-06-30' order by revenue_rank
    """,
    )
    assert member_of == [
        ("001", "001", pytest.approx(0.6), True, True, True),
        ("002", "002", pytest.approx(0.2), True, True, True),
        ("003", "003", pytest.approx(0.2), True, True, True),
        ("004", "003", pytest.approx(0.2), True, False, True),
        ("006", "006", 0.0, False, True, False),
        ("005", "005", 0.0, False, True, False),
    ]

    groups = published_rows(
        hand_book.published,
        """
        select group_id, group_name, member_count, net_revenue::double, revenue_share,
               revenue_rank, is_major_group, is_mono_group
        from customer_group_revenue_shares where as_of_date = '2026-06-30' order by revenue_rank
    """,
    )
    assert groups == [
        ("001", "Uno SpA", 1, 600.0, pytest.approx(0.6), 1, True, True),
        ("002", "Due Srl", 1, 200.0, pytest.approx(0.2), 2, True, False),
        ("003", "Three Inc", 2, 200.0, pytest.approx(0.2), 3, True, False),
    ]
    assert published_rows(
        hand_book.published,
        "select customer_id, group_id from customer_scores where as_of_date = '2026-06-30' "
        "and customer_id in ('003', '004') order by 1",
    ) == [("003", "003"), ("004", "003")]

    [concentration] = published_rows(
        hand_book.published,
        """
        select total_net_revenue::double, customer_count, hhi, effective_customers, top1_share,
               top5_share, top10_share, top20pct_share, gini, mono_client_id, major_customer_count,
               group_count, group_hhi, effective_groups, group_top1_share, top1_group_id,
               mono_group_id, major_group_count
        from revenue_concentration where as_of_date = '2026-06-30'
    """,
    )
    assert concentration == (
        1000.0,
        4,
        pytest.approx(4200),
        pytest.approx(1 / 0.42),
        pytest.approx(0.6),
        pytest.approx(1.0),
        pytest.approx(1.0),
        pytest.approx(0.6),
        pytest.approx(0.4),
        "001",
        4,
        3,
        pytest.approx(4400),
        pytest.approx(1 / 0.44),
        pytest.approx(0.6),
        "001",
        "001",
        3,
    )

    # The warning names the group of 003 and 004 with its members, read from the published file.
    with duckdb.connect(str(hand_book.published), read_only=True) as conn:
        major = alerts.major_customers(conn, AS_OF, ScoringConfig())
    assert major.description.endswith(
        "1 group(s) of customers under common control at or above 10%, each one customer under "
        "IFRS 8.34 / ASC 280-10-50-42: group 003 Three Inc 20.0% "
        "(003 Three Inc 10.0%, 004 Vier GmbH 10.0%)."
    )


def test_redelivering_an_ingested_file_changes_nothing(published, run_daily_job):
    hand_book, first = published
    assert first.success
    query = "select * exclude (config_version) from customer_revenue_shares order by customer_id"
    before = published_rows(hand_book.published, query)

    archived = hand_book.archive_dir / "sales_lines" / "sales_lines_2026-01-15.csv"
    shutil.copy(archived, hand_book.landing_dir / archived.name)
    run = run_daily_job(AS_OF)

    assert run.success, run.failures
    assert published_rows(hand_book.published, query) == before
    with duckdb.connect(str(hand_book.warehouse), read_only=True) as conn:
        assert conn.execute("select count(*) from raw.sales_lines").fetchone() == (
            len(DAILY_LINES),
        )
        assert conn.execute("select count(*) from raw.ingested_files").fetchone() == (
            len(DAILY_LINES) + 4,
        )


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


def test_kaism_kam_portfolio_monthly_trend_and_alerts_match_the_hand_computation(published):
    """KAISM with the default axes, each factor's weight 1, split 5.5, over the factors present.
    Share of wallet (capped at 1) scores 1 + 9 × share: 001 600 / 2,000 = 0.3 → 3.7, 006 0 /
    5,000 → 1 (the only two with a potential). 001: attractiveness (potential 1 + growth 10 +
    reputation 10 + cost 4) / 4 = 6.25; strength (our_relative_position 8 + relationship_stage 5,
    Anna's ratings in force, + wallet 3.7) / 3 = 5.566667, assessed: strategic, invest. 006:
    (potential 10 + reputation 8) / 2 = 9 (its growth and cost do not apply), wallet 1 alone,
    data_only: star, build. 002: (reputation 6 + cost 1) / 2 = 3.5, but no potential and its
    one rating (2025-05-01) has expired: no strength, unassessed. 005 has neither axis.
    KAMs: Anna owns 001 (key, 600), 002 (key, 200) and the key prospect 006; Tom owns 003 (key,
    100); nobody owns 004 (key, 100) and 005 (−50). Net revenue 800, 100, 50 of 950."""
    hand_book, run = published
    assert run.success, run.failures

    kaism = published_rows(
        hand_book.published,
        """
        select customer_id, customer_name, attractiveness, relative_strength, strength_basis,
               kaism_quadrant, kaism_strategy
        from kaism_matrix where as_of_date = '2026-06-30' and customer_id in ('001', '002', '005', '006')
        order by customer_id
    """,
    )
    assert kaism == [
        ("001", "Uno SpA", 6.25, 5.566667, "assessed", "strategic", "invest"),
        ("002", "Due Srl", 3.5, None, None, "unassessed", None),
        ("005", "Cinq SA", None, None, None, "unassessed", None),
        ("006", "Sei Prospect SpA", 9.0, 1.0, "data_only", "star", "build"),
    ]
    assert published_rows(
        hand_book.published,
        "select kaism_quadrant from customer_scores where as_of_date = '2026-06-30' and customer_id = '001'",
    ) == [("strategic",)]

    portfolio = published_rows(
        hand_book.published,
        """
        select account_manager, is_unassigned, accounts, key_accounts, prospects, key_prospects,
               net_revenue, revenue_share
        from kam_portfolio where as_of_date = '2026-06-30' order by account_manager nulls last
    """,
    )
    assert portfolio == [
        ("Anna", False, 2, 2, 1, 1, 800.0, pytest.approx(800 / 950)),
        ("Tom", False, 1, 1, 0, 0, 100.0, pytest.approx(100 / 950)),
        (None, True, 2, 1, 0, 0, 50.0, pytest.approx(50 / 950)),
    ]

    # The month-end trend at 2026-06-30 (a month end) covers the same 12 months as the as-of date.
    monthly = published_rows(
        hand_book.published,
        """
        select month_end_date::varchar, total_net_revenue::double, customer_count, hhi, gini, mono_client_id
        from revenue_concentration_monthly order by month_end_date
    """,
    )
    assert [row[0] for row in monthly] == [
        "2025-06-30",
        "2025-07-31",
        "2025-08-31",
        "2025-09-30",
        "2025-10-31",
        "2025-11-30",
        "2025-12-31",
        "2026-01-31",
        "2026-02-28",
        "2026-03-31",
        "2026-04-30",
        "2026-05-31",
        "2026-06-30",
    ]
    assert monthly[-1][1:] == (1000.0, 4, pytest.approx(4200), pytest.approx(0.4), "001")
    # June 2025 holds only OLD1 (001, 1,000): one customer, HHI 10,000.
    assert monthly[0][1:] == (1000.0, 1, pytest.approx(10000), pytest.approx(0.0), "001")

    # The alerts: 001 at 60% is a mono-client; 001-004 are at or above 10%; top-5 share 100%
    # and HHI 4,200 are above 60% and 2,500; 12 months earlier is the month end 2025-06-30,
    # whose window holds one month of sales (not complete): no trend; the key account 004 (a
    # major customer) has no KAM; Anna holds 800 / 950 = 84.2% of revenue (> 30%); no earlier
    # date.
    assert {name: passed for name, passed in run.checks.items() if name in ALERTS} == {
        "no_mono_client": False,
        "no_major_customer": False,
        "concentration_within_limits": False,
        "concentration_not_rising": True,
        "key_accounts_have_a_kam": False,
        "no_kam_holds_too_much_revenue": False,
        "no_key_account_dropped_a_tier": True,
    }


ALERTS = {
    "no_mono_client",
    "no_major_customer",
    "concentration_within_limits",
    "concentration_not_rising",
    "key_accounts_have_a_kam",
    "no_kam_holds_too_much_revenue",
    "no_key_account_dropped_a_tier",
}
