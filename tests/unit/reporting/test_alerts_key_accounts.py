"""The warnings on key accounts and their KAMs: key accounts without a KAM, key accounts that
drop a tier since the previous scored date, and one KAM holding too much of the window's
revenue, fire exactly when their rule says, with the figures."""

from datetime import date

from dagster_project.lib.reporting import alerts
from tests.unit.reporting.alerts_book import CONFIG, TODAY, YESTERDAY


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


# One KAM holding too much of the window's revenue.


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
