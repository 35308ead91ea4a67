"""The holding area: the warehouse schema where new files wait, typed, for their validation.

Nothing in it is published or merged as it is: a run empties it first (what a crash left there
is staged again from the landing folder) and last (docs/operations.md, "Bad input"). A file with
every required column and at least one row joins its dataset's batch table, so that one
validation covers every new file of the dataset; any other file gets a table of its own
(without the columns it lacks), validated alone.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from dagster_project.lib.contracts.datasets import LandingFile
from dagster_project.lib.ingestion.typed_columns import present_columns, typed_columns
from dagster_project.lib.warehouse.sql import sql_string

HOLDING_SCHEMA = "holding"


@dataclass(frozen=True)
class StagedFile:
    """A new file loaded into the holding area, waiting for validation."""

    landing_file: LandingFile
    checksum: str
    # A query over the file's typed rows in the holding area.
    relation: str = ""
    columns: tuple[str, ...] = ()
    row_count: int = 0
    read_error: str | None = None
    # Whether the file's rows are in its dataset's batch table (or in a table of their own).
    in_batch: bool = False
    # The file's columns beyond the contract, which are ignored (a warning says so).
    extra_columns: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.landing_file.path.name

    def has_columns(self, *names: str) -> bool:
        return all(name in self.columns for name in names)

    @property
    def has_required_columns(self) -> bool:
        return self.has_columns(*(c.name for c in self.landing_file.dataset.columns if c.required))


def batch_table(dataset: str) -> str:
    """The view over the held rows of every new file of `dataset` that joined its batch."""
    return f"{HOLDING_SCHEMA}.{dataset}_batch"


def reset_holding_area(conn: duckdb.DuckDBPyConnection) -> None:
    """Empty the holding area; what a crash left there is staged again from the landing folder."""
    conn.execute(f"drop schema if exists {HOLDING_SCHEMA} cascade")
    conn.execute(f"create schema {HOLDING_SCHEMA}")


def drop_staged_file(conn: duckdb.DuckDBPyConnection, staged: StagedFile) -> None:
    """Take a staged file's rows out of its dataset's batch (a file alone has its own table,
    which nothing reads once the file is left out)."""
    if staged.in_batch:
        conn.execute(
            f"delete from {batch_table(staged.landing_file.dataset.name)}_rows "
            "where source_file_name = ?",
            [staged.name],
        )


def _read_as_text(landing_file: LandingFile) -> str:
    """A relation over the file with every column as text, so ids keep their leading zeros."""
    path = sql_string(str(landing_file.path))
    if landing_file.file_format == "csv":
        return f"read_csv({path}, header = true, delim = ',', quote = '\"', all_varchar = true)"
    return f"(select columns(*)::varchar from read_parquet({path}))"


def _csv_header(path: Path) -> tuple[str, ...] | None:
    """The column names of a CSV file's header row, or None when it cannot be read as one."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return tuple(next(csv.reader(handle)))
    except (OSError, UnicodeDecodeError, StopIteration, csv.Error):
        return None


def _create_held_table(
    conn: duckdb.DuckDBPyConnection, view: str, rows: str, exposed: list[str]
) -> None:
    """A table of held rows and the view over it that the suites and the merge read."""
    conn.execute(f"create table {view}_rows as {rows}")
    conn.execute(f"create view {view} as select {', '.join(exposed)} from {view}_rows")


def _insert_into_batch(
    conn: duckdb.DuckDBPyConnection, dataset: str, rows: str, exposed: list[str]
) -> str:
    """Add rows to the dataset's batch table (created with the first file that joins it) and
    give the batch's view, which the suites and the merge read."""
    table = batch_table(dataset)
    exists = conn.execute(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
        [HOLDING_SCHEMA, f"{dataset}_batch_rows"],
    ).fetchone()[0]
    if exists:
        conn.execute(f"insert into {table}_rows by name {rows}")
    else:
        _create_held_table(conn, table, rows, exposed)
    return table


def _in_batch(table: str, file_name: str) -> str:
    return f"select * from {table} where source_file_name = {sql_string(file_name)}"


def stage_file(
    conn: duckdb.DuckDBPyConnection, landing_file: LandingFile, position: int, checksum: str
) -> StagedFile:
    """Load one file into the holding area, typed (module docstring).

    `<column>` is the value cast to the contract's type (null when it does not cast) and
    `<column>__text` the value as delivered, so the suites can tell a missing value from one that
    does not parse; `source_file_name` and `file_row_number` say where a row came from.
    """
    kind = "CSV (UTF-8, comma separated)" if landing_file.file_format == "csv" else "Parquet"
    try:
        conn.execute(
            "create or replace temp table delivery_text as select *, row_number() over () as file_row_number "
            f"from {_read_as_text(landing_file)}"
        )
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        return StagedFile(landing_file, checksum, read_error=f"cannot be read as {kind}: {message}")
    read_names = [
        row[0]
        for row in conn.execute("describe delivery_text").fetchall()
        if row[0] != "file_row_number"
    ]
    # DuckDB renames a repeated header (`QUANTITY` beside `quantity` becomes `QUANTITY_1`): the
    # names as delivered come from the header itself.
    header = _csv_header(landing_file.path) if landing_file.file_format == "csv" else None
    names = list(header) if header and len(header) == len(read_names) else read_names
    folded = [name.strip().lower() for name in names]
    contract = set(landing_file.dataset.column_names)
    repeated = sorted({name for name in folded if folded.count(name) > 1} & contract)
    if repeated:
        staged = StagedFile(
            landing_file,
            checksum,
            read_error="has a column more than once ("
            + ", ".join(f"`{n}`" for n, f in zip(names, folded, strict=True) if f in repeated)
            + ")",
        )
    else:
        staged = _hold_delivery_text(conn, landing_file, checksum, position, names, read_names)
    conn.execute("drop table delivery_text")
    return staged


def _hold_delivery_text(
    conn: duckdb.DuckDBPyConnection,
    landing_file: LandingFile,
    checksum: str,
    position: int,
    names: list[str],
    read_names: list[str],
) -> StagedFile:
    """Type the rows of the temp table delivery_text into the dataset's batch, or into a table
    of their own when the file lacks a required column or has no row (module docstring).

    `names` are the file's columns as delivered, `read_names` as DuckDB read them."""
    dataset = landing_file.dataset
    folded = [name.strip().lower() for name in names]
    delivered = dict(zip(folded, read_names, strict=True))
    contract = set(dataset.column_names)
    extra = tuple(name for name, fold in zip(names, folded, strict=True) if fold not in contract)
    stored, exposed = typed_columns(dataset, delivered, extra)
    stored += ["file_row_number", f"{sql_string(landing_file.path.name)} as source_file_name"]
    rows = f"select {', '.join(stored)} from delivery_text"
    row_count = conn.execute("select count(*) from delivery_text").fetchone()[0]
    staged = StagedFile(
        landing_file,
        checksum,
        columns=present_columns(dataset, delivered),
        row_count=row_count,
        extra_columns=extra,
    )
    if staged.has_required_columns and row_count > 0:
        table = _insert_into_batch(conn, dataset.name, rows, exposed)
        return replace(staged, relation=_in_batch(table, landing_file.path.name), in_batch=True)
    table = f"{HOLDING_SCHEMA}.delivery_{position}"
    _create_held_table(conn, table, rows, exposed)
    return replace(staged, relation=f"select * from {table}")


def _shares_a_batch_header(landing_file: LandingFile) -> tuple[str, ...] | None:
    """The CSV file's header when it can be read with others of the same header: the contract's
    names, each once, with every required one; None otherwise."""
    if landing_file.file_format != "csv":
        return None
    header = _csv_header(landing_file.path)
    dataset = landing_file.dataset
    if (
        header
        and len(set(header)) == len(header)
        and set(header) <= {c.name for c in dataset.columns}
        and {c.name for c in dataset.columns if c.required} <= set(header)
    ):
        return header
    return None


def stage_files(
    conn: duckdb.DuckDBPyConnection, new_files: list[tuple[LandingFile, str]]
) -> list[StagedFile]:
    """Stage new files (each with its checksum), as stage_file does, in name order.

    The CSV files of a dataset with the same header, made of the contract's names with every
    required one, are read together in one statement that is told the columns instead of
    sniffing each file: a history of daily files loads in one pass instead of one statement per
    file. Any other file, or a group that DuckDB cannot read at once, is staged file by file,
    which also says which file is unreadable.
    """
    staged: dict[int, StagedFile] = {}
    groups: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for index, (landing_file, _checksum) in enumerate(new_files):
        if header := _shares_a_batch_header(landing_file):
            groups.setdefault((landing_file.dataset.name, header), []).append(index)
    for (_dataset, header), indexes in groups.items():
        if len(indexes) > 1:
            files = [new_files[i] for i in indexes]
            staged.update(_stage_csv_group(conn, files, header, indexes))
    for index, (landing_file, checksum) in enumerate(new_files):
        if index not in staged:
            staged[index] = stage_file(conn, landing_file, index, checksum)
    return [staged[index] for index in range(len(new_files))]


def _stage_csv_group(
    conn: duckdb.DuckDBPyConnection,
    files: list[tuple[LandingFile, str]],
    header: tuple[str, ...],
    indexes: list[int],
) -> dict[int, StagedFile]:
    """Stage CSV files of one dataset and one header in one read, straight into the dataset's
    batch table; {} when DuckDB cannot read them so. A file without rows is left out, for
    stage_file to give it a table of its own. Rows read so carry no file_row_number: numbering
    them would cost a sort of the whole delivery, and nothing needs it, since the suites reject
    a key that comes twice in one file."""
    dataset = files[0][0].dataset
    paths = ", ".join(sql_string(str(landing_file.path)) for landing_file, _ in files)
    columns = ", ".join(f"{sql_string(name)}: 'varchar'" for name in header)
    delivered = {name: name for name in header}
    stored, exposed = typed_columns(dataset, delivered)
    stored += [
        "cast(null as bigint) as file_row_number",
        "parse_filename(delivery_file_path) as source_file_name",
    ]
    try:
        table = _insert_into_batch(
            conn,
            dataset.name,
            f"select {', '.join(stored)} from read_csv([{paths}], header = true, "
            f"auto_detect = false, delim = ',', quote = '\"', columns = {{{columns}}}, "
            "filename = 'delivery_file_path')",
            exposed,
        )
    except duckdb.Error:
        return {}
    counts = dict(
        conn.execute(
            f"select source_file_name, count(*) from {table}_rows "
            "where source_file_name in (select unnest(?)) group by all",
            [[landing_file.path.name for landing_file, _ in files]],
        ).fetchall()
    )
    present = present_columns(dataset, delivered)
    return {
        index: StagedFile(
            landing_file,
            checksum,
            relation=_in_batch(table, landing_file.path.name),
            columns=present,
            row_count=counts[landing_file.path.name],
            in_batch=True,
        )
        for index, (landing_file, checksum) in zip(indexes, files, strict=True)
        if counts.get(landing_file.path.name, 0)
    }
