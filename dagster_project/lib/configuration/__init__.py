"""The configuration: where the pipeline reads and writes, the scoring rules, the as-of date."""
