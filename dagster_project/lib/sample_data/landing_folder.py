"""The folder a sample is written to and the format of its files: every writer names, writes
and announces its files through it alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.lib.ingestion.landing import MARKER_SUFFIX


@dataclass(frozen=True)
class LandingFolder:
    """Where the sample's files go and in which format (csv or parquet), so that every file is
    named and written alike."""

    path: Path
    file_format: str

    @property
    def extension(self) -> str:
        return "csv" if self.file_format == "csv" else "parquet"

    @property
    def copy_options(self) -> str:
        return "format csv, header true" if self.file_format == "csv" else "format parquet"

    def file(self, stem: str) -> Path:
        return self.path / f"{stem}.{self.extension}"

    def copy(self, conn: duckdb.DuckDBPyConnection, query: str, stem: str) -> None:
        """Write the rows of query as the file stem and announce it, as every sample file is."""
        target = self.file(stem)
        conn.execute(f"copy ({query}) to '{target}' ({self.copy_options})")
        announce(target)


def announce(path: Path) -> None:
    """Mark a written file complete, as a sender does (README "Your own files"), so that a run
    takes it at once instead of waiting for it to settle."""
    path.with_name(path.name + MARKER_SUFFIX).touch()
