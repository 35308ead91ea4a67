"""How dbt nodes appear in Dagster: grouped by their layer folder, sources as the raw assets."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings


class KeyAccountsDbtTranslator(DagsterDbtTranslator):
    def __init__(self) -> None:
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: Any | None
    ) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = self.get_resource_props(manifest, unique_id)
        if node["resource_type"] == "source":
            # Sources are the raw tables the ingestion asset writes: the same keys, its group.
            return spec.replace_attributes(key=dg.AssetKey([node["source_name"], node["name"]]))
        # fqn is [project, layer, ...]: staging, intermediate or marts.
        layer = node["fqn"][1] if len(node["fqn"]) > 2 else "default"
        return spec.replace_attributes(group_name=layer)
