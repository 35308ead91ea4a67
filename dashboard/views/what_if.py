"""What if: other criterion weights, applied to the published criterion scores; the scores and
ranks they give, and who would enter or leave the first tier.

The score is the published rule (docs/method.md, "Scoring"): Σ wᵢ·scoreᵢ / Σ wᵢ over the criteria with
a score, rounded to 6 decimals. The first tier is the published one's rule at those scores:
overrides and major customers keep their places; the others compete by score plus the
incumbent's margin, from the first tier's minimum score, with a completeness (Σ weights with a
score / Σ weights of the informative criteria) at the floor, for the places left.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.published import Publication, label, markdown_table, query, score


def what_if_scores(as_of: date, info: Publication, weights: dict[str, float]) -> pd.DataFrame:
    """Every scored customer with its score and rank at `weights`, and whether it would be in
    the first tier, beside the published score, rank and tier."""
    present = " + ".join(f"{w!r} * ({c}_score is not null)::int" for c, w in weights.items())
    informative = " + ".join(
        f"{w!r} * (not coalesce(list_contains(string_split(uninformative_criteria, ', '), "
        f"'{c}'), false) and ({c}_score is not null or not is_prospect))::int"
        for c, w in weights.items()
    )
    points = " + ".join(f"{w!r} * coalesce({c}_score, 0)" for c, w in weights.items())
    first, places = info.first_tier, info.number("first_tier_max_accounts")
    return query(
        f"""
        with scored as (
            select customer_id, customer_name, is_prospect, is_incumbent, tier, tier_source,
                weighted_score, score_rank,
                coalesce(round(({points}) / nullif({present}, 0), 6), 1) as what_if_score,
                ({present}) / nullif({informative}, 0) as what_if_completeness
            from customer_scores where as_of_date = ?
        ),
        ranked as (
            select *,
                row_number() over (order by what_if_score desc, customer_id) as what_if_rank,
                tier_source in ('override', 'major_customer') as is_kept,
                not is_prospect and tier_source not in ('override', 'major_customer')
                    and what_if_score + case when is_incumbent then ? else 0 end >= ?
                    and coalesce(what_if_completeness, 0) >= ? as is_candidate
            from scored
        ),
        places as (
            select coalesce(?, 1e9) - count(*) filter (where is_kept and tier = ?) as left_over
            from ranked
        ),
        candidates as (
            select customer_id, row_number() over (
                order by what_if_score + case when is_incumbent then ? else 0 end desc,
                customer_id
            ) as place
            from ranked where is_candidate
        )
        select ranked.*, (is_kept and tier = ?) or coalesce(place <= left_over, false)
            as is_first_tier_what_if
        from ranked left join candidates using (customer_id) cross join places
        order by what_if_rank, customer_id
        """,
        [
            as_of,
            info.number("incumbent_margin"),
            info.number("first_tier_min_score"),
            info.number("min_completeness_for_key"),
            places,
            first,
            info.number("incumbent_margin"),
            first,
        ],
    )


def render(as_of: date, info: Publication) -> None:
    st.title(f"What if the weights were different? ({as_of})")
    st.caption(__doc__.split("\n\n", 1)[1].replace("\n", " "))
    weights = {}
    columns = st.columns(len(info.weights))
    for column, (criterion, published) in zip(columns, info.weights.items(), strict=True):
        asked = st.query_params.get(f"weight_{criterion}")
        start = float(asked) if asked else published
        weights[criterion] = column.slider(label(criterion), 0.0, 100.0, start, step=1.0)
        st.query_params[f"weight_{criterion}"] = f"{weights[criterion]:g}"
    result = what_if_scores(as_of, info, weights)
    first = info.first_tier
    now = result["tier"] == first
    entering = result[result["is_first_tier_what_if"] & ~now]
    leaving = result[~result["is_first_tier_what_if"] & now]
    left, right = st.columns(2)
    left.metric(f"Would enter {first}", len(entering))
    left.markdown(", ".join(entering["customer_name"]) or "nobody")
    right.metric(f"Would leave {first}", len(leaving))
    right.markdown(", ".join(leaving["customer_name"]) or "nobody")
    table = pd.DataFrame(
        {
            "Rank": result["what_if_rank"].map(str),
            "Customer": result["customer_name"],
            "Score": result["what_if_score"].map(score),
            "Published score": result["weighted_score"].map(score),
            "Published rank": result["score_rank"].map(lambda rank: f"{rank:g}"),
            "Published tier": result["tier"],
            f"In {first}": result["is_first_tier_what_if"].map({True: "yes", False: "no"}),
        }
    )
    st.markdown(markdown_table(table.head(60)))
