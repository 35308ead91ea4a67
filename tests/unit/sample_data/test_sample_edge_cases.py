"""The sample generator in the cases a default sample does not show: Parquet files, buyers whose
returns outweigh their purchases (a potential of zero), and a history that starts on a weekend
(a rate for its first lines)."""

from datetime import date, timedelta

import duckdb

from dagster_project.lib.sample_data import SampleSize, generate_sample
from tests.unit.sample_data.sample_book import END, query


def test_parquet_format(tmp_path):
    summary = generate_sample(
        tmp_path,
        SampleSize(customers=20, days=10, lines_per_day=5),
        seed=1,
        end_date=END,
        file_format="parquet",
        progress=lambda _: None,
    )
    files = list(tmp_path.glob("sales_lines_*.parquet"))
    assert len(files) == summary.sales_line_files
    assert (
        duckdb.sql(f"select count(*) from '{tmp_path}/sales_lines_*.parquet'").fetchone()[0]
        == summary.sales_lines
    )


def test_buyers_whose_returns_outweigh_purchases_get_a_potential_of_zero_not_below(tmp_path):
    generate_sample(
        tmp_path,
        SampleSize(customers=3000, days=60, lines_per_day=60),
        seed=7,
        end_date=END,
        progress=lambda _: None,
    )
    [(negative_buyers,)] = query(
        tmp_path,
        """
        select count(*) from (
            select customer_id, sum(quantity * unit_price * (1 - discount)) as revenue
            from '{sample}/sales_lines_*.csv' group by 1
        ) where revenue < 0
    """,
    )
    assert negative_buyers > 0  # the case is there
    assert query(
        tmp_path, "select min(estimated_annual_potential) from '{sample}/customers_*.csv'"
    ) == [(0.0,)]


def test_a_history_starting_on_a_weekend_has_a_rate_for_its_first_lines(tmp_path):
    """Rates are published on working days; a history whose first day is a Saturday still has
    one for the lines of its first weekend, or the currency expectation refuses them."""
    end = date(2026, 8, 5)
    size = SampleSize(customers=300, days=40, lines_per_day=60)
    first_day = end - timedelta(days=size.days - 1)
    assert first_day.weekday() == 5  # a Saturday
    generate_sample(tmp_path, size, seed=7, end_date=end, progress=lambda _: None)
    [(foreign_weekend_lines, without_rate)] = query(
        tmp_path,
        f"""
        select
            count(*) filter (where lines.order_date < date '{first_day + timedelta(days=2)}'),
            count(*) filter (
                where not exists (
                    select 1 from '{{sample}}/fx_rates_*.csv' as rates
                    where rates.currency = lines.currency and rates.rate_date <= lines.order_date
                )
            )
        from '{{sample}}/sales_lines_*.csv' as lines
        where lines.currency <> 'EUR'
        """,
    )
    assert foreign_weekend_lines > 0
    assert without_rate == 0
