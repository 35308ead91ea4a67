
    
    



select customer_id
from staging.stg_raw__service_costs
where customer_id is null


