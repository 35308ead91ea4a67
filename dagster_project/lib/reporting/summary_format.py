"""How the run summary writes its figures, the same in every section of it: amounts with two
decimals, shares in percent, names cut to their column."""

from __future__ import annotations


def money(value) -> str:
    return f"{float(value):,.2f}"


def percent(value) -> str:
    return "n/a" if value is None else f"{float(value):.1%}"


def shortened(text: str | None, width: int) -> str:
    text = text or "-"
    return text if len(text) <= width else text[: width - 1] + "…"
