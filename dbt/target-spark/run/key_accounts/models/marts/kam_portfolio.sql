
    
      insert overwrite table marts.kam_portfolio
      partition (as_of_date)
    
    select `account_manager`, `is_unassigned`, `accounts`, `key_accounts`, `prospects`, `key_prospects`, `net_revenue`, `revenue_share`, `config_version`, `as_of_date` from kam_portfolio__dbt_tmp

