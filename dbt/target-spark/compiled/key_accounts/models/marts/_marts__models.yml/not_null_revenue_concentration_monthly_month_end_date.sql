
    
    



select month_end_date
from marts.revenue_concentration_monthly
where month_end_date is null


