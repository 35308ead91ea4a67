"""The business configuration's mistakes: each gets a precise message naming the file, the key
and what is allowed, every mistake of a file is listed at once, and the value a message echoes
is cut short (docs/method.md, "Inputs")."""

import pytest

from dagster_project.lib.configuration.scoring import ConfigError, load_scoring_config
from tests.unit.configuration.scoring_config_files import MISTAKES, changed, with_criterion, write


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


def test_the_value_a_message_echoes_is_cut_short(tmp_path):
    path = write(tmp_path, changed(reporting_currency="E" * 10_000, window_months=[0] * 10_000))
    with pytest.raises(ConfigError) as raised:
        load_scoring_config(path)
    lines = str(raised.value).splitlines()[1:]
    assert [line.split(":")[0].strip() for line in lines] == ["reporting_currency", "window_months"]
    assert all(len(line) < 250 and line.endswith("…)") for line in lines)
