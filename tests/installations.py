"""Installations built once per test session, for the tests to copy.

A daily run costs tens of seconds, and many tests start from the same state (the hand book
published, two days scored, ...). Each such state is built once, in a folder of its own, and a
test that needs it copies the folder (copy_installation) and works on the copy: the original is
never changed. An installation is laid out as the repository is: data/ (landing, archive,
quarantine, validation_docs, warehouse.duckdb, published/) and dagster_home/, a Dagster instance
with the runs that built it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from dagster_project.lib.configuration.settings import DEFAULT_DAGSTER_HOME, PipelinePaths
from tests.conftest import DailyRun, ingest_folder, installation_env, run_job, use_installation
from tests.hand_book import AS_OF, write_hand_book

# The crash-safety days: the day before the hand book's as-of date, then the as-of date, whose
# sales file is delivered in between.
DAY_BEFORE = date(2026, 6, 29)
LAST_DAY_FILE = "sales_lines_2026-06-30.csv"


@dataclass(frozen=True)
class Installation:
    """An installation folder and the daily runs that built it, oldest first. Copy it, never
    change it."""

    root: Path
    runs: tuple[DailyRun, ...]

    @property
    def paths(self) -> PipelinePaths:
        return PipelinePaths.from_env(installation_env(self.root))

    @property
    def dagster_home(self) -> Path:
        return Path(installation_env(self.root)["DAGSTER_HOME"])


def copy_installation(source: Path, target: Path) -> PipelinePaths:
    """Copy the installation at `source` to `target` (which may exist, empty folders and all), as
    if it had been built there; the paths of the copy."""
    import duckdb

    # A database still open in some process may have part of its contents in its log only.
    logs = sorted(str(path) for pattern in ("*.wal", "*-wal") for path in source.rglob(pattern))
    assert not logs, f"a database of {source} is still open: {logs}"
    shutil.copytree(source, target, symlinks=True, dirs_exist_ok=True)
    paths = PipelinePaths.from_env(installation_env(target))
    if paths.warehouse.exists():
        # The manifest names each archived file by its absolute path, and runs read it there
        # (a delivery seen before, a rebuild): the copy's must be its own archive.
        with duckdb.connect(str(paths.warehouse)) as conn:
            conn.execute(
                "update raw.ingested_files set archive_path = ? || substr(archive_path, ?) "
                "where starts_with(archive_path, ?)",
                [str(target), len(str(source)) + 1, f"{source}/"],
            )
    return paths


def build_installation(
    root: Path,
    days: Iterable[date],
    deliver: Callable[[PipelinePaths], None],
    before: Installation | None = None,
    after: Callable[[PipelinePaths], None] = lambda _paths: None,
) -> Installation:
    """An installation under root (a copy of `before`, or new) where `deliver` lands files and
    the daily job runs for each day, with the default configuration; `after` finishes it."""
    from dagster_project.lib.dagster.event_log_storage import instance_at

    with pytest.MonkeyPatch.context() as patch:
        if before is not None:
            copy_installation(before.root, root)
        paths = use_installation(root, patch)
        shutil.copy(DEFAULT_DAGSTER_HOME / "dagster.yaml", root / "dagster_home" / "dagster.yaml")
        deliver(paths)
        runs = list(before.runs) if before is not None else []
        with instance_at(root / "dagster_home") as instance:
            for day in days:
                run = run_job(instance, day)
                assert run.success, run.failures
                runs.append(run)
        after(paths)
    return Installation(root, tuple(runs))


@pytest.fixture(scope="session")
def hand_book_ingested(tmp_path_factory) -> Installation:
    """The hand book ingested as a run as of AS_OF ingests it, without the rest of the job."""
    root = tmp_path_factory.mktemp("hand_book_ingested")
    paths = PipelinePaths.from_env(installation_env(root))
    paths.create_folders()
    write_hand_book(paths.landing_dir)
    ingest_folder(paths.landing_dir.parent, date.today(), AS_OF)
    return Installation(root, ())


@pytest.fixture(scope="session")
def hand_book_published(tmp_path_factory, dbt_manifest) -> Installation:
    """The hand book (tests/hand_book.py) ingested and published as of its AS_OF."""
    return build_installation(
        tmp_path_factory.mktemp("hand_book_published"),
        [AS_OF],
        lambda paths: write_hand_book(paths.landing_dir),
    )


@pytest.fixture(scope="session")
def hand_book_day_before(tmp_path_factory, dbt_manifest) -> Installation:
    """The hand book published as of DAY_BEFORE without its last day's sales file, which has
    been delivered since and waits in the landing folder."""
    held = {}

    def deliver(paths: PipelinePaths) -> None:
        write_hand_book(paths.landing_dir)
        held["bytes"] = (paths.landing_dir / LAST_DAY_FILE).read_bytes()
        (paths.landing_dir / LAST_DAY_FILE).unlink()

    def deliver_last_day(paths: PipelinePaths) -> None:
        (paths.landing_dir / LAST_DAY_FILE).write_bytes(held["bytes"])

    return build_installation(
        tmp_path_factory.mktemp("hand_book_day_before"),
        [DAY_BEFORE],
        deliver,
        after=deliver_last_day,
    )


@pytest.fixture(scope="session")
def hand_book_two_days(tmp_path_factory, hand_book_day_before) -> Installation:
    """hand_book_day_before, then its waiting file ingested and the as-of date scored too: two
    scored dates, so that every published table has rows (score_changes compares them)."""
    return build_installation(
        tmp_path_factory.mktemp("hand_book_two_days"),
        [AS_OF],
        lambda _paths: None,
        before=hand_book_day_before,
    )


@pytest.fixture
def copy_of(
    pipeline_paths: PipelinePaths, tmp_path: Path
) -> Callable[[Installation], PipelinePaths]:
    """Copy an installation into this test's own (pipeline_paths), whose KEY_ACCOUNTS_* variables
    and DAGSTER_HOME are set already."""

    def copy(installation: Installation) -> PipelinePaths:
        copied = copy_installation(installation.root, tmp_path / "installation")
        assert copied == pipeline_paths
        return copied

    return copy
