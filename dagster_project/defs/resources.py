import importlib.metadata
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource
from packaging.version import Version

from dagster_project.lib.configuration.settings import (
    ENV_WAREHOUSE,
    PipelinePaths,
    warehouse_duckdb_config,
)
from dagster_project.lib.dbt.project import dbt_executable, dbt_project
from dagster_project.lib.warehouse.lock import warehouse_lock


class WarehouseWriteLock(dg.ConfigurableResource):
    """Held by a run from its first writing step to its end: one writer per warehouse."""

    warehouse: str
    timeout_s: float = 3600

    @contextmanager
    def yield_for_execution(
        self, context: dg.InitResourceContext
    ) -> Iterator["WarehouseWriteLock"]:
        from dagster_project.lib.reporting.run_output import tell_terminal

        log = context.log.warning if context.log else print

        def notify(message: str) -> None:
            log(message)
            tell_terminal(message)  # `key-accounts run` sends the step log to a file

        with warehouse_lock(Path(self.warehouse), self.timeout_s, notify=notify):
            yield self


class PinnedDbtCliResource(DbtCliResource):
    """dbt as the daily job runs it, on the warehouse of this installation's paths.

    dagster-dbt asks the dbt executable for its version (`dbt --version`, a process of its own)
    before every command of every run; this environment's dbt is the pinned dbt-core, so its
    version is read from the installed package instead."""

    warehouse: str

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """dbt runs in a process of its own, which dagster-dbt gives this process's environment:
        profiles.yml finds the warehouse there, as the absolute path the assets use."""
        super().setup_for_execution(context)
        os.environ[ENV_WAREHOUSE] = self.warehouse

    @cached_property
    def _cli_version(self) -> Version:
        return Version(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        """dagster-dbt opens a dbt adapter in this process (seconds a command) for
        fetch_row_counts and fetch_column_metadata only; the models' metadata is read from the
        warehouse after dbt instead (transform/assets.py), so none is opened."""
        return None


@dg.definitions
def resources() -> dg.Definitions:
    """Every resource from one PipelinePaths: the one the command line checked and handed on in
    the KEY_ACCOUNTS_* variables (docs/operations.md, "How it runs"). Assets, checks and sensors
    take it as `paths: dg.ResourceParam[PipelinePaths]`."""
    paths = PipelinePaths.from_env()
    return dg.Definitions(
        resources={
            "paths": paths,
            "warehouse_lock": WarehouseWriteLock(warehouse=str(paths.warehouse)),
            "warehouse": DuckDBResource(
                database=str(paths.warehouse), connection_config=warehouse_duckdb_config()
            ),
            "dbt": PinnedDbtCliResource(
                project_dir=dbt_project(),
                dbt_executable=dbt_executable(),
                warehouse=str(paths.warehouse),
            ),
        }
    )
