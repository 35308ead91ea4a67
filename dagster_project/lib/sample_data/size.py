"""How large a sample is: the CLI's options and the benchmarks' scales both set it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SampleSize:
    """The defaults make a book small enough to generate and run in moments, yet with every
    pattern the signals look for (docs/method.md, "Signals")."""

    customers: int = 300
    days: int = 730
    lines_per_day: int = 40
    products: int = 200
