"""The configuration as dbt vars: for the pipeline's runs, and for sqlfluff's templater.

The lint compiles the models with the vars of the shipped configuration, written into a file
sqlfluff reads (`make lint`), so no copy of them sits in pyproject.toml.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dagster_project.lib.configuration.sections import SIGNALS

if TYPE_CHECKING:
    from dagster_project.lib.configuration.scoring import ScoringConfig

# The templater's config_version: the lint does not need the hash, which sqlfluff's ini reader
# could take for a number.
LINT_CONFIG_VERSION = "lint"
SQLFLUFF_CONTEXT_SECTION = "sqlfluff:templater:dbt:context"


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


def sqlfluff_context(config: ScoringConfig) -> str:
    """The vars as a sqlfluff config file (ini). Nested values go as JSON text, which
    dbt/macros/pipeline_var.sql decodes; scalars as sqlfluff's ini reader types them back."""
    variables = {**dbt_vars(config), "config_version": LINT_CONFIG_VERSION}
    lines = [f"[{SQLFLUFF_CONTEXT_SECTION}]"]
    for name, value in variables.items():
        text = json.dumps(value) if isinstance(value, dict | list) else str(value)
        lines.append(f"{name} = {text}")
    return "\n".join(lines) + "\n"


def write_sqlfluff_context(path: Path) -> None:
    """Write the shipped configuration's vars where `sqlfluff lint --config` reads them."""
    from dagster_project.lib.configuration.scoring import ScoringConfig

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sqlfluff_context(ScoringConfig()), encoding="utf-8")


if __name__ == "__main__":
    # `make lint`: python -m dagster_project.lib.configuration.dbt_vars <file to write>
    write_sqlfluff_context(Path(sys.argv[1]))
