"""The README's section for BI tools names every published table and each of its columns, so the
analysts' reference cannot drift from the dbt contracts that fix the published columns.

(The SQLAlchemy URI that section gives for Superset has the form tests/end_to_end/test_bi_access.py opens
against a published file: `duckdb:///` + absolute path + `?access_mode=read_only`.)
"""

import json
import re

from dagster_project.lib.dbt.project import ensure_dbt_manifest
from tests.conftest import bi_section, published_mart_names

# Written by the publish step itself, not by a dbt model.
PUBLICATION_INFO_COLUMNS = ["key", "value"]


def _table_bullets(section: str) -> dict[str, str]:
    """Each `- `table`…` bullet of the section, continuation lines included, by table name."""
    bullets: dict[str, str] = {}
    for match in re.finditer(r"^- `(\w+)`(.*?)(?=^- `|^\s*$)", section, re.M | re.S):
        bullets[match.group(1)] = match.group(2)
    return bullets


def _published_columns() -> dict[str, list[str]]:
    manifest = json.loads(ensure_dbt_manifest().read_text())
    marts = set(published_mart_names())
    columns = {
        node["name"]: list(node["columns"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["name"] in marts
    }
    assert set(columns) == marts
    return {**columns, "publication_info": PUBLICATION_INFO_COLUMNS}


def _documented(column: str, bullet: str, bullets: dict[str, str]) -> bool:
    if re.search(rf"\b{re.escape(column)}\b", bullet):
        return True
    # `<criterion>_metric` and the like stand for one column per scoring criterion.
    suffix = column.rsplit("_", 1)[-1]
    if f"`<criterion>_{suffix}`" in bullet:
        return True
    # "the figures of `other_table`" documents the columns named in that table's bullet.
    return any(
        re.search(rf"\b{re.escape(column)}\b", bullets[other])
        for other in re.findall(r"the\s+figures\s+of\s+`(\w+)`", bullet)
        if other in bullets
    )


def test_readme_documents_every_published_table_and_column():
    section = bi_section()
    bullets = _table_bullets(section)
    published = _published_columns()
    assert set(published) <= set(bullets), sorted(set(published) - set(bullets))
    missing = {
        table: [c for c in columns if not _documented(c, bullets[table], bullets)]
        for table, columns in published.items()
    }
    assert not {table: cols for table, cols in missing.items() if cols}, missing
