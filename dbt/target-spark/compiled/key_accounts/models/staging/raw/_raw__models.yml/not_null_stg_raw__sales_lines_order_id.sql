
    
    



select order_id
from staging.stg_raw__sales_lines
where order_id is null


