"""Overview: how concentrated the revenue is, the tiers, and what changed since the scored date
before."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.published import Publication, for_reading, money, percent, query, score


def render(as_of: date, info: Publication) -> None:
    st.title(f"Key accounts as of {as_of}")
    _concentration(as_of, info)
    _tiers(as_of)
    _changes(as_of)


def _concentration(as_of: date, info: Publication) -> None:
    st.header("Revenue concentration")
    figures = query(
        "select rc.*, cs.customer_name as mono_client_name from revenue_concentration as rc "
        "left join customer_scores as cs on cs.as_of_date = rc.as_of_date "
        "and cs.customer_id = rc.mono_client_id where rc.as_of_date = ?",
        [as_of],
    )
    if figures.empty:
        st.info("No revenue in the window on this date.")
        return
    row = figures.iloc[0]
    columns = st.columns(4)
    columns[0].metric("HHI (0–10,000)", f"{row.hhi:,.0f}")
    columns[1].metric("Effective customers", f"{row.effective_customers:.1f}")
    columns[2].metric("Revenue in the window", money(row.total_net_revenue, info.currency))
    columns[3].metric("Paying customers", f"{row.customer_count:,}")
    columns = st.columns(4)
    columns[0].metric("Largest customer's share", percent(row.top1_share))
    columns[1].metric("Top 5's share", percent(row.top5_share))
    columns[2].metric("Top 10's share", percent(row.top10_share))
    columns[3].metric("Major customers (≥ 10% each)", f"{row.major_customer_count}")
    if row.mono_client_name:
        st.warning(f"Mono-client dependency: {row.mono_client_name} holds over half the revenue.")
    else:
        st.caption("No mono-client: no customer holds over half the revenue.")
    trend = query(
        "select month_end_date, hhi, top5_share * 100 as top5_share_percent "
        "from revenue_concentration_monthly where month_end_date <= ? order by 1",
        [as_of],
    ).set_index("month_end_date")
    left, right = st.columns(2)
    left.caption("HHI at each month end")
    left.line_chart(trend[["hhi"]])
    right.caption("Top 5's share of revenue at each month end, %")
    right.line_chart(trend[["top5_share_percent"]])


def _tiers(as_of: date) -> None:
    st.header("Tiers")
    tiers = query(
        "select tier, count(*) as customers, "
        "count(*) filter (where tier_source = 'override') as by_override, "
        "count(*) filter (where tier_source = 'major_customer') as as_major_customer "
        "from customer_scores where as_of_date = ? group by tier "
        "order by min(score_rank)",
        [as_of],
    )
    st.table(for_reading(tiers).set_index("Tier"))


def _changes(as_of: date) -> None:
    changes = query(
        "select previous_as_of_date, customer_name, previous_tier, tier, tier_change_reason, "
        "previous_weighted_score, weighted_score, score_change, top_reason "
        "from score_changes where as_of_date = ? "
        "and (is_tier_changed or is_newly_scored or is_no_longer_scored) "
        "order by abs(score_change) desc nulls last, customer_name",
        [as_of],
    )
    st.header("What changed since the scored date before")
    if changes.empty:
        st.caption("No tier changed (or there is no scored date before this one).")
        return
    st.caption(f"Since {changes.previous_as_of_date.iloc[0]:%Y-%m-%d}: {len(changes)} changes.")
    shown = changes.drop(columns="previous_as_of_date")
    for column in ("previous_weighted_score", "weighted_score", "score_change"):
        shown[column] = changes[column].map(score)
    st.table(for_reading(shown).set_index("Customer name"))
