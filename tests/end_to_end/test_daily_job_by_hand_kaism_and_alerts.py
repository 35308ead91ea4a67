"""The whole daily job on a tiny book of business (tests/hand_book.py): its KAISM matrix, KAM
portfolio, monthly trend and alerts match those computed by hand (the figures in the test's
docstring; revenue by customer in
tests/end_to_end/test_daily_job_by_hand_revenue_and_concentration.py).
"""

import pytest

from tests.end_to_end.daily_job_by_hand_helpers import published_rows

pytestmark = pytest.mark.e2e


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
