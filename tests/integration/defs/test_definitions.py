"""The Dagster definitions load, and the daily job covers the whole lineage."""

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from dagster_project.lib.configuration.settings import REPO_ROOT

# The contract's input datasets, written out: a dataset dropped from the code fails these tests.
INPUT_DATASETS = (
    "sales_lines",
    "customers",
    "service_costs",
    "fx_rates",
    "account_overrides",
    "account_assessments",
    "products",
    "action_feedback",
)


def test_definitions_load_and_validate(dbt_manifest):
    from dagster_project.definitions import defs

    definitions = defs()
    dg.Definitions.validate_loadable(definitions)
    job = definitions.resolve_job_def("daily_key_accounts")
    assert job.partitions_def is not None


# Deprecation warnings are shown (Python hides those not raised in __main__), except sqlglotrs's
# on import: dagster-dbt requires sqlglot[rs], whose Rust tokenizer says it is unmaintained.
SHOW_DEPRECATIONS = "default::DeprecationWarning,ignore::DeprecationWarning:sqlglotrs"


def test_dg_check_defs_passes_without_warnings(dagster_home, dbt_manifest):
    """`dg check defs` on the repository, as a developer runs it with the environment activated
    (VIRTUAL_ENV, as `make ui` sets it): the YAML and the definitions load, and nothing warns,
    not even of a deprecation."""
    dg_cli = Path(sys.executable).parent / "dg"
    result = subprocess.run(
        [str(dg_cli), "check", "defs"],
        cwd=REPO_ROOT,
        env={**os.environ, "VIRTUAL_ENV": sys.prefix, "PYTHONWARNINGS": SHOW_DEPRECATIONS},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "All definitions loaded successfully." in output
    for word in ("warn", "error", "deprecat", "superseded"):
        assert word not in output.lower(), output


def test_lineage_runs_from_landing_files_to_published_tables(dbt_manifest):
    from dagster_project.definitions import defs

    graph = defs().resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    for dataset in INPUT_DATASETS:
        assert f"landing/{dataset}" in keys
        assert f"raw/{dataset}" in keys
        assert f"staging/stg_raw__{dataset}" in keys
    assert {
        "published/customer_scores",
        "published/customer_revenue_shares",
        "published/customer_group_revenue_shares",
        "published/revenue_concentration",
        "published/revenue_concentration_monthly",
        "published/kaism_matrix",
        "published/kam_portfolio",
    } <= keys

    upstream = graph.get(dg.AssetKey(["published", "revenue_concentration"])).parent_keys
    assert dg.AssetKey(["marts", "revenue_concentration"]) in upstream
    # The chain is unbroken: staging reads the raw table the ingestion asset writes.
    assert (
        dg.AssetKey(["raw", "sales_lines"])
        in graph.get(dg.AssetKey(["staging", "stg_raw__sales_lines"])).parent_keys
    )
    assert (
        dg.AssetKey(["landing", "sales_lines"])
        in graph.get(dg.AssetKey(["raw", "sales_lines"])).parent_keys
    )


LAYERS = ["landing", "raw", "staging", "intermediate", "marts", "published"]


def test_every_asset_has_a_layer_description_owner_and_kind(dbt_manifest):
    from dagster_project.definitions import defs

    graph = defs().resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        name = key.to_user_string()
        assert node.group_name == key.path[0] and node.group_name in LAYERS, name
        assert node.description and not node.description.lstrip().startswith("{"), name
        assert node.owners in (["team:data-engineering"], ["team:analytics-engineering"]), name
        assert node.kinds, name
        if node.group_name in ("staging", "intermediate", "marts"):
            assert {"dbt", "duckdb"} <= node.kinds, name
            assert node.owners == ["team:analytics-engineering"], name
        # Every table declares its columns before it is ever materialised.
        if node.group_name != "landing" and key.path[-1] not in ("charts", "ingested_files"):
            assert "dagster/column_schema" in node.metadata, name
    assert graph.get(dg.AssetKey(["raw", "sales_lines"])).kinds == {"duckdb", "gx"}


def test_great_expectations_suites_are_blocking_checks_on_the_raw_tables(dbt_manifest):
    from dagster_project.definitions import defs

    graph = defs().resolve_asset_graph()
    for dataset in INPUT_DATASETS:
        contract = dg.AssetCheckKey(
            dg.AssetKey(["raw", dataset]), f"{dataset}_files_meet_their_contract"
        )
        assert contract in graph.asset_check_keys
        assert graph.get_check_spec(contract).blocking


def test_dbt_tests_are_attached_as_asset_checks(dbt_manifest):
    from dagster_project.definitions import defs

    checks = {
        (key.asset_key.to_user_string(), key.name)
        for key in defs().resolve_asset_graph().asset_check_keys
    }
    assert ("marts/revenue_concentration", "unique_revenue_concentration_as_of_date") in checks
    assert ("marts/customer_revenue_shares", "assert_revenue_shares_sum_to_one") in checks
    assert ("marts/customer_revenue_shares", "assert_largest_customer_is_class_a") in checks
    assert (
        "marts/customer_group_revenue_shares",
        "assert_group_shares_add_up_to_their_members",
    ) in checks
    assert ("intermediate/int_customer_groups", "assert_customer_groups_reach_the_top") in checks
    assert ("marts/customer_scores", "assert_points_add_up_to_weighted_score") in checks
    assert ("marts/customer_scores", "assert_tiers_are_configured_and_capped") in checks


def test_alerts_are_warnings_on_the_published_tables(dbt_manifest):
    from dagster_project.definitions import defs

    graph = defs().resolve_asset_graph()
    alerts = {
        (key.asset_key.to_user_string(), key.name)
        for key in graph.asset_check_keys
        if key.asset_key.path[0] == "published"
    }
    assert alerts == {
        ("published/revenue_concentration", "no_mono_client"),
        ("published/revenue_concentration", "concentration_within_limits"),
        ("published/revenue_concentration", "concentration_not_rising"),
        ("published/customer_revenue_shares", "no_major_customer"),
        ("published/customer_scores", "key_accounts_have_a_kam"),
        ("published/kam_portfolio", "no_kam_holds_too_much_revenue"),
        ("published/customer_scores", "no_key_account_dropped_a_tier"),
    }
    job = defs().resolve_job_def("daily_key_accounts")
    assert alerts <= {
        (k.asset_key.to_user_string(), k.name) for k in job.asset_layer.asset_graph.asset_check_keys
    }


def test_dbt_build_args_pass_the_vars_as_json():
    from dagster_project.defs.transform.assets import dbt_build_args

    assert dbt_build_args({"b": 1, "a": "x"}) == [
        "build",
        "--vars",
        '{"a": "x", "b": 1}',
        "--exclude-resource-type",
        "unit_test",
    ]


def test_every_warehouse_connection_has_the_memory_limit(monkeypatch):
    """DuckDB refuses two settings for one file in one process, and the limit is what keeps a
    60M-line run within memory: the resource, GX (lib/contracts/validation.py) and dbt's profile share it."""
    import yaml

    from dagster_project.defs.resources import resources
    from dagster_project.lib.configuration.settings import (
        DBT_PROJECT_DIR,
        ENV_DUCKDB_MEMORY_LIMIT,
        warehouse_duckdb_config,
    )

    monkeypatch.setenv(ENV_DUCKDB_MEMORY_LIMIT, "3GB")
    assert warehouse_duckdb_config() == {"memory_limit": "3GB"}
    warehouse = resources().resources["warehouse"]
    assert warehouse.connection_config == {"memory_limit": "3GB"}
    monkeypatch.delenv(ENV_DUCKDB_MEMORY_LIMIT)
    assert warehouse_duckdb_config() == {"memory_limit": "4GB"}
    profile = yaml.safe_load((DBT_PROJECT_DIR / "profiles.yml").read_text())
    settings = profile["key_accounts"]["outputs"]["duckdb"]["settings"]
    assert settings == {"memory_limit": f"{{{{ env_var('{ENV_DUCKDB_MEMORY_LIMIT}', '4GB') }}}}"}


def test_dbts_profile_falls_back_to_the_settings_defaults():
    """dbt run by hand from dbt/ (no KEY_ACCOUNTS_* variable) works on the pipeline's default
    warehouse with its default memory limit: the profile's fallbacks are settings.py's, which
    hold them (the pipeline itself always hands dbt both)."""
    import re

    import yaml

    from dagster_project.lib.configuration.settings import (
        DBT_PROJECT_DIR,
        DEFAULT_DUCKDB_MEMORY_LIMIT,
        ENV_DUCKDB_MEMORY_LIMIT,
        ENV_WAREHOUSE,
        PipelinePaths,
    )

    profile = yaml.safe_load((DBT_PROJECT_DIR / "profiles.yml").read_text())
    output = profile["key_accounts"]["outputs"]["duckdb"]

    def fallback(text: str, variable: str) -> str:
        [default] = re.findall(rf"env_var\('{variable}', '([^']*)'\)", text)
        return default

    warehouse = (DBT_PROJECT_DIR / fallback(output["path"], ENV_WAREHOUSE)).resolve()
    assert warehouse == PipelinePaths.from_env({}).warehouse
    memory = fallback(output["settings"]["memory_limit"], ENV_DUCKDB_MEMORY_LIMIT)
    assert memory == DEFAULT_DUCKDB_MEMORY_LIMIT


def test_the_dbt_version_is_read_from_the_installed_package():
    import importlib.metadata

    from dagster_project.defs.resources import resources

    dbt = resources().resources["dbt"]
    assert str(dbt._cli_version) == importlib.metadata.version("dbt-core")


def test_every_resource_uses_the_one_paths_object_with_its_paths_absolute(monkeypatch, tmp_path):
    """A relative KEY_ACCOUNTS_WAREHOUSE is taken from where the command runs, and dbt, which runs
    from dbt/, gets the same file as an absolute path (its profile would otherwise resolve it from
    there); the warehouse's lock and connections use that file too."""
    from dagster_project.defs.resources import resources
    from dagster_project.lib.configuration.settings import ENV_WAREHOUSE, PipelinePaths

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(ENV_WAREHOUSE, "data/w.duckdb")
    given = resources().resources
    paths = given["paths"]
    assert isinstance(paths, PipelinePaths)
    assert paths.warehouse == tmp_path / "data" / "w.duckdb"
    expected = str(tmp_path / "data" / "w.duckdb")
    assert given["dbt"].warehouse == given["warehouse_lock"].warehouse == expected
    assert given["warehouse"].database == expected

    monkeypatch.delenv(ENV_WAREHOUSE)
    given["dbt"].setup_for_execution(dg.build_init_resource_context())
    # What profiles.yml reads in the dbt process dagster-dbt starts next.
    assert os.environ[ENV_WAREHOUSE] == expected
