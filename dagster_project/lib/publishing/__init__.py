"""The read-only DuckDB file that BI tools open, published atomically."""
