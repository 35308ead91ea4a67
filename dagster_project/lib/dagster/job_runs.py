"""Runs of a job started from the command line, recorded as the UI records the runs it launches.

`JobDefinition.execute_in_process` records a run without the code location it came from, and
the UI leaves such runs out of the Overview timeline and of the job's page (they are listed only
under Runs). A run created here names the project's code location and repository, as a run
launched from the UI or by the daemon does, and is then executed in this process, step after
step (the job's executor): it appears in the timeline and under the job, and can be re-executed
from the UI. Dagster has no public call for this, so the two internal ones used are kept here.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dagster_project.lib.configuration.settings import REPO_ROOT

if TYPE_CHECKING:
    import dagster as dg

DEFINITIONS_MODULE = "dagster_project.definitions"
DEFINITIONS_ATTRIBUTE = "defs"
# The name Dagster gives the repository of a Definitions object.
REPOSITORY_NAME = "__repository__"


def code_location_name() -> str:
    """The code location's name, as pyproject.toml gives it to `dg` and the webserver."""
    with (REPO_ROOT / "pyproject.toml").open("rb") as pyproject:
        return tomllib.load(pyproject)["tool"]["dg"]["project"]["code_location_name"]


def _origins(job_name: str):
    """The run's job as the UI knows it (code location, repository, job) and as Python code."""
    from dagster._core.definitions.reconstruct import ReconstructableRepository
    from dagster._core.remote_origin import (
        ManagedGrpcPythonEnvCodeLocationOrigin,
        RemoteJobOrigin,
        RemoteRepositoryOrigin,
    )
    from dagster._core.types.loadable_target_origin import LoadableTargetOrigin

    target = LoadableTargetOrigin(
        executable_path=sys.executable,
        module_name=DEFINITIONS_MODULE,
        working_directory=str(REPO_ROOT),
    )
    location = ManagedGrpcPythonEnvCodeLocationOrigin(target, location_name=code_location_name())
    remote = RemoteJobOrigin(RemoteRepositoryOrigin(location, REPOSITORY_NAME), job_name)
    job = ReconstructableRepository.for_module(
        DEFINITIONS_MODULE, DEFINITIONS_ATTRIBUTE, str(REPO_ROOT)
    ).get_reconstructable_job(job_name)
    return remote, job


@dataclass
class RecordedRun:
    run_id: str
    success: bool
    all_events: list = field(default_factory=list)

    def check_evaluations(self) -> list:
        return [
            event.event_specific_data
            for event in self.all_events
            if event.event_type_value == "ASSET_CHECK_EVALUATION"
        ]


def execute_recorded_run(
    instance: dg.DagsterInstance,
    job_name: str,
    tags: Mapping[str, str],
    run_config: Mapping[str, object] | None = None,
    on_event: Callable[[dg.DagsterEvent], None] = lambda event: None,
) -> RecordedRun:
    """Create a run of the project's job `job_name` under its code location and execute it in
    this process, passing each event to `on_event` as it happens."""
    import dagster as dg
    from dagster._core.execution.api import create_execution_plan, execute_run_iterator

    remote_origin, job = _origins(job_name)
    job_def = job.get_definition()
    run_config = dict(run_config or {})
    plan = create_execution_plan(job, run_config=run_config, instance_ref=instance.get_ref())
    run = instance.create_run_for_job(
        job_def=job_def,
        execution_plan=plan,
        run_config=run_config,
        tags={**job_def.run_tags, **tags},
        remote_job_origin=remote_origin,
        job_code_origin=job.get_python_origin(),
    )
    recorded = RecordedRun(run.run_id, success=False)
    for event in execute_run_iterator(job, run, instance):
        recorded.all_events.append(event)
        on_event(event)
    finished = instance.get_run_by_id(run.run_id)
    recorded.success = finished is not None and finished.status == dg.DagsterRunStatus.SUCCESS
    return recorded
