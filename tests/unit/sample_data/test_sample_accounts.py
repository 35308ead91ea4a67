"""The sample's accounts look like a real book of business: named products in categories each
industry favours, a few groups of related customers (one major only as a group), prospects with
a large potential, and KAM assessments that meet their contract, cover mostly the large
accounts, do not follow size, and are in part assessed again or no longer in force."""

import re

import duckdb

from tests.unit.sample_data.sample_book import CONFIG, END, SIZE


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
