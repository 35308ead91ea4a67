"""Configuration files for the tests of the business configuration (test_scoring_config_*): the
shipped file as a mapping, a writer, the shipped file with a key or a criterion changed, and
MISTAKES, each mistake a file can hold with the message it gets."""

from pathlib import Path

import yaml

from dagster_project.lib.configuration.settings import DEFAULT_CONFIG_FILE

DEFAULT = yaml.safe_load(DEFAULT_CONFIG_FILE.read_text())


def write(tmp_path: Path, content: dict | str) -> Path:
    path = tmp_path / "config.yml"
    path.write_text(content if isinstance(content, str) else yaml.safe_dump(content))
    return path


def changed(**changes) -> dict:
    """The default file with top-level keys replaced."""
    return {**DEFAULT, **changes}


def with_criterion(name: str, **fields) -> dict:
    criteria = {key: dict(value) for key, value in DEFAULT["criteria"].items()}
    criteria[name].update(fields)
    return changed(criteria=criteria)


MISTAKES = [
    (
        "unknown criterion",
        with_criterion("reputation")
        | {"criteria": {**DEFAULT["criteria"], "loyalty": {"weight": 1, "direction": "higher"}}},
        "criteria.loyalty.[key]: not allowed; input should be 'current_revenue', 'potential_revenue'",
    ),
    (
        "negative weight",
        with_criterion("product_need", weight=-5),
        "criteria.product_need.weight: Input should be greater than or equal to 0",
    ),
    (
        "non-numeric weight",
        with_criterion("product_need", weight="high"),
        "criteria.product_need.weight: Input should be a valid",
    ),
    (
        "weight given as text",
        with_criterion("product_need", weight="5"),
        "criteria.product_need.weight: Input should be a valid",
    ),
    (
        "bad direction",
        with_criterion("cost_to_serve", direction="down"),
        "criteria.cost_to_serve.direction: Input should be 'higher' or 'lower'",
    ),
    (
        "all weights zero",
        changed(criteria={k: {**v, "weight": 0} for k, v in DEFAULT["criteria"].items()}),
        "criteria: all weights are 0: at least one criterion needs a weight above 0",
    ),
    (
        "criterion left out",
        changed(criteria={k: v for k, v in DEFAULT["criteria"].items() if k != "reputation"}),
        "criteria: every criterion needs a weight and a direction; missing reputation (give a weight of 0 to drop one)",
    ),
    ("scale not 10 or 100", changed(scale=5), "scale: not allowed; input should be 10 or 100"),
    (
        "tiers out of order",
        changed(
            tiers=[
                {"name": "development", "min_score": 5},
                {"name": "key", "min_score": 7.5},
                {"name": "ordinary"},
            ]
        ),
        "tiers: list them highest first, each min_score below the one before; got 5, 7.5",
    ),
    (
        "cap below 1",
        changed(tiers=[{"name": "key", "min_score": 7.5, "max_accounts": 0}, {"name": "ordinary"}]),
        "tiers.0.max_accounts: Input should be greater than or equal to 1",
    ),
    (
        "tier minimum above the scale",
        changed(tiers=[{"name": "key", "min_score": 75}, {"name": "ordinary"}]),
        "tiers.0 (key): min_score 75 is above the scale (10)",
    ),
    (
        "tier without a minimum",
        changed(tiers=[{"name": "key"}, {"name": "ordinary"}]),
        "tiers.0 (key): min_score is required on every tier but the last",
    ),
    (
        "last tier with a minimum",
        changed(tiers=[{"name": "key", "min_score": 7.5}, {"name": "ordinary", "min_score": 3}]),
        "tiers.1 (ordinary): the last tier takes everyone left; omit its min_score",
    ),
    (
        "last tier with a cap",
        changed(
            tiers=[{"name": "key", "min_score": 7.5}, {"name": "ordinary", "max_accounts": 10}]
        ),
        "tiers.1 (ordinary): the last tier cannot have max_accounts",
    ),
    (
        "duplicate tier names",
        changed(tiers=[{"name": "key", "min_score": 7.5}, {"name": "key"}]),
        "tiers: names must be unique",
    ),
    (
        "tier named like a prospect tier",
        changed(tiers=[{"name": "key_prospect", "min_score": 7.5}, {"name": "ordinary"}]),
        "tiers: key_prospect is kept for prospects; choose another name",
    ),
    (
        "bad tier name",
        changed(tiers=[{"name": "Key Accounts", "min_score": 7.5}, {"name": "ordinary"}]),
        "tiers.0.name: String should match pattern",
    ),
    ("no tiers", changed(tiers=[]), "tiers: List should have at least 1 item"),
    (
        "prospect criteria all weight 0",
        changed(prospects={"criteria": ["revenue_growth"]})
        | with_criterion("revenue_growth", weight=0)
        | {"prospects": {"criteria": ["revenue_growth"]}},
        "prospects.criteria: every criterion listed has weight 0",
    ),
    (
        "unknown prospect criterion",
        changed(prospects={"criteria": ["size"]}),
        "prospects.criteria.0: not allowed",
    ),
    (
        "unknown KAISM factor",
        changed(kaism={**DEFAULT["kaism"], "attractiveness": {"size": 1}}),
        "kaism.attractiveness: size is neither a criterion, share_of_wallet nor one of "
        "assessment_factors",
    ),
    (
        "KAISM factor whose assessment factor was removed",
        changed(
            assessment_factors={
                name: factor
                for name, factor in DEFAULT["assessment_factors"].items()
                if name != "relationship_stage"
            }
        ),
        "kaism.relative_strength: relationship_stage is neither a criterion",
    ),
    (
        "a measured criterion as an assessment factor",
        changed(
            assessment_factors={
                **DEFAULT["assessment_factors"],
                "current_revenue": {"description": "Revenue", "anchors": {1: "low"}},
            }
        ),
        "assessment_factors: current_revenue is measured from the data; only product_need, "
        "reputation can be judged",
    ),
    (
        "an anchor outside the rating scale",
        changed(
            assessment_factors={
                **DEFAULT["assessment_factors"],
                "delivery_trust": {"description": "Trust", "anchors": {11: "blind"}},
            }
        ),
        "assessment_factors.delivery_trust.anchors.11.[key]: Input should be less than or equal to 10",
    ),
    (
        "an assessment factor without description",
        changed(
            assessment_factors={
                **DEFAULT["assessment_factors"],
                "delivery_trust": {"description": "", "anchors": {1: "none"}},
            }
        ),
        "assessment_factors.delivery_trust.description: String should have at least 1 character",
    ),
    (
        "assessments that expire at once",
        changed(assessment_max_age_months=0),
        "assessment_max_age_months: Input should be greater than or equal to 1",
    ),
    (
        "KAISM axis without weight",
        changed(kaism={**DEFAULT["kaism"], "relative_strength": {"product_need": 0}}),
        "kaism.relative_strength: at least one factor needs a weight above 0",
    ),
    (
        "KAISM split above the scale",
        changed(kaism={**DEFAULT["kaism"], "split": 12}),
        "kaism.split: 12 is above the scale (10)",
    ),
    (
        "window of 0 months",
        changed(window_months=0),
        "window_months: Input should be greater than or equal to 1",
    ),
    (
        "window in text",
        changed(window_months="twelve"),
        "window_months: Input should be a valid integer",
    ),
    (
        "currency not ISO",
        changed(reporting_currency="euro"),
        "reporting_currency: String should match pattern '^[A-Z]{3}$'",
    ),
    (
        "share above 1",
        changed(concentration={"mono_client_share": 1.5}),
        "concentration.mono_client_share: Input should be less than 1",
    ),
    (
        "ABC cut-offs crossed",
        changed(concentration={"abc_a_cutoff": 0.96}),
        "concentration: abc_a_cutoff (0.96) must be below abc_b_cutoff (0.95)",
    ),
    ("misspelt key", changed(windw_months=12), "windw_months: unknown key"),
    (
        "no weight draws",
        changed(sensitivity={"draws": 0}),
        "sensitivity.draws: Input should be greater than or equal to 1 (got 0)",
    ),
    (
        "weights spread to 0 or below",
        changed(sensitivity={"weight_spread": 1.0}),
        "sensitivity.weight_spread: Input should be less than 1 (got 1.0)",
    ),
    (
        "a revenue drop of more than everything",
        changed(actions={"revenue_drop": 1.5}),
        "actions.revenue_drop: Input should be less than 1 (got 1.5)",
    ),
    (
        "bands without thresholds",
        with_criterion("product_need", method="bands"),
        "product_need: method bands needs thresholds (a list of ascending numbers)",
    ),
    (
        "thresholds out of order",
        with_criterion("product_need", method="bands", thresholds=[5.0, 2.0]),
        "product_need: thresholds must ascend strictly, got [5.0, 2.0]",
    ),
    (
        "thresholds on another method",
        with_criterion("cost_to_serve", thresholds=[0.1]),
        "cost_to_serve: thresholds only apply to method bands, not percent_rank",
    ),
    (
        "log_range on a criterion that can be negative",
        with_criterion("revenue_growth", method="log_range"),
        "revenue_growth: method log_range needs a metric that cannot be negative",
    ),
    (
        "rating on a criterion that is not a rating",
        with_criterion("product_need", method="rating"),
        "product_need: method rating needs a metric on a 1-10 scale (reputation)",
    ),
    (
        "unknown scoring method",
        with_criterion("product_need", method="z_score"),
        "criteria.product_need.method: Input should be 'percent_rank', 'log_range', 'bands' or 'rating'",
    ),
    (
        "order stability over more months than the window",
        changed(min_stability_periods=13),
        "min_stability_periods (13) is above window_months (12)",
    ),
    (
        "a margin above the scale",
        changed(tier_rules={"incumbent_margin": 11.0}),
        "tier_rules.incumbent_margin: 11 is above the scale (10)",
    ),
    (
        "completeness above 1",
        changed(tier_rules={"min_completeness_for_key": 1.5}),
        "tier_rules.min_completeness_for_key: Input should be less than or equal to 1",
    ),
    (
        "silence shorter than the usual interval",
        changed(actions={"silence_factor": 0.5}),
        "actions.silence_factor: Input should be greater than 1 (got 0.5)",
    ),
]
