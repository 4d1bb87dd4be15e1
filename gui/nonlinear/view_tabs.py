"""The tabs beside the fit canvas: loss surface, basin map, log-linear fit and convergence.

Each view takes the NonlinearLab and is built the first time its tab is shown (a basin map costs
a grid of runs). The surface, basin and log-linear views are separate modules (their own files);
a version of the app without one of them (or without the engine part it needs) shows a line of
words in its tab instead.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from .convergence import ConvergencePlot
from .lab import NonlinearLab

#: (key, tab title, module in gui.nonlinear, class): the order of the tabs.
VIEWS = (
    ("surface", "Surface", "surface_view", "SurfaceView"),
    ("basin", "Basin map", "basin_view", "BasinView"),
    ("log-linear", "Log-linear", "log_linear_view", "LogLinearView"),
    ("board", "Board", "board_view", "NonlinearBoardView"),
    ("geometry", "Geometry", "geometry_view", "NonlinearGeometryView"),
    ("convergence", "Convergence", None, None),
)
VIEW_KEYS = tuple(key for key, *_ in VIEWS)


class ViewTabs(QTabWidget):
    """The views of the nonlinear window, one per tab, built when first shown."""

    def __init__(self, lab: NonlinearLab, view_built=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.lab = lab
        self.setObjectName("nonlinear-views")
        self._view_built = view_built
        self.views: dict[str, QWidget] = {}
        self._holders: dict[str, QWidget] = {}
        for key, title, _module, _cls in VIEWS:
            holder = QWidget()
            holder.setObjectName(f"tab-{key}")
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self._holders[key] = holder
            self.addTab(holder, title)
        self.currentChanged.connect(self._on_tab_shown)
        self._on_tab_shown(self.currentIndex())

    def show_view(self, key: str) -> QWidget:
        """Bring view `key` to the front (built if needed) and return it."""
        self.setCurrentIndex(VIEW_KEYS.index(key))
        return self.view(key)

    def view(self, key: str) -> QWidget:
        """View `key`, built now if it was not yet."""
        if key not in self.views:
            self.views[key] = view = self._build(key)
            self._holders[key].layout().addWidget(view)
            if self._view_built is not None:
                self._view_built.emit(view)
        return self.views[key]

    def shutdown(self) -> None:
        """Stop every view's own work (a basin map's worker) before the window closes."""
        for view in self.views.values():
            if callable(getattr(view, "shutdown", None)):
                view.shutdown()

    @Slot(int)
    def _on_tab_shown(self, index: int) -> None:
        if 0 <= index < len(VIEWS):
            self.view(VIEWS[index][0])

    def _build(self, key: str) -> QWidget:
        _key, title, module, cls = VIEWS[VIEW_KEYS.index(key)]
        if module is None:
            return ConvergencePlot(self.lab)
        name = f"{__package__}.{module}"
        try:
            view_class = getattr(importlib.import_module(name), cls)
        except ImportError:  # a version of the app without this view (or with the engine part it needs)
            missing = QLabel(f"The {title.lower()} view is not part of this version of the app.")
            missing.setObjectName(f"missing-{key}")
            missing.setWordWrap(True)
            return missing
        return view_class(self.lab)
