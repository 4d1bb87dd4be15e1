"""The teaching views: each follows the current run and the player's position (a file each, or a package of a few).

`VIEWS` lists the views the window docks, in tab order; `LEFT_VIEWS` go on the left (pictures
of the parameters), the others below the canvas (curves and numbers over time). A view's module
is imported, and the view built, only when its tab is first shown: most start hidden behind
another tab, and building all six would double the time the window takes to appear.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class ViewSpec:
    """What the window needs to dock a view before building it: its name, its tab title, and
    where its class lives (gui.views.<module>.<class_name>, whose name and title are these)."""

    name: str
    title: str
    module: str
    class_name: str

    def load(self) -> type:
        return getattr(import_module(f"{__name__}.{self.module}"), self.class_name)


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("surface", "Loss surface", "surface.loss_surface", "LossSurfaceView"),
    ViewSpec("geometry", "Geometry of QR", "qr.geometry", "QRGeometryView"),
    ViewSpec("hand", "Hand calculation", "board.hand_calc", "HandCalculationView"),
    ViewSpec("convergence", "Convergence", "convergence", "ConvergenceView"),
    ViewSpec("table", "Comparison", "comparison.table", "ComparisonView"),
    ViewSpec("neural", "Neural networks", "neural.view", "NeuralView"),
    ViewSpec("residuals", "Residuals", "residual_plot", "ResidualPlotView"),
    ViewSpec("singular-values", "Singular values", "singular_values", "SingularValuesView"),
    ViewSpec("conditioning", "Digits against κ", "conditioning.view", "ConditioningView"),
    ViewSpec("refinement", "Refinement", "refinement_view", "RefinementView"),
    ViewSpec("gd-conditioning", "Why gd is slow", "gd_conditioning.view", "GdConditioningView"),
)
VIEW_NAMES = tuple(spec.name for spec in VIEWS)
LEFT_VIEWS = {"surface", "geometry", "hand"}
