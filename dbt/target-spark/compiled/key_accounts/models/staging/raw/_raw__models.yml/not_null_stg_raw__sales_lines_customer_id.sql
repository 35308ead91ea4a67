
    
    



select customer_id
from staging.stg_raw__sales_lines
where customer_id is null


