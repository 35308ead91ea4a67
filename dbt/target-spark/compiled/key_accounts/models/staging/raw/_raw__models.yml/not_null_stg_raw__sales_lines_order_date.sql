
    
    



select order_date
from staging.stg_raw__sales_lines
where order_date is null


