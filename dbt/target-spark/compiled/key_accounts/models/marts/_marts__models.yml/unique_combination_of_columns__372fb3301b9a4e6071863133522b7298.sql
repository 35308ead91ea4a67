
    select
        as_of_date, account_manager,
        count(*) as row_count
    from marts.kam_portfolio
    group by as_of_date, account_manager
    having count(*) > 1
