"""The instance's event log keeps every event a run records, with its connections kept open."""

import os
import shutil

import dagster as dg
import pytest

from dagster_project.lib.configuration.settings import DEFAULT_DAGSTER_HOME
from dagster_project.lib.dagster.event_log_storage import (
    KEPT_ENGINES,
    PooledSqliteEventLogStorage,
    instance_at,
)


@dg.asset
def counted(context: dg.AssetExecutionContext) -> None:
    for number in range(50):
        context.log_event(dg.AssetObservation(asset_key="counted", metadata={"number": number}))


def test_the_repository_instance_stores_each_event_of_every_run(tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(DEFAULT_DAGSTER_HOME / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    job = dg.Definitions(assets=[counted], jobs=[dg.define_asset_job("j", [counted])])
    run_ids = []
    with dg.DagsterInstance.get() as instance:
        assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
        for _ in range(KEPT_ENGINES + 2):
            run_ids.append(job.resolve_job_def("j").execute_in_process(instance=instance).run_id)
        # No more engines (each holding a file open) than it keeps, however many runs.
        assert len(instance.event_log_storage.__dict__["_engines"]) <= KEPT_ENGINES
    # Another process (the webserver) reads every event back from the files.
    with dg.DagsterInstance.get() as reader:
        for run_id in run_ids:
            observations = [
                entry
                for entry in reader.all_logs(run_id)
                if entry.dagster_event and entry.dagster_event.is_asset_observation
            ]
            assert len(observations) == 50
        assert reader.get_run_by_id(run_ids[-1]).is_success


def test_an_instance_opened_from_its_folder_keeps_its_files_there(tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(DEFAULT_DAGSTER_HOME / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    # Dagster does not tell the storage where dagster.yaml is: without DAGSTER_HOME, it says so.
    with pytest.raises(dg.DagsterInvariantViolationError, match=r"set DAGSTER_HOME"):
        dg.DagsterInstance.from_config(str(home))
    with instance_at(home) as instance:
        assert instance.event_log_storage._base_dir == str(home / "history" / "runs")
    assert "DAGSTER_HOME" not in os.environ
