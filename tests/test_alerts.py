"""The warnings on published figures fire exactly when their rule says, with the figures."""

from datetime import date

import duckdb
import pytest

from dagster_project.lib import alerts
from dagster_project.lib.scoring_config import ScoringConfig

TODAY, YESTERDAY = date(2026, 6, 30), date(2026, 6, 29)
CONFIG = ScoringConfig()


@pytest.fixture
def published(tmp_path):
    """A published file with the columns the alerts read, filled per test."""
    conn = duckdb.connect(str(tmp_path / "published.duckdb"))
    conn.execute(
        "create table revenue_concentration (as_of_date date, mono_client_id varchar, top5_share double, hhi double)"
    )
    conn.execute(
        "create table customer_revenue_shares (as_of_date date, customer_id varchar, revenue_share double,"
        " revenue_rank bigint, is_major_customer boolean)"
    )
    conn.execute(
        "create table customer_scores (as_of_date date, customer_id varchar, tier varchar,"
        " account_manager varchar, score_rank bigint)"
    )
    yield conn
    conn.close()


def test_mono_client_fires_above_half_of_revenue(published):
    published.execute("insert into revenue_concentration values (?, 'big', 0.9, 4200)", [TODAY])
    published.execute(
        "insert into customer_revenue_shares values (?, 'big', 0.6, 1, true)", [TODAY]
    )
    alert = alerts.mono_client(published, TODAY, CONFIG)
    assert alert.fired
    assert alert.metadata == {"customer_id": "big", "revenue_share": 0.6, "hhi": 4200}
    assert "60.0%" in alert.description


def test_no_mono_client(published):
    published.execute("insert into revenue_concentration values (?, null, 0.5, 900)", [TODAY])
    assert not alerts.mono_client(published, TODAY, CONFIG).fired


def test_major_customers_lists_each_one_with_its_share(published):
    published.executemany(
        "insert into customer_revenue_shares values (?, ?, ?, ?, ?)",
        [[TODAY, "a", 0.3, 1, True], [TODAY, "b", 0.1, 2, True], [TODAY, "c", 0.05, 3, False]],
    )
    alert = alerts.major_customers(published, TODAY, CONFIG)
    assert alert.fired and alert.metadata == {"customers": {"a": 0.3, "b": 0.1}}
    assert "a (30.0%), b (10.0%)" in alert.description


@pytest.mark.parametrize(
    ("top5", "hhi", "fired"),
    [(0.60, 2500, False), (0.6001, 1000, True), (0.3, 2500.5, True), (None, None, False)],
)
def test_concentration_limits_fire_strictly_above_the_limits(published, top5, hhi, fired):
    published.execute(
        "insert into revenue_concentration values (?, null, ?, ?)", [TODAY, top5, hhi]
    )
    alert = alerts.concentration_limits(published, TODAY, CONFIG)
    assert alert.fired is fired
    assert alert.metadata["top5_share_limit"] == 0.60 and alert.metadata["hhi_limit"] == 2500


def test_key_accounts_without_kam(published):
    published.executemany(
        "insert into customer_scores values (?, ?, ?, ?, ?)",
        [
            [TODAY, "k1", "key", None, 1],
            [TODAY, "k2", "key", "Anna", 2],
            [TODAY, "o1", "ordinary", None, 3],
        ],
    )
    alert = alerts.key_accounts_without_kam(published, TODAY, CONFIG)
    assert alert.fired and alert.metadata == {"customer_ids": ["k1"]}


def test_every_key_account_with_a_kam(published):
    published.execute("insert into customer_scores values (?, 'k2', 'key', 'Anna', 1)", [TODAY])
    assert not alerts.key_accounts_without_kam(published, TODAY, CONFIG).fired


def test_tier_drops_compare_with_the_previous_scored_date(published):
    published.executemany(
        "insert into customer_scores values (?, ?, ?, 'Anna', 1)",
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
    published.execute("insert into customer_scores values (?, 'k', 'key', 'Anna', 1)", [TODAY])
    assert not alerts.key_account_tier_drops(published, TODAY, CONFIG).fired
