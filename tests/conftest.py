from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from dagster_project.lib.configuration.settings import (
    ENV_CONFIG,
    ENV_LANDING_DIR,
    ENV_PUBLISHED,
    ENV_SETTLE_SECONDS,
    ENV_WAREHOUSE,
    REPO_ROOT,
    PipelinePaths,
)
from dagster_project.lib.reporting.step_errors import DAGSTER_FAILURE_PREFIX

# Installations built once per session, for the tests to copy.
pytest_plugins = ["tests.installations"]


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Parse the dbt project if its manifest is missing or stale: the definitions read it when
    they load, and some test modules load them at import. Under `-n` (pytest-xdist) the main
    process does it before it starts the workers, so they never parse at the same time."""
    from dagster_project.lib.dbt.project import ensure_dbt_manifest

    ensure_dbt_manifest()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the slow commands the selected tests wait for (tests/background.py). Not in a
    pytest-xdist worker: every worker collects every test, so each would start them all; there
    a command starts when its test asks for it, while the other workers go on."""
    from tests.background import commands_waited_for

    if not session.config.option.collectonly and "PYTEST_XDIST_WORKER" not in os.environ:
        for command in commands_waited_for(session.items):
            command.start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests.background import STARTED

    for command in STARTED:
        command.stop()


# Files written by a test are complete the moment they are written: no settle interval (the
# tests of the interval itself set their own).
os.environ[ENV_SETTLE_SECONDS] = "0"


def installation_paths(root: Path) -> PipelinePaths:
    """The paths of an installation under root: landing/, archive/, … and warehouse.duckdb."""
    return PipelinePaths(
        landing_dir=root / "landing",
        warehouse=root / "warehouse.duckdb",
        published=root / "published" / "key_accounts.duckdb",
        config_file=root / "key_accounts.yml",
    )


def ingest_folder(root: Path, today: date, as_of: date | None = None, **rules):
    """The validated ingestion of root/landing into root/warehouse.duckdb, as a run does it."""
    import contextlib

    import duckdb

    from dagster_project.lib.ingestion.rules import IngestionRules
    from dagster_project.lib.ingestion.write_audit_publish import ingest_landing_folder

    paths = installation_paths(root)
    rules = IngestionRules(today=today, as_of=as_of or today, **{"settle_seconds": 0, **rules})
    return ingest_landing_folder(
        lambda: contextlib.closing(duckdb.connect(str(paths.warehouse))), paths, rules
    )


def write_csv(path: Path, text: str) -> Path:
    """Write a CSV file from an indented literal: the first line is the header."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).strip() + "\n", encoding="utf-8")
    return path


def bi_section() -> str:
    """The README's section for BI tools."""
    readme = (REPO_ROOT / "README.md").read_text()
    start = readme.index("## Reading the published file from a BI tool")
    return readme[start : readme.index("\n## ", start + 1)]


def page_text(path) -> str:
    """What a reader sees on the page: its text without markup, scripts or styles."""
    source = re.sub(r"<(script|style).*?</\1>", "", path.read_text(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", source)))


def free_port() -> int:
    """A TCP port on localhost that nothing listens on, for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_in_own_group(argv: list[str], log: Path) -> subprocess.Popen:
    """Start a command from the repository's root, its output in log, in a process group of its
    own: whatever processes it starts can be found, and stopped, with it."""
    with log.open("wb") as log_file:
        return subprocess.Popen(
            argv,
            cwd=REPO_ROOT,
            env=dict(os.environ),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def installation_env(root: Path) -> dict[str, str]:
    """The KEY_ACCOUNTS_* paths and DAGSTER_HOME of an installation under root, laid out as the
    repository's data/ and dagster_home/ (the default configuration)."""
    return {
        ENV_LANDING_DIR: str(root / "data" / "landing"),
        ENV_WAREHOUSE: str(root / "data" / "warehouse.duckdb"),
        ENV_PUBLISHED: str(root / "data" / "published" / "key_accounts.duckdb"),
        "DAGSTER_HOME": str(root / "dagster_home"),
    }


def use_installation(root: Path, monkeypatch: pytest.MonkeyPatch) -> PipelinePaths:
    """Point the pipeline at the installation under root, creating its folders."""
    for name, value in installation_env(root).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv(ENV_CONFIG, raising=False)
    (root / "dagster_home").mkdir(parents=True, exist_ok=True)
    paths = PipelinePaths.from_env()
    paths.create_folders()
    return paths


@pytest.fixture
def pipeline_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PipelinePaths:
    """An installation of its own under tmp_path, with its own Dagster instance."""
    return use_installation(tmp_path / "installation", monkeypatch)


@pytest.fixture
def dagster_home(pipeline_paths: PipelinePaths) -> Path:
    """The DAGSTER_HOME of pipeline_paths' installation, configured by the repository's
    dagster.yaml, as `key-accounts run` and `make ui` find theirs."""
    import shutil

    from dagster_project.lib.configuration.settings import DEFAULT_DAGSTER_HOME

    home = Path(os.environ["DAGSTER_HOME"])
    shutil.copy(DEFAULT_DAGSTER_HOME / "dagster.yaml", home / "dagster.yaml")
    return home


@pytest.fixture(scope="session")
def dbt_manifest() -> Path:
    from dagster_project.lib.dbt.project import ensure_dbt_manifest

    return ensure_dbt_manifest()


@dataclass
class DailyRun:
    success: bool
    run_id: str
    failures: list[str]
    # asset check name → passed, for the checks the run evaluated
    checks: dict[str, bool]


def run_job(instance, as_of: date, *more_dates: date) -> DailyRun:
    """Run the daily job in-process, as `key-accounts run` does, with the KEY_ACCOUNTS_* variables of
    the moment (the definitions read them when they load, so they are loaded per run). With
    more dates, one run scores them all, as a backfill does (their partitions must be new, or
    consecutive already)."""
    from dagster_project.definitions import defs
    from dagster_project.defs.daily_run.partitions import add_as_of_dates, run_tags, runs_for

    days = [as_of, *more_dates]
    add_as_of_dates(instance, days)
    [keys] = runs_for(instance, days)
    job = defs().resolve_job_def("daily_key_accounts")
    result = job.execute_in_process(instance=instance, tags=run_tags(keys), raise_on_error=False)
    failures = [
        event.step_failure_data.error.message.removeprefix(DAGSTER_FAILURE_PREFIX)
        for event in result.all_events
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error
    ]
    checks = {
        evaluation.check_name: evaluation.passed
        for evaluation in result.get_asset_check_evaluations()
    }
    return DailyRun(result.success, result.run_id, failures, checks)


@pytest.fixture
def run_daily_job(pipeline_paths: PipelinePaths, dbt_manifest: Path) -> Iterator:
    """Run the daily job on the fixture's installation."""
    import dagster as dg

    with dg.DagsterInstance.ephemeral() as instance:
        yield lambda *days: run_job(instance, *days)


def published_mart_names() -> list[str]:
    """The marts the pipeline publishes (dbt models tagged `published`)."""
    import json

    from dagster_project.defs.publish.assets import published_models
    from dagster_project.lib.dbt.project import ensure_dbt_manifest

    return sorted(published_models(json.loads(ensure_dbt_manifest().read_text())))


def published_marts(published: Path) -> dict[str, list]:
    """Every row of every published mart in the file, sorted: equal dicts mean equal tables,
    every figure to the last bit."""
    import duckdb

    with duckdb.connect(str(published), read_only=True) as conn:
        return {
            table: conn.execute(f"select * from {table} order by all").fetchall()
            for table in published_mart_names()
        }


def dbt_compile_inline(tmp_path: Path, sql: str, variables: dict) -> str:
    """`sql` compiled by dbt in this project (its macros and the given vars), as text."""
    import json
    import os
    import subprocess

    from dagster_project.lib.configuration.settings import DBT_PROJECT_DIR
    from dagster_project.lib.dbt.project import dbt_executable

    compiled = subprocess.run(
        [
            dbt_executable(),
            "compile",
            "--quiet",
            "--inline",
            sql,
            "--vars",
            json.dumps(variables),
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
        ],
        env={
            **os.environ,
            ENV_WAREHOUSE: str(tmp_path / "warehouse.duckdb"),
            "DBT_TARGET_PATH": str(tmp_path / "target"),
        },
        capture_output=True,
        text=True,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    return compiled.stdout
