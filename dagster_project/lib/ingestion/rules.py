"""What a run checks deliveries against, taken from the configuration and the run's dates, in
one value that every step of the ingestion reads (docs/operations.md, "Bad input").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from dagster_project.lib.configuration.scoring import (
    PROSPECT_TIERS,
    ScoringConfig,
    load_scoring_config,
)
from dagster_project.lib.configuration.settings import DEFAULT_CONFIG_FILE, DEFAULT_SETTLE_SECONDS


def tier_names(config: ScoringConfig) -> tuple[str, ...]:
    """The names of the configuration's `tiers`, highest first."""
    return tuple(tier.name for tier in config.tiers)


def assessment_factor_names(config: ScoringConfig) -> tuple[str, ...]:
    """The names of the configuration's `assessment_factors`, as declared."""
    return tuple(config.assessment_factors)


@cache
def _default_config() -> ScoringConfig:
    return load_scoring_config(DEFAULT_CONFIG_FILE)


def _default_tier_names() -> tuple[str, ...]:
    return tier_names(_default_config())


def _default_assessment_factor_names() -> tuple[str, ...]:
    return assessment_factor_names(_default_config())


@dataclass(frozen=True)
class IngestionRules:
    """What a run checks deliveries against: dates, the configuration's validation settings,
    tiers and assessment factors, and how long a landed file must be unchanged before it is
    taken."""

    today: date
    # The run's latest as-of date, and its earliest when it scores several (a backfill).
    as_of: date
    first_as_of: date | None = None
    window_months: int = 12
    reporting_currency: str = "EUR"
    unknown_customer: str = "fail"
    dropped_customer: str = "fail"
    settle_seconds: float = DEFAULT_SETTLE_SECONDS
    # The configuration's tier names (by default those of config/key_accounts.yml).
    tiers: tuple[str, ...] = field(default_factory=_default_tier_names)
    # The factors an account assessment may rate (by default those of config/key_accounts.yml).
    assessment_factors: tuple[str, ...] = field(default_factory=_default_assessment_factor_names)

    @classmethod
    def from_config(cls, config, today: date, as_of_dates: list[date], settle_seconds: float):
        """The rules of a run scoring `as_of_dates`, from the configuration it validated."""
        return cls(
            today=today,
            as_of=max(as_of_dates),
            first_as_of=min(as_of_dates),
            window_months=config.window_months,
            reporting_currency=config.reporting_currency,
            unknown_customer=config.validation.unknown_customer,
            dropped_customer=config.validation.dropped_customer,
            settle_seconds=settle_seconds,
            tiers=tier_names(config),
            assessment_factors=assessment_factor_names(config),
        )

    @property
    def validation_settings(self) -> dict[str, str]:
        return {
            "unknown_customer": self.unknown_customer,
            "dropped_customer": self.dropped_customer,
        }

    @property
    def override_tiers(self) -> tuple[str, ...]:
        """The tiers an account override may set: a configured tier, or a prospect's."""
        return (*self.tiers, *PROSPECT_TIERS)
