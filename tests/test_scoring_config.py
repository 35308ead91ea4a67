from datetime import date
from pathlib import Path

import pytest

from dagster_project.lib.scoring_config import ConfigError, dbt_vars, load_scoring_config
from dagster_project.lib.settings import DEFAULT_CONFIG_FILE


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yml"
    path.write_text(text)
    return path


def test_default_configuration_matches_the_design():
    config = load_scoring_config(DEFAULT_CONFIG_FILE)
    assert config.reporting_currency == "EUR"
    assert config.window_months == 12
    assert (
        config.concentration.mono_client_share,
        config.concentration.major_customer_share,
        config.concentration.abc_a_cutoff,
        config.concentration.abc_b_cutoff,
    ) == (0.50, 0.10, 0.80, 0.95)


def test_dbt_vars_carry_every_setting_and_the_version():
    config = load_scoring_config(DEFAULT_CONFIG_FILE)
    assert dbt_vars(config, date(2026, 3, 31)) == {
        "as_of_date": "2026-03-31",
        "config_version": config.version,
        "reporting_currency": "EUR",
        "window_months": 12,
        "mono_client_share": 0.5,
        "major_customer_share": 0.1,
        "abc_a_cutoff": 0.8,
        "abc_b_cutoff": 0.95,
    }


def test_version_changes_with_the_configuration(tmp_path):
    default = load_scoring_config(DEFAULT_CONFIG_FILE)
    changed = load_scoring_config(write(tmp_path, "window_months: 6\n"))
    assert len(default.version) == 12
    assert changed.version != default.version


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("windw_months: 12\n", "windw_months: unknown key"),
        ("window_months: 0\n", "window_months: Input should be greater than or equal to 1"),
        ("window_months: twelve\n", "window_months: Input should be a valid integer"),
        ("reporting_currency: euro\n", "reporting_currency: String should match pattern"),
        (
            "concentration:\n  mono_client_share: 1.5\n",
            "concentration.mono_client_share: Input should be less than 1",
        ),
        (
            "concentration:\n  abc_a_cutoff: 0.96\n",
            "abc_a_cutoff (0.96) must be below abc_b_cutoff (0.95)",
        ),
        ("- a list\n", "must hold a mapping of keys"),
        ("window_months: [1\n", "is not valid YAML"),
    ],
)
def test_mistakes_are_reported_with_the_file_and_the_key(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_scoring_config(path)
    assert str(path) in str(raised.value)
    assert expected in str(raised.value)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_scoring_config(tmp_path / "nope.yml")
