
    select
        as_of_date, customer_id,
        count(*) as row_count
    from marts.customer_scores
    group by as_of_date, customer_id
    having count(*) > 1
