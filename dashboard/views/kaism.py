"""KAISM: the Key Account Identification and Selection Matrix, attractiveness up and our relative
strength across, each quadrant with its name and resource strategy; hover a point for the
account."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from dagster_project.lib.reporting.charts import QUADRANT_CORNERS
from dashboard.published import Publication, for_reading, query


def render(as_of: date, info: Publication) -> None:
    st.title(f"KAISM as of {as_of}")
    points = query(
        "select km.customer_name, km.relative_strength, km.attractiveness, km.kaism_quadrant, "
        "km.kaism_strategy, km.strength_basis, cs.tier, cs.weighted_score "
        "from kaism_matrix as km join customer_scores as cs "
        "on cs.as_of_date = km.as_of_date and cs.customer_id = km.customer_id "
        "where km.as_of_date = ? and km.kaism_quadrant <> 'unassessed'",
        [as_of],
    )
    quadrants = query(
        "select kaism_quadrant, any_value(kaism_strategy) as strategy, count(*) as accounts "
        "from kaism_matrix where as_of_date = ? group by 1 order by 1",
        [as_of],
    )
    low, high = 1.0, float(info.facts["scale"])
    split = float(info.facts["kaism_split"])
    lines = alt.Chart(pd.DataFrame({"at": [split]}))
    st.altair_chart(
        _accounts_chart(points, alt.Scale(domain=[low, high]))
        + lines.mark_rule().encode(x="at")
        + lines.mark_rule().encode(y="at")
        + _quadrant_captions(quadrants, low, split, high),
        width="stretch",
    )
    shown = for_reading(quadrants.rename(columns={"kaism_quadrant": "quadrant"}))
    st.table(shown.set_index("Quadrant"))
    st.caption(
        "Strategic: invest; star: build; status: maintain; streamline: serve efficiently. "
        "Unassessed customers (no figure for an axis) are counted but not drawn."
    )


def _accounts_chart(points: pd.DataFrame, scale: alt.Scale) -> alt.Chart:
    """One point per assessed account; hovering it names the account and its standing."""
    return (
        alt.Chart(points)
        .mark_circle(size=70, opacity=0.75)
        .properties(height=560)
        .encode(
            x=alt.X(
                "relative_strength",
                title="Relative strength (ours, as the customer sees it)",
                scale=scale,
            ),
            y=alt.Y("attractiveness", title="Account attractiveness", scale=scale),
            color=alt.Color("kaism_quadrant", title="Quadrant"),
            tooltip=[
                "customer_name",
                "tier",
                "weighted_score",
                "kaism_quadrant",
                "kaism_strategy",
                "strength_basis",
            ],
        )
    )


def _quadrant_captions(quadrants: pd.DataFrame, low: float, split: float, high: float) -> alt.Chart:
    """Each quadrant's name and strategy at the middle of its outer edge."""
    captions = pd.DataFrame(
        [
            {
                "x": (split + high) / 2 if across else (low + split) / 2,
                "y": high if up else low,
                "text": f"{name}: {_strategy(quadrants, name)}",
            }
            for name, (across, up) in QUADRANT_CORNERS.items()
        ]
    )
    return (
        alt.Chart(captions)
        .mark_text(fontWeight="bold", fontSize=13, color="#555")
        .encode(x="x", y="y", text="text")
    )


def _strategy(quadrants: pd.DataFrame, name: str) -> str:
    found = quadrants[quadrants["kaism_quadrant"] == name]
    if found.empty:
        return "no account"
    return f"{found.strategy.iloc[0]} ({found.accounts.iloc[0]})"
