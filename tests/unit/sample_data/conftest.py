"""The sample generator's output, written once per test module that reads it: the files
(sample) and the same files as tables with each customer's revenue in the window (book)."""

from pathlib import Path

import duckdb
import pytest

from dagster_project.lib.sample_data import INDUSTRY_CATEGORIES, generate_sample
from tests.unit.sample_data.sample_book import CONFIG, END, SIZE, WINDOW_START


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    generate_sample(folder, SIZE, seed=7, end_date=END, progress=lambda _: None)
    return folder


@pytest.fixture(scope="module")
def book(sample: Path) -> duckdb.DuckDBPyConnection:
    """The generated files as tables, with each customer's net revenue in the window (quantity x
    unit_price x (1 - discount) at the rate on or before the line's date), its share of the
    window's positive revenue and its rank, and the top-level customer of its group."""
    assert CONFIG.window_months == 12
    conn = duckdb.connect()
    conn.execute(
        f"""
        create table customers as
            select * from read_csv('{sample}/customers_*.csv', all_varchar = true);
        create table lines as
            select * from read_csv('{sample}/sales_lines_*.csv', types = {{'customer_id': 'varchar'}});
        create table products as select * from read_csv('{sample}/products_*.csv', all_varchar = true);
        create table assessments as
            select * from read_csv('{sample}/account_assessments_*.csv', types = {{'customer_id': 'varchar'}});
        create table converted as
            select lines.*,
                   quantity * unit_price * (1 - discount) * coalesce(rates.rate_to_reporting, 1)
                       as amount
            from lines asof left join '{sample}/fx_rates_*.csv' as rates
                on rates.currency = lines.currency and lines.order_date >= rates.rate_date;
        create table revenue as
            with by_customer as (
                select customer_id, sum(amount) as revenue from converted
                where order_date > date '{WINDOW_START}' and order_date <= date '{END}'
                group by 1
            )
            select customer_id, revenue,
                   revenue / sum(revenue) filter (where revenue > 0) over () as share,
                   row_number() over (order by revenue desc, customer_id) as revenue_rank
            from by_customer;
        create table favoured (industry varchar, category varchar);
        create table top_level as
            with recursive up(customer_id, top_customer_id, depth) as (
                select customer_id, customer_id, 0 from customers where parent_customer_id is null
                union all
                select customers.customer_id, up.top_customer_id, up.depth + 1
                from customers inner join up on customers.parent_customer_id = up.customer_id
                where up.depth < 10
            )
            select * from up;
        """
    )
    conn.executemany(
        "insert into favoured values (?, ?)",
        [(i, c) for i, categories in INDUSTRY_CATEGORIES.items() for c in categories],
    )
    return conn
