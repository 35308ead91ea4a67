"""The business configuration's defaults: the shipped file says exactly what the code defaults
to, scale 100 moves the derived defaults, dbt's vars carry every setting and a version that
changes with any of them (docs/method.md, "Inputs")."""

from dagster_project.lib.configuration.scoring import ScoringConfig, dbt_vars, load_scoring_config
from dagster_project.lib.configuration.settings import DEFAULT_CONFIG_FILE
from tests.unit.configuration.scoring_config_files import DEFAULT, with_criterion, write


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
