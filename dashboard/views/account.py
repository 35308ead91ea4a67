"""One account: its criteria (metric, score, weight and points), its score and tier over the
scored dates, and its open actions."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.published import (
    Publication,
    for_reading,
    label,
    money,
    percent,
    query,
    score,
)


def render(as_of: date, info: Publication) -> None:
    accounts = query(
        "select customer_id, customer_name from customer_scores where as_of_date = ? "
        "order by score_rank, customer_id",
        [as_of],
    )
    if accounts.empty:
        st.info("No customer is scored on this date.")
        return
    ids = list(accounts["customer_id"])
    names = dict(zip(accounts["customer_id"], accounts["customer_name"], strict=True))
    asked = st.query_params.get("customer")
    customer = st.selectbox(
        "Account",
        ids,
        index=ids.index(asked) if asked in ids else 0,
        format_func=lambda customer_id: f"{names[customer_id]} ({customer_id})",
    )
    st.query_params["customer"] = customer
    row = query(
        "select * from customer_scores where as_of_date = ? and customer_id = ?", [as_of, customer]
    ).iloc[0]
    st.title(row.customer_name)
    columns = st.columns(4)
    columns[0].metric("Score", score(row.weighted_score))
    columns[1].metric("Rank", f"{row.score_rank:g}")
    columns[2].metric("Tier", row.tier)
    columns[3].metric("Completeness", percent(row.score_completeness))
    st.caption(
        f"Tier source: {row.tier_source}. KAM: {row.account_manager or '(none)'}. "
        f"KAISM: {row.kaism_quadrant}. Override: {row.override_reason or 'none'}."
    )
    _criteria(row, info)
    _history(customer)
    _actions(as_of, customer, info)


def _criteria(row: pd.Series, info: Publication) -> None:
    st.header("Criteria")
    st.table(
        pd.DataFrame(
            [
                {
                    "Criterion": label(name),
                    "Metric": _metric(row[f"{name}_metric"]),
                    "Score": score(row[f"{name}_score"]),
                    "Weight": f"{weight:g}",
                    "Points": score(row[f"{name}_points"]),
                }
                for name, weight in info.weights.items()
            ]
        ).set_index("Criterion")
    )
    st.caption(
        f"Score = Σ weight × score / Σ weights of the criteria with a score, on 1–"
        f"{info.facts['scale']}; points are each criterion's part of it. Current revenue's "
        f"metric is in {info.currency}."
    )


def _metric(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _history(customer: str) -> None:
    st.header("History")
    history = query(
        "select as_of_date, weighted_score, tier from customer_scores where customer_id = ? "
        "order by as_of_date",
        [customer],
    )
    st.line_chart(history.set_index("as_of_date")[["weighted_score"]])
    stretches = query(
        "select tier, valid_from, valid_to, previous_tier from tier_history "
        "where customer_id = ? order by valid_from desc",
        [customer],
    )
    valid_to = pd.to_datetime(stretches["valid_to"])
    stretches["valid_to"] = valid_to.dt.strftime("%Y-%m-%d").fillna("(current)")
    st.table(for_reading(stretches).set_index("Tier"))


def _actions(as_of: date, customer: str, info: Publication) -> None:
    st.header("Open actions")
    actions = query(
        "select signal, reason, account_manager, days_open, revenue_at_stake from kam_actions "
        "where as_of_date = ? and customer_id = ? order by signal",
        [as_of, customer],
    )
    if actions.empty:
        st.caption("No open action on this date.")
        return
    actions["revenue_at_stake"] = actions["revenue_at_stake"].map(
        lambda amount: money(amount, info.currency)
    )
    st.table(for_reading(actions).set_index("Signal"))
