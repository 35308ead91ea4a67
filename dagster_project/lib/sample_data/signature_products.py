"""Each industry's hallmark products, and when each customer takes them up: the adoption a
large account's peers show and it still lacks (docs/method.md, "Signals")."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dagster_project.lib.sample_data.customers import (
    buyer_rank_by_weight,
    industry_codes,
    is_large_account,
)
from dagster_project.lib.sample_data.products import INDUSTRY_CATEGORIES
from dagster_project.lib.sample_data.vocabulary import INDUSTRIES

# Each industry's hallmark products (see signature_adoption): how many, the share of its large
# accounts that take each up, their mean delay after its launch, and the share of a taker's
# orders holding it.
SIGNATURE_PRODUCTS, SIGNATURE_LARGE_TAKE_UP = 4, 0.9
SIGNATURE_DELAY_DAYS, SIGNATURE_ORDER_SHARE = 150, 0.3


@dataclass(frozen=True)
class Adoption:
    """Each customer's take-up of its industry's hallmark products (SIGNATURE_PRODUCTS of them):
    product[c, k] is the row of the k-th in the catalogue (-1: none), day[c, k] the day from
    which the customer buys it (beyond the history: not in it)."""

    product: np.ndarray
    day: np.ndarray


def signature_adoption(
    rng: np.random.Generator, customers: pd.DataFrame, catalogue: pd.DataFrame, days: int
) -> Adoption:
    """Each industry's hallmark products: a few of its own categories' products, among the less
    popular two thirds of the catalogue (so that other industries hardly ever buy them), each
    the hallmark of one industry only. Some were launched before the history, the others
    part-way through it; most of the industry's large accounts (its largest fifth of buyers,
    SIGNATURE_LARGE_TAKE_UP) and a few of its others take each up, a few months after its
    launch on average (SIGNATURE_DELAY_DAYS), so that a large account still without one its
    peers buy is likely to start soon."""
    n = len(customers)
    hallmarks = _hallmarks(rng, catalogue)
    launch = rng.integers(-SIGNATURE_DELAY_DAYS * 2, max(1, days - 180), size=hallmarks.shape)
    industry = industry_codes(customers)
    take_up = np.where(
        is_large_account(buyer_rank_by_weight(customers)), SIGNATURE_LARGE_TAKE_UP, 0.2
    )
    takes = rng.random((n, SIGNATURE_PRODUCTS)) < take_up[:, None]
    delay = rng.exponential(SIGNATURE_DELAY_DAYS, size=(n, SIGNATURE_PRODUCTS))
    product = hallmarks[industry]
    day = np.where(takes & (product >= 0), launch[industry] + delay, 10.0 * days + 1e9)
    return Adoption(product=product, day=np.floor(day).astype(np.int64))


def _hallmarks(rng: np.random.Generator, catalogue: pd.DataFrame) -> np.ndarray:
    """hallmarks[i, k]: the catalogue row of industry i's k-th hallmark product (-1: none, when
    a small catalogue has too few of its categories' products)."""
    category = catalogue["category"].to_numpy()
    less_popular = np.arange(len(catalogue)) >= len(catalogue) // 3
    taken = np.zeros(len(catalogue), dtype=bool)
    hallmarks = np.full((len(INDUSTRIES), SIGNATURE_PRODUCTS), -1, dtype=np.int64)
    for position, industry in enumerate(INDUSTRIES):
        pool = np.flatnonzero(
            less_popular & ~taken & np.isin(category, INDUSTRY_CATEGORIES[industry])
        )
        chosen = rng.choice(pool, size=min(SIGNATURE_PRODUCTS, len(pool)), replace=False)
        hallmarks[position, : len(chosen)] = chosen
        taken[chosen] = True
    return hallmarks
