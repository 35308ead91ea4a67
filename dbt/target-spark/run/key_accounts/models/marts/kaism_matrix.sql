
    
      insert overwrite table marts.kaism_matrix
      partition (as_of_date)
    
    select `customer_id`, `attractiveness`, `relative_strength`, `kaism_quadrant`, `share_of_wallet_metric`, `share_of_wallet_score`, `config_version`, `as_of_date` from kaism_matrix__dbt_tmp

