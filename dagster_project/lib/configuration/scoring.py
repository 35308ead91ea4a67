"""The business configuration (KEY_ACCOUNTS_CONFIG): loaded, validated, and turned into dbt vars.

Every rule a user can break is declared on the models below, so pydantic reports all mistakes
of a file at once; `load_scoring_config` turns them into one message naming the file and keys.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

Share = Annotated[float, Field(gt=0, lt=1)]
# A YAML weight must be a number: "3" or true are mistakes, not weights.
Weight = Annotated[StrictFloat, Field(ge=0, allow_inf_nan=False)]


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file, the key and the fix."""


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Method(StrEnum):
    """How a criterion's metric becomes its 1..scale score (README "How a score is computed")."""

    PERCENT_RANK = "percent_rank"
    LOG_RANGE = "log_range"
    BANDS = "bands"
    RATING = "rating"


CRITERIA_DEFAULTS: dict[str, tuple[float, Direction, Method]] = {
    # criterion: (default weight, which way is better, default scoring method)
    "current_revenue": (30, Direction.HIGHER, Method.LOG_RANGE),
    "potential_revenue": (20, Direction.HIGHER, Method.LOG_RANGE),
    "revenue_growth": (10, Direction.HIGHER, Method.PERCENT_RANK),
    "order_stability": (10, Direction.LOWER, Method.PERCENT_RANK),
    "cost_to_serve": (10, Direction.LOWER, Method.PERCENT_RANK),
    "product_need": (10, Direction.HIGHER, Method.PERCENT_RANK),
    "reputation": (10, Direction.HIGHER, Method.RATING),
}
# Metrics that can be below 0 (a growth of -40%): log_range would flatten them all to 0.
SIGNED_METRICS = frozenset({"revenue_growth"})
# Metrics on the 1-10 scale of a rating (reputation_score, 10 for an industry leader).
RATING_METRICS = frozenset({"reputation"})
CRITERIA = tuple(CRITERIA_DEFAULTS)
CriterionName = Literal[
    "current_revenue",
    "potential_revenue",
    "revenue_growth",
    "order_stability",
    "cost_to_serve",
    "product_need",
    "reputation",
]
# KAISM's relative strength also uses the share of wallet: annualised window revenue / potential.
SHARE_OF_WALLET = "share_of_wallet"
# Criteria an assessment factor of the same name may supply: a KAM's judgement (a 1-10 rating in
# account_assessments) wins over the data proxy. The other criteria are facts of the data.
JUDGED_CRITERIA = frozenset({"product_need", "reputation"})
PROSPECT_TIERS = ("key_prospect", "prospect")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class Criterion(_Strict):
    weight: Weight
    direction: Direction
    # Omitted: the criterion's default method (CRITERIA_DEFAULTS).
    method: Method | None = None
    # bands only: ascending thresholds t1 < ... < tk.
    thresholds: list[Annotated[StrictFloat, Field(allow_inf_nan=False)]] | None = None


def _default_criteria() -> dict[str, Criterion]:
    return {
        name: Criterion(weight=weight, direction=direction, method=method)
        for name, (weight, direction, method) in CRITERIA_DEFAULTS.items()
    }


def _method_problem(name: str, criterion: Criterion) -> str | None:
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


class Tier(_Strict):
    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    # Omitted on the last tier, which takes everyone left.
    min_score: Annotated[StrictFloat, Field(ge=1)] | None = None
    max_accounts: Annotated[StrictInt, Field(ge=1)] | None = None


class ProspectsConfig(_Strict):
    criteria: Annotated[list[CriterionName], Field(min_length=1)] = [
        "potential_revenue",
        "reputation",
    ]
    key_prospect_min_score: Annotated[StrictFloat, Field(ge=1)] | None = None
    # At most this many key_prospects by score (overrides count first): a list a KAM can work.
    max_key_prospects: Annotated[StrictInt, Field(ge=0)] = 30


class TierRulesConfig(_Strict):
    """What, besides the score, decides the first tier (README "How a score is computed")."""

    # An account in the first tier on the previous scored date competes for it with its score
    # plus this; omitted, 2.5% of the scale (0.25 on a scale of 10).
    incumbent_margin: Annotated[StrictFloat, Field(ge=0)] | None = None
    # Below this share of the informative criteria's weight, an account (or a prospect) cannot
    # reach the first tier (or key_prospect) by its score.
    min_completeness_for_key: Annotated[StrictFloat, Field(ge=0, le=1)] = 0.6


class ConcentrationConfig(_Strict):
    mono_client_share: Share = 0.50
    major_customer_share: Share = 0.10
    abc_a_cutoff: Share = 0.80
    abc_b_cutoff: Share = 0.95
    # Alert limits (warnings after each run, not blockers).
    top5_share_limit: Annotated[StrictFloat, Field(gt=0, le=1)] = 0.60
    hhi_limit: Annotated[StrictFloat, Field(gt=0, le=10000)] = 2500
    # Trend warnings against 12 months earlier: the HHI up by more than this share of its
    # value then, or the top customer's share up by more than this many points (as a share).
    hhi_rise_warning: Annotated[StrictFloat, Field(gt=0)] = 0.50
    top1_rise_warning: Share = 0.05
    # A warning when one KAM's accounts hold more than this share of the window's revenue.
    kam_max_share: Share = 0.30

    @model_validator(mode="after")
    def _abc_cutoffs_in_order(self) -> ConcentrationConfig:
        if self.abc_a_cutoff >= self.abc_b_cutoff:
            raise ValueError(
                f"abc_a_cutoff ({self.abc_a_cutoff}) must be below abc_b_cutoff ({self.abc_b_cutoff})"
            )
        return self


class AssessmentFactor(_Strict):
    """A judgement a KAM records in account_assessments, rated 1 to 10."""

    description: Annotated[str, Field(min_length=1)]
    # What a rating means at a few points of the 1-10 scale, shown to whoever rates.
    anchors: dict[Annotated[StrictInt, Field(ge=1, le=10)], Annotated[str, Field(min_length=1)]]


def _default_assessment_factors() -> dict[str, AssessmentFactor]:
    return {
        "our_relative_position": AssessmentFactor(
            description="How the customer rates us against its other suppliers of what we sell.",
            anchors={
                1: "our weakest supplier in the customer's eyes",
                5: "one supplier among several, on a par",
                10: "its preferred supplier, ahead of every competitor",
            },
        ),
        "relationship_stage": AssessmentFactor(
            description="How far the relationship has gone, from exploratory to integrated.",
            anchors={
                1: "exploratory: first contacts, no joint plans",
                3: "basic: transactional, one contact on each side",
                5: "cooperative: several contacts, some joint planning",
                8: "interdependent: shared plans, hard to replace on either side",
                10: "integrated: joint teams and shared systems",
            },
        ),
        "product_need": AssessmentFactor(
            description=(
                "How much the customer needs what we sell (replaces the count of products bought)."
            ),
            anchors={
                1: "could do without it",
                5: "uses it in part of its business",
                10: "critical to its operations",
            },
        ),
        "reputation": AssessmentFactor(
            description="The customer's reputation in its market (replaces reputation_score).",
            anchors={1: "poor", 5: "average", 10: "a reference in its market"},
        ),
    }


class KaismConfig(_Strict):
    # Each axis: factors (a criterion's score, an assessment factor's rating, share_of_wallet)
    # and their weights.
    attractiveness: dict[str, Weight] = {
        "potential_revenue": 1,
        "revenue_growth": 1,
        "reputation": 1,
        "cost_to_serve": 1,
    }
    relative_strength: dict[str, Weight] = {
        "our_relative_position": 1,
        "relationship_stage": 1,
        SHARE_OF_WALLET: 1,
    }
    # Where an axis splits into high and low; omitted, the middle of the scale.
    split: Annotated[StrictFloat, Field(ge=1)] | None = None

    @field_validator("attractiveness", "relative_strength")
    @classmethod
    def _some_weight(cls, weights: dict[str, float]) -> dict[str, float]:
        if not weights or not any(weights.values()):
            raise ValueError("at least one factor needs a weight above 0")
        return weights


class ValidationConfig(_Strict):
    # A sales line or service cost for a customer missing from the master: "fail" blocks the
    # delivery (the default), "warn" lets it through with a warning, for masters that lag.
    unknown_customer: Literal["fail", "warn"] = "fail"
    # A customer snapshot that leaves out a customer with sales lines in the as-of date's
    # window: "fail" (the default) quarantines it, "warn" takes it with a warning; the
    # customer's lines are then out of every published table until a snapshot lists it again.
    dropped_customer: Literal["fail", "warn"] = "fail"


class SensitivityConfig(_Strict):
    """How robust each tier is to the weights (the key_account_sensitivity table)."""

    # Weight vectors drawn around the configured weights; each draw re-ranks every customer.
    draws: Annotated[StrictInt, Field(ge=1, le=1000)] = 200
    # Each weight is multiplied by its own factor drawn uniformly in [1 - spread, 1 + spread].
    weight_spread: Annotated[StrictFloat, Field(gt=0, lt=1)] = 0.20
    # The same seed gives the same draws, so a day's probabilities can be reproduced.
    seed: StrictInt = 20261127
    # A customer whose tier in the draws differs from its published tier in more than this
    # share of draws is borderline.
    borderline_share: Annotated[StrictFloat, Field(ge=0, lt=1)] = 0.10


# The signals of kam_actions, by the name a KAM's action_feedback gives them.
SIGNALS = ("at_risk", "cross_sell_gap", "loyalty", "key_prospect", "no_kam", "override_review_due")


class ActionsConfig(_Strict):
    """Thresholds of the signals for the Key Account Managers (the kam_actions table)."""

    # Watched accounts: the first tier's and every customer holding at least this share of the
    # window's revenue (at_risk and cross_sell_gap look at them).
    watch_min_share: Share = 0.01
    # At risk: revenue in the last `recent_days` below (1 - revenue_drop) of the same days a
    # year earlier...
    recent_days: Annotated[StrictInt, Field(ge=1, le=365)] = 90
    revenue_drop: Share = 0.30
    # ... or no order for longer than both silence_factor times the median gap between its order
    # days and its longest gap, in the 365 days before its last order (its own rhythm), which
    # needs at least silence_min_order_days order days in them.
    silence_factor: Annotated[StrictFloat, Field(gt=1)] = 2.0
    silence_min_order_days: Annotated[StrictInt, Field(ge=3)] = 3
    # Loyalty programme: in the first tier on every scored date of the last loyalty_min_months
    # months but at most loyalty_allowed_gaps.
    loyalty_min_months: Annotated[StrictInt, Field(ge=1)] = 12
    loyalty_allowed_gaps: Annotated[StrictInt, Field(ge=0)] = 1
    # Cross-sell gap: a product bought in the window by at least cross_sell_min_peer_share of the
    # other first-tier accounts of the same industry (at least cross_sell_min_peers of them) and
    # by at least cross_sell_min_lift times the share of all scored customers that bought it;
    # the top cross_sell_max_products by the peers' median annual spend are named.
    cross_sell_min_peer_share: Share = 0.6
    cross_sell_min_peers: Annotated[StrictInt, Field(ge=1)] = 3
    cross_sell_min_lift: Annotated[StrictFloat, Field(ge=1)] = 2.0
    cross_sell_max_products: Annotated[StrictInt, Field(ge=1, le=10)] = 3


class SignalBacktestConfig(_Strict):
    """How the product measures its own signals (the signal_backtest table)."""

    # at_risk is followed by its outcome when the account's revenue in the at_risk_horizon_days
    # after the scored date is below at_risk_outcome_share of the same days before it.
    at_risk_horizon_days: Annotated[StrictInt, Field(ge=1, le=365)] = 90
    at_risk_outcome_share: Share = 0.5
    # cross_sell_gap is followed by its outcome when a listed product is bought within this.
    cross_sell_horizon_days: Annotated[StrictInt, Field(ge=1, le=730)] = 180
    # key_prospect is followed by its outcome when the prospect orders within this.
    key_prospect_horizon_days: Annotated[StrictInt, Field(ge=1, le=730)] = 180
    # A warning when a signal fired at least min_signals times has a lift below min_lift.
    min_signals: Annotated[StrictInt, Field(ge=1)] = 30
    min_lift: Annotated[StrictFloat, Field(gt=0)] = 1.2


class ScoringConfig(_Strict):
    scale: Literal[10, 100] = 10
    reporting_currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    window_months: Annotated[StrictInt, Field(ge=1, le=120)] = 12
    # Order stability needs at least this many monthly periods since the customer's first order.
    min_stability_periods: Annotated[StrictInt, Field(ge=2)] = 3
    criteria: dict[CriterionName, Criterion] = Field(default_factory=_default_criteria)
    tiers: Annotated[list[Tier], Field(min_length=1)] | None = None
    prospects: ProspectsConfig = ProspectsConfig()
    tier_rules: TierRulesConfig = TierRulesConfig()
    concentration: ConcentrationConfig = ConcentrationConfig()
    assessment_factors: dict[
        Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], AssessmentFactor
    ] = Field(default_factory=_default_assessment_factors)
    # An assessment older than this on an as-of date is no longer in force.
    assessment_max_age_months: Annotated[StrictInt, Field(ge=1, le=120)] = 12
    kaism: KaismConfig = KaismConfig()
    validation: ValidationConfig = ValidationConfig()
    sensitivity: SensitivityConfig = SensitivityConfig()
    actions: ActionsConfig = ActionsConfig()
    signal_backtest: SignalBacktestConfig = SignalBacktestConfig()

    @field_validator("criteria")
    @classmethod
    def _criteria_complete_and_weighted(
        cls, criteria: dict[str, Criterion]
    ) -> dict[str, Criterion]:
        missing = [name for name in CRITERIA if name not in criteria]
        if missing:
            raise ValueError(
                f"every criterion needs a weight and a direction; missing {', '.join(missing)} "
                "(give a weight of 0 to drop one)"
            )
        if not any(criterion.weight for criterion in criteria.values()):
            raise ValueError("all weights are 0: at least one criterion needs a weight above 0")
        completed = {
            name: criteria[name].model_copy(
                update={"method": criteria[name].method or CRITERIA_DEFAULTS[name][2]}
            )
            for name in CRITERIA
        }
        problems = [
            f"{name}: {problem}"
            for name, criterion in completed.items()
            if (problem := _method_problem(name, criterion))
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return completed

    @model_validator(mode="after")
    def _fill_scale_dependent_defaults(self) -> ScoringConfig:
        # Defaults that depend on the scale: key >= 75% of it (at most 30), development >= 50%.
        if self.tiers is None:
            object.__setattr__(
                self,
                "tiers",
                [
                    Tier(name="key", min_score=0.75 * self.scale, max_accounts=30),
                    Tier(name="development", min_score=0.5 * self.scale),
                    Tier(name="ordinary"),
                ],
            )
        if self.prospects.key_prospect_min_score is None:
            object.__setattr__(
                self,
                "prospects",
                self.prospects.model_copy(
                    update={"key_prospect_min_score": self.tiers[0].min_score}
                ),
            )
        if self.tier_rules.incumbent_margin is None:
            object.__setattr__(
                self,
                "tier_rules",
                self.tier_rules.model_copy(update={"incumbent_margin": 0.025 * self.scale}),
            )
        if self.kaism.split is None:
            object.__setattr__(
                self, "kaism", self.kaism.model_copy(update={"split": (1 + self.scale) / 2})
            )
        return self

    @model_validator(mode="after")
    def _tiers_in_order(self) -> ScoringConfig:
        tiers = self.tiers
        names = [tier.name for tier in tiers]
        if len(set(names)) != len(names):
            raise ValueError(f"tiers: names must be unique, got {names}")
        reserved = sorted(set(names) & set(PROSPECT_TIERS))
        if reserved:
            raise ValueError(
                f"tiers: {', '.join(reserved)} is kept for prospects; choose another name"
            )
        *ranked, last = tiers
        for position, tier in enumerate(ranked):
            if tier.min_score is None:
                raise ValueError(
                    f"tiers.{position} ({tier.name}): min_score is required on every tier but the last"
                )
            if tier.min_score > self.scale:
                raise ValueError(
                    f"tiers.{position} ({tier.name}): min_score {tier.min_score:g} is above the scale ({self.scale})"
                )
        minimums = [tier.min_score for tier in ranked]
        if any(higher <= lower for higher, lower in zip(minimums, minimums[1:], strict=False)):
            raise ValueError(
                "tiers: list them highest first, each min_score below the one before; got "
                + ", ".join(f"{minimum:g}" for minimum in minimums)
            )
        if last.min_score not in (None, 1):
            raise ValueError(
                f"tiers.{len(tiers) - 1} ({last.name}): the last tier takes everyone left; "
                "omit its min_score (or set it to 1)"
            )
        if last.max_accounts is not None:
            raise ValueError(
                f"tiers.{len(tiers) - 1} ({last.name}): the last tier cannot have max_accounts, "
                "there is no tier below it for the overflow"
            )
        return self

    @model_validator(mode="after")
    def _factors_declared(self) -> ScoringConfig:
        measured = sorted(set(self.assessment_factors) & set(CRITERIA) - JUDGED_CRITERIA)
        if measured:
            raise ValueError(
                f"assessment_factors: {', '.join(measured)} is measured from the data; only "
                f"{', '.join(sorted(JUDGED_CRITERIA))} can be judged (or name a new factor)"
            )
        known = {*CRITERIA, SHARE_OF_WALLET, *self.assessment_factors}
        for axis in ("attractiveness", "relative_strength"):
            unknown = sorted(set(getattr(self.kaism, axis)) - known)
            if unknown:
                raise ValueError(
                    f"kaism.{axis}: {', '.join(unknown)} is neither a criterion, "
                    f"{SHARE_OF_WALLET} nor one of assessment_factors"
                )
        return self

    @model_validator(mode="after")
    def _scores_within_scale(self) -> ScoringConfig:
        if self.min_stability_periods > self.window_months:
            raise ValueError(
                f"min_stability_periods ({self.min_stability_periods}) is above window_months "
                f"({self.window_months}): order stability could never be measured"
            )
        for key, value in (
            ("prospects.key_prospect_min_score", self.prospects.key_prospect_min_score),
            ("kaism.split", self.kaism.split),
            ("tier_rules.incumbent_margin", self.tier_rules.incumbent_margin),
        ):
            if value is not None and value > self.scale:
                raise ValueError(f"{key}: {value:g} is above the scale ({self.scale})")
        if not any(self.criteria[name].weight for name in self.prospects.criteria):
            raise ValueError(
                "prospects.criteria: every criterion listed has weight 0, so prospects could not be scored"
            )
        return self

    @property
    def version(self) -> str:
        """A short hash of the effective configuration, stored on every published row."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]


ECHO_LIMIT = 80


def _cut(text: str) -> str:
    """Text from the file, cut to ECHO_LIMIT characters: a message stays a few short lines
    whatever the file holds."""
    return text if len(text) <= ECHO_LIMIT else f"{text[: ECHO_LIMIT - 1]}…"


def _abridged(value: Any) -> str:
    return _cut(repr(value))


def _describe(error: dict[str, Any]) -> str:
    message = error["msg"].removeprefix("Value error, ")
    if not error["loc"]:
        # A rule across several keys: its message names them.
        return f"  {message}"
    key = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        message = "unknown key"
    if error["type"] == "literal_error":
        message = f"not allowed; {message[0].lower()}{message[1:]}"
    return f"  {key}: {message} (got {_abridged(error.get('input'))})"


class _Refused(yaml.YAMLError):
    """A file PyYAML would read, written in a way the configuration does not accept."""


class _ConfigLoader(yaml.SafeLoader):
    """PyYAML's safe loader, stricter: a key given twice in a mapping, which YAML resolves by
    silently keeping the last, and aliases, which can expand a few lines into gigabytes (the
    "billion laughs"), are refused."""

    def compose_node(self, parent, index):
        # Checked as each node is composed, so an alias is refused before anything expands.
        if self.check_event(yaml.AliasEvent):
            alias = self.peek_event()
            raise _Refused(
                f"uses YAML aliases (*name), which the configuration does not allow: "
                f"*{_cut(alias.anchor)} on line {alias.start_mark.line + 1}; "
                "write the value out instead"
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        lines: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool):
                continue  # an unhashable key is PyYAML's own error, raised below
            line = key_node.start_mark.line + 1
            if key in lines:
                raise _Refused(
                    f"has the key {_abridged(key)} twice in one mapping, on lines "
                    f"{lines[key]} and {line}: YAML would silently keep the last; keep one"
                )
            lines[key] = line
        return super().construct_mapping(node, deep)


def _read_yaml(path: Path) -> Any:
    """The file's YAML, or ConfigError naming the file and what is wrong with it."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except FileNotFoundError:
        raise ConfigError(f"Configuration file {path} does not exist.") from None
    except _Refused as exc:
        raise ConfigError(f"Configuration file {path} {exc}.") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"Configuration file {path} is not valid YAML: {exc}") from None


def load_scoring_config(path: Path) -> ScoringConfig:
    """Read and validate the YAML file; raise ConfigError with every problem listed."""
    raw = _read_yaml(path)
    if raw is None:
        # Often a file truncated or not yet written: running on the defaults would hide it.
        raise ConfigError(
            f"Configuration file {path} is empty: copy config/key_accounts.yml (every key, "
            "with its default and what it does) and change what you need."
        )
    if not isinstance(raw, dict):
        raise ConfigError(
            f"Configuration file {path} must hold a mapping of keys, not {_abridged(raw)}."
        )
    try:
        return ScoringConfig.model_validate(raw)
    except ValidationError as exc:
        problems = "\n".join(_describe(error) for error in exc.errors())
        raise ConfigError(f"Configuration file {path} is invalid:\n{problems}") from None


def dbt_vars(config: ScoringConfig) -> dict[str, Any]:
    """The only way the configuration reaches dbt: one mapping passed as --vars. The as-of
    dates are not among them (the table raw.as_of_dates holds them): the same vars from
    one day to the next let dbt keep its parsed project."""
    return {
        "config_version": config.version,
        "scale": config.scale,
        "reporting_currency": config.reporting_currency,
        "window_months": config.window_months,
        "min_stability_periods": config.min_stability_periods,
        "criteria": {
            name: criterion.model_dump(mode="json", exclude_none=True)
            for name, criterion in config.criteria.items()
        },
        "tiers": [tier.model_dump(mode="json") for tier in config.tiers],
        "prospect_criteria": list(config.prospects.criteria),
        "key_prospect_min_score": config.prospects.key_prospect_min_score,
        "max_key_prospects": config.prospects.max_key_prospects,
        "incumbent_margin": config.tier_rules.incumbent_margin,
        "min_completeness_for_key": config.tier_rules.min_completeness_for_key,
        "assessment_factors": list(config.assessment_factors),
        "assessment_max_age_months": config.assessment_max_age_months,
        "kaism_attractiveness": dict(config.kaism.attractiveness),
        "kaism_relative_strength": dict(config.kaism.relative_strength),
        "kaism_split": config.kaism.split,
        "mono_client_share": config.concentration.mono_client_share,
        "major_customer_share": config.concentration.major_customer_share,
        "abc_a_cutoff": config.concentration.abc_a_cutoff,
        "abc_b_cutoff": config.concentration.abc_b_cutoff,
        # The draws themselves are generated from these when the SQL compiles
        # (dbt/macros/weight_draws.sql), the same on every engine.
        "sensitivity": {
            "draws": config.sensitivity.draws,
            "weight_spread": config.sensitivity.weight_spread,
            "seed": config.sensitivity.seed,
        },
        "borderline_share": config.sensitivity.borderline_share,
        "actions": config.actions.model_dump(mode="json"),
        # One model int_signal_<name> per signal (dbt/models/intermediate).
        "signals": list(SIGNALS),
        "signal_backtest": config.signal_backtest.model_dump(mode="json"),
    }
