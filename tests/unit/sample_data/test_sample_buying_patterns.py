"""The sample's large accounts buy as real ones do: some fade out gradually, some buy in bursts
with long pauses and grow, each industry has hallmark products its large accounts buy regularly
and others rarely, and some take them up part way through."""

import duckdb

from tests.unit.sample_data.sample_book import END, WINDOW_START


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
