
    
    



select customer_id
from intermediate.int_customer_revenue_in_window
where customer_id is null


