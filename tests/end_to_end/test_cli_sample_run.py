"""`key-accounts generate-sample` then `key-accounts run` as a user runs them: a separate process,
paths from KEY_ACCOUNTS_* variables. The run publishes the sample's figures (checked against the
files with SQL of its own) and prints a summary, `key-accounts docs` writes dbt's documentation,
and running the day again publishes the same figures to the last bit."""

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from dagster_project.lib.configuration.settings import (
    ENV_LANDING_DIR,
    ENV_PUBLISHED,
)
from tests.conftest import published_marts
from tests.end_to_end.cli_helpers import AS_OF, run_cli, user_environment
from tests.installations import copy_installation


def independent_total_revenue(folder: Path) -> float:
    """Window revenue straight from the files, with its own SQL: positive customer totals only."""
    return duckdb.sql(f"""
        with lines as (select * from read_csv('{folder}/sales_lines_*.csv', all_varchar = true)),
        rates as (select rate_date::date as rate_date, currency, rate_to_reporting::double as rate
                  from read_csv('{folder}/fx_rates_*.csv', all_varchar = true)),
        priced as (
            select l.customer_id,
                   l.quantity::double * l.unit_price::double * (1 - coalesce(l.discount::double, 0))
                   * case when l.currency = 'EUR' then 1 else
                       (select r.rate from rates r where r.currency = l.currency and r.rate_date <= l.order_date::date
                        order by r.rate_date desc limit 1) end as amount
            from lines l
            where l.order_date::date > date '2025-06-30' and l.order_date::date <= date '2026-06-30'
        ),
        by_customer as (select customer_id, sum(amount) as revenue from priced group by 1)
        select sum(revenue) from by_customer where revenue > 0
    """).fetchone()[0]


def deliver_sample(user_env: dict[str, str], copy_for_checking: Path) -> Path:
    """A generated sample (40 customers, 420 days up to AS_OF) written to `copy_for_checking` and
    delivered to the landing folder, the way a user tries the pipeline; returns the landing folder."""
    landing = Path(user_env[ENV_LANDING_DIR])
    generated = run_cli(
        "generate-sample",
        "--customers",
        "40",
        "--days",
        "420",
        "--lines-per-day",
        "8",
        "--end-date",
        AS_OF.isoformat(),
        "--output",
        str(copy_for_checking),
        env=user_env,
    )
    assert generated.returncode == 0, generated.stderr
    landing.mkdir(parents=True)
    for path in copy_for_checking.iterdir():
        (landing / path.name).write_bytes(path.read_bytes())
    return landing


@dataclass(frozen=True)
class SampleRun:
    """A user's home where a generated sample was delivered (a copy kept in `delivered`) and
    `key-accounts run` ran as of AS_OF."""

    home: Path
    ran: subprocess.CompletedProcess

    @property
    def env(self) -> dict[str, str]:
        return user_environment(self.home)


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> SampleRun:
    home = tmp_path_factory.mktemp("sample_run")
    deliver_sample(user_environment(home), home / "delivered")
    ran = run_cli(
        "run", "--as-of", AS_OF.isoformat(), "--log-level", "WARNING", env=user_environment(home)
    )
    assert ran.returncode == 0, ran.stderr
    return SampleRun(home, ran)


@pytest.mark.e2e
def test_generate_then_run_publishes_and_prints_a_summary(sample_run, user_env, tmp_path):
    ran, env = sample_run.ran, sample_run.env
    landing = Path(env[ENV_LANDING_DIR])
    published = Path(env[ENV_PUBLISHED])
    assert f"Key accounts as of {AS_OF}" in ran.stdout
    assert f"Published file: {published}" in ran.stdout
    assert "accounts by weighted score:" in ran.stdout and "  tiers  " in ran.stdout
    with duckdb.connect(str(published), read_only=True) as conn:
        total = conn.execute(
            "select total_net_revenue::double from revenue_concentration where as_of_date = ?",
            [AS_OF],
        ).fetchone()[0]
    assert total == pytest.approx(
        independent_total_revenue(sample_run.home / "delivered"), rel=1e-9
    )
    assert list(landing.iterdir()) == []
    charts = published.parent / "charts" / AS_OF.isoformat()
    assert f"Pictures: {charts / 'concentration_trend.png'}, " in ran.stdout
    gx_index = landing.parent / "validation_docs" / "index.html"
    assert f"Validation reports (Great Expectations Data Docs): {gx_index}" in ran.stdout

    # dbt's documentation, offline, with the catalog read from the warehouse the run built (a
    # copy of it: the docs are written beside the landing folder).
    copy_installation(sample_run.home, tmp_path)
    docs = run_cli("docs", env=user_env)
    assert docs.returncode == 0, docs.stderr
    docs_dir = Path(user_env[ENV_LANDING_DIR]).parent / "dbt_docs"
    assert f"dbt docs (models, columns, lineage): {docs_dir / 'static_index.html'}" in docs.stdout
    assert (docs_dir / "static_index.html").stat().st_size > 0
    catalog = json.loads((docs_dir / "catalog.json").read_text())["nodes"]
    with duckdb.connect(str(user_env[ENV_PUBLISHED]), read_only=True) as conn:
        for name in ("customer_scores", "revenue_concentration"):
            columns = [row[0] for row in conn.execute(f"describe {name}").fetchall()]
            node = catalog[f"model.key_accounts.{name}"]
            assert sorted(node["columns"]) == sorted(columns), name

    import dagster as dg

    os.environ["DAGSTER_HOME"] = user_env["DAGSTER_HOME"]
    try:
        with dg.DagsterInstance.get() as instance:
            runs = instance.get_runs()
            assert [(r.job_name, r.status, r.tags.get("dagster/partition")) for r in runs] == [
                ("daily_key_accounts", dg.DagsterRunStatus.SUCCESS, AS_OF.isoformat())
            ]
    finally:
        del os.environ["DAGSTER_HOME"]


@pytest.mark.e2e
def test_running_a_day_again_publishes_the_same_figures_to_the_last_bit(
    sample_run, user_env, tmp_path
):
    copy_installation(sample_run.home, tmp_path)
    published = Path(user_env[ENV_PUBLISHED])
    before = published_marts(published)
    again = run_cli("run", "--as-of", AS_OF.isoformat(), "--log-level", "WARNING", env=user_env)
    assert again.returncode == 0, again.stderr

    # Every figure equal, doubles included: no sum depends on the order threads finish in.
    assert published_marts(published) == before
    assert all(
        before[table] for table in ("customer_scores", "revenue_concentration", "kam_portfolio")
    )
