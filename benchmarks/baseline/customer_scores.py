"""The published customer_scores (docs/published-tables.md; docs/method.md, "Scoring",
"Tiers"): every scored customer of the as-of date with its metrics, scores, points,
explanations and tier, after the chain of dates scored before it."""

from __future__ import annotations

from benchmarks.baseline.criteria import score_criteria
from benchmarks.baseline.metrics import measure_customers
from benchmarks.baseline.revenue_shares import share_revenue
from benchmarks.baseline.session import Session
from benchmarks.baseline.sql import date_sql, text
from benchmarks.baseline.tiers import assign_tiers, join_tiers
from benchmarks.baseline.weighting import weigh_and_explain_scores, weigh_scores

# The published columns read from tiered_scores, around the criteria's and the group's.
IDENTITY = ("customer_id", "customer_name")
ACCOUNT = ("industry", "account_manager", "is_prospect")
EXPLANATION = (
    "product_need_basis",
    "reputation_basis",
    "missing_criteria",
    "uninformative_criteria",
    "score_completeness",
    "top_positive_factors",
    "top_negative_factors",
    "weighted_score",
    "score_rank",
    "tier",
    "tier_source",
    "override_reason",
)


def _score_date(session: Session, published: bool) -> None:
    """One date's scores, revenue shares and tiers; a previous date needs its first tier only:
    no points nor explanations."""
    measure_customers(session)
    information = score_criteria(session)
    if published:
        weigh_and_explain_scores(session, information)
    else:
        weigh_scores(session, information)
    share_revenue(session)
    assign_tiers(session)


def score_dates(session: Session) -> None:
    """Every date of the chain, oldest first, each with the first tier of the one before as
    its incumbents; the tables of the last one (the as-of date) are kept for publishing."""
    first_tier = text(session.config.tiers[0].name)
    session.execute(
        "create or replace temp table previous_first_tier as select '' as customer_id where false"
    )
    for day in session.dates:
        session.as_of = date_sql(day)
        published = day == session.dates[-1]
        if not published:
            session.step(f"previous date {day}: scores and tiers")
        _score_date(session, published)
        session.execute(f"""
            create or replace temp table previous_first_tier as
            select customer_id from customer_tiers where not is_prospect and tier = {first_tier}
        """)
    join_tiers(session)


def publish_customer_scores(session: Session) -> None:
    session.step("customer scores and KAM portfolios")

    def scored(names: tuple[str, ...] | list[str]) -> str:
        return ", ".join(f"scores.{name}" for name in names)

    per_criterion = [
        f"{name}_{part}"
        for name in session.config.weights
        for part in ("metric", "score", "points")
    ]
    session.execute(f"""
        create table customer_scores as
        select {session.as_of} as as_of_date, {scored(IDENTITY)}, shares.group_id,
            {scored(ACCOUNT)}, {scored(per_criterion)}, {scored(EXPLANATION)},
            coalesce(shares.abc_class, 'C') as abc_class, kaism.kaism_quadrant,
            coalesce(shares.is_mono_client, false) as is_mono_client,
            coalesce(shares.is_major_customer, false) as is_major_customer
        from tiered_scores as scores
        left join customer_revenue_shares as shares using (customer_id)
        left join kaism_matrix as kaism using (customer_id)
        order by scores.score_rank
    """)
