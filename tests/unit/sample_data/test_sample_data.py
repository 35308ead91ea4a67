"""The sample generator writes contract-shaped files that look like a real book of business."""

import re
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from dagster_project.lib.configuration.scoring import load_scoring_config
from dagster_project.lib.configuration.settings import DEFAULT_CONFIG_FILE
from dagster_project.lib.contracts.datasets import DATASETS, classify_landing_file
from dagster_project.lib.contracts.validation import SUITES_DIR
from dagster_project.lib.ingestion.landing import MARKER_SUFFIX
from dagster_project.lib.ingestion.raw_tables import file_checksum
from dagster_project.lib.sample_data import INDUSTRY_CATEGORIES, SampleSize, generate_sample

SIZE = SampleSize(customers=120, days=400, lines_per_day=25)
END = date(2026, 6, 30)


def checksums(folder: Path) -> dict[str, str]:
    return {path.name: file_checksum(path) for path in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    generate_sample(folder, SIZE, seed=7, end_date=END, progress=lambda _: None)
    return folder


def query(sample: Path, sql: str):
    return duckdb.sql(sql.replace("{sample}", str(sample))).fetchall()


def test_same_seed_writes_the_same_files_and_another_seed_does_not(sample, tmp_path):
    generate_sample(tmp_path / "again", SIZE, seed=7, end_date=END, progress=lambda _: None)
    generate_sample(tmp_path / "other", SIZE, seed=8, end_date=END, progress=lambda _: None)
    assert checksums(tmp_path / "again") == checksums(sample)
    assert checksums(tmp_path / "other") != checksums(sample)


def data_files(folder: Path) -> list[Path]:
    """The generated files but their `.done` markers."""
    return [path for path in sorted(folder.iterdir()) if path.suffix != MARKER_SUFFIX]


def test_every_file_is_a_contract_input_announced_by_its_marker(sample):
    files = data_files(sample)
    assert sorted(p.name for p in sample.iterdir() if p.suffix == MARKER_SUFFIX) == sorted(
        f"{p.name}{MARKER_SUFFIX}" for p in files
    )
    for path in files:
        landing_file = classify_landing_file(path)
        assert landing_file is not None, path.name
        header = path.read_text().splitlines()[0].split(",")
        required = [c.name for c in landing_file.dataset.columns if c.required]
        assert set(required) <= set(header) <= set(DATASETS[landing_file.dataset.name].column_names)


def test_no_account_overrides_are_written(sample):
    """Overrides are a sales director's decisions: the sample delivers none (an empty table)."""
    assert {classify_landing_file(path).dataset.name for path in data_files(sample)} == {
        "sales_lines",
        "customers",
        "service_costs",
        "fx_rates",
        "products",
        "account_assessments",
    }


def test_sales_history_is_one_file_a_day_up_to_the_end_date(sample):
    days = sorted(p.name for p in sample.glob("sales_lines_*.csv"))
    assert f"sales_lines_{END - timedelta(days=SIZE.days - 1)}.csv" <= days[0]
    assert days[-1] <= f"sales_lines_{END}.csv"
    # A file holds only its own day's lines.
    assert query(
        sample,
        "select count(*) from read_csv('{sample}/sales_lines_*.csv', filename = true) "
        "where not filename like '%' || order_date::varchar || '.csv'",
    ) == [(0,)]
    assert len(days) > SIZE.days * 0.9


def test_revenue_is_heavy_tailed(sample):
    [(top_decile_share,)] = query(
        sample,
        """
        with revenue as (
            select customer_id, sum(quantity * unit_price * (1 - discount)) as r
            from '{sample}/sales_lines_*.csv' group by 1
        ), ranked as (select r, ntile(10) over (order by r desc) as decile from revenue)
        select sum(r) filter (where decile = 1) / sum(r) from ranked
    """,
    )
    assert top_decile_share > 0.5


def test_lines_include_returns_discounts_and_foreign_currencies(sample):
    [(returns, discounted, currencies, keys, lines)] = query(
        sample,
        """
        select count(*) filter (where quantity < 0), count(*) filter (where discount > 0),
               count(distinct currency), count(distinct (order_id, line_number)), count(*)
        from '{sample}/sales_lines_*.csv'
    """,
    )
    assert returns > 0 and discounted > 0
    assert currencies == 4
    assert keys == lines


def test_a_product_costs_the_same_in_the_reporting_currency_whatever_the_lines_currency(sample):
    """A line's price is the product's list price give or take 5%, converted at the day's rate
    of the line's own currency: converted back, its spread over every currency stays within
    0.95 to 1.05 (and a cent of rounding)."""
    [(widest_spread, currencies)] = query(
        sample,
        """
        with lines as (select * from '{sample}/sales_lines_*.csv'),
        rates as (select * from '{sample}/fx_rates_*.csv'),
        converted as (
            select lines.product_id, lines.currency,
                   lines.unit_price * coalesce(rates.rate_to_reporting, 1) as price
            from lines asof left join rates
                on rates.currency = lines.currency and lines.order_date >= rates.rate_date
            where lines.unit_price >= 5
        )
        select max(max_price / min_price), max(currencies)
        from (select product_id, max(price) as max_price, min(price) as min_price,
                     count(distinct currency) as currencies
              from converted group by 1)
    """,
    )
    assert currencies == 4
    assert widest_spread < 1.05 / 0.95 * 1.01


def test_customer_master_has_prospects_kams_leaders_and_ids_with_leading_zeros(sample):
    [(customers, prospects, with_kam, leaders, leading_zero, reputations_ok)] = query(
        sample,
        """
        with customers as (select * from read_csv('{sample}/customers_*.csv', all_varchar = true)),
        buyers as (select distinct customer_id from read_csv('{sample}/sales_lines_*.csv', all_varchar = true))
        select count(*),
               count(*) filter (where customer_id not in (select * from buyers)
                                and estimated_annual_potential::double > 0),
               count(account_manager), count(*) filter (where is_industry_leader = 'true'),
               count(*) filter (where customer_id like '0%'),
               bool_and(reputation_score is null or reputation_score::double between 1 and 10)
        from customers
    """,
    )
    assert customers == SIZE.customers
    assert prospects > 0 and 0 < with_kam < customers and leaders > 0
    assert leading_zero == customers and reputations_ok


def test_service_costs_and_fx_rates_are_written(sample):
    cost_types = {
        row[0]
        for row in query(sample, "select distinct cost_type from '{sample}/service_costs_*.csv'")
    }
    assert (
        {"delivery", "visit"} <= cost_types <= {"delivery", "support", "returns", "visit", "other"}
    )
    assert len(list(sample.glob("service_costs_*.csv"))) >= SIZE.days // 31
    assert query(sample, "select distinct currency from '{sample}/fx_rates_*.csv' order by 1") == [
        ("CHF",),
        ("GBP",),
        ("USD",),
    ]


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


def test_the_sample_meets_the_input_contract(sample, tmp_path):
    """Every generated file passes the Great Expectations suites, so `make run` never trips."""
    import shutil

    from tests.conftest import ingest_folder

    shutil.copytree(sample, tmp_path / "landing")
    # A dataset without its suite yet (products and account_assessments until theirs are
    # written) is left out; the tests below check those files against their contract
    # (docs/method.md, "Inputs").
    without_suite = [
        path
        for path in data_files(tmp_path / "landing")
        if not (SUITES_DIR / f"{classify_landing_file(path).dataset.name}.json").exists()
    ]
    for path in without_suite:
        path.unlink()
        path.with_name(path.name + MARKER_SUFFIX).unlink()
    run = ingest_folder(tmp_path, END)
    assert len(run.files) == len(data_files(sample)) - len(without_suite)
    assert all(not v.warnings for validations in run.validations.values() for v in validations)


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


CONFIG = load_scoring_config(DEFAULT_CONFIG_FILE)
WINDOW_START = END.replace(year=END.year - 1)  # the window is (WINDOW_START, END]


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


def test_products_name_every_product_sold_in_a_category(book):
    conn = book.cursor()
    (products, ids, unnamed, uncategorised, categories, unknown_sold) = conn.execute(
        """
        select count(*), count(distinct product_id),
               count(*) filter (where coalesce(trim(product_name), '') = ''),
               count(*) filter (where category is null), count(distinct category),
               (select count(distinct product_id) from lines
                where product_id not in (select product_id from products))
        from products
        """
    ).fetchone()
    assert products == ids == SIZE.products
    assert unnamed == uncategorised == unknown_sold == 0
    assert categories >= 10
    # A name says what the product is, with its model: "Hydraulic pump HX-240".
    names = [name for (name,) in conn.execute("select product_name from products").fetchall()]
    assert all(re.fullmatch(r"[A-Z][A-Za-z -]+ [A-Z]{2}-\d{3,4}", name) for name in names), names
    assert len(set(names)) == len(names)


def test_each_industry_buys_mostly_from_its_own_categories(book):
    """An industry's revenue in the categories it favours is most of its revenue, and well above
    the share those categories have of everyone's revenue."""
    conn = book.cursor()
    shares = conn.execute(
        """
        with by_category as (
            select customers.industry, products.category, sum(amount) as amount
            from converted
            inner join customers using (customer_id)
            inner join products using (product_id)
            group by all
        )
        select industry,
               sum(amount) filter (where category in (
                   select category from favoured where favoured.industry = by_category.industry
               )) / sum(amount) as own_share,
               (select sum(amount) from by_category as everyone
                where everyone.category in (
                    select category from favoured where favoured.industry = by_category.industry
                )) / (select sum(amount) from by_category) as everyones_share
        from by_category group by 1 order by 1
        """
    ).fetchall()
    assert len(shares) >= 8
    for industry, own_share, everyones_share in shares:
        assert own_share > 0.6, industry
        assert own_share > everyones_share + 0.25, industry


def test_a_few_groups_of_two_to_four_related_customers(book):
    """parent_customer_id names a customer of the same snapshot, chains resolve without a cycle
    (one of depth 2 at least), and a group's members are named after it and share its KAM."""
    conn = book.cursor()
    (customers, resolved, deepest, unknown_parents, own_parents) = conn.execute(
        """
        select (select count(*) from customers), count(*), max(depth),
               (select count(*) from customers where parent_customer_id is not null
                and parent_customer_id not in (select customer_id from customers)),
               (select count(*) from customers where parent_customer_id = customer_id)
        from top_level
        """
    ).fetchone()
    assert resolved == customers  # every customer reaches a top level: no cycle
    assert unknown_parents == own_parents == 0
    assert deepest == 2
    groups = conn.execute(
        """
        select top_customer_id, count(*), count(distinct split_part(customer_name, ' ', 1)),
               count(distinct coalesce(account_manager, '')), count(account_manager)
        from top_level inner join customers using (customer_id)
        group by 1 having count(*) > 1
        """
    ).fetchall()
    assert 4 <= len(groups) <= 6
    for _, members, stems, kams, with_kam in groups:
        assert 2 <= members <= 4
        assert stems == kams == 1 and with_kam == members


def test_one_group_is_a_major_customer_only_as_a_group_and_no_customer_a_mono_client(book):
    """Exactly one group holds major_customer_share (10%) of the window's revenue or more while
    none of its members does alone; no customer comes near mono_client_share."""
    conn = book.cursor()
    major = CONFIG.concentration.major_customer_share
    groups = conn.execute(
        """
        select top_customer_id, sum(greatest(share, 0)), max(share), count(*)
        from top_level left join revenue using (customer_id)
        group by 1 having count(*) > 1
        """
    ).fetchall()
    only_as_group = [g for g in groups if g[1] >= major and g[2] < major]
    assert len(only_as_group) == 1, groups
    [(_, group_share, largest_member_share, _)] = only_as_group
    assert group_share >= major + 0.01 and largest_member_share <= major - 0.02
    (largest,) = conn.execute("select max(share) from revenue").fetchone()
    assert largest < CONFIG.concentration.mono_client_share - 0.1


def test_a_few_prospects_have_a_potential_among_the_largest(book):
    """Some prospects (no sales, a potential) could be key prospects: a potential among the ten
    largest of the master, a good reputation and a KAM."""
    conn = book.cursor()
    (prospects, large) = conn.execute(
        """
        with ranked as (
            select *, rank() over (order by estimated_annual_potential::double desc nulls last)
                as potential_rank
            from customers
        )
        select count(*), count(*) filter (
            where potential_rank <= 10 and reputation_score::double >= 7
            and account_manager is not null
        )
        from ranked
        where customer_id not in (select customer_id from lines)
            and estimated_annual_potential::double > 0
        """
    ).fetchone()
    assert 1 <= large <= 3 and large < prospects


def test_assessments_meet_the_contract(book):
    """The account_assessments contract (docs/method.md, "Inputs"): a customer of the master, a
    configured factor, a rating of 1 to 10, a date not after the last day, an assessor (the
    account's KAM); one rating per customer, factor and date."""
    conn = book.cursor()
    factors = {row[0] for row in conn.execute("select distinct factor from assessments").fetchall()}
    assert factors == set(CONFIG.assessment_factors)
    (rows, keys, unknown, out_of_range, future, not_the_kam) = conn.execute(
        f"""
        select count(*), count(distinct (customer_id, factor, assessed_on)),
               count(*) filter (where customers.customer_id is null),
               count(*) filter (where rating not between 1 and 10 or rating <> round(rating)),
               count(*) filter (where assessed_on > date '{END}'),
               count(*) filter (where assessor is distinct from customers.account_manager
                                or trim(assessor) = '')
        from assessments left join customers using (customer_id)
        """
    ).fetchone()
    assert rows == keys and rows > 0
    assert unknown == out_of_range == future == not_the_kam == 0


def test_kams_assessed_most_large_accounts_few_small_ones_and_a_few_prospects(book):
    conn = book.cursor()
    (top_30, next_70, others, prospects, overall) = conn.execute(
        """
        with assessed as (select distinct customer_id from assessments)
        select avg((customer_id in (select * from assessed))::int)
                   filter (where revenue_rank <= 30),
               avg((customer_id in (select * from assessed))::int)
                   filter (where revenue_rank between 31 and 100),
               avg((customer_id in (select * from assessed))::int)
                   filter (where revenue_rank > 100 or revenue <= 0),
               (select count(*) from assessed where customer_id not in (select customer_id from lines)),
               (select count(*) from assessed) / (select count(*) from customers)
        from customers left join revenue using (customer_id)
        """
    ).fetchone()
    assert top_30 >= 0.7
    assert 0.1 <= next_70 <= 0.6
    assert (others or 0) <= 0.15
    assert 1 <= prospects <= 5
    assert 0.15 <= overall <= 0.5
    by_factor = dict(
        conn.execute(
            "select factor, count(distinct customer_id) from assessments group by 1"
        ).fetchall()
    )
    assessed = by_factor["our_relative_position"]
    assert by_factor["relationship_stage"] >= 0.8 * assessed
    assert 0 < by_factor["product_need"] < 0.6 * assessed
    assert 0 < by_factor["reputation"] < 0.6 * assessed


def in_force_ratings(conn: duckdb.DuckDBPyConnection, factor: str) -> list[tuple]:
    """(revenue_rank, rating) of the buyers' ratings of factor in force on END: the latest at
    most assessment_max_age_months old."""
    return conn.execute(
        f"""
        select revenue_rank, rating from assessments inner join revenue using (customer_id)
        where factor = '{factor}' and revenue > 0
            and assessed_on > date '{END}' - interval {CONFIG.assessment_max_age_months} month
        qualify row_number() over (partition by customer_id order by assessed_on desc) = 1
        """
    ).fetchall()


def test_how_the_customer_rates_us_does_not_follow_its_size(book):
    """Our relative position (and the relationship stage) is weakly correlated with revenue, with
    big accounts where we are a weak supplier and mid-size ones where we are the preferred one:
    KAISM's relative strength tells what revenue does not."""
    import pandas as pd

    conn = book.cursor()
    for factor in ("our_relative_position", "relationship_stage"):
        ratings = pd.DataFrame(in_force_ratings(conn, factor), columns=["rank", "rating"])
        assert len(ratings) >= 20
        assert abs(ratings["rank"].corr(ratings["rating"], method="spearman")) < 0.4, factor
    position = pd.DataFrame(
        in_force_ratings(conn, "our_relative_position"), columns=["rank", "rating"]
    )
    assert len(position.query("rank <= 10 and rating <= 3")) >= 2
    assert len(position.query("rank > 30 and rating >= 9")) >= 2


def test_some_accounts_were_assessed_again_and_some_assessments_are_no_longer_in_force(book):
    """A rating assessed again later replaces the earlier one; one older than
    assessment_max_age_months is no longer in force, and none is after the last day."""
    conn = book.cursor()
    (reassessed, changed, older, stale_customers, last_day) = conn.execute(
        f"""
        with pairs as (
            select customer_id, factor, count(*) as times, count(distinct rating) as ratings
            from assessments group by all
        ),
        latest as (
            select customer_id, max(assessed_on) as last_assessed from assessments group by 1
        )
        select (select count(*) from pairs where times > 1),
               (select count(*) from pairs where ratings > 1),
               count(*) filter (
                   where assessed_on <= date '{END}' - interval {CONFIG.assessment_max_age_months} month
               ),
               (select count(*) from latest
                where last_assessed <= date '{END}' - interval {CONFIG.assessment_max_age_months} month),
               max(assessed_on)
        from assessments
        """
    ).fetchone()
    assert reassessed >= 5 and changed >= 3
    assert older >= 3 and stale_customers >= 1
    assert last_day <= END


def test_some_large_accounts_fade_out_gradually(book):
    """A fading account: among the 30 largest of the history, one whose revenue falls in each of
    the last four 90-day periods, the second of them already well below the first (its decline
    is visible before it ends), the last below 5% of the first."""
    conn = book.cursor()
    quarters = conn.execute(
        f"""
        with ranked as (
            select customer_id, row_number() over (order by sum(amount) desc, customer_id) as rk
            from converted group by 1
        )
        select customer_id, [{
            ", ".join(
                f"coalesce(sum(amount) filter (where order_date > date '{END}' - {90 * (back + 1)}"
                f" and order_date <= date '{END}' - {90 * back}), 0)"
                for back in (3, 2, 1, 0)
            )
        }] as revenue
        from converted inner join ranked using (customer_id)
        where rk <= 30
        group by 1
        """
    ).fetchall()
    fading = [
        customer
        for customer, (first, second, third, last) in quarters
        if first > 0
        and first > second > third >= last
        and second <= 0.8 * first
        and third >= 0.02 * first
        and last < 0.05 * first
    ]
    assert fading, quarters


def test_some_large_accounts_buy_in_bursts_with_long_pauses_and_grow(book):
    """A seasonal buyer: among the 30 largest, accounts with at least two pauses of more than 90
    days between order days, most of their order days within a week of another, and more revenue
    in the last 200 days than in the first 200: their pauses are normal for them."""
    conn = book.cursor()
    bursty = conn.execute(
        f"""
        with order_days as (select distinct customer_id, order_date from converted),
        gaps as (
            select customer_id,
                   order_date - lag(order_date) over (partition by customer_id order by order_date)
                       as gap
            from order_days
        ),
        ranked as (
            select customer_id, row_number() over (order by sum(amount) desc, customer_id) as rk,
                   sum(amount) filter (where order_date <= date '{END}' - 200) as first_half,
                   sum(amount) filter (where order_date > date '{END}' - 200) as second_half
            from converted group by 1
        )
        select customer_id
        from gaps inner join ranked using (customer_id)
        where rk <= 30
        group by customer_id, first_half, second_half
        having count(*) filter (where gap > 90) >= 2
            and count(*) filter (where gap <= 7) >= 0.7 * count(gap)
            and second_half >= first_half
        """
    ).fetchall()
    assert len(bursty) >= 2, bursty


def industry_products(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(industry, product_id, share of the industry's large accounts (the 30 largest of the
    window) that buy it regularly, share of all buyers that bought it) of the products that at
    least 60% (and 3) of an industry's large accounts bought in the window on at least a fifth of
    their order days."""
    return conn.execute(
        f"""
        with window_lines as (
            select * from converted
            where order_date > date '{WINDOW_START}' and order_date <= date '{END}'
        ),
        large as (
            select customer_id, industry, count(*) over (partition by industry) as peers
            from revenue inner join customers using (customer_id)
            where revenue_rank <= 30
        ),
        order_days as (
            select customer_id, count(distinct order_date) as order_days
            from window_lines group by 1
        ),
        bought as (
            select customer_id, product_id, count(distinct order_date) as days_bought
            from window_lines where quantity > 0 group by 1, 2
        ),
        everyone as (
            select product_id,
                   count(*) / (select count(distinct customer_id) from window_lines) as share
            from bought group by 1
        )
        select industry, product_id, count(*) / any_value(peers), any_value(everyone.share)
        from bought
        inner join large using (customer_id)
        inner join order_days using (customer_id)
        inner join everyone using (product_id)
        where days_bought >= 0.2 * order_days
        group by 1, 2
        having count(*) >= 3 and count(*) >= 0.6 * any_value(peers)
        """
    ).fetchall()


def test_industries_have_products_their_large_accounts_buy_regularly_and_others_rarely(book):
    """An industry's hallmark products: most of its large accounts buy them regularly (on a fifth
    of their order days at least), and far fewer of all buyers buy them at all (a lift of at
    least 2), in at least two industries; at least one of them at five times everyone's share."""
    rows = industry_products(book.cursor())
    hallmarks = [(i, p, peers / share) for i, p, peers, share in rows if peers >= 2 * share]
    assert len({industry for industry, _, _ in hallmarks}) >= 2, rows
    assert max(lift for *_, lift in hallmarks) >= 5, rows


def test_large_accounts_take_up_their_industrys_products_part_way_through(book):
    """Adoption: large accounts that had been buying for at least 120 days (10 order days) without
    one of their industry's hallmark products start to buy it, and then buy it on at least a
    quarter of their order days (three at least)."""
    conn = book.cursor()
    products = [(i, p) for i, p, peers, share in industry_products(conn) if peers >= 2 * share]
    conn.execute("create temp table industry_product (industry varchar, product_id varchar)")
    conn.executemany("insert into industry_product values (?, ?)", products)
    (take_ups,) = conn.execute(
        """
        with order_days as (select distinct customer_id, order_date from converted),
        firsts as (select customer_id, min(order_date) as first_order from order_days group by 1),
        product_days as (
            select customer_id, product_id, min(order_date) as first_bought,
                   count(distinct order_date) as days_bought
            from converted where quantity > 0 group by 1, 2
        ),
        take_ups as (
            select product_days.*, (
                select count(*) from order_days
                where order_days.customer_id = product_days.customer_id
                    and order_days.order_date >= product_days.first_bought
            ) as order_days_since, (
                select count(*) from order_days
                where order_days.customer_id = product_days.customer_id
                    and order_days.order_date < product_days.first_bought
            ) as order_days_before
            from product_days
            inner join firsts using (customer_id)
            inner join customers using (customer_id)
            inner join revenue using (customer_id)
            inner join industry_product using (industry, product_id)
            where revenue_rank <= 30 and first_bought >= first_order + 120
        )
        select count(*) from take_ups
        where days_bought >= 3 and days_bought >= 0.25 * order_days_since
            and order_days_before >= 10
        """
    ).fetchone()
    assert take_ups >= 5, take_ups
