"""The warnings on published figures fire exactly when their rule says, with the figures."""

from datetime import date

import duckdb
import pytest

from dagster_project.lib.configuration.scoring import ScoringConfig
from dagster_project.lib.reporting import alerts
from dagster_project.lib.reporting.alerts.concentration import months_before

TODAY, YESTERDAY = date(2026, 6, 30), date(2026, 6, 29)
CONFIG = ScoringConfig()


@pytest.fixture
def published(tmp_path):
    """A published file with the columns the alerts read, filled per test."""
    conn = duckdb.connect(str(tmp_path / "published.duckdb"))
    conn.execute(
        "create table revenue_concentration (as_of_date date, mono_client_id varchar, top5_share double,"
        " hhi double, mono_group_id varchar)"
    )
    conn.execute(
        "create table customer_revenue_shares (as_of_date date, customer_id varchar, revenue_share double,"
        " revenue_rank bigint, is_major_customer boolean, net_revenue double, group_id varchar)"
    )
    conn.execute(
        "create table customer_group_revenue_shares (as_of_date date, group_id varchar,"
        " group_name varchar, member_count bigint, revenue_share double, revenue_rank bigint,"
        " is_major_group boolean, is_mono_group boolean)"
    )
    conn.execute(
        "create table customer_scores (as_of_date date, customer_id varchar, tier varchar,"
        " account_manager varchar, score_rank bigint, customer_name varchar)"
    )
    yield conn
    conn.close()


def test_mono_client_fires_above_half_of_revenue(published):
    published.execute(
        "insert into revenue_concentration values (?, 'big', 0.9, 4200, 'big')", [TODAY]
    )
    published.execute(
        "insert into customer_revenue_shares values (?, 'big', 0.6, 1, true, 60, 'big')", [TODAY]
    )
    # Its group is itself alone: the customer's warning says it all.
    published.execute(
        "insert into customer_group_revenue_shares values (?, 'big', 'Big SpA', 1, 0.6, 1, true, true)",
        [TODAY],
    )
    alert = alerts.mono_client(published, TODAY, CONFIG)
    assert alert.fired
    assert alert.metadata == {"customer_id": "big", "revenue_share": 0.6, "hhi": 4200}
    assert "60.0%" in alert.description


def test_no_mono_client(published):
    published.execute("insert into revenue_concentration values (?, null, 0.5, 900, null)", [TODAY])
    assert not alerts.mono_client(published, TODAY, CONFIG).fired


def test_major_customers_lists_each_one_with_its_share(published):
    published.executemany(
        "insert into customer_revenue_shares values (?, ?, ?, ?, ?, ?, ?)",
        [
            [TODAY, "a", 0.3, 1, True, 30, "a"],
            [TODAY, "b", 0.1, 2, True, 10, "b"],
            [TODAY, "c", 0.05, 3, False, 5, "c"],
        ],
    )
    alert = alerts.major_customers(published, TODAY, CONFIG)
    assert alert.fired and alert.metadata == {"customers": {"a": 0.3, "b": 0.1}}
    assert "a (30.0%), b (10.0%)" in alert.description


def subsidiaries_of_holding_ag(published, shares: tuple[float, float]) -> None:
    """s1 and s2, subsidiaries of the holding h (which buys nothing itself), at `shares` of
    revenue; their group h holds the sum. x, a customer of its own, holds 30% (major)."""
    s1, s2 = shares
    published.executemany(
        "insert into customer_revenue_shares values (?, ?, ?, ?, ?, ?, ?)",
        [
            [TODAY, "x", 0.3, 1, True, 30, "x"],
            [TODAY, "s1", s1, 2, s1 >= 0.1, 100 * s1, "h"],
            [TODAY, "s2", s2, 3, s2 >= 0.1, 100 * s2, "h"],
            [TODAY, "r", 0.0, 4, False, -3, "h"],  # returns only: not a paying member
        ],
    )
    published.executemany(
        "insert into customer_group_revenue_shares values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [TODAY, "x", "Ics SpA", 1, 0.3, 1, True, False],
            [TODAY, "h", "Holding AG", 2, s1 + s2, 2, s1 + s2 >= 0.1, s1 + s2 > 0.5],
        ],
    )
    published.executemany(
        "insert into customer_scores (as_of_date, customer_id, customer_name) values (?, ?, ?)",
        [[TODAY, "x", "Ics SpA"], [TODAY, "s1", "Sub Eins GmbH"], [TODAY, "s2", "Sub Zwei Srl"]],
    )


def test_a_major_group_is_named_with_its_members(published):
    """s1 6% and s2 5%: neither is major, their group h holds 11% and is one customer under
    IFRS 8.34: named with both members. x is major alone; its group of one is not repeated."""
    subsidiaries_of_holding_ag(published, (0.06, 0.05))
    alert = alerts.major_customers(published, TODAY, CONFIG)
    assert alert.fired
    assert alert.description == (
        "1 customer(s) at or above 10% of revenue (the IFRS 8 / ASC 280 line): x (30.0%). "
        "1 group(s) of customers under common control at or above 10%, each one customer under "
        "IFRS 8.34 / ASC 280-10-50-42: group h Holding AG 11.0% "
        "(s1 Sub Eins GmbH 6.0%, s2 Sub Zwei Srl 5.0%)."
    )
    assert alert.metadata == {
        "customers": {"x": 0.3},
        "groups": {
            "h": {
                "group_name": "Holding AG",
                "revenue_share": pytest.approx(0.11),
                "members": {"s1": 0.06, "s2": 0.05},
            }
        },
    }


def test_a_major_group_fires_when_no_customer_alone_is_major(published):
    subsidiaries_of_holding_ag(published, (0.06, 0.05))
    published.execute("delete from customer_revenue_shares where customer_id = 'x'")
    published.execute("delete from customer_group_revenue_shares where group_id = 'x'")
    alert = alerts.major_customers(published, TODAY, CONFIG)
    assert alert.fired and list(alert.metadata) == ["groups"]
    assert alert.description.startswith("1 group(s) of customers under common control")


def test_no_major_customer_nor_group(published):
    subsidiaries_of_holding_ag(published, (0.04, 0.05))
    published.execute("delete from customer_revenue_shares where customer_id = 'x'")
    published.execute("delete from customer_group_revenue_shares where group_id = 'x'")
    assert not alerts.major_customers(published, TODAY, CONFIG).fired


def test_a_mono_client_group_is_named_with_its_members(published):
    """No customer holds more than half of revenue (40% and 22%), but their group holds 62%."""
    subsidiaries_of_holding_ag(published, (0.40, 0.22))
    published.execute("insert into revenue_concentration values (?, null, 1, 3000, 'h')", [TODAY])
    alert = alerts.mono_client(published, TODAY, CONFIG)
    assert alert.fired
    assert alert.description == (
        "Mono-client group, one customer under IFRS 8.34 / ASC 280-10-50-42: group h Holding AG "
        "62.0% (s1 Sub Eins GmbH 40.0%, s2 Sub Zwei Srl 22.0%) of the window's revenue (> 50%)."
    )
    assert alert.metadata["groups"]["h"]["members"] == {"s1": 0.40, "s2": 0.22}
    assert alert.metadata["hhi"] == 3000 and "customer_id" not in alert.metadata


@pytest.mark.parametrize(
    ("top5", "hhi", "fired"),
    [(0.60, 2500, False), (0.6001, 1000, True), (0.3, 2500.5, True), (None, None, False)],
)
def test_concentration_limits_fire_strictly_above_the_limits(published, top5, hhi, fired):
    published.execute(
        "insert into revenue_concentration values (?, null, ?, ?, null)", [TODAY, top5, hhi]
    )
    alert = alerts.concentration_limits(published, TODAY, CONFIG)
    assert alert.fired is fired
    assert alert.metadata["top5_share_limit"] == 0.60 and alert.metadata["hhi_limit"] == 2500


def test_key_accounts_without_kam(published):
    published.executemany(
        "insert into customer_scores values (?, ?, ?, ?, ?, null)",
        [
            [TODAY, "k1", "key", None, 1],
            [TODAY, "k2", "key", "Anna", 2],
            [TODAY, "o1", "ordinary", None, 3],
        ],
    )
    alert = alerts.key_accounts_without_kam(published, TODAY, CONFIG)
    assert alert.fired and alert.metadata == {"customer_ids": ["k1"]}


def test_every_key_account_with_a_kam(published):
    published.execute(
        "insert into customer_scores values (?, 'k2', 'key', 'Anna', 1, null)", [TODAY]
    )
    assert not alerts.key_accounts_without_kam(published, TODAY, CONFIG).fired


def test_tier_drops_compare_with_the_previous_scored_date(published):
    published.executemany(
        "insert into customer_scores values (?, ?, ?, 'Anna', 1, null)",
        [
            [date(2026, 6, 1), "old", "key"],  # an older date is not the previous one
            [YESTERDAY, "stays", "key"],
            [YESTERDAY, "drops", "key"],
            [YESTERDAY, "gone", "key"],
            [YESTERDAY, "rises", "development"],
            [TODAY, "stays", "key"],
            [TODAY, "drops", "development"],
            [TODAY, "rises", "key"],
        ],
    )
    alert = alerts.key_account_tier_drops(published, TODAY, CONFIG)
    assert alert.fired
    assert alert.metadata == {
        "previous_as_of_date": "2026-06-29",
        "drops": {"drops": "development", "gone": "not scored"},
    }


def test_no_tier_drop_on_the_first_scored_date(published):
    published.execute(
        "insert into customer_scores values (?, 'k', 'key', 'Anna', 1, null)", [TODAY]
    )
    assert not alerts.key_account_tier_drops(published, TODAY, CONFIG).fired


# The concentration trend: HHI and top-1 share of the as-of date against 12 months earlier.


@pytest.fixture
def trend(published):
    """revenue_concentration with its top-1 share, and the month-end trend. The window of the
    month end 2024-06-30 is the first complete one (the history starts in July 2023), unless a
    test says otherwise."""
    published.execute("alter table revenue_concentration add column top1_share double")
    published.execute(
        "create table revenue_concentration_monthly (month_end_date date, hhi double,"
        " top1_share double, is_window_complete boolean)"
    )
    published.executemany(
        "insert into revenue_concentration_monthly values (?, ?, ?, ?)",
        [[date(2024, 5, 31), 9000, 0.9, False], [date(2024, 6, 30), 9000, 0.9, True]],
    )
    return published


def concentration_on(conn, day: date, hhi: float | None, top1: float | None) -> None:
    conn.execute(
        "insert into revenue_concentration (as_of_date, hhi, top1_share) values (?, ?, ?)",
        [day, hhi, top1],
    )


def month_end(conn, day: date, hhi: float, top1: float, complete: bool = True) -> None:
    conn.execute(
        "insert into revenue_concentration_monthly values (?, ?, ?, ?)", [day, hhi, top1, complete]
    )


@pytest.mark.parametrize(
    ("hhi", "top1", "fired"),
    [
        # 2,000 × (1 + 50%) = 3,000 and 30% + 5 points = 35%: exactly at both, no warning.
        (3000, 0.35, False),
        (3001, 0.30, True),  # HHI up 50.05%
        (2000, 0.3501, True),  # top-1 up 5.01 points
        (1000, 0.20, False),  # less concentrated
    ],
)
def test_concentration_trend_fires_strictly_above_its_warnings(trend, hhi, top1, fired):
    """A year ago, 2025-06-30, was scored: HHI 2,000, top-1 share 30%."""
    concentration_on(trend, date(2025, 6, 30), 2000, 0.30)
    concentration_on(trend, date(2025, 6, 29), 1, 0.01)  # not 12 months earlier
    concentration_on(trend, TODAY, hhi, top1)
    month_end(trend, date(2025, 6, 30), 1, 0.01)  # the scored date comes first
    alert = alerts.concentration_trend(trend, TODAY, CONFIG)
    assert alert.fired is fired
    assert alert.metadata["compared_with_date"] == "2025-06-30"
    assert alert.metadata["compared_with_source"] == "revenue_concentration"
    assert alert.metadata["hhi_then"] == 2000 and alert.metadata["top1_share_then"] == 0.30
    assert alert.metadata["hhi_rise_warning"] == 0.50
    assert alert.metadata["top1_rise_warning"] == 0.05


def test_five_points_exactly_in_binary_do_not_fire(trend):
    """0.14 − 0.09 is 0.05000000000000002 as a double: still exactly 5 points."""
    concentration_on(trend, date(2025, 6, 30), 500, 0.09)
    concentration_on(trend, TODAY, 600, 0.14)
    assert not alerts.concentration_trend(trend, TODAY, CONFIG).fired


def test_concentration_trend_says_both_figures_the_change_and_the_warnings(trend):
    """HHI 2,000 → 3,100: 3,100 / 2,000 − 1 = 55%; top-1 30% → 37.5%: up 7.5 points."""
    concentration_on(trend, date(2025, 6, 30), 2000, 0.30)
    concentration_on(trend, TODAY, 3100, 0.375)
    alert = alerts.concentration_trend(trend, TODAY, CONFIG)
    assert alert.fired
    assert alert.description == (
        "Revenue is more concentrated than 12 months earlier (the HHI and the largest "
        "customer's share rose beyond the warning), compared with 2025-06-30, the scored date "
        "12 months earlier: HHI (concentration index, 10,000 for a single customer) 3,100 "
        "against 2,000, up 55.0% (the warning is a rise of more than 50%); the largest "
        "customer's share of revenue 37.5% against 30.0%, up 7.5 points (the warning is a rise "
        "of more than 5 points)."
    )
    assert alert.metadata == {
        "hhi": 3100,
        "top1_share": 0.375,
        "hhi_rise_warning": 0.50,
        "top1_rise_warning": 0.05,
        "twelve_months_earlier": "2025-06-30",
        "compared_with_date": "2025-06-30",
        "compared_with_source": "revenue_concentration",
        "hhi_then": 2000,
        "top1_share_then": 0.30,
        "hhi_change": pytest.approx(0.55),
        "top1_share_change_points": pytest.approx(7.5),
    }


@pytest.mark.parametrize(("hhi", "fired"), [(3000, False), (3001, True)])
def test_concentration_trend_falls_back_on_the_month_end_trend(trend, hhi, fired):
    """As of 2026-06-15, 12 months earlier is 2025-06-15, not a scored date (2025-06-14 is): the
    last month end on or before it is 2025-05-31, HHI 2,000, top-1 30%."""
    as_of = date(2026, 6, 15)
    concentration_on(trend, date(2025, 6, 14), 1, 0.01)
    concentration_on(trend, as_of, hhi, 0.30)
    month_end(trend, date(2025, 4, 30), 1, 0.01)
    month_end(trend, date(2025, 5, 31), 2000, 0.30)
    month_end(trend, date(2025, 6, 30), 1, 0.01)  # after 2025-06-15
    alert = alerts.concentration_trend(trend, as_of, CONFIG)
    assert alert.fired is fired
    assert alert.metadata["twelve_months_earlier"] == "2025-06-15"
    assert alert.metadata["compared_with_date"] == "2025-05-31"
    assert alert.metadata["compared_with_source"] == "revenue_concentration_monthly"
    assert (
        "compared with the month end 2025-05-31, the last on or before 2025-06-15 (12 months "
        "earlier), over the window ending that month" in alert.description
    )
    assert "HHI (concentration index, 10,000 for a single customer) " in alert.description


def test_no_history_twelve_months_back_passes(trend):
    trend.execute("delete from revenue_concentration_monthly")
    concentration_on(trend, TODAY, 9000, 0.9)
    month_end(trend, date(2025, 7, 31), 1000, 0.1)  # after 2025-06-30
    alert = alerts.concentration_trend(trend, TODAY, CONFIG)
    assert not alert.fired
    assert alert.description.startswith("No history 12 months back (2025-06-30)")
    assert "compared_with_date" not in alert.metadata


def test_a_window_shorter_than_the_scoring_window_is_not_compared(trend):
    """The history starts in June 2025: the window ending 2025-06-30 holds one month of sales,
    one customer at 100%, and is not comparable with a full window."""
    trend.execute("delete from revenue_concentration_monthly")
    concentration_on(trend, date(2025, 6, 30), 10000, 1.0)
    concentration_on(trend, TODAY, 9000, 0.9)
    month_end(trend, date(2025, 6, 30), 10000, 1.0, complete=False)
    alert = alerts.concentration_trend(trend, TODAY, CONFIG)
    assert not alert.fired and alert.metadata["is_window_complete"] is False
    assert alert.description.startswith("No full window of history 12 months back")


def test_twelve_months_before_a_leap_day_is_the_last_day_of_february():
    assert months_before(date(2028, 2, 29), 12) == date(2027, 2, 28)
    assert months_before(date(2026, 1, 31), 12) == date(2025, 1, 31)


# One KAM holding too much of the window's revenue.


@pytest.fixture
def portfolios(published):
    published.execute(
        "create table kam_portfolio (as_of_date date, account_manager varchar,"
        " is_unassigned boolean, accounts bigint, revenue_share double)"
    )
    return published


def kam_rows(conn, rows: list[tuple[str | None, int, float]]) -> None:
    conn.executemany(
        "insert into kam_portfolio values (?, ?, ?, ?, ?)",
        [[TODAY, kam, kam is None, accounts, share] for kam, accounts, share in rows],
    )


def test_a_kam_at_exactly_the_limit_does_not_fire_and_nobody_is_not_a_kam(portfolios):
    """Net revenue 1,000: Anna 301 (3 accounts) is 30.1% > 30%; Tom 300 (2) is exactly 30%;
    the customers without a KAM, 399 (2), are no KAM. Yesterday's Tom at 90% is another day."""
    kam_rows(portfolios, [("Anna", 3, 301 / 1000), ("Tom", 2, 300 / 1000), (None, 2, 399 / 1000)])
    portfolios.execute("insert into kam_portfolio values (?, 'Tom', false, 9, 0.9)", [YESTERDAY])
    alert = alerts.kam_revenue_share(portfolios, TODAY, CONFIG)
    assert alert.fired
    assert alert.description == (
        "1 Key Account Manager(s) whose accounts hold more than 30% of the window's revenue, "
        "a dependence on one person: Anna 30.1% (3 accounts)."
    )
    assert alert.metadata == {
        "kam_max_share": 0.30,
        "kams": {"Anna": {"revenue_share": 0.301, "accounts": 3}},
    }


def test_each_kam_above_the_limit_is_named_with_share_and_accounts(portfolios):
    """Net revenue 1,000: Tom 350 (1 account) and Anna 450 (4); nobody's 200."""
    kam_rows(portfolios, [("Tom", 1, 350 / 1000), ("Anna", 4, 450 / 1000), (None, 3, 0.2)])
    alert = alerts.kam_revenue_share(portfolios, TODAY, CONFIG)
    assert alert.fired
    assert alert.description.endswith(": Anna 45.0% (4 accounts), Tom 35.0% (1 account).")
    assert list(alert.metadata["kams"]) == ["Anna", "Tom"]


def test_no_kam_above_the_limit(portfolios):
    """Anna 300 and Tom 299 of 1,000; the unassigned 401 are nobody's portfolio."""
    kam_rows(portfolios, [("Anna", 3, 0.3), ("Tom", 2, 0.299), (None, 5, 0.401)])
    alert = alerts.kam_revenue_share(portfolios, TODAY, CONFIG)
    assert not alert.fired and alert.metadata == {"kam_max_share": 0.30}
