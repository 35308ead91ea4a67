"""Integration tests: a package with the tool it drives (DuckDB and Great Expectations, dbt, Dagster's definitions), on small data."""
