"""Where the pipeline reads and writes: every path comes from a KEY_ACCOUNTS_* variable or a default in the repo."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = REPO_ROOT / "dbt"
DEFAULT_CONFIG_FILE = REPO_ROOT / "config" / "key_accounts.yml"
DEFAULT_DAGSTER_HOME = REPO_ROOT / "dagster_home"

ENV_LANDING_DIR = "KEY_ACCOUNTS_LANDING_DIR"
ENV_WAREHOUSE = "KEY_ACCOUNTS_WAREHOUSE"
ENV_PUBLISHED = "KEY_ACCOUNTS_PUBLISHED"
ENV_CONFIG = "KEY_ACCOUNTS_CONFIG"
ENV_DUCKDB_MEMORY_LIMIT = "KEY_ACCOUNTS_DUCKDB_MEMORY_LIMIT"
# Enough for tens of millions of lines (DuckDB spills the rest to disk), and well below the memory
# of a small machine, which DuckDB would otherwise take 80% of.
DEFAULT_DUCKDB_MEMORY_LIMIT = "4GB"


def warehouse_duckdb_config(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Settings of every DuckDB connection of the pipeline to its warehouse (dbt's profile reads
    the same variable). One process must open a database file with one set of settings."""
    env = os.environ if environ is None else environ
    return {
        "memory_limit": env.get(ENV_DUCKDB_MEMORY_LIMIT, "").strip() or DEFAULT_DUCKDB_MEMORY_LIMIT
    }


def _path_from_env(environ: Mapping[str, str], name: str, default: Path) -> Path:
    value = environ.get(name, "").strip()
    # A relative value is relative to where the user runs the command, as for any CLI path.
    return Path(value).expanduser().resolve() if value else default


@dataclass(frozen=True)
class PipelinePaths:
    """Files and folders of one installation. Archive and quarantine sit beside the landing folder."""

    landing_dir: Path
    warehouse: Path
    published: Path
    config_file: Path

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> PipelinePaths:
        env = os.environ if environ is None else environ
        return cls(
            landing_dir=_path_from_env(env, ENV_LANDING_DIR, REPO_ROOT / "data" / "landing"),
            warehouse=_path_from_env(env, ENV_WAREHOUSE, REPO_ROOT / "data" / "warehouse.duckdb"),
            published=_path_from_env(
                env, ENV_PUBLISHED, REPO_ROOT / "data" / "published" / "key_accounts.duckdb"
            ),
            config_file=_path_from_env(env, ENV_CONFIG, DEFAULT_CONFIG_FILE),
        )

    @property
    def archive_dir(self) -> Path:
        return self.landing_dir.parent / "archive"

    @property
    def quarantine_dir(self) -> Path:
        return self.landing_dir.parent / "quarantine"

    @property
    def dbt_docs_dir(self) -> Path:
        """dbt's documentation site of the models (`key-accounts docs`): static_index.html."""
        return self.landing_dir.parent / "dbt_docs"

    @property
    def validation_docs_dir(self) -> Path:
        """Great Expectations Data Docs of every validation, a folder per delivery."""
        return self.landing_dir.parent / "validation_docs"

    def create_folders(self) -> None:
        for folder in (
            self.landing_dir,
            self.archive_dir,
            self.quarantine_dir,
            self.validation_docs_dir,
            self.warehouse.parent,
            self.published.parent,
        ):
            folder.mkdir(parents=True, exist_ok=True)

    def as_env(self) -> dict[str, str]:
        """The same paths as absolute KEY_ACCOUNTS_* variables, for child processes such as dbt."""
        return {
            ENV_LANDING_DIR: str(self.landing_dir),
            ENV_WAREHOUSE: str(self.warehouse),
            ENV_PUBLISHED: str(self.published),
            ENV_CONFIG: str(self.config_file),
        }
