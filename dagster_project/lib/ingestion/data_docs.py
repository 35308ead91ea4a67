"""The Great Expectations Data Docs of each run's validations, kept in the validation docs'
folder with an index of them all, so that a delivery's checks can be read after the run
(docs/operations.md, "Bad input").
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from pathlib import Path

from dagster_project.lib.contracts.offline_pages import with_local_assets
from dagster_project.lib.contracts.validation import FileValidation

# The folder, in the validation docs' folder, of the copies of the CSS, scripts, fonts and logo
# that the Data Docs pages and the quarantine reports show (lib/contracts/offline_pages.py).
DATA_DOCS_ASSETS = "assets"


def write_data_docs(validations: list[FileValidation], docs_dir: Path) -> dict[str, Path]:
    """Each validation's Data Docs page in a new folder of docs_dir named for this moment (UTC),
    `<dataset>.html` for a dataset's batch and `<file name>.html` for a file validated alone,
    with `validations.json` (each page's outcome); then docs_dir/index.html lists them all."""
    folder = docs_dir / datetime.now(UTC).strftime("%Y-%m-%dT%H%M%S.%fZ")
    folder.mkdir(parents=True, exist_ok=True)
    pages, outcomes = {}, []
    for validation in validations:
        if validation.data_docs_html:
            page = folder / f"{validation.file_name}.html"
            page_html = with_local_assets(
                validation.data_docs_html, folder, docs_dir / DATA_DOCS_ASSETS
            )
            page.write_text(page_html, encoding="utf-8")
            pages[validation.file_name] = page
            outcomes.append(
                {
                    "page": page.name,
                    "dataset": validation.dataset,
                    "passed": validation.passed,
                    "failed_expectations": len(validation.failures),
                    "warnings": len(validation.warnings),
                }
            )
    (folder / "validations.json").write_text(json.dumps(outcomes, indent=2), encoding="utf-8")
    _write_data_docs_index(docs_dir)
    return pages


def _write_data_docs_index(docs_dir: Path) -> None:
    """docs_dir/index.html: every validation's page, the latest delivery first."""
    sections = []
    for summary in sorted(docs_dir.glob("*/validations.json"), reverse=True):
        rows = "".join(
            f'<li><a href="{html.escape(summary.parent.name)}/{html.escape(o["page"])}">'
            f"{html.escape(o['page'].removesuffix('.html'))}</a> "
            + ("passed" if o["passed"] else f"<b>failed</b> ({o['failed_expectations']})")
            + (f", {o['warnings']} warning(s)" if o["warnings"] else "")
            + "</li>"
            for o in json.loads(summary.read_text(encoding="utf-8"))
        )
        sections.append(f"<h2>{html.escape(summary.parent.name)}</h2><ul>{rows}</ul>")
    (docs_dir / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><title>Validations of the landed files</title>"
        "<h1>Great Expectations validations of the landed files</h1>" + "".join(sections),
        encoding="utf-8",
    )
