"""Each criterion's score on the scale (docs/method.md, "Scoring"): its method among the
customers it applies to, a KAM's judgement in force scored as a rating, and which criteria
carry information at all."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.baseline.config import Config, Criterion
from benchmarks.baseline.session import Session


@dataclass(frozen=True)
class Information:
    """Which criteria carry information on this date: through their population of data
    proxies (population), or through it or a judgement where they apply (criterion)."""

    population: dict[str, bool]
    criterion: dict[str, bool]


def percent_rank_score_sql(metric: str, direction: str, scale: int) -> str:
    """1 + (scale − 1) × percent_rank among the rows with the metric, the best value ranking
    highest, the metric rounded to 6 decimals first (ties share the lowest rank); alone: the
    scale; missing: null."""
    order = "asc" if direction == "higher" else "desc"
    return f"""case
                when {metric} is null then null
                when count({metric}) over () = 1 then {scale}
                else 1 + ({scale} - 1) * percent_rank() over (
                    partition by {metric} is null order by round({metric}, 6) {order}
                )
            end"""


def log_range_score_sql(x: str, direction: str, scale: int) -> str:
    """x = max(metric, 0) (null without the metric) placed on a log scale between the smallest
    and the largest x of the rows with the metric; all equal: the scale."""
    lo, hi = f"min({x}) over ()", f"max({x}) over ()"
    if direction == "higher":
        position = f"(ln(1 + {x}) - ln(1 + {lo})) / (ln(1 + {hi}) - ln(1 + {lo}))"
    else:
        position = f"(ln(1 + {hi}) - ln(1 + {x})) / (ln(1 + {hi}) - ln(1 + {lo}))"
    return f"""case
                when {x} is null then null
                when {hi} = {lo} then {scale}
                else 1 + ({scale} - 1) * {position}
            end"""


def bands_score_sql(metric: str, direction: str, thresholds: tuple[float, ...], scale: int) -> str:
    """The share of the thresholds the metric reaches (higher: tᵢ ≤ metric; lower: tᵢ ≥ metric)."""
    compare = "<=" if direction == "higher" else ">="
    reached = " + ".join(
        f"case when cast({threshold!r} as double) {compare} {metric} then 1 else 0 end"
        for threshold in thresholds
    )
    return f"1 + ({scale} - 1) * cast({reached} as double) / {len(thresholds)}"


def rating_score_sql(metric: str, direction: str, scale: int) -> str:
    """A 1–10 rating on the score scale (lower is better: 10 − rating)."""
    position = f"({metric} - 1)" if direction == "higher" else f"(10 - {metric})"
    return f"1 + ({scale} - 1) * {position} / 9"


def applies(config: Config, name: str) -> str:
    """A criterion applies to every account, to a prospect if it is a prospect criterion."""
    return "true" if name in config.prospect_criteria else "not is_prospect"


def _populations(config: Config) -> list[str]:
    # Each criterion's metric among the customers it applies to (its population), and for
    # log_range max(metric, 0). A criterion a KAM may judge: the judgements where it applies
    # apart (scored as ratings), the population holds the data proxies alone, so a customer
    # scored on data is ranked among the customers scored on data. Narrow, for the window
    # functions of the scores.
    judged = config.judged_criteria
    populations = []
    for name, criterion in config.criteria.items():
        on_data = f" and {name}_basis is distinct from 'assessment'" if name in judged else ""
        population = f"case when {applies(config, name)}{on_data} then {name}_metric end"
        populations.append(f"{population} as {name}_population")
        if name in judged:
            populations.append(
                f"case when {applies(config, name)} and {name}_basis = 'assessment' "
                f"then {name}_metric end as {name}_judgement"
            )
        if criterion.method == "log_range":
            populations.append(
                f"case when {population} is not null then greatest({population}, 0) end as {name}_x"
            )
    return populations


def _information(session: Session) -> Information:
    criteria, judged = session.config.criteria, session.config.judged_criteria
    # A population carries no information when nobody in it has the metric, or at least two
    # have it and all their values (to 6 decimals) are equal. A criterion carries information
    # when its population does, or (one a KAM may judge) a judgement where it applies exists.
    counts = session.one(
        "select "
        + ", ".join(
            f"count({name}_population), count(distinct round({name}_population, 6)), "
            + (f"count({name}_judgement)" if name in judged else "0")
            for name in criteria
        )
        + " from criterion_populations"
    )
    population_informative = {
        name: counts[3 * i] == 1 or counts[3 * i + 1] >= 2 for i, name in enumerate(criteria)
    }
    informative = {
        name: population_informative[name] or counts[3 * i + 2] > 0
        for i, name in enumerate(criteria)
    }
    return Information(population_informative, informative)


def _criterion_score(
    name: str, criterion: Criterion, information: Information, judged: list[str], scale: int
) -> str:
    population = f"{name}_population"
    if not information.criterion[name]:
        return "cast(null as double)"
    if not information.population[name]:
        # Only judgements carry information: the data proxies, all equal, score no one.
        on_data = "cast(null as double)"
    elif criterion.method == "percent_rank":
        on_data = percent_rank_score_sql(population, criterion.direction, scale)
    elif criterion.method == "log_range":
        on_data = log_range_score_sql(f"{name}_x", criterion.direction, scale)
    elif criterion.method == "bands":
        on_data = (
            f"case when {population} is not null then "
            f"{bands_score_sql(population, criterion.direction, criterion.thresholds, scale)}"
            " end"
        )
    else:
        on_data = (
            f"case when {population} is not null then "
            f"{rating_score_sql(population, criterion.direction, scale)} end"
        )
    if name not in judged:
        return on_data
    # A judgement is a 1–10 rating whatever the criterion's method.
    judgement = f"{name}_judgement"
    return f"""case
        when {judgement} is not null
            then {rating_score_sql(judgement, criterion.direction, scale)}
        else {on_data}
    end"""


def score_criteria(session: Session) -> Information:
    """criterion_scores for the date being scored; which criteria carry information."""
    config = session.config
    session.execute(f"""
        create or replace temp table criterion_populations as
        select customer_id, {", ".join(_populations(config))}
        from customer_metrics
    """)
    information = _information(session)
    judged, scale = config.judged_criteria, config.scale
    scores = ", ".join(
        f"cast({_criterion_score(name, criterion, information, judged, scale)} as double)"
        f" as {name}_score"
        for name, criterion in config.criteria.items()
    )
    session.execute(f"""
        create or replace temp table criterion_scores as
        select customer_id, {scores}
        from criterion_populations
    """)
    return information
