"""The business configuration (KEY_ACCOUNTS_CONFIG): loaded, validated, and turned into dbt vars.

Every rule a user can break is declared on the models, so pydantic reports all mistakes of a
file at once; `load_scoring_config` turns them into one message naming the file and keys. Every
default is the shipped file's (config/key_accounts.yml), so the code holds none of its own.
The public names of the sections, the file reader and the dbt vars are re-exported here, where
the rest of the project imports them from.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StrictInt, ValidationError, field_validator, model_validator

from dagster_project.lib.configuration.config_file import (
    ECHO_LIMIT,
    ConfigError,
    abridged,
    describe_error,
    read_yaml,
)
from dagster_project.lib.configuration.dbt_vars import dbt_vars
from dagster_project.lib.configuration.scale_defaults import fill_scale_dependent_defaults
from dagster_project.lib.configuration.sections import (
    CRITERIA,
    JUDGED_CRITERIA,
    PROSPECT_TIERS,
    RATING_METRICS,
    SHARE_OF_WALLET,
    SIGNALS,
    SIGNED_METRICS,
    ActionsConfig,
    AssessmentFactor,
    ConcentrationConfig,
    Criterion,
    CriterionName,
    Direction,
    KaismConfig,
    Method,
    ProspectsConfig,
    SensitivityConfig,
    SignalBacktestConfig,
    Strict,
    Tier,
    TierRulesConfig,
    ValidationConfig,
    method_problem,
)
from dagster_project.lib.configuration.shipped_defaults import shipped, shipped_value

__all__ = [
    "CRITERIA",
    "ECHO_LIMIT",
    "JUDGED_CRITERIA",
    "PROSPECT_TIERS",
    "RATING_METRICS",
    "SHARE_OF_WALLET",
    "SIGNALS",
    "SIGNED_METRICS",
    "ActionsConfig",
    "AssessmentFactor",
    "ConcentrationConfig",
    "ConfigError",
    "Criterion",
    "CriterionName",
    "Direction",
    "KaismConfig",
    "Method",
    "ProspectsConfig",
    "ScoringConfig",
    "SensitivityConfig",
    "SignalBacktestConfig",
    "Tier",
    "TierRulesConfig",
    "ValidationConfig",
    "dbt_vars",
    "load_scoring_config",
]


def _criteria_with_methods(criteria: dict[str, Criterion]) -> dict[str, Criterion]:
    """Every criterion, in the canonical order, with the shipped method where none is given."""
    return {
        name: criteria[name].model_copy(
            update={
                "method": criteria[name].method or Method(shipped_value("criteria", name, "method"))
            }
        )
        for name in CRITERIA
    }


def _tier_problem(tiers: list[Tier], scale: int) -> str | None:
    """Why the tiers cannot rank the customers, or None when they can."""
    names = [tier.name for tier in tiers]
    if len(set(names)) != len(names):
        return f"tiers: names must be unique, got {names}"
    reserved = sorted(set(names) & set(PROSPECT_TIERS))
    if reserved:
        return f"tiers: {', '.join(reserved)} is kept for prospects; choose another name"
    *ranked, last = tiers
    for position, tier in enumerate(ranked):
        if tier.min_score is None:
            return (
                f"tiers.{position} ({tier.name}): min_score is required on every tier but the last"
            )
        if tier.min_score > scale:
            return f"tiers.{position} ({tier.name}): min_score {tier.min_score:g} is above the scale ({scale})"
    minimums = [tier.min_score for tier in ranked]
    if any(higher <= lower for higher, lower in zip(minimums, minimums[1:], strict=False)):
        return (
            "tiers: list them highest first, each min_score below the one before; got "
            + ", ".join(f"{minimum:g}" for minimum in minimums)
        )
    if last.min_score not in (None, 1):
        return (
            f"tiers.{len(tiers) - 1} ({last.name}): the last tier takes everyone left; "
            "omit its min_score (or set it to 1)"
        )
    if last.max_accounts is not None:
        return (
            f"tiers.{len(tiers) - 1} ({last.name}): the last tier cannot have max_accounts, "
            "there is no tier below it for the overflow"
        )
    return None


class ScoringConfig(Strict):
    """The whole configuration; what each key means: config/key_accounts.yml, docs/method.md."""

    scale: Literal[10, 100] = shipped("scale")
    reporting_currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = shipped("reporting_currency")
    window_months: Annotated[StrictInt, Field(ge=1, le=120)] = shipped("window_months")
    min_stability_periods: Annotated[StrictInt, Field(ge=2)] = shipped("min_stability_periods")
    criteria: dict[CriterionName, Criterion] = shipped("criteria")
    # Omitted: the shipped tiers with their minimums in proportion to the scale.
    tiers: Annotated[list[Tier], Field(min_length=1)] | None = None
    prospects: ProspectsConfig = Field(default_factory=ProspectsConfig)
    tier_rules: TierRulesConfig = Field(default_factory=TierRulesConfig)
    concentration: ConcentrationConfig = Field(default_factory=ConcentrationConfig)
    assessment_factors: dict[
        Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], AssessmentFactor
    ] = shipped("assessment_factors")
    assessment_max_age_months: Annotated[StrictInt, Field(ge=1, le=120)] = shipped(
        "assessment_max_age_months"
    )
    kaism: KaismConfig = Field(default_factory=KaismConfig)
    validation: ValidationConfig = Field(default_factory=ValidationConfig)
    sensitivity: SensitivityConfig = Field(default_factory=SensitivityConfig)
    actions: ActionsConfig = Field(default_factory=ActionsConfig)
    signal_backtest: SignalBacktestConfig = Field(default_factory=SignalBacktestConfig)

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
        completed = _criteria_with_methods(criteria)
        problems = [
            f"{name}: {problem}"
            for name, criterion in completed.items()
            if (problem := method_problem(name, criterion))
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return completed

    @model_validator(mode="after")
    def _fill_scale_dependent_defaults(self) -> ScoringConfig:
        for key, value in fill_scale_dependent_defaults(self).items():
            object.__setattr__(self, key, value)
        return self

    @model_validator(mode="after")
    def _tiers_in_order(self) -> ScoringConfig:
        problem = _tier_problem(self.tiers, self.scale)
        if problem:
            raise ValueError(problem)
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
        """A short hash of the effective configuration, stored on every published row, so a
        past ranking can be explained and reproduced."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def load_scoring_config(path: Path) -> ScoringConfig:
    """Read and validate the YAML file; raise ConfigError with every problem listed."""
    raw = read_yaml(path)
    if raw is None:
        # Often a file truncated or not yet written: running on the defaults would hide it.
        raise ConfigError(
            f"Configuration file {path} is empty: copy config/key_accounts.yml (every key, "
            "with its default and what it does) and change what you need."
        )
    if not isinstance(raw, dict):
        raise ConfigError(
            f"Configuration file {path} must hold a mapping of keys, not {abridged(raw)}."
        )
    try:
        return ScoringConfig.model_validate(raw)
    except ValidationError as exc:
        problems = "\n".join(describe_error(error) for error in exc.errors())
        raise ConfigError(f"Configuration file {path} is invalid:\n{problems}") from None
