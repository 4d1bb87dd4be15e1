"""One module per solver family; importing them fills the registry (engine.registry.SOLVERS).

The import order is the order of the menus: reference first, then from the course notes' matrix
inversion to the most robust methods.
"""
# isort: skip_file

from . import svd  # noqa: F401  (lstsq, the reference, and the SVD pseudo-inverse)
from . import normal  # noqa: F401
from . import gram_schmidt  # noqa: F401
from . import householder  # noqa: F401
from . import givens  # noqa: F401
from . import pivoted_qr  # noqa: F401  (rank: pivoted QR's basic solution)
from . import truncated_svd  # noqa: F401  (rank: the k largest singular values)
from . import refinement  # noqa: F401  (mixed precision: factor in float16, refine in float64)
from . import exact  # noqa: F401
from . import gradient  # noqa: F401
from . import adaptive  # noqa: F401
from . import second_order  # noqa: F401
from . import proximal  # noqa: F401
from . import linear_systems  # noqa: F401
from . import power  # noqa: F401
from . import stochastic  # noqa: F401
from . import tls  # noqa: F401  (perpendicular distances: another problem than least squares)
from . import lad  # noqa: F401  (absolute distances, by IRLS)
