"""Writing values into SQL text, where DuckDB takes no bound parameter (paths, view bodies)."""


def sql_string(value: str) -> str:
    """A single-quoted SQL string literal, quotes inside doubled."""
    return "'" + value.replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    """A double-quoted SQL identifier, quotes inside doubled: a column named like a keyword
    (action_feedback's `by`) is then a name to DuckDB."""
    return '"' + name.replace('"', '""') + '"'
