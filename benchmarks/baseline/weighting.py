"""The weighted score of each customer (docs/method.md, "Scoring"): the weighted mean of the
criteria with a score, its completeness, and (on the published date) the points, the missing
criteria and the factors that raise and lower it."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.baseline.config import Config
from benchmarks.baseline.criteria import Information, applies
from benchmarks.baseline.session import Session
from benchmarks.baseline.sql import num, text


@dataclass(frozen=True)
class WeightedSql:
    """The expressions every weighted_scores table is built of."""

    counted: list[str]
    weight: dict[str, str]
    present_weight: str
    weighted_sum: str
    weighted_score: str
    score_completeness: str


def _completeness(possible: float) -> str:
    if possible == 0:
        return "1.0"
    return f"round(present_weight / {num(possible)}, 6)"


def weighted_sql(config: Config, information: Information) -> WeightedSql:
    criteria, informative = config.criteria, information.criterion
    # The criteria that count: weight > 0. Present: those with a score.
    counted = [name for name, criterion in criteria.items() if criterion.weight > 0]
    weight = {name: num(criterion.weight) for name, criterion in criteria.items()}
    # score_completeness: the weight present over the weight of the counted criteria that
    # apply and carry information.
    account_weight = sum(criteria[name].weight for name in counted if informative[name])
    prospect_weight = sum(
        criteria[name].weight
        for name in counted
        if informative[name] and name in config.prospect_criteria
    )
    return WeightedSql(
        counted=counted,
        weight=weight,
        present_weight=" + ".join(
            f"case when {name}_score is not null then {weight[name]} else 0 end" for name in counted
        ),
        weighted_sum=" + ".join(f"coalesce({weight[name]} * {name}_score, 0)" for name in counted),
        weighted_score="""case
                when present_weight > 0 then round(weighted_sum / present_weight, 6)
                else 1.0
            end""",
        score_completeness=f"""case
                when is_prospect then {_completeness(prospect_weight)}
                else {_completeness(account_weight)}
            end""",
    )


def weigh_scores(session: Session, information: Information) -> None:
    """weighted_scores without explanations: a previous date needs its first tier only."""
    sql = weighted_sql(session.config, information)
    session.execute(f"""
        create or replace temp table weighted_scores as
        with present as (
            select
                criterion_scores.customer_id,
                customer_metrics.is_prospect,
                cast({sql.present_weight} as double) as present_weight,
                cast({sql.weighted_sum} as double) as weighted_sum
            from criterion_scores
            inner join customer_metrics
                on criterion_scores.customer_id = customer_metrics.customer_id
        )
        select
            customer_id,
            is_prospect,
            {sql.weighted_score} as weighted_score,
            {sql.score_completeness} as score_completeness
        from present
    """)


def _points(config: Config, sql: WeightedSql, name: str) -> str:
    if config.criteria[name].weight == 0:
        return f"case when {name}_score is not null then 0.0 end as {name}_points"
    return (
        f"case when {name}_score is not null "
        f"then {sql.weight[name]} * {name}_score / present_weight end as {name}_points"
    )


def _contribution(config: Config, sql: WeightedSql, name: str) -> str:
    """A present criterion's contribution against a neutral customer."""
    neutral = num((1 + config.scale) / 2)
    return (
        f"case when {name}_score is not null then "
        f"({name}_score - {neutral}) * {sql.weight[name]} / present_weight end"
    )


def _top_two(sql: WeightedSql, sign: str) -> str:
    """The two that raise the score most (the largest first) or the two that lower it most
    (the most negative first), ties by name: sorted as (−contribution, name) and
    (contribution, name)."""
    factors = ", ".join(
        f"{{'key': {sign}{name}_contribution, 'name': '{name}'}}" for name in sql.counted
    )
    return (
        "nullif(array_to_string(list_transform(list_slice(list_sort(list_filter("
        f"[{factors}], factor -> coalesce(factor.key < 0, false))), 1, 2), "
        "factor -> factor.name), ', '), '')"
    )


def _explanations(config: Config, sql: WeightedSql, information: Information) -> str:
    """The missing and uninformative criteria, and the factors that raise and lower a score."""
    informative = information.criterion
    # Counted criteria that apply and carry information but have no score (no metric, or a
    # data proxy when only judgements carry information), alphabetically.
    missing = ", ".join(
        f"case when {name}_score is null and {applies(config, name)} then '{name}' end"
        for name in sorted(sql.counted)
        if informative[name]
    )
    uninformative = ", ".join(sorted(name for name in sql.counted if not informative[name]))
    return f"""
            {f"nullif(concat_ws(', ', {missing}), '')" if missing else "cast(null as varchar)"}
            as missing_criteria,
            {text(uninformative) if uninformative else "cast(null as varchar)"}
            as uninformative_criteria,
            {_top_two(sql, "-")} as top_positive_factors,
            {_top_two(sql, "")} as top_negative_factors"""


def weigh_and_explain_scores(session: Session, information: Information) -> None:
    """weighted_scores of the published date: every metric, score and explanation."""
    config = session.config
    sql = weighted_sql(config, information)
    contributions = ", ".join(
        f"{_contribution(config, sql, name)} as {name}_contribution" for name in sql.counted
    )
    session.execute(f"""
        create or replace temp table weighted_scores as
        with

        present as (
            select
                customer_metrics.*,
                {", ".join(f"criterion_scores.{name}_score" for name in config.criteria)},
                cast({sql.present_weight} as double) as present_weight,
                cast({sql.weighted_sum} as double) as weighted_sum
            from customer_metrics
            inner join criterion_scores
                on customer_metrics.customer_id = criterion_scores.customer_id
        ),

        contributions as (
            select *, {contributions}
            from present
        )

        select
            * exclude ({", ".join(f"{name}_contribution" for name in sql.counted)}),
            {", ".join(_points(config, sql, name) for name in config.criteria)},
            {sql.weighted_score} as weighted_score,
            {sql.score_completeness} as score_completeness,
            {_explanations(config, sql, information)}
        from contributions
    """)
