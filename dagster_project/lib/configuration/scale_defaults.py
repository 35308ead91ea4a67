"""The defaults that follow the scale, derived from the shipped file rather than written again.

A file on a scale of 100 that omits its tiers must not get the shipped minimums of a scale of
10 (docs/method.md, "Tiers"): the shipped tiers and incumbent margin are taken in proportion to
the scale, the key prospects' minimum is the first tier's, and KAISM's split is the middle of
the scale (docs/method.md, "KAISM").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dagster_project.lib.configuration.sections import Tier
from dagster_project.lib.configuration.shipped_defaults import shipped_value

if TYPE_CHECKING:
    from dagster_project.lib.configuration.scoring import ScoringConfig


def _in_proportion(shipped_amount: float, scale: int) -> float:
    """A shipped amount on the shipped file's scale, brought to `scale`."""
    return shipped_amount / shipped_value("scale") * scale


def default_tiers(scale: int) -> list[Tier]:
    """The shipped tiers, their minimums in proportion to the scale."""
    return [
        Tier.model_validate(
            {
                **tier,
                "min_score": None
                if tier.get("min_score") is None
                else _in_proportion(tier["min_score"], scale),
            }
        )
        for tier in shipped_value("tiers")
    ]


def fill_scale_dependent_defaults(config: ScoringConfig) -> dict[str, Any]:
    """The sections of `config` to replace so no scale-dependent key is left unset."""
    tiers = config.tiers if config.tiers is not None else default_tiers(config.scale)
    updates: dict[str, Any] = {"tiers": tiers}
    if config.prospects.key_prospect_min_score is None:
        updates["prospects"] = config.prospects.model_copy(
            update={"key_prospect_min_score": tiers[0].min_score}
        )
    if config.tier_rules.incumbent_margin is None:
        margin = _in_proportion(shipped_value("tier_rules", "incumbent_margin"), config.scale)
        updates["tier_rules"] = config.tier_rules.model_copy(update={"incumbent_margin": margin})
    if config.kaism.split is None:
        updates["kaism"] = config.kaism.model_copy(update={"split": (1 + config.scale) / 2})
    return updates
