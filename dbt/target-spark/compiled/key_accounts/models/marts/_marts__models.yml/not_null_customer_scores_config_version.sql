
    
    



select config_version
from marts.customer_scores
where config_version is null


