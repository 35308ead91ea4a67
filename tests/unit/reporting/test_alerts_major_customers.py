"""The warnings on a customer or a group holding much of the revenue: a mono-client (above half)
and the major customers and groups (at or above 10%, IFRS 8 / ASC 280), fire exactly when their
rule says, with the figures."""

import pytest

from dagster_project.lib.reporting import alerts
from tests.unit.reporting.alerts_book import CONFIG, TODAY


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
