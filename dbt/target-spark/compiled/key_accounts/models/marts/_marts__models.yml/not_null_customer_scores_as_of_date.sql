
    
    



select as_of_date
from marts.customer_scores
where as_of_date is null


