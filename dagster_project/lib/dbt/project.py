"""The dbt project as Dagster sees it, and the one place that makes sure its manifest is current."""

from __future__ import annotations

import shutil
import sys
from datetime import date
from functools import cache
from pathlib import Path

from dagster_project.lib.configuration.settings import DBT_PROJECT_DIR

_SOURCES = ("models", "macros", "tests", "dbt_project.yml", "profiles.yml")
PARTIAL_PARSE_FILE = "partial_parse.msgpack"
# A failed run's artefacts stay for debugging while the runs after it keep the disk use bounded.
KEPT_DBT_RUNS = 3


@cache
def dbt_project():
    """The dbt project. Under `dg dev`, `dg check defs` or `dagster dev` (dagster-dbt's "dev"
    context) its manifest is parsed first when it is missing or stale, so a fresh clone loads;
    dagster-dbt's own prepare_if_dev would parse on every load of the definitions, each run's
    included, and a parse takes seconds."""
    from dagster_dbt import DbtProject

    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
    if project.preparer.using_dagster_dev():
        _parse_if_stale(project)
    return project


def dbt_runs_dir() -> Path:
    """The folder of the daily runs' dbt artefacts (compiled SQL, run_results.json, dbt.log), one
    folder each; dagster-dbt would otherwise leave a new folder in target/ every invocation."""
    project = dbt_project()
    return Path(project.project_dir, project.target_path, "runs")


def prune_dbt_runs(runs_dir: Path, keep: int = KEPT_DBT_RUNS) -> list[Path]:
    """Delete all but the `keep` newest folders of runs_dir (by modification time); return the
    deleted ones."""
    if not runs_dir.is_dir():
        return []
    folders = sorted(
        (path for path in runs_dir.iterdir() if path.is_dir()),
        key=lambda path: (path.stat().st_mtime, path.name),
        reverse=True,
    )
    # Folders dagster-dbt left directly in target/ before the runs had a folder of their own.
    legacy = sorted(runs_dir.parent.glob("key_accounts_dbt_models-*"))
    for folder in [*folders[keep:], *legacy]:
        shutil.rmtree(folder)
    return [*folders[keep:], *legacy]


AS_OF_DATES_TABLE = "raw.as_of_dates"


def write_as_of_dates(conn, days: list[date]) -> None:
    """The as-of dates the next dbt build scores, where its source raw.as_of_dates reads them
    (dbt/models/staging/raw)."""
    conn.execute("create schema if not exists raw")
    conn.execute(
        f"create or replace table {AS_OF_DATES_TABLE} as "
        "select unnest(cast(? as date[])) as as_of_date",
        [[day.isoformat() for day in days]],
    )


def keep_parsed_project(target_path: Path) -> None:
    """Keep the parse of a build for the next one: dagster-dbt gives each build a folder of its
    own and starts it from target/partial_parse.msgpack, so the build's own parse goes there.
    Runs with the same vars and profile then parse only what changed."""
    parsed = target_path / PARTIAL_PARSE_FILE
    if parsed.exists():
        project = dbt_project()
        kept = Path(project.project_dir, project.target_path, PARTIAL_PARSE_FILE)
        # Replaced whole, so a build starting meanwhile (another run, the bench) reads one parse.
        partial = kept.with_name(f"{kept.name}.{target_path.name}")
        shutil.copyfile(parsed, partial)
        partial.replace(kept)


def dbt_executable() -> str:
    """dbt from this interpreter's environment, found without the virtual environment on PATH."""
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


def _newest_source_mtime(project_dir: Path) -> float:
    newest = 0.0
    for name in _SOURCES:
        path = project_dir / name
        files = path.rglob("*") if path.is_dir() else [path]
        newest = max([newest, *(f.stat().st_mtime for f in files if f.is_file())])
    return newest


def manifest_is_current(project_dir: Path = DBT_PROJECT_DIR) -> bool:
    manifest = project_dir / "target" / "manifest.json"
    return manifest.exists() and manifest.stat().st_mtime >= _newest_source_mtime(project_dir)


def _parse_if_stale(project) -> None:
    if not manifest_is_current(Path(project.project_dir)):
        from dagster_dbt import DbtCliResource

        # What DbtProject's own preparer does, with dbt found in this environment.
        dbt = DbtCliResource(project_dir=project, dbt_executable=dbt_executable())
        dbt.cli(["parse", "--quiet"], target_path=project.target_path).wait()


def ensure_dbt_manifest() -> Path:
    """Parse the dbt project when its manifest is missing or older than its sources.

    The definitions read the manifest when they load, and parsing takes seconds, so entry points
    outside the dev commands (the CLI, the tests) call this first instead of parsing on every
    import.
    """
    project = dbt_project()
    _parse_if_stale(project)
    return Path(project.manifest_path)


def dbt_manifest() -> dict:
    """The parsed manifest, as the definitions load it (ensure_dbt_manifest keeps it current).

    Read once per process and version of the file: the ingestion, transform and publish
    definitions all declare their assets from it, and a new parse (a new modification time)
    is read again."""
    path = Path(dbt_project().manifest_path)
    return _manifest_read(path, path.stat().st_mtime_ns)


@cache
def _manifest_read(path: Path, modified_ns: int) -> dict:
    import json

    return json.loads(path.read_text())


def generate_dbt_docs(target_dir: Path, dbt_vars: dict, with_catalog: bool) -> Path:
    """`dbt docs generate --static` into target_dir: one self-contained HTML file (models,
    columns, lineage and, from the warehouse, the catalog of types and row counts) that a browser
    opens from disk with no server and no network. dbt's log goes to stdout as it runs."""
    import json

    from dagster_dbt import DbtCliResource

    project = dbt_project()
    dbt = DbtCliResource(project_dir=project, dbt_executable=dbt_executable())
    args = ["docs", "generate", "--static", "--vars", json.dumps(dbt_vars, sort_keys=True)]
    if not with_catalog:
        args.append("--empty-catalog")
    dbt.cli(args, target_path=target_dir, raise_on_error=True).wait()
    return target_dir / "static_index.html"
