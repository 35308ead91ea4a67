"""The published kaism_matrix (docs/published-tables.md; docs/method.md, "KAISM"): each scored
customer's attractiveness and relative strength on the score scale, its quadrant and strategy."""

from __future__ import annotations

from benchmarks.baseline.config import SHARE_OF_WALLET, Config
from benchmarks.baseline.criteria import rating_score_sql
from benchmarks.baseline.session import Session
from benchmarks.baseline.sql import num, text

# The resource strategy of each KAISM quadrant (McDonald / Woodburn).
KAISM_STRATEGIES = {
    "strategic": "invest",
    "star": "build",
    "status": "maintain",
    "streamline": "serve_efficiently",
}
# The published columns after as_of_date, in order.
KAISM_COLUMNS = (
    "customer_id",
    "customer_name",
    "is_prospect",
    "attractiveness",
    "relative_strength",
    "strength_basis",
    "kaism_quadrant",
    "kaism_strategy",
    "share_of_wallet_metric",
    "share_of_wallet",
    "share_of_wallet_score",
    "is_potential_stale",
)


def _factor_score(config: Config, factor: str) -> str:
    """A criterion's score (a judgement in force included), the share of wallet's, or an
    assessment factor's rating in force brought to the scale."""
    if factor in config.criteria:
        return f"{factor}_score"
    if factor == SHARE_OF_WALLET:
        return "share_of_wallet_score"
    return rating_score_sql(f'"{factor}_rating"', "higher", config.scale)


def _axis(config: Config, weights: dict[str, float]) -> str:
    """The weighted mean of the factors (weight > 0) with a score; null when none has one."""
    scored = [
        (num(weight), _factor_score(config, factor))
        for factor, weight in weights.items()
        if weight > 0
    ]
    if not scored:
        return "cast(null as double)"
    total = " + ".join(f"coalesce({weight} * {score}, 0)" for weight, score in scored)
    present = " + ".join(
        f"case when {score} is not null then {weight} else 0 end" for weight, score in scored
    )
    return f"round(({total}) / nullif(cast({present} as double), 0), 6)"


def _is_strength_assessed(config: Config) -> str:
    """The strength is assessed when a KAM's rating of one of its factors is in force."""
    strength_ratings = [
        f'"{factor}_rating" is not null'
        for factor, weight in config.relative_strength.items()
        if weight > 0 and factor in config.assessment_factors
    ]
    return " or ".join(strength_ratings) if strength_ratings else "false"


def _quadrant(split: str) -> str:
    """Attractiveness first, then relative strength, each high at the split or above."""
    return (
        "if(attractiveness is null or relative_strength is null, 'unassessed', "
        f"if(attractiveness >= {split}, "
        f"if(relative_strength >= {split}, 'strategic', 'star'), "
        f"if(relative_strength >= {split}, 'status', 'streamline')))"
    )


def publish_kaism_matrix(session: Session) -> None:
    """The share of wallet (annualised window revenue / potential) is held within [0, 1] and
    scored as 1 + (scale − 1) × share; a potential it exceeds is stale."""
    config, scale = session.config, session.config.scale
    strategies = " ".join(
        f"when {text(quadrant)} then {text(strategy)}"
        for quadrant, strategy in KAISM_STRATEGIES.items()
    )
    session.execute(f"""
        create table kaism_matrix as
        with walleted as (
            select *, 1 + ({scale} - 1) * share_of_wallet as share_of_wallet_score
            from (
                select *, case when share_of_wallet_metric > 1 then 1.0
                    when share_of_wallet_metric < 0 then 0.0 else share_of_wallet_metric
                    end as share_of_wallet
                from tiered_scores
            )
        ), placed as (
            select *, {_axis(config, config.attractiveness)} as attractiveness,
                {_axis(config, config.relative_strength)} as relative_strength,
                coalesce({_is_strength_assessed(config)}, false) as is_strength_assessed
            from walleted
        ), positioned as (
            select *,
                if(relative_strength is null, null,
                    if(is_strength_assessed, 'assessed', 'data_only')) as strength_basis,
                {_quadrant(num(config.kaism_split))} as kaism_quadrant,
                coalesce(share_of_wallet_metric > 1, false) as is_potential_stale
            from placed
        )
        select {session.as_of} as as_of_date, {", ".join(KAISM_COLUMNS)}
        from (select *, case kaism_quadrant {strategies} end as kaism_strategy from positioned)
    """)
