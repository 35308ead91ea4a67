
    
    



select tier
from marts.customer_scores
where tier is null


