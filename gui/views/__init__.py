"""The teaching views: each follows the current run and the player's position (one file each).

`VIEW_CLASSES` lists the views the window docks, in tab order; `LEFT_VIEWS` go on the left
(pictures of the parameters), the others below the canvas (curves and numbers over time).
"""

from .comparison import ComparisonView
from .convergence import ConvergenceView
from .hand_calc import HandCalculationView
from .loss_surface import LossSurfaceView
from .neural import NeuralView
from .qr_geometry import QRGeometryView

VIEW_CLASSES: list = [LossSurfaceView, QRGeometryView, HandCalculationView, ConvergenceView, ComparisonView,
                      NeuralView]
LEFT_VIEWS = {"surface", "geometry", "hand"}
