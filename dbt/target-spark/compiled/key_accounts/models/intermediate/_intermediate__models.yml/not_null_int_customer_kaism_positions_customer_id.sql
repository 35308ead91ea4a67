
    
    



select customer_id
from intermediate.int_customer_kaism_positions
where customer_id is null


