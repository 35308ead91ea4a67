"""The deployment of README's "Running it unattended": the Dagster instance in PostgreSQL
(deploy/dagster.yaml), dagster-daemon running the schedule and the sensor, dagster-webserver on
the same instance, both with the environment of deploy/key-accounts.env
(KEY_ACCOUNTS_AUTOMATION=on).

A PostgreSQL server from Debian's packages (`make postgres-test` installs them) runs for the test
in a temporary data directory on a free localhost port. The tiny sample lands with its `.done`
markers before the daemon starts, so the sensor's first tick starts a run; the schedule's cron is
one minute a little later, so that it ticks once (every minute, each tick would be a run). Both
runs are looked up in the PostgreSQL-backed instance by the tags Dagster gives them, and through
the webserver's GraphQL. Marker `postgres`: left out of `make test`.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import dagster as dg
import pytest

from tests.conftest import free_port
from tests.end_to_end.postgres_deployment import (
    BIN_DIR,
    PG_DB,
    PG_PASSWORD,
    PG_USER,
    RUNS_QUERY,
    SCHEDULE_TAG,
    SENSOR_TAG,
    connect,
    fail_with_log,
    graphql,
    install_deployment,
    log,
    postgres_bin_dir,
    run_as_server_account,
    run_errors,
    running,
    runs_in_database,
    runs_tagged,
    wait_for_finished_runs,
    wait_until_serving,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_server() -> Iterator[dict[str, str]]:
    """A PostgreSQL server of its own on a free localhost port, password required; its data
    directory goes with it, even when the test fails. Yields the DAGSTER_POSTGRES_* variables."""
    bin_dir = postgres_bin_dir()
    # Not under tmp_path, which is private to root: the server does not run as root.
    base = Path(tempfile.mkdtemp(prefix="key-accounts-pg-"))
    data, port = base / "data", free_port()
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={base}"
    try:
        (base / "password").write_text(PG_PASSWORD)
        if os.geteuid() == 0:
            for path in (base, base / "password"):
                shutil.chown(path, "postgres")
        run_as_server_account(
            [bin_dir / "initdb", "-D", data, "-U", PG_USER, "--pwfile", base / "password"]
            + ["--auth", "scram-sha-256", "--encoding", "UTF8"],
            base,
        )
        run_as_server_account(
            [bin_dir / "pg_ctl", "start", "-D", data, "-l", base / "server.log", "-w", "-t", "60"]
            + ["-o", options],
            base,
        )
        database = {
            "DAGSTER_POSTGRES_HOST": "127.0.0.1",
            "DAGSTER_POSTGRES_PORT": str(port),
            "DAGSTER_POSTGRES_DB": PG_DB,
            "DAGSTER_POSTGRES_USER": PG_USER,
            "DAGSTER_POSTGRES_PASSWORD": PG_PASSWORD,
        }
        with closing(connect(database, dbname="postgres")) as conn:
            conn.autocommit = True  # CREATE DATABASE cannot run in a transaction
            conn.cursor().execute(f"create database {PG_DB}")
        log(f"PostgreSQL {bin_dir.parent.name} on 127.0.0.1:{port}, data in {data}")
        yield database
    finally:
        if (data / "postmaster.pid").exists():
            stop = [bin_dir / "pg_ctl", "stop", "-D", data, "-m", "fast"]
            run_as_server_account(stop, base, check=False)
        shutil.rmtree(base, ignore_errors=True)


def test_daemon_and_webserver_on_postgres(postgres_server, dbt_manifest, tmp_path, monkeypatch):
    """The sensor's run of a delivery and the schedule's run succeed, recorded in PostgreSQL,
    where the webserver finds them too."""
    env, tick = install_deployment(tmp_path / "deployment", postgres_server)
    for name, value in postgres_server.items():
        monkeypatch.setenv(name, value)  # for this process's instance, from the same dagster.yaml
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    daemon_log = tmp_path / "daemon.log"

    # The first process to open the instance creates Dagster's tables in the database.
    with dg.DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
        log(
            f"dagster-daemon and dagster-webserver ({base_url}); the schedule ticks at {tick:%H:%M}"
        )
        with (
            running([str(BIN_DIR / "dagster-daemon"), "run"], env, daemon_log) as daemon,
            running(
                [str(BIN_DIR / "dagster-webserver"), "-h", "127.0.0.1", "-p", str(port)],
                env,
                tmp_path / "webserver.log",
            ) as webserver,
        ):
            runs = wait_for_finished_runs(instance, daemon, daemon_log, tick)
            for who, run in runs.items():
                if run.status != dg.DagsterRunStatus.SUCCESS:
                    errors = run_errors(instance, run)
                    fail_with_log(f"the {who} run ended {run.status.value}:\n{errors}", daemon_log)
            wait_until_serving(base_url, webserver, tmp_path / "webserver.log")
            listed = graphql(base_url, RUNS_QUERY, {"runIds": [r.run_id for r in runs.values()]})
        assert len(runs_tagged(instance, SCHEDULE_TAG)) == 1, "one tick, one run"
        assert len(runs_tagged(instance, SENSOR_TAG)) == 1, "one delivery, one run"

    scheduled, sensor = runs["scheduled"], runs["sensor"]
    assert scheduled.tags["dagster/partition"] == tick.date().isoformat()
    assert "sales_lines_" in sensor.tags["key_accounts/new_files"]
    succeeded = {scheduled.run_id: "SUCCESS", sensor.run_id: "SUCCESS"}
    assert runs_in_database(postgres_server) == succeeded
    assert {run["runId"]: run["status"] for run in listed["runsOrError"]["results"]} == succeeded
    log("both runs succeeded, in PostgreSQL's runs table and in the webserver's list")
