"""Exchange rates of the currencies some customers pay in: a random walk per currency around
its usual value, one rate per working day."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

FX_BASE = {"USD": 0.92, "GBP": 1.16, "CHF": 1.04}  # value of one unit in EUR


def fx_rates(rng: np.random.Generator, first_day: date, days: int) -> pd.DataFrame:
    """A rate per currency and working day, from the working day on or before the first day of
    sales: a history starting on a weekend still has a rate for its first lines."""
    first_rate_day = first_day - timedelta(days=max(0, first_day.weekday() - 4))
    calendar = pd.date_range(first_rate_day, first_day + timedelta(days=days - 1), freq="D")
    working_days = calendar[calendar.dayofweek < 5]
    frames = []
    for currency, base in FX_BASE.items():
        walk = np.exp(np.cumsum(rng.normal(0, 0.004, size=len(working_days))))
        frames.append(
            pd.DataFrame(
                {
                    "rate_date": working_days.date,
                    "currency": currency,
                    "rate_to_reporting": (base * walk).round(6),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
