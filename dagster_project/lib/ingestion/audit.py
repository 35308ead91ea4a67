"""The audit of write-audit-publish: the Great Expectations suites run over the holding area,
one validation per dataset over all its new files; only when that fails is each of its files
validated alone, to say which files are bad (docs/operations.md, "Bad input").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dagster_project.lib.contracts.validation import FileValidation, validate_relations
from dagster_project.lib.ingestion.holding_area import StagedFile, batch_table
from dagster_project.lib.ingestion.rules import IngestionRules

# How a step tells the operator what it is doing (a run's log, the command line).
Progress = Callable[[str], None]


def validate_staged_files(
    warehouse: Path, staged: list[StagedFile], rules: IngestionRules, progress: Progress
) -> tuple[dict[str, list[FileValidation]], list[FileValidation]]:
    """Validations by dataset (what the checks of a successful run report), and the files that
    failed (unreadable ones included)."""
    parameters, settings = {"today": rules.today.isoformat()}, rules.validation_settings
    failed = [
        FileValidation(s.name, s.landing_file.dataset.name, read_error=f"{s.name} {s.read_error}")
        for s in staged
        if s.read_error
    ]
    readable = [s for s in staged if s.read_error is None]
    # Files without their columns or rows are validated alone: together they would hide it.
    alone = [s for s in readable if not s.in_batch]
    together = [s for s in readable if s.in_batch]
    datasets = sorted({s.landing_file.dataset.name for s in together})
    batches = {dataset: (dataset, f"select * from {batch_table(dataset)}") for dataset in datasets}
    progress(
        f"Validating {len(together)} file(s) in {len(batches)} batch(es) with Great Expectations"
    )
    by_dataset: dict[str, list[FileValidation]] = {}
    for dataset, validation in validate_relations(warehouse, batches, parameters, settings).items():
        if validation.passed:
            by_dataset[dataset] = [validation]
        else:
            alone += [s for s in together if s.landing_file.dataset.name == dataset]
    if alone:
        progress(f"Validating {len(alone)} file(s) one by one to find the bad ones")
        single = validate_relations(
            warehouse,
            {s.name: (s.landing_file.dataset.name, s.relation) for s in alone},
            parameters,
            settings,
            with_samples=True,
        )
        for validation in single.values():
            by_dataset.setdefault(validation.dataset, []).append(validation)
            if not validation.passed:
                failed.append(validation)
    return by_dataset, failed
