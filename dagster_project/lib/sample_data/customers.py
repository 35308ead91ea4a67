"""The customer master: heavy-tailed account sizes, countries and currencies, KAMs, a few large
prospects, industry leaders and reputations, and names that stay unique."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dagster_project.lib.sample_data.groups import (
    CustomerGroup,
    customer_groups,
    in_a_group,
    name_group_members,
)
from dagster_project.lib.sample_data.size import SampleSize
from dagster_project.lib.sample_data.vocabulary import (
    ACCOUNT_MANAGERS,
    COUNTRIES,
    INDUSTRIES,
    NAME_FIRST,
    NAME_SECOND,
    NAME_SUFFIX,
)


def customer_master(
    rng: np.random.Generator, size: SampleSize
) -> tuple[pd.DataFrame, list[CustomerGroup]]:
    """The master by row (customer_index), with its hidden weight (how much a customer buys)
    beside the columns the customers file holds, and the groups among its rows."""
    frame = _draw_accounts(rng, size.customers)
    groups = customer_groups(rng, frame)
    large_prospects = _pick_large_prospects(rng, frame, groups)
    _rate_standing(rng, frame, large_prospects)
    frame["customer_name"] = _customer_names(rng, frame, groups)
    frame["customer_id"] = [f"{i + 1:06d}" for i in range(size.customers)]
    frame["parent_customer_id"] = [
        f"{parent + 1:06d}" if parent >= 0 else None for parent in frame["parent_index"]
    ]
    return frame, groups


def _draw_accounts(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Each account's weight (lognormal: a few large ones, a long tail), whether it is a
    prospect, its country and industry, and its KAM: the largest fifth always has one,
    elsewhere about half do."""
    weight = rng.lognormal(mean=0.0, sigma=1.6, size=n)
    order = np.argsort(-weight)
    is_prospect = rng.random(n) < 0.06
    country_index = rng.choice(len(COUNTRIES), size=n, p=[c[2] for c in COUNTRIES])
    industry = rng.choice(INDUSTRIES, size=n)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    has_kam = is_large_account(rank) | (rng.random(n) < 0.5)
    kam = np.where(has_kam, rng.choice(ACCOUNT_MANAGERS, size=n), None)
    return pd.DataFrame(
        {
            "customer_index": np.arange(n),
            "weight": weight,
            "is_prospect": is_prospect,
            "country": [COUNTRIES[i][0] for i in country_index],
            "currency": [COUNTRIES[i][1] for i in country_index],
            "industry": industry,
            "account_manager": kam,
            "parent_index": -1,
        }
    )


def _pick_large_prospects(
    rng: np.random.Generator, frame: pd.DataFrame, groups: list[CustomerGroup]
) -> np.ndarray:
    """Mark a few prospects outside the groups as large (is_large_prospect) and give each a KAM,
    as a prospect being pursued has; their potential and reputation are set later."""
    free_prospects = frame.index[
        frame["is_prospect"].to_numpy() & ~in_a_group(frame, groups)
    ].to_numpy()
    large_prospects = rng.choice(
        free_prospects, size=min(3, len(free_prospects) // 3), replace=False
    )
    frame["is_large_prospect"] = frame.index.isin(large_prospects)
    frame.loc[large_prospects, "account_manager"] = [
        ACCOUNT_MANAGERS[i] if pd.isna(kam) else kam
        for kam, i in zip(
            frame.loc[large_prospects, "account_manager"],
            rng.integers(0, len(ACCOUNT_MANAGERS), len(large_prospects)),
            strict=True,
        )
    ]
    return large_prospects


def _rate_standing(
    rng: np.random.Generator, frame: pd.DataFrame, large_prospects: np.ndarray
) -> None:
    """Set is_industry_leader (the two largest buyers of each industry) and reputation_score
    (higher for larger accounts, a good one for a large prospect), each unknown for a tenth of
    the master, as a real master has gaps."""
    n = len(frame)
    weight = frame["weight"].to_numpy()
    buyer_rank = (
        frame.assign(w=np.where(frame["is_prospect"].to_numpy(), -1.0, weight))
        .groupby("industry")["w"]
        .rank(ascending=False, method="first")
    )
    leader = buyer_rank <= 2
    frame["is_industry_leader"] = np.where(rng.random(n) < 0.1, None, leader)
    reputation = np.clip(5.0 + 0.9 * np.log(weight) + rng.normal(0, 1.3, n), 1, 10).round(1)
    frame["reputation_score"] = np.where(rng.random(n) < 0.1, np.nan, reputation)
    frame.loc[large_prospects, "reputation_score"] = rng.uniform(
        7.0, 9.5, len(large_prospects)
    ).round(1)


def _customer_names(
    rng: np.random.Generator, frame: pd.DataFrame, groups: list[CustomerGroup]
) -> list[str]:
    """Company names drawn from the vocabulary, a group's members named after it, each numbered
    so that names stay unique even when two draws pick the same words."""
    n = len(frame)
    names = [
        f"{NAME_FIRST[a]} {NAME_SECOND[b]} {NAME_SUFFIX[c]}"
        for a, b, c in zip(
            rng.integers(0, len(NAME_FIRST), n),
            rng.integers(0, len(NAME_SECOND), n),
            rng.integers(0, len(NAME_SUFFIX), n),
            strict=True,
        )
    ]
    name_group_members(names, frame["country"], groups)
    return [f"{name} ({i + 1})" for i, name in enumerate(names)]


def buyer_rank_by_weight(customers: pd.DataFrame) -> np.ndarray:
    """Each customer's place among the buyers by weight (0 the largest; a prospect n), which
    decides who is a large account and who may fade or dip."""
    n = len(customers)
    weight = customers["weight"].to_numpy()
    buyer = ~customers["is_prospect"].to_numpy()
    rank = np.full(n, n, dtype=np.int64)
    by_weight = np.flatnonzero(buyer)[np.argsort(-weight[buyer], kind="stable")]
    rank[by_weight] = np.arange(len(by_weight))
    return rank


def is_large_account(rank: np.ndarray) -> np.ndarray:
    """Whether each customer, by its rank (0 the largest), is among the largest fifth of the
    master: the accounts that always have a KAM, order more often and take up hallmark
    products."""
    return rank < max(1, len(rank) // 5)


def industry_codes(customers: pd.DataFrame) -> np.ndarray:
    """Each customer's industry as its place in INDUSTRIES, to index per-industry arrays."""
    return np.array([INDUSTRIES.index(name) for name in customers["industry"]])
