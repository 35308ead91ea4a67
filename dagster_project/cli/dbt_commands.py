"""`key-accounts docs` and `dbt-vars`: dbt's documentation site, and the --vars a run passes,
for reading the models or running dbt by hand (docs/operations.md, "How it runs")."""

from __future__ import annotations

import argparse
import json

from dagster_project.cli.environment import load_config, prepare_environment
from dagster_project.lib.configuration.settings import PipelinePaths


def command_docs(args: argparse.Namespace) -> int:
    """dbt's documentation site of the models, with the warehouse's catalog."""
    paths = prepare_environment()
    config = load_config(paths)
    from dagster_project.lib.configuration.scoring import dbt_vars
    from dagster_project.lib.dbt.project import ensure_dbt_manifest, generate_dbt_docs
    from dagster_project.lib.warehouse.lock import warehouse_lock

    ensure_dbt_manifest()
    with_catalog = paths.warehouse.exists()
    if not with_catalog:
        print(f"No warehouse at {paths.warehouse} yet: the docs will have no catalog (run first).")
    print(f"Generating dbt docs into {paths.dbt_docs_dir}", flush=True)
    # dbt reads the catalog through a connection of its own: wait for any run to finish.
    with warehouse_lock(paths.warehouse):
        page = generate_dbt_docs(paths.dbt_docs_dir, dbt_vars(config), with_catalog)
    print(f"dbt docs (models, columns, lineage): {page}")
    gx_index = paths.validation_docs_dir / "index.html"
    if gx_index.exists():
        print(f"Great Expectations Data Docs (every validation of the landed files): {gx_index}")
    return 0


def command_dbt_vars(args: argparse.Namespace) -> int:
    from dagster_project.lib.configuration.scoring import dbt_vars

    config = load_config(PipelinePaths.from_env())
    print(json.dumps(dbt_vars(config), sort_keys=True))
    return 0
