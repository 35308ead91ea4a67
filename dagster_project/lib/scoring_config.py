"""The business configuration (KEY_ACCOUNTS_CONFIG): loaded, validated, and turned into dbt vars."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

Share = Annotated[float, Field(gt=0, lt=1)]


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file, the key and the fix."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class ConcentrationConfig(_Strict):
    mono_client_share: Share = 0.50
    major_customer_share: Share = 0.10
    abc_a_cutoff: Share = 0.80
    abc_b_cutoff: Share = 0.95

    @model_validator(mode="after")
    def _abc_cutoffs_in_order(self) -> ConcentrationConfig:
        if self.abc_a_cutoff >= self.abc_b_cutoff:
            raise ValueError(
                f"abc_a_cutoff ({self.abc_a_cutoff}) must be below abc_b_cutoff ({self.abc_b_cutoff})"
            )
        return self


class ScoringConfig(_Strict):
    reporting_currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    window_months: Annotated[int, Field(ge=1, le=120)] = 12
    concentration: ConcentrationConfig = ConcentrationConfig()

    @property
    def version(self) -> str:
        """A short hash of the effective configuration, stored on every published row."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def _describe(error: dict[str, Any]) -> str:
    key = ".".join(str(part) for part in error["loc"]) or "(top level)"
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = "unknown key"
    return f"  {key}: {message} (got {error.get('input')!r})"


def load_scoring_config(path: Path) -> ScoringConfig:
    """Read and validate the YAML file; raise ConfigError with every problem listed."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"Configuration file {path} does not exist.") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"Configuration file {path} is not valid YAML: {exc}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"Configuration file {path} must hold a mapping of keys, not {raw!r}.")
    try:
        return ScoringConfig.model_validate(raw)
    except ValidationError as exc:
        problems = "\n".join(_describe(error) for error in exc.errors())
        raise ConfigError(f"Configuration file {path} is invalid:\n{problems}") from None


def dbt_vars(config: ScoringConfig, as_of: date) -> dict[str, Any]:
    """The only way the configuration reaches dbt: one flat mapping passed as --vars."""
    return {
        "as_of_date": as_of.isoformat(),
        "config_version": config.version,
        "reporting_currency": config.reporting_currency,
        "window_months": config.window_months,
        "mono_client_share": config.concentration.mono_client_share,
        "major_customer_share": config.concentration.major_customer_share,
        "abc_a_cutoff": config.concentration.abc_a_cutoff,
        "abc_b_cutoff": config.concentration.abc_b_cutoff,
    }
