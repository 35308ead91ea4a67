"""The business configuration: the shipped file is the one home of every default, and each
mistake gets a precise message (docs/method.md, "Inputs")."""

import re
import time
import tomllib
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from dagster_project.lib.configuration import sections
from dagster_project.lib.configuration.scoring import (
    ConfigError,
    ScoringConfig,
    dbt_vars,
    load_scoring_config,
)
from dagster_project.lib.configuration.settings import DEFAULT_CONFIG_FILE, REPO_ROOT

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


def test_default_file_holds_the_designs_defaults():
    config = load_scoring_config(DEFAULT_CONFIG_FILE)
    assert config == ScoringConfig()  # the file says exactly what the code defaults to
    assert (config.scale, config.window_months, config.reporting_currency) == (10, 12, "EUR")
    assert {name: (c.weight, c.direction.value) for name, c in config.criteria.items()} == {
        "current_revenue": (30, "higher"),
        "potential_revenue": (20, "higher"),
        "revenue_growth": (10, "higher"),
        "order_stability": (10, "lower"),
        "cost_to_serve": (10, "lower"),
        "product_need": (10, "higher"),
        "reputation": (10, "higher"),
    }
    assert [(t.name, t.min_score, t.max_accounts) for t in config.tiers] == [
        ("key", 7.5, 30),
        ("development", 5.0, None),
        ("ordinary", None, None),
    ]
    assert config.kaism.split == 5.5
    assert list(config.assessment_factors) == [
        "our_relative_position",
        "relationship_stage",
        "product_need",
        "reputation",
    ]
    assert config.assessment_max_age_months == 12
    assert dict(config.kaism.relative_strength) == {
        "our_relative_position": 1,
        "relationship_stage": 1,
        "share_of_wallet": 1,
    }


def test_scale_100_moves_the_default_tiers_and_split():
    config = ScoringConfig(scale=100)
    assert [(t.name, t.min_score) for t in config.tiers] == [
        ("key", 75),
        ("development", 50),
        ("ordinary", None),
    ]
    assert config.prospects.key_prospect_min_score == 75
    assert config.kaism.split == 50.5


def test_dbt_vars_carry_every_setting_and_the_version():
    config = load_scoring_config(DEFAULT_CONFIG_FILE)
    variables = dbt_vars(config)
    assert "as_of_date" not in variables  # a table: a new day must not change dbt's vars
    assert variables["config_version"] == config.version
    assert variables["criteria"]["order_stability"] == {
        "weight": 10,
        "direction": "lower",
        "method": "percent_rank",
    }
    # The shipped methods (docs/method.md, "Scoring"): money on a log range, reputation as a rating.
    assert {name: c["method"] for name, c in variables["criteria"].items()} == {
        "current_revenue": "log_range",
        "potential_revenue": "log_range",
        "revenue_growth": "percent_rank",
        "order_stability": "percent_rank",
        "cost_to_serve": "percent_rank",
        "product_need": "percent_rank",
        "reputation": "rating",
    }
    assert list(variables["criteria"]) == list(DEFAULT["criteria"])
    assert variables["tiers"][0] == {"name": "key", "min_score": 7.5, "max_accounts": 30}
    assert variables["prospect_criteria"] == ["potential_revenue", "reputation"]
    assert (
        variables["scale"],
        variables["window_months"],
        variables["key_prospect_min_score"],
    ) == (10, 12, 7.5)
    assert (variables["abc_a_cutoff"], variables["abc_b_cutoff"]) == (0.8, 0.95)
    assert (
        variables["min_stability_periods"],
        variables["incumbent_margin"],
        variables["min_completeness_for_key"],
        variables["max_key_prospects"],
    ) == (3, 0.25, 0.6, 30)


def test_dbt_vars_carry_the_default_sensitivity():
    variables = dbt_vars(ScoringConfig())
    assert variables["sensitivity"] == {"draws": 200, "weight_spread": 0.2, "seed": 20261127}
    assert variables["borderline_share"] == 0.10


def test_version_changes_with_any_setting(tmp_path):
    default = load_scoring_config(DEFAULT_CONFIG_FILE)
    reweighted = load_scoring_config(write(tmp_path, with_criterion("reputation", weight=11)))
    assert len(default.version) == 12
    assert reweighted.version != default.version


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


@pytest.mark.parametrize(
    ("content", "expected"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_each_mistake_is_reported_with_the_file_the_key_and_what_is_allowed(
    tmp_path, content, expected
):
    path = write(tmp_path, content)
    with pytest.raises(ConfigError) as raised:
        load_scoring_config(path)
    message = str(raised.value)
    assert message.startswith(f"Configuration file {path} is invalid:\n")
    assert expected in message


def test_every_mistake_of_a_file_is_listed_at_once(tmp_path):
    path = write(
        tmp_path, with_criterion("product_need", weight=-1) | {"scale": 7, "window_months": 0}
    )
    with pytest.raises(ConfigError) as raised:
        load_scoring_config(path)
    lines = str(raised.value).splitlines()[1:]
    assert [line.split(":")[0].strip() for line in lines] == [
        "scale",
        "window_months",
        "criteria.product_need.weight",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("- a list\n", "must hold a mapping of keys"), ("window_months: [1\n", "is not valid YAML")],
)
def test_unreadable_files_are_reported(tmp_path, text, expected):
    with pytest.raises(ConfigError, match=expected):
        load_scoring_config(write(tmp_path, text))


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_scoring_config(tmp_path / "nope.yml")


@pytest.mark.parametrize("text", ["", "  \n\n", "# every key commented out\n# scale: 10\n"])
def test_an_empty_file_is_refused_rather_than_run_on_the_defaults(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_scoring_config(path)
    message = str(raised.value)
    assert message.startswith(f"Configuration file {path} is empty: ")
    assert "config/key_accounts.yml" in message


@pytest.mark.parametrize(
    ("text", "key", "lines"),
    [
        (DEFAULT_CONFIG_FILE.read_text() + "scale: 100\n", "scale", None),
        ("criteria:\n  reputation:\n    weight: 10\n    weight: 20\n", "weight", (3, 4)),
    ],
    ids=["top level, appended at the end", "nested"],
)
def test_a_key_given_twice_is_refused_with_both_lines(tmp_path, text, key, lines):
    path = write(tmp_path, text)
    if lines is None:
        numbered = text.splitlines()
        lines = (numbered.index("scale: 10") + 1, len(numbered))
    with pytest.raises(ConfigError) as raised:
        load_scoring_config(path)
    message = str(raised.value)
    assert message.startswith(f"Configuration file {path} ")
    assert f"'{key}' twice" in message
    assert f"lines {lines[0]} and {lines[1]}" in message


ALIAS_BOMB = "\n".join(
    ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    ]
)


@pytest.mark.parametrize(
    "text",
    [ALIAS_BOMB, "window_months: &months 12\nactions:\n  loyalty_min_months: *months\n"],
    ids=["billion laughs", "a harmless alias"],
)
def test_yaml_aliases_are_refused_before_anything_expands(tmp_path, text):
    path = write(tmp_path, text)
    started = time.monotonic()
    with pytest.raises(ConfigError) as raised:
        load_scoring_config(path)
    assert time.monotonic() - started < 1
    message = str(raised.value)
    assert message.startswith(f"Configuration file {path} uses YAML aliases (*name), ")
    assert "which the configuration does not allow" in message
    assert len(message) < 500


def test_the_value_a_message_echoes_is_cut_short(tmp_path):
    path = write(tmp_path, changed(reporting_currency="E" * 10_000, window_months=[0] * 10_000))
    with pytest.raises(ConfigError) as raised:
        load_scoring_config(path)
    lines = str(raised.value).splitlines()[1:]
    assert [line.split(":")[0].strip() for line in lines] == ["reporting_currency", "window_months"]
    assert all(len(line) < 250 and line.endswith("…)") for line in lines)


def _models_of_the_configuration() -> list[type[BaseModel]]:
    """ScoringConfig and the models of its sections."""
    return [ScoringConfig] + [
        held
        for held in vars(sections).values()
        if isinstance(held, type)
        and issubclass(held, sections.Strict)
        and held is not sections.Strict
    ]


def test_the_models_hold_no_default_value_of_their_own():
    """A default in the code would be a second home beside config/key_accounts.yml: a field
    either takes the shipped file's value when omitted (a factory) or stays None, meaning a
    value derived from others (docs/method.md, "Tiers" and "KAISM")."""
    for model in _models_of_the_configuration():
        for name, field in model.model_fields.items():
            assert field.default in (PydanticUndefined, None), f"{model.__name__}.{name}"


def test_every_shipped_default_is_a_key_of_the_shipped_file():
    """What the models fill in for an omitted key is exactly what the shipped file says."""
    assert ScoringConfig() == load_scoring_config(DEFAULT_CONFIG_FILE)
    shipped_scale = DEFAULT["scale"]
    scaled = ScoringConfig(scale=100)
    assert scaled.tier_rules.incumbent_margin == pytest.approx(
        DEFAULT["tier_rules"]["incumbent_margin"] * 100 / shipped_scale
    )
    # Stated in the shipped file, these would be a second copy of the rule that derives them.
    assert "key_prospect_min_score" not in DEFAULT["prospects"]
    assert "split" not in DEFAULT["kaism"]


DBT_FOLDERS = ("dbt/models", "dbt/macros", "dbt/tests")
# var('name', fallback) or `| default(...)`: a default written into the SQL. var(name, none), as
# in pipeline_var, is allowed: it only lets dbt parse without the vars.
JINJA_FALLBACK = re.compile(r"\bvar\(\s*[^,()]+,(?!\s*none\s*\))|\|\s*default\s*\(")


def test_no_default_is_repeated_outside_the_shipped_file():
    sql = [
        path
        for folder in DBT_FOLDERS
        for path in sorted((REPO_ROOT / folder).rglob("*"))
        if path.suffix in (".sql", ".yml")
    ]
    fallbacks = [
        f"{path.relative_to(REPO_ROOT)}: {match.group(0)}"
        for path in sql
        for match in JINJA_FALLBACK.finditer(path.read_text(encoding="utf-8"))
    ]
    assert fallbacks == []
    # sqlfluff's templater gets the vars written from the shipped file (`make lint`), not a copy.
    sqlfluff = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["sqlfluff"]
    assert "context" not in sqlfluff.get("templater", {}).get("dbt", {})
    # A unit test's vars are the inputs of its hand computation, said so in its file.
    with_vars = [
        path for path in sql if path.suffix == ".yml" and "\n      vars:" in path.read_text()
    ]
    assert with_vars
    undocumented = {
        str(path.relative_to(REPO_ROOT))
        for path in with_vars
        if "inputs chosen for its hand computation" not in path.read_text()
    }
    assert undocumented == set()
