"""Paths and settings that cannot work are refused before anything is written, in one line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dagster_project.lib.configuration.settings import (
    ENV_LANDING_DIR,
    ENV_PUBLISHED,
    ENV_SETTLE_SECONDS,
    ENV_WAREHOUSE,
    PipelinePaths,
    SettingsError,
    landing_settle_seconds,
)


def paths_under(root: Path, **changes: Path) -> PipelinePaths:
    paths = {
        "landing_dir": root / "data" / "landing",
        "warehouse": root / "data" / "warehouse.duckdb",
        "published": root / "data" / "published" / "key_accounts.duckdb",
        "config_file": root / "key_accounts.yml",
        **changes,
    }
    return PipelinePaths(**paths)


def test_usable_paths_have_no_problem_and_their_folders_exist(tmp_path):
    paths = paths_under(tmp_path)
    assert paths.problems() == []
    assert paths.archive_dir.is_dir() and paths.published.parent.is_dir()
    # The probe leaves nothing behind.
    assert list(paths.landing_dir.iterdir()) == []


def test_the_published_file_cannot_be_the_warehouse(tmp_path):
    same = tmp_path / "data" / "warehouse.duckdb"
    [problem] = paths_under(tmp_path, published=same).problems()
    assert problem.startswith(f"{ENV_PUBLISHED} and {ENV_WAREHOUSE} are the same file ({same})")


def test_a_landing_folder_named_like_a_folder_beside_it_is_refused(tmp_path):
    """Landing = quarantine once re-quarantined the same bad file on every run, for ever."""
    landing = tmp_path / "data" / "quarantine"
    [problem] = paths_under(tmp_path, landing_dir=landing).problems()
    assert problem.startswith(f"{ENV_LANDING_DIR} ({landing}) is the quarantine folder itself")


def test_a_folder_that_is_a_file_is_refused(tmp_path):
    paths = paths_under(tmp_path)
    paths.archive_dir.parent.mkdir(parents=True)
    paths.archive_dir.write_text("not a folder")
    published_folder = tmp_path / "bi"
    published_folder.write_text("not a folder either")
    problems = paths_under(tmp_path, published=published_folder / "key.duckdb").problems()
    assert problems == [
        f"The archive folder {paths.archive_dir} is a file, not a folder.",
        f"The published file's folder {published_folder} is a file, not a folder.",
    ]


def test_the_warehouse_cannot_sit_in_the_landing_folder(tmp_path):
    landing = tmp_path / "data" / "landing"
    [problem] = paths_under(tmp_path, warehouse=landing / "w.duckdb").problems()
    assert problem == (
        f"The warehouse {landing / 'w.duckdb'} is inside {landing}, where deliveries are kept; "
        "put it elsewhere."
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="chattr needs root")
def test_a_landing_folder_nobody_can_write_to_is_refused_before_anything_is_merged(tmp_path):
    """Root passes every permission check: an immutable folder is what stops it. The merge once
    committed before the move out of such a folder failed, on every run."""
    paths = paths_under(tmp_path)
    paths.create_folders()
    subprocess.run(["chattr", "+i", str(paths.landing_dir)], check=True)
    try:
        [problem] = paths.problems()
    finally:
        subprocess.run(["chattr", "-i", str(paths.landing_dir)], check=True)
    assert problem == (
        f"The landing folder {paths.landing_dir} cannot be written to (Operation not permitted)."
    )
    with pytest.raises(SettingsError, match="cannot be written to"):
        subprocess.run(["chattr", "+i", str(paths.landing_dir)], check=True)
        try:
            paths.check()
        finally:
            subprocess.run(["chattr", "-i", str(paths.landing_dir)], check=True)


@pytest.mark.parametrize("text", ["soon", "-1", "inf", "nan"])
def test_a_settle_interval_that_is_not_seconds_is_refused(text):
    with pytest.raises(SettingsError, match=f"{ENV_SETTLE_SECONDS}='{text}' must be a number"):
        landing_settle_seconds({ENV_SETTLE_SECONDS: text})


def test_the_settle_interval_defaults_to_a_minute():
    assert landing_settle_seconds({}) == 60.0
    assert landing_settle_seconds({ENV_SETTLE_SECONDS: "2.5"}) == 2.5


def test_the_command_line_refuses_unusable_paths_in_one_line_without_a_traceback(tmp_path):
    env = {
        **os.environ,
        ENV_LANDING_DIR: str(tmp_path / "data" / "quarantine"),
        ENV_WAREHOUSE: str(tmp_path / "data" / "warehouse.duckdb"),
        ENV_PUBLISHED: str(tmp_path / "data" / "warehouse.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "dagster_project.cli", "run"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {ENV_LANDING_DIR} (")
    assert "are the same file" in line and "Traceback" not in result.stderr
    assert not (tmp_path / "data" / "warehouse.duckdb").exists()
