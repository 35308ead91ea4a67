
    select
        as_of_date, revenue_rank,
        count(*) as row_count
    from marts.customer_revenue_shares
    group by as_of_date, revenue_rank
    having count(*) > 1
