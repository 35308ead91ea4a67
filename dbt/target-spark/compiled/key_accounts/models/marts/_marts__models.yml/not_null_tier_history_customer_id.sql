
    
    



select customer_id
from marts.tier_history
where customer_id is null


