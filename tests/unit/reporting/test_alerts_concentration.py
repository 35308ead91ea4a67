"""The warnings on revenue concentration: the limits on the top-5 share and the HHI, and the
trend of the HHI and the top-1 share against 12 months earlier, fire exactly when their rule
says, with the figures."""

from datetime import date

import pytest

from dagster_project.lib.reporting import alerts
from dagster_project.lib.reporting.alerts.concentration import months_before
from tests.unit.reporting.alerts_book import CONFIG, TODAY


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


# The concentration trend: HHI and top-1 share of the as-of date against 12 months earlier.


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
