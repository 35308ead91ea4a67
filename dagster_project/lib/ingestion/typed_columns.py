"""How a delivery's text becomes the holding area's typed columns, in the contract's form only.

Values are taken only in the form the contract states (docs/method.md, "Inputs"): whole numbers
in digits, dates as plain ISO dates (no time, no zone), decimals at most to the contract's number
of decimal places. DuckDB's own casts are lenient ('1.4' → 1, '2026-06-05garbage' → a date,
'0.0000004999' → 0.000000); a value they would bend is kept as delivered and refused.
"""

from __future__ import annotations

from dagster_project.lib.contracts.datasets import Dataset
from dagster_project.lib.warehouse.sql import sql_identifier, sql_string

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


def typed_columns(
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


def present_columns(dataset: Dataset, delivered: dict[str, str]) -> tuple[str, ...]:
    """The contract's columns a delivery holds: an optional one it lacks is held as null."""
    return tuple(c.name for c in dataset.columns if c.name in delivered or not c.required)
