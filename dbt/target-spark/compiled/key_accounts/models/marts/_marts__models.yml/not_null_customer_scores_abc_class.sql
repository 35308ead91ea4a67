
    
    



select abc_class
from marts.customer_scores
where abc_class is null


