"""KAM worklist: the open actions of each Key Account Manager on the date, filterable by KAM."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.published import Publication, for_reading, money, query

ALL = "(all KAMs)"
NOBODY = "(no KAM)"


def render(as_of: date, info: Publication) -> None:
    st.title(f"KAM worklist as of {as_of}")
    actions = query(
        "select coalesce(account_manager, ?) as kam, customer_name, tier, signal, reason, "
        "first_raised_on, days_open, revenue_at_stake from kam_actions where as_of_date = ? "
        "order by kam, days_open desc, customer_name, signal",
        [NOBODY, as_of],
    )
    per_kam = actions.groupby("kam").size()
    kams = [ALL, *per_kam.index]
    asked = st.query_params.get("kam")
    kam = st.selectbox("KAM", kams, index=kams.index(asked) if asked in kams else 0)
    st.query_params["kam"] = kam
    shown = actions if kam == ALL else actions[actions["kam"] == kam]
    signals = st.multiselect("Signals", sorted(actions["signal"].unique()))
    if signals:
        shown = shown[shown["signal"].isin(signals)]
    st.metric(f"Open actions: {kam}", len(shown))
    st.caption(
        "Open actions per KAM: "
        + ", ".join(f"{name} {count}" for name, count in per_kam.items())
        + ". at_risk: revenue dropping or orders silent; cross_sell_gap: products peers buy; "
        "loyalty: long in the first tier; key_prospect: a prospect worth pursuing; no_kam: a "
        "key account nobody owns; override_review_due: a tier set by hand to review."
    )
    shown = shown.assign(
        revenue_at_stake=shown["revenue_at_stake"].map(lambda amount: money(amount, info.currency))
    )
    st.table(for_reading(shown).set_index("Kam").rename_axis("KAM"))
