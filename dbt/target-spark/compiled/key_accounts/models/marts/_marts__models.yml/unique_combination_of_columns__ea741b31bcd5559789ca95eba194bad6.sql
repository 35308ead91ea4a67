
    select
        customer_id, valid_from,
        count(*) as row_count
    from marts.tier_history
    group by customer_id, valid_from
    having count(*) > 1
