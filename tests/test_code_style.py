"""The code keeps the style the project lints for (`make lint`), so CI catches a drift."""

import os
import subprocess
import sys
from pathlib import Path

from dagster_project.lib.settings import REPO_ROOT

BIN = Path(sys.executable).parent


def run(*command: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, env=env, timeout=300
    )


def test_python_passes_ruff():
    checked = run(str(BIN / "ruff"), "check", "dagster_project", "tests", "benchmarks")
    assert checked.returncode == 0, checked.stdout
    formatted = run(
        str(BIN / "ruff"), "format", "--check", "dagster_project", "tests", "benchmarks"
    )
    assert formatted.returncode == 0, formatted.stdout


def test_sql_passes_sqlfluff_with_the_dbt_templater():
    env = {
        **os.environ,
        "KEY_ACCOUNTS_WAREHOUSE": ":memory:",
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }
    linted = run(str(BIN / "sqlfluff"), "lint", "dbt/models", "dbt/tests", env=env)
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_sqlfluff_vars_are_the_default_configurations():
    """The templater compiles the models with the vars of the default configuration."""
    import json
    import tomllib

    from dagster_project.lib.scoring_config import ScoringConfig, dbt_vars

    context = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["sqlfluff"][
        "templater"
    ]["dbt"]["context"]
    decoded = {
        key: json.loads(value) if isinstance(value, str) and value[:1] in "[{" else value
        for key, value in context.items()
    }
    expected = dbt_vars(ScoringConfig())
    assert decoded == {**expected, "config_version": "lint"}
