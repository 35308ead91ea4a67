"""How each customer orders over the history: the cadences and seasonal bursts, trends, fades,
dips, starts and stops the signals look for (docs/method.md, "Signals")."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dagster_project.lib.sample_data.customers import buyer_rank_by_weight, is_large_account

# Rhythms of the buyers: the share ordering in seasonal bursts rather than on a cadence, and
# among the mid-size and large ones the shares whose revenue fades out or dips for a while.
SEASONAL_SHARE, FADE_SHARE, DIP_SHARE = 0.15, 0.4, 0.1


@dataclass(frozen=True)
class Rhythms:
    """How each customer (by its row in the master) orders over the history, by day of it.

    A steady buyer orders on a cadence (weekly to every two months, larger accounts more often);
    a seasonal buyer orders in bursts (a few order days within two to three weeks) two or three
    times a year at the same time of year, with pauses of three to five months between them,
    and its revenue is stable or growing. On top of either, the intensity of its orders (a
    share of its full rate, at most 1) follows a mild trend; a fading account's declines steadily
    from fade_start until it dies out fade_days later; an account with a dip orders at a
    fraction of its rate for two to four months and then recovers."""

    is_steady: np.ndarray
    cadence: np.ndarray
    phase: np.ndarray
    burst_period: np.ndarray
    start_day: np.ndarray
    end_day: np.ndarray
    trend: np.ndarray  # log-change of the intensity per year
    fade_start: np.ndarray  # a day, or beyond the history
    fade_days: np.ndarray  # from its start to no orders at all
    dip_start: np.ndarray
    dip_end: np.ndarray
    dip_level: np.ndarray

    def intensity(self, customer: np.ndarray, day: np.ndarray, days: int) -> np.ndarray:
        """The share of its full order rate at which customer orders on day (0 to 1)."""
        trend = self.trend[customer]
        # Scaled to 1 at the trend's highest point in the history (its first or last day).
        level = np.exp(trend * (day - np.where(trend > 0, days - 1, 0)) / 365.0)
        # A fading account's orders decline steadily until none are left.
        since_fade = np.maximum(day - self.fade_start[customer], 0)
        level = level * np.maximum(0.0, 1.0 - since_fade / self.fade_days[customer])
        in_dip = (day >= self.dip_start[customer]) & (day < self.dip_end[customer])
        return np.where(in_dip, level * self.dip_level[customer], level)


def draw_rhythms(
    rng: np.random.Generator, customers: pd.DataFrame, days: int, always_active: np.ndarray
) -> Rhythms:
    """Each customer's Rhythms. Fading and dips are drawn among the mid-size and large buyers
    (the largest fifth by weight but the five largest, group members left out: their revenue is
    set later), a fade starting any time in the history (FADE_SHARE of them), a dip in DIP_SHARE
    of the others; a fifth of the other accounts start part-way through the history, and a tenth
    of the smaller ones stop buying at once in its second half."""
    n = len(customers)
    rank = buyer_rank_by_weight(customers)
    large = is_large_account(rank)
    timing = _timing(rng, n, large)
    candidate = (rank >= 5) & (rank < max(6, n // 5)) & ~always_active
    changes, changing = _fades_and_dips(rng, candidate, days)
    usual = ~always_active & ~changing
    start_day = np.where(usual & (rng.random(n) < 0.2), rng.integers(0, days, size=n), 0)
    # A large account seldom leaves at once (it fades); a smaller one may.
    end_day = np.where(
        usual & ~large & (rng.random(n) < 0.1), rng.integers(days // 2, days, size=n), days - 1
    )
    return Rhythms(**timing, **changes, start_day=start_day, end_day=end_day)


def _timing(rng: np.random.Generator, n: int, large: np.ndarray) -> dict[str, np.ndarray]:
    """Steady or seasonal, the cadence, the bursts' period and phase, and the trend."""
    is_steady = rng.random(n) >= SEASONAL_SHARE
    cadence = np.where(
        large,
        rng.choice([7, 14, 30], size=n, p=[0.4, 0.4, 0.2]),
        rng.choice([7, 14, 30, 60], size=n, p=[0.25, 0.35, 0.3, 0.1]),
    )
    burst_period = np.where(rng.random(n) < 0.5, 365.0 / 2, 365.0 / 3)
    phase = rng.integers(0, 365, size=n)
    # A seasonal buyer's revenue is stable or growing, a steady one's drifts a little.
    trend = np.where(is_steady, rng.normal(0.03, 0.06, n), rng.uniform(0.0, 0.4, n))
    return {
        "is_steady": is_steady,
        "cadence": cadence,
        "phase": phase,
        "burst_period": burst_period,
        "trend": trend,
    }


def _fades_and_dips(
    rng: np.random.Generator, candidate: np.ndarray, days: int
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Among the candidates, the fades and the dips (a customer with neither has its fade and
    dip start beyond the history), and who fades or dips: they neither start late nor stop at
    once."""
    n = len(candidate)
    fading = candidate & (rng.random(n) < FADE_SHARE)
    fade_start = np.where(fading, rng.integers(0, max(1, days - 30), size=n), 10 * days)
    fade_days = rng.uniform(150.0, 300.0, n)
    dipping = candidate & ~fading & (rng.random(n) < DIP_SHARE)
    dip_start = np.where(dipping, rng.integers(0, max(1, days - 120), size=n), 10 * days)
    dip_end = dip_start + rng.integers(60, 121, size=n)
    dip_level = rng.uniform(0.2, 0.45, n)
    return {
        "fade_start": fade_start,
        "fade_days": fade_days,
        "dip_start": dip_start,
        "dip_end": dip_end,
        "dip_level": dip_level,
    }, fading | dipping
