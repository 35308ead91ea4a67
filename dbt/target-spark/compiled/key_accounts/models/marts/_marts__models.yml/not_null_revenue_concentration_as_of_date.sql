
    
    



select as_of_date
from marts.revenue_concentration
where as_of_date is null


