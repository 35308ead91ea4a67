"""The sections of the business configuration, each rule a user can break declared on them.

Declaring the rules on the models lets pydantic report every mistake of a file at once. A field
without a value in a user's file takes the shipped file's (shipped_defaults.py); what each key
means is told in config/key_accounts.yml and docs/method.md.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    field_validator,
    model_validator,
)

from dagster_project.lib.configuration.shipped_defaults import shipped

Share = Annotated[float, Field(gt=0, lt=1)]
# A YAML weight must be a number: "3" or true are mistakes, not weights.
Weight = Annotated[StrictFloat, Field(ge=0, allow_inf_nan=False)]


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Method(StrEnum):
    """How a criterion's metric becomes its 1..scale score (docs/method.md, "Scoring")."""

    PERCENT_RANK = "percent_rank"
    LOG_RANGE = "log_range"
    BANDS = "bands"
    RATING = "rating"


CriterionName = Literal[
    "current_revenue",
    "potential_revenue",
    "revenue_growth",
    "order_stability",
    "cost_to_serve",
    "product_need",
    "reputation",
]
CRITERIA: tuple[str, ...] = get_args(CriterionName)
# Metrics that can be below 0 (a growth of -40%): log_range would flatten them all to 0.
SIGNED_METRICS = frozenset({"revenue_growth"})
# Metrics on the 1-10 scale of a rating (reputation_score, 10 for an industry leader).
RATING_METRICS = frozenset({"reputation"})
# KAISM's relative strength also uses the share of wallet: annualised window revenue / potential.
SHARE_OF_WALLET = "share_of_wallet"
# Criteria an assessment factor of the same name may supply: a KAM's judgement (a 1-10 rating in
# account_assessments) wins over the data proxy. The other criteria are facts of the data.
JUDGED_CRITERIA = frozenset({"product_need", "reputation"})
PROSPECT_TIERS = ("key_prospect", "prospect")
# The signals of kam_actions, by the name a KAM's action_feedback gives them.
SIGNALS = ("at_risk", "cross_sell_gap", "loyalty", "key_prospect", "no_kam", "override_review_due")


class Strict(BaseModel):
    """Unknown keys are mistakes, and a default is validated like a value the user gave."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class Criterion(Strict):
    weight: Weight
    direction: Direction
    # Omitted: the shipped file's method for the criterion (filled in by ScoringConfig).
    method: Method | None = None
    # bands only: ascending thresholds t1 < ... < tk.
    thresholds: list[Annotated[StrictFloat, Field(allow_inf_nan=False)]] | None = None


def method_problem(name: str, criterion: Criterion) -> str | None:
    """Why the criterion's method cannot score its metric, or None when it can."""
    method, thresholds = criterion.method, criterion.thresholds
    if method is Method.BANDS:
        if not thresholds:
            return "method bands needs thresholds (a list of ascending numbers)"
        if any(upper <= lower for lower, upper in zip(thresholds, thresholds[1:], strict=False)):
            return f"thresholds must ascend strictly, got {thresholds}"
        return None
    if thresholds is not None:
        return f"thresholds only apply to method bands, not {method}"
    if method is Method.LOG_RANGE and name in SIGNED_METRICS:
        return "method log_range needs a metric that cannot be negative; use percent_rank or bands"
    if method is Method.RATING and name not in RATING_METRICS:
        return (
            "method rating needs a metric on a 1-10 scale "
            f"({', '.join(sorted(RATING_METRICS))}); use percent_rank, log_range or bands"
        )
    return None


class Tier(Strict):
    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    # Omitted on the last tier, which takes everyone left.
    min_score: Annotated[StrictFloat, Field(ge=1)] | None = None
    max_accounts: Annotated[StrictInt, Field(ge=1)] | None = None


class ProspectsConfig(Strict):
    criteria: Annotated[list[CriterionName], Field(min_length=1)] = shipped("prospects", "criteria")
    # Omitted: the first tier's min_score (filled in by ScoringConfig).
    key_prospect_min_score: Annotated[StrictFloat, Field(ge=1)] | None = None
    # At most this many key_prospects by score (overrides count first): a list a KAM can work.
    max_key_prospects: Annotated[StrictInt, Field(ge=0)] = shipped("prospects", "max_key_prospects")


class TierRulesConfig(Strict):
    """What, besides the score, decides the first tier (docs/method.md, "Tiers")."""

    # Omitted: the shipped margin in proportion to the scale (filled in by ScoringConfig).
    incumbent_margin: Annotated[StrictFloat, Field(ge=0)] | None = None
    min_completeness_for_key: Annotated[StrictFloat, Field(ge=0, le=1)] = shipped(
        "tier_rules", "min_completeness_for_key"
    )


class ConcentrationConfig(Strict):
    """Shares and limits of docs/method.md, "Concentration"."""

    mono_client_share: Share = shipped("concentration", "mono_client_share")
    major_customer_share: Share = shipped("concentration", "major_customer_share")
    abc_a_cutoff: Share = shipped("concentration", "abc_a_cutoff")
    abc_b_cutoff: Share = shipped("concentration", "abc_b_cutoff")
    # Alert limits (warnings after each run, not blockers).
    top5_share_limit: Annotated[StrictFloat, Field(gt=0, le=1)] = shipped(
        "concentration", "top5_share_limit"
    )
    hhi_limit: Annotated[StrictFloat, Field(gt=0, le=10000)] = shipped("concentration", "hhi_limit")
    hhi_rise_warning: Annotated[StrictFloat, Field(gt=0)] = shipped(
        "concentration", "hhi_rise_warning"
    )
    top1_rise_warning: Share = shipped("concentration", "top1_rise_warning")
    kam_max_share: Share = shipped("concentration", "kam_max_share")

    @model_validator(mode="after")
    def _abc_cutoffs_in_order(self) -> ConcentrationConfig:
        if self.abc_a_cutoff >= self.abc_b_cutoff:
            raise ValueError(
                f"abc_a_cutoff ({self.abc_a_cutoff}) must be below abc_b_cutoff ({self.abc_b_cutoff})"
            )
        return self


class AssessmentFactor(Strict):
    """A judgement a KAM records in account_assessments, rated 1 to 10."""

    description: Annotated[str, Field(min_length=1)]
    # What a rating means at a few points of the 1-10 scale, shown to whoever rates.
    anchors: dict[Annotated[StrictInt, Field(ge=1, le=10)], Annotated[str, Field(min_length=1)]]


class KaismConfig(Strict):
    """The matrix's axes (docs/method.md, "KAISM"): factors and their weights."""

    attractiveness: dict[str, Weight] = shipped("kaism", "attractiveness")
    relative_strength: dict[str, Weight] = shipped("kaism", "relative_strength")
    # Where an axis splits into high and low; omitted, the middle of the scale.
    split: Annotated[StrictFloat, Field(ge=1)] | None = None

    @field_validator("attractiveness", "relative_strength")
    @classmethod
    def _some_weight(cls, weights: dict[str, float]) -> dict[str, float]:
        if not weights or not any(weights.values()):
            raise ValueError("at least one factor needs a weight above 0")
        return weights


class ValidationConfig(Strict):
    """What a suspect delivery does: "fail" quarantines it, "warn" takes it with a warning
    (docs/operations.md, "Bad input")."""

    unknown_customer: Literal["fail", "warn"] = shipped("validation", "unknown_customer")
    dropped_customer: Literal["fail", "warn"] = shipped("validation", "dropped_customer")


class SensitivityConfig(Strict):
    """How robust each tier is to the weights (the key_account_sensitivity table)."""

    draws: Annotated[StrictInt, Field(ge=1, le=1000)] = shipped("sensitivity", "draws")
    weight_spread: Annotated[StrictFloat, Field(gt=0, lt=1)] = shipped(
        "sensitivity", "weight_spread"
    )
    # The same seed gives the same draws, so a day's probabilities can be reproduced.
    seed: StrictInt = shipped("sensitivity", "seed")
    borderline_share: Annotated[StrictFloat, Field(ge=0, lt=1)] = shipped(
        "sensitivity", "borderline_share"
    )


class ActionsConfig(Strict):
    """Thresholds of the signals for the KAMs (docs/method.md, "Signals")."""

    watch_min_share: Share = shipped("actions", "watch_min_share")
    recent_days: Annotated[StrictInt, Field(ge=1, le=365)] = shipped("actions", "recent_days")
    revenue_drop: Share = shipped("actions", "revenue_drop")
    silence_factor: Annotated[StrictFloat, Field(gt=1)] = shipped("actions", "silence_factor")
    # The median gap needs a few gaps to mean something.
    silence_min_order_days: Annotated[StrictInt, Field(ge=3)] = shipped(
        "actions", "silence_min_order_days"
    )
    loyalty_min_months: Annotated[StrictInt, Field(ge=1)] = shipped("actions", "loyalty_min_months")
    loyalty_allowed_gaps: Annotated[StrictInt, Field(ge=0)] = shipped(
        "actions", "loyalty_allowed_gaps"
    )
    cross_sell_min_peer_share: Share = shipped("actions", "cross_sell_min_peer_share")
    cross_sell_min_peers: Annotated[StrictInt, Field(ge=1)] = shipped(
        "actions", "cross_sell_min_peers"
    )
    cross_sell_min_lift: Annotated[StrictFloat, Field(ge=1)] = shipped(
        "actions", "cross_sell_min_lift"
    )
    cross_sell_max_products: Annotated[StrictInt, Field(ge=1, le=10)] = shipped(
        "actions", "cross_sell_max_products"
    )


class SignalBacktestConfig(Strict):
    """How the product measures its own signals (the signal_backtest table)."""

    at_risk_horizon_days: Annotated[StrictInt, Field(ge=1, le=365)] = shipped(
        "signal_backtest", "at_risk_horizon_days"
    )
    at_risk_outcome_share: Share = shipped("signal_backtest", "at_risk_outcome_share")
    cross_sell_horizon_days: Annotated[StrictInt, Field(ge=1, le=730)] = shipped(
        "signal_backtest", "cross_sell_horizon_days"
    )
    key_prospect_horizon_days: Annotated[StrictInt, Field(ge=1, le=730)] = shipped(
        "signal_backtest", "key_prospect_horizon_days"
    )
    min_signals: Annotated[StrictInt, Field(ge=1)] = shipped("signal_backtest", "min_signals")
    min_lift: Annotated[StrictFloat, Field(gt=0)] = shipped("signal_backtest", "min_lift")
