"""The code keeps the style the project lints for (`make lint`), so CI catches a drift."""

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlfluff.core.config.ini import load_ini_string

from dagster_project.lib.configuration.dbt_vars import LINT_CONFIG_VERSION, write_sqlfluff_context
from dagster_project.lib.configuration.scoring import ScoringConfig, dbt_vars
from dagster_project.lib.configuration.settings import REPO_ROOT
from tests.background import BackgroundCommand, waits_for

BIN = Path(sys.executable).parent


def run(*command: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, env=env, timeout=300
    )


def test_python_passes_ruff():
    checked = run(str(BIN / "ruff"), "check", "dagster_project", "dashboard", "tests", "benchmarks")
    assert checked.returncode == 0, checked.stdout
    formatted = run(
        str(BIN / "ruff"),
        "format",
        "--check",
        "dagster_project",
        "dashboard",
        "tests",
        "benchmarks",
    )
    assert formatted.returncode == 0, formatted.stdout


def sqlfluff_lint(folder: Path) -> tuple[list[str], dict[str, str]]:
    # The vars `make lint` writes from the shipped configuration, written the same way here.
    context = folder / "sqlfluff-vars.cfg"
    write_sqlfluff_context(context)
    command = [str(BIN / "sqlfluff"), "lint", "--config", str(context), "dbt/models", "dbt/tests"]
    return command, {
        "KEY_ACCOUNTS_WAREHOUSE": ":memory:",
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        # dbt's parse cache of the lint, not in dbt/target, whose cache the daily runs of the
        # other tests copy meanwhile.
        "DBT_TARGET_PATH": str(folder / "target"),
    }


# The lint takes about 100 s: it runs while the other tests do (tests/background.py).
SQLFLUFF = BackgroundCommand("sqlfluff", sqlfluff_lint, timeout_s=300)


@waits_for(SQLFLUFF)
def test_sql_passes_sqlfluff_with_the_dbt_templater():
    linted = SQLFLUFF.result()
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_sqlfluff_vars_are_the_default_configurations(tmp_path):
    """The templater compiles the models with the vars of the shipped configuration, as
    sqlfluff reads them back from the file written for it."""
    context = tmp_path / "sqlfluff-vars.cfg"
    write_sqlfluff_context(context)
    read = load_ini_string(context.read_text())["templater"]["dbt"]["context"]
    decoded = {
        key: json.loads(value) if isinstance(value, str) and value[:1] in "[{" else value
        for key, value in read.items()
    }
    assert decoded == {**dbt_vars(ScoringConfig()), "config_version": LINT_CONFIG_VERSION}
