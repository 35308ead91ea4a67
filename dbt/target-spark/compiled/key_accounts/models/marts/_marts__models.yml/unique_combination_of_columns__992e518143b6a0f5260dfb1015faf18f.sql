
    select
        as_of_date, score_rank,
        count(*) as row_count
    from marts.customer_scores
    group by as_of_date, score_rank
    having count(*) > 1
