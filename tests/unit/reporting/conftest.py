"""Published files for the tests of the warnings on published figures (test_alerts_*): the
tables the alerts read, empty and filled per test; with the concentration trend (trend) or the
KAMs' portfolios (portfolios) added."""

from datetime import date

import duckdb
import pytest


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


@pytest.fixture
def portfolios(published):
    published.execute(
        "create table kam_portfolio (as_of_date date, account_manager varchar,"
        " is_unassigned boolean, accounts bigint, revenue_share double)"
    )
    return published
