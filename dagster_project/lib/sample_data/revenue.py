"""The revenue of the book once its lines are drawn: shaped so that concentration has its cases
(docs/method.md, "Concentration"), and each customer's estimated annual potential from it."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from dagster_project.lib.sample_data.groups import CustomerGroup

# The group that is a major customer only as a group: its two largest members' shares of the
# window's revenue, each below concentration.major_customer_share (0.10), together above it.
MAJOR_GROUP_SHARES = ((0.058, 0.068), (0.048, 0.056))
# No customer comes near a mono-client (concentration.mono_client_share, 0.50): a largest
# customer above the first share is brought down to the second.
MONO_GUARD_SHARES = (0.42, 0.35)


def net_amounts(lines: pd.DataFrame) -> np.ndarray:
    """Each line's net amount in EUR, after its discount (negative for a return)."""
    return (
        lines["quantity"].to_numpy()
        * lines["price_eur"].to_numpy()
        * (1 - lines["discount"].to_numpy())
    )


def window_revenue(lines: pd.DataFrame, customers: int, first_window_day: int) -> np.ndarray:
    """Each customer's net revenue in EUR in the window (its lines from first_window_day on)."""
    in_window = lines["day"].to_numpy() >= first_window_day
    amount = net_amounts(lines)
    return np.bincount(
        lines["customer_index"].to_numpy()[in_window],
        weights=amount[in_window],
        minlength=customers,
    )


def _factors_for_shares(revenue: np.ndarray, targets: dict[int, float]) -> dict[int, float]:
    """The factor each targeted customer's revenue is multiplied by so that it holds its target
    share of the window's positive revenue, the others' revenue unchanged."""
    positive = np.maximum(revenue, 0.0)
    others = positive.sum() - sum(positive[c] for c in targets)
    total = others / (1.0 - sum(targets.values()))
    return {c: share * total / positive[c] for c, share in targets.items() if positive[c] > 0}


def shape_revenue(
    rng: np.random.Generator,
    lines: pd.DataFrame,
    groups: list[CustomerGroup],
    revenue: np.ndarray,
) -> None:
    """Scale the quantities of a few customers' lines so that the first group is a major
    customer only as a group (its two largest members at MAJOR_GROUP_SHARES of the window's
    revenue), every other group and every group member stays below 9% and no customer comes
    near a mono-client. Changes lines' quantities in place."""
    targets: dict[int, float] = {}
    if groups:
        for member, (low, high) in zip(groups[0].members[1:], MAJOR_GROUP_SHARES, strict=True):
            targets[member] = rng.uniform(low, high)
    factors = _factors_for_shares(revenue, targets)
    scaled = revenue * np.array([factors.get(c, 1.0) for c in range(len(revenue))])
    share = np.maximum(scaled, 0.0) / np.maximum(scaled, 0.0).sum()
    largest = int(np.argmax(np.where(np.isin(np.arange(len(share)), list(targets)), 0, share)))
    if share[largest] > MONO_GUARD_SHARES[0]:
        targets[largest] = MONO_GUARD_SHARES[1]
    for group in groups:
        members = [m for m in group.members if m not in targets]
        group_share = share[list(group.members)].sum()
        if group is not groups[0] and group_share >= 0.09:
            targets.update({m: share[m] * 0.05 / group_share for m in members})
        elif group is groups[0]:
            targets.update({m: 0.02 for m in members if share[m] >= 0.09})
    factors = _factors_for_shares(revenue, targets)
    customer = lines["customer_index"].to_numpy()
    quantity = lines["quantity"].to_numpy().copy()
    for c, factor in sorted(factors.items()):
        of_customer = customer == c
        q = quantity[of_customer]
        quantity[of_customer] = np.sign(q) * np.maximum(1, np.round(np.abs(q) * factor))
    lines["quantity"] = quantity


def year_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February), where the window starts."""
    return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)


def set_annual_potential(
    rng: np.random.Generator, customers: pd.DataFrame, lines: pd.DataFrame, days: int
) -> None:
    """Set estimated_annual_potential in customers: a buyer's is its annual revenue times an
    uplift, a prospect's a draw around the buyers' mean, a large prospect's that of one of the
    ten largest buyers, give or take; a tenth of the buyers have none, as a real master has
    gaps."""
    buyers_annual = (
        lines.assign(amount=net_amounts(lines)).groupby("customer_index")["amount"].sum()
        * 365.0
        / days
    )
    annual = customers["customer_index"].map(buyers_annual).fillna(0.0).to_numpy()
    uplift = rng.uniform(1.1, 3.0, size=len(customers))
    prospect_potential = rng.lognormal(np.log(max(annual.mean(), 1.0)), 1.2, size=len(customers))
    # A buyer whose returns outweigh its purchases still has a potential of 0, not below.
    potential = np.where(
        customers["is_prospect"], prospect_potential, np.maximum(annual, 0) * uplift
    )
    large_prospects = np.flatnonzero(customers["is_large_prospect"])
    buyer_potential = np.sort(potential[~customers["is_prospect"].to_numpy()])[::-1]
    if len(buyer_potential) >= 2:
        like = rng.integers(0, min(10, len(buyer_potential)), size=len(large_prospects))
        potential[large_prospects] = buyer_potential[like] * rng.uniform(
            0.8, 1.2, len(large_prospects)
        )
    customers["estimated_annual_potential"] = np.where(
        (rng.random(len(customers)) < 0.1) & ~customers["is_prospect"], np.nan, potential.round(-2)
    )
