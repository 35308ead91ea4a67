"""`python -m benchmarks.baseline`: the baseline as a process of its own, as the bench runs it."""

from benchmarks.baseline.cli import main

main()
