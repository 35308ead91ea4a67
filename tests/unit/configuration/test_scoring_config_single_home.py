"""The shipped file (config/key_accounts.yml) is the one home of every default: the models hold
none of their own, each default they fill in is a key of the file, and no default is repeated
in the dbt project or sqlfluff's settings."""

import re
import tomllib

import pytest
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from dagster_project.lib.configuration import sections
from dagster_project.lib.configuration.scoring import ScoringConfig, load_scoring_config
from dagster_project.lib.configuration.settings import DEFAULT_CONFIG_FILE, REPO_ROOT
from tests.unit.configuration.scoring_config_files import DEFAULT


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
