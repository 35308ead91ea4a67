"""The DuckDB warehouse: one writer at a time, values written into SQL text."""
