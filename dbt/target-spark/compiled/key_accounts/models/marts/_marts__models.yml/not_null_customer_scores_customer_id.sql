
    
    



select customer_id
from marts.customer_scores
where customer_id is null


