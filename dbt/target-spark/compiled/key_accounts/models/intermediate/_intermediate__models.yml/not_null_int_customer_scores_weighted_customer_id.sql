
    
    



select customer_id
from intermediate.int_customer_scores_weighted
where customer_id is null


