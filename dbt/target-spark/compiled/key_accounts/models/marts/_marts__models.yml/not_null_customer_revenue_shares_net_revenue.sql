
    
    



select net_revenue
from marts.customer_revenue_shares
where net_revenue is null


