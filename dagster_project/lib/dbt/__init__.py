"""The dbt project as Dagster runs it: manifest, translator, the Spark target."""
