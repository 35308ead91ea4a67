"""Configuration files that cannot be read as a configuration: not a mapping, not YAML,
missing, empty, a key given twice, YAML aliases; each refused with a precise message
(docs/method.md, "Inputs")."""

import time

import pytest

from dagster_project.lib.configuration.scoring import ConfigError, load_scoring_config
from dagster_project.lib.configuration.settings import DEFAULT_CONFIG_FILE
from tests.unit.configuration.scoring_config_files import write


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
