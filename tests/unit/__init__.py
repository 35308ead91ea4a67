"""Unit tests: one package's code on values and small files, no Dagster run and no dbt build."""
