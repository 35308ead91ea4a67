"""The scoring configuration as the baseline reads it: config/key_accounts.yml with the defaults
docs/method.md states ("Scoring", "Tiers", "KAISM", "Concentration"), read here again rather
than through the pipeline's loader, so that a default the two disagree on shows as a difference."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import yaml

# criterion: (default weight, default direction, default method), in the order of the published
# columns.
DEFAULT_CRITERIA = {
    "current_revenue": (30, "higher", "log_range"),
    "potential_revenue": (20, "higher", "log_range"),
    "revenue_growth": (10, "higher", "percent_rank"),
    "order_stability": (10, "lower", "percent_rank"),
    "cost_to_serve": (10, "lower", "percent_rank"),
    "product_need": (10, "higher", "percent_rank"),
    "reputation": (10, "higher", "rating"),
}
METHODS = ("percent_rank", "log_range", "bands", "rating")
DIRECTIONS = ("higher", "lower")
# The judgements a KAM may record (config assessment_factors), when the configuration names none.
DEFAULT_ASSESSMENT_FACTORS = (
    "our_relative_position",
    "relationship_stage",
    "product_need",
    "reputation",
)
# The criteria a judgement of the same name may supply (over their data proxy); the others are
# facts of the data.
JUDGEABLE_CRITERIA = ("product_need", "reputation")
# KAISM's factor of the relative strength measured from the data: window revenue / potential.
SHARE_OF_WALLET = "share_of_wallet"
DEFAULT_ATTRACTIVENESS = {
    "potential_revenue": 1,
    "revenue_growth": 1,
    "reputation": 1,
    "cost_to_serve": 1,
}
DEFAULT_RELATIVE_STRENGTH = {
    "our_relative_position": 1,
    "relationship_stage": 1,
    "share_of_wallet": 1,
}


@dataclass(frozen=True)
class Tier:
    name: str
    min_score: float | None
    max_accounts: int | None


@dataclass(frozen=True)
class Criterion:
    weight: float
    direction: str
    method: str
    # Ascending band thresholds (bands only).
    thresholds: tuple[float, ...]


@dataclass(frozen=True)
class Config:
    scale: int
    reporting_currency: str
    window_months: int
    min_stability_periods: int
    criteria: dict[str, Criterion]
    tiers: list[Tier]
    # Absolute score points an incumbent of the first tier competes with on top of its score.
    incumbent_margin: float
    # The score_completeness below which a customer cannot enter the first tier by score, nor be
    # a key prospect.
    min_completeness_for_key: float
    prospect_criteria: list[str]
    key_prospect_min_score: float
    max_key_prospects: int | None
    mono_client_share: float
    major_customer_share: float
    abc_a_cutoff: float
    abc_b_cutoff: float
    attractiveness: dict[str, float]
    relative_strength: dict[str, float]
    kaism_split: float
    # The factors a KAM rates 1–10 in account_assessments, and how long a rating stays in force.
    assessment_factors: tuple[str, ...]
    assessment_max_age_months: int

    @property
    def weights(self) -> dict[str, float]:
        return {name: criterion.weight for name, criterion in self.criteria.items()}

    @property
    def judged_criteria(self) -> list[str]:
        """The criteria a judgement in force replaces the data proxy of, in criteria order."""
        return [name for name in self.criteria if name in self.assessment_factors]

    @property
    def rated_factors(self) -> list[str]:
        """The assessment factors that are not criteria: KAISM factors scored by their rating."""
        return [factor for factor in self.assessment_factors if factor not in self.criteria]


def load_criterion(name: str, given: dict) -> Criterion:
    weight, direction, method = DEFAULT_CRITERIA[name]
    criterion = Criterion(
        weight=float(given.get("weight", weight)),
        direction=str(given.get("direction", direction)),
        method=str(given.get("method", method)),
        thresholds=tuple(float(t) for t in given.get("thresholds") or ()),
    )
    if criterion.weight < 0:
        raise ValueError(f"criteria.{name}.weight must be >= 0")
    if criterion.direction not in DIRECTIONS:
        raise ValueError(f"criteria.{name}.direction must be one of {', '.join(DIRECTIONS)}")
    if criterion.method not in METHODS:
        raise ValueError(f"criteria.{name}.method must be one of {', '.join(METHODS)}")
    if criterion.method == "bands" and (
        not criterion.thresholds or any(a >= b for a, b in pairwise(criterion.thresholds))
    ):
        raise ValueError(f"criteria.{name}.thresholds must be a non-empty ascending list")
    return criterion


def criteria_config(criteria: dict) -> dict[str, Criterion]:
    return {name: load_criterion(name, criteria.get(name) or {}) for name in DEFAULT_CRITERIA}


def _tiers(raw: dict, scale: int) -> list[Tier]:
    given = raw.get("tiers") or [
        {"name": "key", "min_score": 0.75 * scale, "max_accounts": 30},
        {"name": "development", "min_score": 0.5 * scale},
        {"name": "ordinary"},
    ]
    return [Tier(str(t["name"]), t.get("min_score"), t.get("max_accounts")) for t in given]


def _assessment_factors(raw: dict) -> tuple[str, ...]:
    """The configured factors (a mapping of factor → description and anchors, or a list of
    names), refused where a factor would judge a criterion measured from the data."""
    factors = raw.get("assessment_factors")
    assessment_factors = tuple(DEFAULT_ASSESSMENT_FACTORS if factors is None else factors)
    for factor in assessment_factors:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", str(factor)):
            raise ValueError(f"assessment_factors: {factor!r} is not a lower-case identifier")
    judged = {name for name in DEFAULT_CRITERIA if name in assessment_factors}
    if judged - set(JUDGEABLE_CRITERIA):
        raise ValueError(
            f"assessment_factors: {', '.join(sorted(judged - set(JUDGEABLE_CRITERIA)))} is "
            "measured from the data, only product_need and reputation can be judged"
        )
    return assessment_factors


def _axis_weights(given: dict | None, default: dict) -> dict[str, float]:
    return {factor: float(weight) for factor, weight in (given or default).items()}


def _check_kaism_factors(config: Config) -> None:
    known = {*DEFAULT_CRITERIA, SHARE_OF_WALLET, *config.assessment_factors}
    for axis, weights in (
        ("attractiveness", config.attractiveness),
        ("relative_strength", config.relative_strength),
    ):
        unknown = sorted(set(weights) - known)
        if unknown:
            raise ValueError(
                f"kaism.{axis}: {', '.join(unknown)} is neither a criterion, {SHARE_OF_WALLET} "
                "nor an assessment factor"
            )


def load_config(path: Path) -> Config:
    """The scoring configuration, each setting the YAML leaves out at its documented default."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    scale = int(raw.get("scale", 10))
    tiers = _tiers(raw, scale)
    criteria = criteria_config(raw.get("criteria") or {})
    if not any(criterion.weight > 0 for criterion in criteria.values()):
        raise ValueError("at least one criterion needs a weight > 0")
    tier_rules = raw.get("tier_rules") or {}
    prospects = raw.get("prospects") or {}
    concentration = raw.get("concentration") or {}
    kaism = raw.get("kaism") or {}
    key_prospect_min_score = prospects.get("key_prospect_min_score")
    incumbent_margin = tier_rules.get("incumbent_margin")
    max_key_prospects = prospects.get("max_key_prospects", 30)
    split = kaism.get("split")
    config = Config(
        scale=scale,
        reporting_currency=str(raw.get("reporting_currency", "EUR")).upper(),
        window_months=int(raw.get("window_months", 12)),
        min_stability_periods=int(raw.get("min_stability_periods", 3)),
        criteria=criteria,
        tiers=tiers,
        incumbent_margin=float(0.025 * scale if incumbent_margin is None else incumbent_margin),
        min_completeness_for_key=float(tier_rules.get("min_completeness_for_key", 0.6)),
        prospect_criteria=list(prospects.get("criteria") or ["potential_revenue", "reputation"]),
        key_prospect_min_score=float(
            tiers[0].min_score if key_prospect_min_score is None else key_prospect_min_score
        ),
        max_key_prospects=None if max_key_prospects is None else int(max_key_prospects),
        mono_client_share=float(concentration.get("mono_client_share", 0.50)),
        major_customer_share=float(concentration.get("major_customer_share", 0.10)),
        abc_a_cutoff=float(concentration.get("abc_a_cutoff", 0.80)),
        abc_b_cutoff=float(concentration.get("abc_b_cutoff", 0.95)),
        attractiveness=_axis_weights(kaism.get("attractiveness"), DEFAULT_ATTRACTIVENESS),
        relative_strength=_axis_weights(kaism.get("relative_strength"), DEFAULT_RELATIVE_STRENGTH),
        kaism_split=float((1 + scale) / 2 if split is None else split),
        assessment_factors=_assessment_factors(raw),
        assessment_max_age_months=int(raw.get("assessment_max_age_months", 12)),
    )
    _check_kaism_factors(config)
    return config
