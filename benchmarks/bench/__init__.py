"""The parts of `make bench` (benchmarks/key_accounts_bench.py): the sizes and targets, the
measured processes, the Dagster runs' figures, the comparison with the baseline, the report."""
