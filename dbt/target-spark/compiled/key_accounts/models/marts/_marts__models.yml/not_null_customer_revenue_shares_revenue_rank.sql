
    
    



select revenue_rank
from marts.customer_revenue_shares
where revenue_rank is null


