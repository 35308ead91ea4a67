
    
    



select revenue_share
from marts.customer_revenue_shares
where revenue_share is null


