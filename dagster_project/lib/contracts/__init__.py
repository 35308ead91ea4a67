"""The input datasets' contracts and their Great Expectations validation."""
