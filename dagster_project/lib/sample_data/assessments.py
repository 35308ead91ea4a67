"""The KAMs' judgements of their accounts (account_assessments), the ratings the KAISM
(docs/method.md, "KAISM") places accounts by, independent of the accounts' size."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

# The factors of config/key_accounts.yml's assessment_factors, and how often an assessment rates
# each one (the KAISM strength factors always or nearly).
ASSESSMENT_FACTORS = {
    "our_relative_position": 1.0,
    "relationship_stage": 0.9,
    "product_need": 0.35,
    "reputation": 0.25,
}


def assessments(
    rng: np.random.Generator, customers: pd.DataFrame, revenue: np.ndarray, end_date: date
) -> pd.DataFrame:
    """The KAMs' judgements (account_assessments), by the account's KAM, of accounts that have
    one: most of the 30 largest of the window, half of the next 70, a few smaller ones and a few
    prospects (most of the large ones). How the customer rates us and how far the relationship has gone do
    not follow size: they are drawn independently of it, with at least two of the ten largest
    accounts rating us a weak supplier and three mid-size ones their preferred one. Each rates
    our_relative_position, nearly always relationship_stage, sometimes product_need and
    reputation, on one day within the last eleven months; a tenth of the accounts were last
    assessed more than a year ago (no longer in force), and a quarter of the others were
    assessed once before, four to eleven months earlier, with somewhat different ratings."""
    assessed, rank = _assessed_accounts(rng, customers, revenue)
    ratings = _ratings(rng, customers, assessed, rank)
    rows = _rating_rows(rng, customers, assessed, ratings, end_date)
    return rows.sort_values(["assessed_on", "customer_id", "factor"], kind="stable")[
        ["customer_id", "factor", "rating", "assessed_on", "assessor"]
    ].reset_index(drop=True)


def _assessed_accounts(
    rng: np.random.Generator, customers: pd.DataFrame, revenue: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Which accounts are assessed (only those with a KAM), and each account's rank by the
    window's revenue (0 the largest; an account without revenue n)."""
    n = len(customers)
    buyer = revenue > 0
    order = np.argsort(-np.where(buyer, revenue, -np.inf), kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    rank = np.where(buyer, rank, n)
    prospect = customers["is_prospect"].to_numpy()
    chance = np.select([rank < 30, rank < 100, prospect], [0.92, 0.5, 0.25], default=0.05)
    chance = np.where(customers["is_large_prospect"].to_numpy(), 0.9, chance)
    kam = customers["account_manager"].to_numpy()
    assessed = pd.notna(kam) & (rng.random(n) < chance)
    return assessed, rank


def _ratings(
    rng: np.random.Generator, customers: pd.DataFrame, assessed: np.ndarray, rank: np.ndarray
) -> np.ndarray:
    """ratings[c, f]: account c's rating of ASSESSMENT_FACTORS' f-th factor, 1 to 10."""
    n = len(customers)
    prospect = customers["is_prospect"].to_numpy()
    position = np.clip(np.round(rng.normal(5.5, 2.2, n)), 1, 10)
    stage = np.clip(np.round(0.6 * position + rng.normal(2.2, 1.6, n)), 1, 10)
    # We are not a supplier of a prospect yet: the relationship is only starting.
    position = np.where(prospect, np.clip(np.round(rng.normal(3.0, 1.2, n)), 1, 10), position)
    stage = np.where(prospect, rng.integers(1, 4, n), stage)
    need = np.clip(np.round(rng.normal(6.5, 1.8, n)), 1, 10)
    known_reputation = customers["reputation_score"].fillna(5.5).to_numpy()
    reputation = np.clip(np.round(known_reputation + rng.normal(0, 0.8, n)), 1, 10)
    # At least two of the ten largest accounts rate us a weak supplier and three mid-size ones
    # their preferred one: drawn among the others when the ratings drawn give too few.
    large, mid_size = assessed & (rank < 10), assessed & (rank >= 30) & (rank < 100)
    weak = _more_of(rng, large & (position > 3), large & (position <= 3), 2)
    position[weak], stage[weak] = rng.integers(2, 4, len(weak)), rng.integers(2, 5, len(weak))
    strong = _more_of(rng, mid_size & (position < 9), mid_size & (position >= 9), 3)
    position[strong] = rng.integers(9, 11, len(strong))
    stage[strong] = rng.integers(7, 10, len(strong))
    return np.stack([position, stage, need, reputation], axis=1)


def _more_of(
    rng: np.random.Generator, candidates: np.ndarray, already: np.ndarray, wanted: int
) -> np.ndarray:
    """Customers drawn among the candidates so that, with those already so, there are wanted."""
    pool = np.flatnonzero(candidates)
    missing = max(0, wanted - int(already.sum()))
    return rng.choice(pool, size=min(missing, len(pool)), replace=False)


def _rating_rows(
    rng: np.random.Generator,
    customers: pd.DataFrame,
    assessed: np.ndarray,
    ratings: np.ndarray,
    end_date: date,
) -> pd.DataFrame:
    """One row per rating given: the factors each assessment rates, on its day, and again on an
    earlier day with drifted ratings for the accounts assessed twice."""
    n = len(customers)
    prospect = customers["is_prospect"].to_numpy()
    kam = customers["account_manager"].to_numpy()
    stale = rng.random(n) < 0.1
    latest_age = np.where(stale, rng.integers(380, 600, n), rng.integers(0, 330, n))
    reassessed = ~stale & ~prospect & (rng.random(n) < 0.25)
    earlier_age = latest_age + rng.integers(120, 330, n)
    drift = rng.integers(-2, 3, size=(n, len(ASSESSMENT_FACTORS)))
    rates = rng.random((n, len(ASSESSMENT_FACTORS))) < np.array(list(ASSESSMENT_FACTORS.values()))
    frames = []
    for column, factor in enumerate(ASSESSMENT_FACTORS):
        rated = np.flatnonzero(assessed & rates[:, column])
        again = rated[reassessed[rated]]
        for who, rating, age in (
            (rated, ratings[rated, column], latest_age[rated]),
            (
                again,
                np.clip(ratings[again, column] - drift[again, column], 1, 10),
                earlier_age[again],
            ),
        ):
            frames.append(
                pd.DataFrame(
                    {
                        "customer_index": who,
                        "factor": factor,
                        "rating": rating.astype(np.int64),
                        "assessed_on": [end_date - timedelta(days=int(a)) for a in age],
                    }
                )
            )
    rows = pd.concat(frames, ignore_index=True)
    rows["customer_id"] = customers["customer_id"].to_numpy()[rows["customer_index"]]
    rows["assessor"] = kam[rows["customer_index"]]
    return rows
