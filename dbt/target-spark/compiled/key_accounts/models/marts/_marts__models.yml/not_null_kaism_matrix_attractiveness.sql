
    
    



select attractiveness
from marts.kaism_matrix
where attractiveness is null


