
    
    



select customer_id
from marts.kaism_matrix
where customer_id is null


