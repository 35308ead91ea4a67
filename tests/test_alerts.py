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
