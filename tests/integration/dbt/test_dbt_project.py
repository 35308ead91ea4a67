"""Where dbt's per-run artefacts go, and that only the newest stay."""

import os
import shutil

import pytest

from dagster_project.lib.configuration.settings import DBT_PROJECT_DIR
from dagster_project.lib.dbt import project as dbt_project_module
from dagster_project.lib.dbt.project import (
    KEPT_DBT_RUNS,
    dbt_project,
    dbt_runs_dir,
    manifest_is_current,
    prune_dbt_runs,
)
from tests.hand_book import AS_OF, write_hand_book


def test_only_the_three_newest_run_folders_are_kept(tmp_path):
    runs = tmp_path / "runs"
    for age, name in enumerate(["e", "d", "c", "b", "a"]):
        (runs / name / "compiled").mkdir(parents=True)
        (runs / name / "run_results.json").write_text("{}")
        moment = 1_800_000_000 - age * 3600  # "e" is the newest, "a" five hours older
        os.utime(runs / name, (moment, moment))
    (runs / "a-file.txt").write_text("not a run folder")

    removed = prune_dbt_runs(runs)

    assert KEPT_DBT_RUNS == 3
    assert sorted(path.name for path in runs.iterdir()) == ["a-file.txt", "c", "d", "e"]
    assert sorted(path.name for path in removed) == ["a", "b"]


def test_the_folders_earlier_versions_left_in_target_go_too(tmp_path):
    runs = tmp_path / "target" / "runs"
    (runs / "2026-06-30-run").mkdir(parents=True)
    (tmp_path / "target" / "key_accounts_dbt_models-964408b-4c62263").mkdir()
    (tmp_path / "target" / "manifest.json").write_text("{}")
    prune_dbt_runs(runs)
    assert sorted(p.name for p in (tmp_path / "target").iterdir()) == ["manifest.json", "runs"]


def test_pruning_a_folder_that_does_not_exist_yet_does_nothing(tmp_path):
    assert prune_dbt_runs(tmp_path / "runs") == []


def test_a_dev_command_on_a_fresh_clone_parses_the_dbt_project_first(tmp_path, monkeypatch):
    """A fresh clone has no dbt/target/manifest.json, and the definitions read it when they load:
    under dagster-dbt's dev context (DAGSTER_IS_DEV_CLI, which every `dg` command and `dagster
    dev` set) the project is parsed first, once; elsewhere nothing parses at load."""
    project_dir = tmp_path / "dbt"
    shutil.copytree(
        DBT_PROJECT_DIR, project_dir, ignore=shutil.ignore_patterns("target", "logs", "data")
    )
    monkeypatch.setattr(dbt_project_module, "DBT_PROJECT_DIR", project_dir)
    monkeypatch.delenv("DAGSTER_IS_DEV_CLI", raising=False)
    dbt_project.cache_clear()
    try:
        assert not dbt_project().manifest_path.exists()

        monkeypatch.setenv("DAGSTER_IS_DEV_CLI", "1")
        dbt_project.cache_clear()
        manifest = dbt_project().manifest_path
        assert manifest.exists() and manifest_is_current(project_dir)
        parsed_at = manifest.stat().st_mtime_ns

        dbt_project.cache_clear()
        dbt_project()
        assert manifest.stat().st_mtime_ns == parsed_at  # current: not parsed again
    finally:
        dbt_project.cache_clear()


@pytest.mark.e2e
def test_a_daily_run_writes_dbts_artefacts_in_a_run_folder_and_prunes_the_old(
    pipeline_paths, run_daily_job
):
    write_hand_book(pipeline_paths.landing_dir)
    target = dbt_runs_dir().parent
    # The oldest folders of all: without pruning, the run would leave one too many.
    olds = [dbt_runs_dir() / f"test-old-{number}" for number in range(KEPT_DBT_RUNS)]
    for old in olds:
        old.mkdir(parents=True, exist_ok=True)
        os.utime(old, (0, 0))
    before = {path.name for path in target.iterdir()}
    runs_before = {path.name for path in dbt_runs_dir().iterdir()}
    try:
        run = run_daily_job(AS_OF)
        kept = {path.name for path in dbt_runs_dir().iterdir()}
    finally:
        for old in olds:
            shutil.rmtree(old, ignore_errors=True)

    assert run.success, run.failures
    folder = dbt_runs_dir() / f"{AS_OF}-{run.run_id}"
    assert folder.name in kept
    # The other pytest worker's runs share target/runs: a folder one of them starts after this
    # run pruned is not this run's to count. Without pruning, this run's folder and the three
    # old ones would make four.
    started_meanwhile = kept - runs_before - {folder.name}
    assert len(kept - started_meanwhile) <= KEPT_DBT_RUNS
    assert any(old.name not in kept for old in olds)  # the oldest go first
    assert (folder / "run_results.json").exists()
    # dagster-dbt copied dbt's parse cache in from target/, which keeps its own.
    assert (folder / "partial_parse.msgpack").exists()
    assert (target / "partial_parse.msgpack").exists() and (target / "manifest.json").exists()
    assert {path.name for path in target.iterdir()} == before  # no folder beside runs/


def test_every_signal_has_its_model_and_reaches_the_actions(dbt_manifest):
    """scoring_config.SIGNALS names the signals a KAM's action_feedback may answer; each has its
    int_signal_<name> model, which int_kam_signals unions into the actions, and the published
    columns accept exactly those names."""
    import json

    from dagster_project.lib.configuration.scoring import SIGNALS

    manifest = json.loads(dbt_manifest.read_text())
    nodes = manifest["nodes"].values()
    models = {node["name"]: node for node in nodes if node["resource_type"] == "model"}
    signal_models = {name for name in models if name.startswith("int_signal_")}
    assert signal_models == {f"int_signal_{signal}" for signal in SIGNALS}
    parents = set(models["int_kam_signals"]["depends_on"]["nodes"])
    assert {models[name]["unique_id"] for name in signal_models} <= parents
    accepted = [
        node["test_metadata"]["kwargs"]["values"]
        for node in nodes
        if node["resource_type"] == "test"
        and node.get("test_metadata", {}).get("name") == "accepted_values"
        and node.get("column_name") == "signal"
    ]
    assert accepted and all(sorted(values) == sorted(SIGNALS) for values in accepted)
