
    
    



select kaism_quadrant
from marts.kaism_matrix
where kaism_quadrant is null


