
    
    



select customer_id
from marts.customer_revenue_shares
where customer_id is null


