
    
    



select customer_id
from intermediate.int_customer_criteria_metrics
where customer_id is null


