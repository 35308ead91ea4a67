"""The orders of the history: which customer orders on which day, following the seasons, the
working week and each customer's Rhythms."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from dagster_project.lib.sample_data.rhythms import Rhythms
from dagster_project.lib.sample_data.size import SampleSize

# Relative order volume by calendar month: a quiet August, a strong spring and autumn.
MONTH_SEASONALITY = np.array(
    [0.85, 0.95, 1.10, 1.05, 1.05, 1.00, 0.90, 0.45, 1.05, 1.15, 1.20, 0.95]
)
WEEKDAY_FACTOR = np.array([1.0, 1.05, 1.05, 1.0, 0.95, 0.08, 0.02])  # Monday first


def draw_orders(
    rng: np.random.Generator,
    size: SampleSize,
    customers: pd.DataFrame,
    rhythms: Rhythms,
    first_day: date,
) -> pd.DataFrame:
    """Orders: each customer's share of them by its weight, their days by the seasons and the
    working week, snapped to the customer's cadence or moved into its bursts, and kept at the
    customer's intensity on that day (about as many drawn again as the intensity left out, so
    that fading and dips do not thin the whole book)."""
    days = size.days
    calendar = pd.date_range(first_day, periods=days, freq="D")
    day_weight = MONTH_SEASONALITY[calendar.month - 1] * WEEKDAY_FACTOR[calendar.dayofweek]
    day_weight = day_weight / day_weight.sum()
    buyers = customers.index[~customers["is_prospect"]].to_numpy()
    buyer_weight = customers["weight"].to_numpy()[buyers] ** 0.8
    mean_lines_per_order = 3.0
    wanted = max(1, round(days * size.lines_per_day / mean_lines_per_order))
    customer_parts, day_parts = [], []
    draw = wanted
    for _ in range(2):  # the orders, then about as many again as their intensity left out
        customer, day = _draw_order_days(rng, rhythms, buyers, buyer_weight, day_weight, draw)
        active = (day >= rhythms.start_day[customer]) & (day <= rhythms.end_day[customer])
        keep = active & (rng.random(draw) < rhythms.intensity(customer, day, days))
        customer_parts.append(customer[keep])
        day_parts.append(day[keep])
        if not keep.any():
            break
        draw = round(draw * (active.sum() / keep.sum() - 1))
        if draw < 1:
            break
    orders = pd.DataFrame(
        {"customer_index": np.concatenate(customer_parts), "day": np.concatenate(day_parts)}
    )
    orders = orders.sort_values(["day", "customer_index"], kind="stable").reset_index(drop=True)
    orders["order_number"] = np.arange(1, len(orders) + 1)
    orders["line_count"] = 1 + rng.poisson(2.0, size=len(orders))
    return orders


def _draw_order_days(
    rng: np.random.Generator,
    rhythms: Rhythms,
    buyers: np.ndarray,
    buyer_weight: np.ndarray,
    day_weight: np.ndarray,
    count: int,
) -> tuple[np.ndarray, np.ndarray]:
    """count orders' customers and days, before their intensity (a day outside the history,
    -1 or len(day_weight), is left out by the customer's start and end days)."""
    days = len(day_weight)
    customer = rng.choice(buyers, size=count, p=buyer_weight / buyer_weight.sum())
    # Each customer's orders are spread over the history by the seasons, one in each of as many
    # equal slices of it as it has orders (jittered strata): a regular buyer's quarters differ
    # by what it orders and by its rhythm, not by chance runs of orders.
    by_customer = np.lexsort((rng.random(count), customer))
    ordered = customer[by_customer]
    run_start = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    run_length = np.diff(np.r_[run_start, count])
    position = np.arange(count) - np.repeat(run_start, run_length)
    quantile = (position + rng.random(count)) / np.repeat(run_length, run_length)
    day = np.empty(count, dtype=np.int64)
    day[by_customer] = np.minimum(
        np.searchsorted(np.cumsum(day_weight), quantile, side="right"), days - 1
    )
    cadence, phase = rhythms.cadence[customer], rhythms.phase[customer]
    snapped = phase + np.round((day - phase) / cadence) * cadence
    # A seasonal buyer's order goes to its burst nearest the day drawn, a few days either side.
    period = rhythms.burst_period[customer]
    burst = phase + np.round((day - phase) / period) * period
    around_burst = np.round(burst + rng.normal(0, 5, size=count))
    day = np.where(rhythms.is_steady[customer], snapped, around_burst).astype(np.int64)
    return customer, np.clip(day, -1, days)
