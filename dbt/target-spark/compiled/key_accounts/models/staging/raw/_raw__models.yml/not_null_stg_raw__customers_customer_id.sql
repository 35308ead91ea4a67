
    
    



select customer_id
from staging.stg_raw__customers
where customer_id is null


