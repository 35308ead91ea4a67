"""Key accounts: the scored list with score, tier, what decided the tier, completeness and the
factors raising and lowering each score; each name opens the account's page."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard.published import Publication, markdown_table, percent, query, score


def account_link(name: str, customer_id: str, as_of: date) -> str:
    """A markdown link to the account's page on the same date."""
    address = urlencode({"customer": customer_id, "as_of": as_of.isoformat()})
    return f"[{name}](account?{address})"


def render(as_of: date, info: Publication) -> None:
    st.title(f"Key accounts as of {as_of}")
    scores = query(
        "select score_rank, customer_id, customer_name, weighted_score, tier, tier_source, "
        "score_completeness, top_positive_factors, top_negative_factors, account_manager "
        "from customer_scores where as_of_date = ? order by score_rank, customer_id",
        [as_of],
    )
    tiers = list(dict.fromkeys(scores["tier"]))
    default = [tier for tier in tiers if tier in (info.first_tier, "key_prospect")] or tiers
    shown_tiers = st.multiselect("Tiers", tiers, default=default)
    shown = scores[scores["tier"].isin(shown_tiers)]
    st.caption(
        f"{len(shown)} of {len(scores)} scored customers. Tier source: override (set by hand), "
        "major_customer (10% of revenue or more), incumbent_margin (kept by the incumbent's "
        "margin), score. Completeness: the share of the criteria's weight with data."
    )
    table = pd.DataFrame(
        {
            "Rank": shown["score_rank"].map(lambda rank: f"{rank:g}"),
            "Account": [
                account_link(row.customer_name, row.customer_id, as_of)
                for row in shown.itertuples()
            ],
            "Score": shown["weighted_score"].map(score),
            "Tier": shown["tier"],
            "Tier source": shown["tier_source"],
            "Completeness": shown["score_completeness"].map(percent),
            "Raising it most": shown["top_positive_factors"].fillna("–"),
            "Lowering it most": shown["top_negative_factors"].fillna("–"),
            "KAM": shown["account_manager"].fillna("(none)"),
        }
    )
    st.markdown(markdown_table(table))
