"""The steps of loading a landed file into the warehouse's raw tables, once, and archiving it.

A file is staged in the holding area (typed, with the text of any value that does not cast),
validated there (lib/contracts/validation.py, orchestrated by lib/ingestion/validated_ingestion.py), then merged,
with the other new files of its dataset, in one transaction together with their manifest rows,
and only then moved to the archive. A crash before the commit leaves the file in the landing
folder to be staged again; a crash after it leaves a file whose checksum is already in the
manifest, which the next run archives without loading it twice.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from dagster_project.lib.contracts.datasets import DATASETS, Dataset, LandingFile, MergeRule
from dagster_project.lib.warehouse.sql import sql_identifier, sql_string

RAW_SCHEMA = "raw"
HOLDING_SCHEMA = "holding"
MANIFEST_TABLE = f"{RAW_SCHEMA}.ingested_files"

_LINEAGE_COLUMNS = "source_file_name varchar not null, ingestion_id bigint not null"


@dataclass(frozen=True)
class IngestedFile:
    file_name: str
    dataset: str
    row_count: int
    archive_path: Path
    already_ingested: bool


def create_raw_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema, one table per dataset and the manifest, if they do not exist yet.

    A table created before a column joined its dataset's contract (a warehouse older than
    customers.parent_customer_id) is given the column, null on the rows it holds; the merge
    inserts by column name, so the column's place at the end of the table does not matter."""
    conn.execute(f"create schema if not exists {RAW_SCHEMA}")
    for dataset in DATASETS.values():
        columns = ", ".join(
            f"{sql_identifier(column.name)} {column.sql_type}" for column in dataset.columns
        )
        table = f"{RAW_SCHEMA}.{dataset.name}"
        conn.execute(f"create table if not exists {table} ({columns}, {_LINEAGE_COLUMNS})")
        present = {
            row[0]
            for row in conn.execute(
                "select column_name from duckdb_columns() where database_name = current_database() "
                "and schema_name = ? and table_name = ?",
                [RAW_SCHEMA, dataset.name],
            ).fetchall()
        }
        for column in dataset.columns:
            if column.name not in present:
                conn.execute(
                    f"alter table {table} add column {sql_identifier(column.name)} {column.sql_type}"
                )
    conn.execute(
        f"""
        create table if not exists {MANIFEST_TABLE} (
            ingestion_id bigint primary key,
            file_name varchar not null,
            dataset varchar not null,
            file_format varchar not null,
            checksum_sha256 varchar not null,
            row_count bigint not null,
            loaded_at timestamp with time zone not null,
            archive_path varchar not null
        )
        """
    )


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_as_text(landing_file: LandingFile) -> str:
    """A relation over the file with every column as text, so ids keep their leading zeros."""
    path = sql_string(str(landing_file.path))
    if landing_file.file_format == "csv":
        return f"read_csv({path}, header = true, delim = ',', quote = '\"', all_varchar = true)"
    return f"(select columns(*)::varchar from read_parquet({path}))"


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
    return f"{HOLDING_SCHEMA}.{dataset}_batch"


# Values are taken only in the form the contract states (README "Validation"): whole numbers in
# digits, dates as plain ISO dates (no time, no zone), decimals at most to the contract's number
# of decimal places. DuckDB's own casts are lenient ('1.4' → 1, '2026-06-05garbage' → a date,
# '0.0000004999' → 0.000000); a value they would bend is kept as delivered and refused.
_WHOLE_NUMBER = "[+-]?[0-9]+"
_ISO_DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
_DECIMAL = "[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?"


def strict_cast(text: str, sql_type: str) -> str:
    """SQL casting the expression `text` to `sql_type`, null unless it is in the contract's form."""
    cast = f"try_cast({text} as {sql_type})"
    if sql_type in ("integer", "bigint"):
        return f"case when regexp_full_match({text}, '{_WHOLE_NUMBER}') then {cast} end"
    if sql_type == "date":
        return f"case when regexp_full_match({text}, '{_ISO_DATE}') then {cast} end"
    if sql_type.startswith("decimal"):
        # Exact: the value read at the contract's scale is the value delivered (a double holds
        # both the same way only when no decimal place was lost).
        return (
            f"case when regexp_full_match({text}, '{_DECIMAL}') "
            f"and {cast}::double = try_cast({text} as double) then {cast} end"
        )
    return cast


def _typed_columns(
    dataset: Dataset, delivered: dict[str, str], extra_columns: tuple[str, ...] = ()
) -> tuple[list[str], list[str]]:
    """How a delivery is held (delivered: contract name → name in the file).

    Stored, over the delivery's text: each contract column cast to its type (null when the value
    does not cast, or when the file lacks an optional column) and, for a value that does not
    cast, its text in `<column>__unparsed` (null otherwise, so it takes no room). Exposed by the
    view the suites read: `<column>` and `<column>__text`, the value as delivered (the typed one
    written back as text when it cast), so a suite can tell a missing value from one that does
    not parse. A file without a required column lacks that column in both. `extra_columns` names
    the file's columns beyond the contract (ignored; a warning says so), null when there are none.
    """
    stored, exposed = [], []
    for column in dataset.columns:
        name = sql_identifier(column.name)
        if column.name in delivered:
            text = f"nullif(trim({sql_identifier(delivered[column.name])}), '')"
        elif not column.required:
            text = "cast(null as varchar)"
        else:
            continue
        typed = strict_cast(text, column.sql_type)
        stored.append(f"{typed} as {name}")
        if column.sql_type == "varchar":
            exposed += [name, f"{name} as {column.name}__text"]
        else:
            stored.append(f"case when {typed} is null then {text} end as {column.name}__unparsed")
            exposed += [
                name,
                f"coalesce({column.name}__unparsed, cast({name} as varchar)) as {column.name}__text",
            ]
    extra = sql_string(", ".join(extra_columns)) if extra_columns else "cast(null as varchar)"
    stored.append(f"{extra} as extra_columns")
    return stored, [*exposed, "extra_columns", "file_row_number", "source_file_name"]


def _present_columns(dataset: Dataset, delivered: dict[str, str]) -> tuple[str, ...]:
    return tuple(c.name for c in dataset.columns if c.name in delivered or not c.required)


def _create_held_table(
    conn: duckdb.DuckDBPyConnection, view: str, rows: str, exposed: list[str]
) -> None:
    """A table of held rows and the view over it that the suites and the merge read."""
    conn.execute(f"create table {view}_rows as {rows}")
    conn.execute(f"create view {view} as select {', '.join(exposed)} from {view}_rows")


def _insert_into_batch(
    conn: duckdb.DuckDBPyConnection, dataset: str, rows: str, exposed: list[str]
) -> str:
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


def stage_file(
    conn: duckdb.DuckDBPyConnection, landing_file: LandingFile, position: int, checksum: str
) -> StagedFile:
    """Load one file into the holding area, typed.

    `<column>` is the value cast to the contract's type (null when it does not cast) and
    `<column>__text` the value as delivered, so the suites can tell a missing value from one that
    does not parse; `source_file_name` and `file_row_number` say where a row came from. A file
    with every required column and at least one row joins its dataset's batch table, so that one
    validation covers every new file of the dataset; any other file gets a table of its own
    (without the columns it lacks), validated alone.
    """
    dataset = landing_file.dataset
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
    contract = set(dataset.column_names)
    repeated = sorted({name for name in folded if folded.count(name) > 1} & contract)
    if repeated:
        conn.execute("drop table delivery_text")
        spellings = ", ".join(f"`{n}`" for n, f in zip(names, folded, strict=True) if f in repeated)
        return StagedFile(
            landing_file, checksum, read_error=f"has a column more than once ({spellings})"
        )
    delivered = dict(zip(folded, read_names, strict=True))
    extra = tuple(name for name, fold in zip(names, folded, strict=True) if fold not in contract)
    stored, exposed = _typed_columns(dataset, delivered, extra)
    stored += ["file_row_number", f"{sql_string(landing_file.path.name)} as source_file_name"]
    rows = f"select {', '.join(stored)} from delivery_text"
    row_count = conn.execute("select count(*) from delivery_text").fetchone()[0]
    present = _present_columns(dataset, delivered)
    staged = StagedFile(
        landing_file, checksum, columns=present, row_count=row_count, extra_columns=extra
    )
    if staged.has_required_columns and row_count > 0:
        table = _insert_into_batch(conn, dataset.name, rows, exposed)
        relation = (
            f"select * from {table} where source_file_name = {sql_string(landing_file.path.name)}"
        )
        staged = replace(staged, relation=relation, in_batch=True)
    else:
        table = f"{HOLDING_SCHEMA}.delivery_{position}"
        _create_held_table(conn, table, rows, exposed)
        staged = replace(staged, relation=f"select * from {table}")
    conn.execute("drop table delivery_text")
    return staged


def _csv_header(path: Path) -> tuple[str, ...] | None:
    """The column names of a CSV file's header row, or None when it cannot be read as one."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return tuple(next(csv.reader(handle)))
    except (OSError, UnicodeDecodeError, StopIteration, csv.Error):
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
        dataset = landing_file.dataset
        header = _csv_header(landing_file.path) if landing_file.file_format == "csv" else None
        if (
            header
            and len(set(header)) == len(header)
            and set(header) <= {c.name for c in dataset.columns}
            and {c.name for c in dataset.columns if c.required} <= set(header)
        ):
            groups.setdefault((dataset.name, header), []).append(index)
    for (_dataset, header), indexes in groups.items():
        if len(indexes) > 1:
            files = [new_files[i] for i in indexes]
            staged.update(_stage_csv_group(conn, files, header, indexes))
    for index, (landing_file, checksum) in enumerate(new_files):
        if index not in staged:
            staged[index] = stage_file(conn, landing_file, index, checksum)
    return [staged[index] for index in range(len(new_files))]


def drop_staged_file(conn: duckdb.DuckDBPyConnection, staged: StagedFile) -> None:
    """Take a staged file's rows out of its dataset's batch (a file alone has its own table,
    which nothing reads once the file is left out)."""
    if staged.in_batch:
        conn.execute(
            f"delete from {batch_table(staged.landing_file.dataset.name)}_rows "
            "where source_file_name = ?",
            [staged.name],
        )


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
    stored, exposed = _typed_columns(dataset, delivered)
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
    names = [landing_file.path.name for landing_file, _ in files]
    counts = dict(
        conn.execute(
            f"select source_file_name, count(*) from {table}_rows "
            "where source_file_name in (select unnest(?)) group by all",
            [names],
        ).fetchall()
    )
    present = _present_columns(dataset, delivered)
    staged = {}
    for index, (landing_file, checksum) in zip(indexes, files, strict=True):
        row_count = counts.get(landing_file.path.name, 0)
        if row_count:
            staged[index] = StagedFile(
                landing_file,
                checksum,
                relation=f"select * from {table} where source_file_name = {sql_string(landing_file.path.name)}",
                columns=present,
                row_count=row_count,
                in_batch=True,
            )
    return staged


def _merge_delivery(conn: duckdb.DuckDBPyConnection, dataset: Dataset, delivery: str) -> None:
    """Apply `delivery` (a query over the rows of one or more files, each with its file's
    ingestion_id; the files are in the temp table delivery_files) to the dataset's raw table, as
    if the files were merged one by one in order."""
    table = f"{RAW_SCHEMA}.{dataset.name}"
    columns = ", ".join(map(sql_identifier, dataset.column_names))
    has_rows = conn.execute(f"select exists (select 1 from {table})").fetchone()[0]
    if dataset.merge_rule is MergeRule.UPSERT_BY_KEY:
        key = ", ".join(map(sql_identifier, dataset.key))
        # A later file wins over an earlier one (and within a file staged alone, the last row).
        rows = (
            f"select * from ({delivery}) as delivery qualify row_number() over (partition by "
            f"{key} order by ingestion_id desc, file_row_number desc nulls last) = 1"
        )
        if has_rows:
            matches_key = " and ".join(
                f"{table}.{part} = delivery.{part}" for part in map(sql_identifier, dataset.key)
            )
            conn.execute(f"delete from {table} using ({delivery}) as delivery where {matches_key}")
    elif dataset.merge_rule is MergeRule.REPLACE_ALL:
        # Only the last snapshot counts, even when it is empty.
        rows = (
            f"select * from ({delivery}) as delivery "
            "where ingestion_id = (select max(ingestion_id) from delivery_files)"
        )
        conn.execute(f"delete from {table}")
    else:
        rows = f"select * from ({delivery}) as delivery"
        conn.execute(
            f"delete from {table} where source_file_name in (select source_file_name from delivery_files)"
        )
    conn.execute(
        f"insert into {table} ({columns}, source_file_name, ingestion_id) "
        f"select {columns}, source_file_name, ingestion_id from ({rows})"
    )


def _archive_path(archive_dir: Path, landing_file: LandingFile, checksum: str) -> Path:
    target = archive_dir / landing_file.dataset.name / landing_file.path.name
    if target.exists() and file_checksum(target) != checksum:
        # Same name, new content: keep both, the new one under a name that says which it is.
        target = target.with_name(f"{target.stem}__{checksum[:12]}{target.suffix}")
    return target


class FileMoveFailed(RuntimeError):
    """A landed file could not leave the landing folder; the message says which and why."""


def move_file(source: Path, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
    except OSError as error:
        raise FileMoveFailed(
            f"{source.name} could not be moved from {source.parent} to {target.parent} "
            f"({error.strerror or error})."
        ) from None


def merge_staged_files(
    conn: duckdb.DuckDBPyConnection, files: list[StagedFile], archive_dir: Path
) -> list[IngestedFile]:
    """Merge validated files of one dataset, in the order given, into its raw table with their
    manifest rows in one transaction, then archive them.

    The raw table ends as if the files had been merged one after another, but in one pass over
    it, whatever the number of files (a history of daily files would otherwise cost one pass
    each)."""
    dataset = files[0].landing_file.dataset
    archive_paths = [_archive_path(archive_dir, f.landing_file, f.checksum) for f in files]
    # Files in the dataset's batch table are read from it at once; others from their own table.
    if all(f.in_batch for f in files):
        relation = f"select * from {batch_table(dataset.name)}"
    else:
        relation = " union all by name ".join(f"({f.relation})" for f in files)
    conn.execute("begin transaction")
    try:
        first_id = conn.execute(
            f"select coalesce(max(ingestion_id), 0) + 1 from {MANIFEST_TABLE}"
        ).fetchone()[0]
        conn.execute(
            "create or replace temp table delivery_files (source_file_name varchar, ingestion_id bigint)"
        )
        conn.executemany(
            "insert into delivery_files values (?, ?)",
            [[f.name, first_id + position] for position, f in enumerate(files)],
        )
        _merge_delivery(
            conn,
            dataset,
            f"select {', '.join(map(sql_identifier, dataset.column_names))}, file_row_number, "
            f"staged.source_file_name, delivery_files.ingestion_id from ({relation}) as staged "
            "inner join delivery_files using (source_file_name)",
        )
        conn.executemany(
            f"insert into {MANIFEST_TABLE} values (?, ?, ?, ?, ?, ?, current_timestamp, ?)",
            [
                [
                    first_id + position,
                    f.name,
                    dataset.name,
                    f.landing_file.file_format,
                    f.checksum,
                    f.row_count,
                    str(archive_path),
                ]
                for position, (f, archive_path) in enumerate(zip(files, archive_paths, strict=True))
            ],
        )
        conn.execute("drop table delivery_files")
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise
    for f, archive_path in zip(files, archive_paths, strict=True):
        move_file(f.landing_file.path, archive_path)
    return [
        IngestedFile(f.name, dataset.name, f.row_count, archive_path, already_ingested=False)
        for f, archive_path in zip(files, archive_paths, strict=True)
    ]


def _latest_ingestion_of(
    conn: duckdb.DuckDBPyConnection, landing_file: LandingFile, checksum: str
) -> tuple[str, int] | None:
    """The archive path and row count of the file with this content, when its content is still
    the dataset's latest state; None when the content is new or a later delivery changed it.

    A snapshot is current only while it is the dataset's latest delivery. A file of rows that
    merge by key or by file name is current while every one of its rows is still in the raw
    table as it delivered it: once a later file replaced one, delivering it again reverts
    that row, as any later delivery would."""
    dataset = landing_file.dataset
    seen = conn.execute(
        f"select ingestion_id, archive_path, row_count from {MANIFEST_TABLE} "
        "where checksum_sha256 = ? and dataset = ? order by ingestion_id desc limit 1",
        [checksum, dataset.name],
    ).fetchone()
    if seen is None:
        return None
    ingestion_id, archive_path, row_count = seen
    if dataset.merge_rule is MergeRule.REPLACE_ALL:
        latest = conn.execute(
            f"select max(ingestion_id) from {MANIFEST_TABLE} where dataset = ?", [dataset.name]
        ).fetchone()[0]
        current = latest == ingestion_id
    else:
        current = (
            conn.execute(
                f"select count(*) from {RAW_SCHEMA}.{dataset.name} where ingestion_id = ?",
                [ingestion_id],
            ).fetchone()[0]
            == row_count
        )
    return (archive_path, row_count) if current else None


def archive_if_already_ingested(
    conn: duckdb.DuckDBPyConnection, landing_file: LandingFile, checksum: str
) -> IngestedFile | None:
    """A file equal to its dataset's latest state changes nothing: it is archived (or dropped
    when the archive already holds it) and reported as seen. A file whose content was ingested
    once but changed since (a snapshot that returns to an earlier state, a line corrected back
    to what it was) is a new delivery and applies."""
    seen = _latest_ingestion_of(conn, landing_file, checksum)
    if seen is None:
        return None
    archive_path = Path(seen[0])
    if archive_path.exists():
        landing_file.path.unlink()
    else:
        move_file(landing_file.path, archive_path)
    return IngestedFile(
        landing_file.path.name,
        landing_file.dataset.name,
        seen[1],
        archive_path,
        already_ingested=True,
    )


def reset_holding_area(conn: duckdb.DuckDBPyConnection) -> None:
    """Empty the holding area; what a crash left there is staged again from the landing folder."""
    conn.execute(f"drop schema if exists {HOLDING_SCHEMA} cascade")
    conn.execute(f"create schema {HOLDING_SCHEMA}")


def missing_required_datasets(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Required datasets that no delivery has filled yet."""
    return [
        dataset.name
        for dataset in DATASETS.values()
        if dataset.required
        and conn.execute(
            f"select count(*) from {MANIFEST_TABLE} where dataset = ?", [dataset.name]
        ).fetchone()[0]
        == 0
    ]
