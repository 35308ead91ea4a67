"""Writing values into SQL text, where DuckDB takes no bound parameter (paths, view bodies)."""


def sql_string(value: str) -> str:
    """A single-quoted SQL string literal, quotes inside doubled."""
    return "'" + value.replace("'", "''") + "'"
