"""The comparison table's cells: the badge rule (✔ ⚠ ✘), compact θ, cells that sort by their
number, and the table widget that copies itself as CSV. The rule is explained in
`gui/views/comparison/table.py`."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from engine import SOLVERS, Result
from engine.honesty import predicted_digits, relevant_cond
from engine.own_references import OWN_REFERENCE_METHODS
from engine.precision import get_precision

#: The classic statistics of each row's θ (gui/views/comparison/statistics_cells.py).
STATISTICS_COLUMNS = ("r", "r²", "adjusted r²", "s", "standard errors")
COLUMNS = ("solver", "parameters θ", "loss", "steps", "time", "status", "‖θ − θref‖/‖θref‖",
           "correct digits", "predicted digits", "κ(A)", *STATISTICS_COLUMNS, "warnings / message")
GOOD_DIGITS = 6.0
GOOD, WARN, BAD = QColor("#1B7837"), QColor("#8A5A00"), QColor("#B00020")
BADGES = {"✔": GOOD, "⚠": WARN, "✘": BAD}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
BADGE_ROLE = Qt.ItemDataRole.UserRole + 2
EXACT_KEY = "exact"


def badge(result: Result | None, digits: float | None) -> str:
    """✔, ⚠ or ✘ by the rule in the module docstring ('' while running)."""
    if result is None:
        return ""
    if result.status in ("failed", "diverged") or result.theta is None or (digits is not None and digits < 1):
        return "✘"
    if "penalty" in result.diagnostics or digits is None:
        return "⚠"
    return "✔" if result.ok and digits >= GOOD_DIGITS else "⚠"


def compact(theta: np.ndarray | None) -> str:
    if theta is None:
        return "—"
    shown = ", ".join(f"{v:.6g}" for v in theta[:3])
    return f"({shown}{', …' if theta.size > 3 else ''})"


class SortableItem(QTableWidgetItem):
    """A cell that sorts by its number (missing values last), not by its text."""

    def __init__(self, text: str, key=None, tip: str = ""):
        super().__init__(text)
        self.setData(SORT_ROLE, text if key is None else key)
        if tip:
            self.setToolTip(tip)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        a, b = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return a < b
        return str(a) < str(b)


class ComparisonTable(QTableWidget):
    """The table; Ctrl+C copies all of it as CSV (what 'Copy as CSV' does)."""

    copy_requested = Signal()
    """Ctrl+C (the platform's Copy key) was pressed in the table."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def predicted_digits_item(problem, key: str, precision_name: str) -> SortableItem:
    """The digits κ and the unit roundoff leave solver `key` on `problem` (the data it saw, rounded to
    its precision): the honesty check's own prediction, −log10(κᵉ·u)."""
    if key not in SOLVERS or key in OWN_REFERENCE_METHODS or key == "exact" or problem is None:
        return SortableItem("—", math.inf, "No prediction: this method is not plain least squares in floating point.")
    spec = SOLVERS.get(key)
    precision = get_precision(precision_name)
    kappa = relevant_cond(problem, spec)
    predicted = predicted_digits(problem, spec, precision)
    power = "κ" if spec.kappa_exponent == 1 and spec.direct else "κ²"
    tip = (f"{precision.digits:.1f} digits of {precision.name} minus log10 {power}: κ = {kappa:.3g}, "
           f"u = {precision.unit_roundoff:.2g}, so about {predicted:.1f} correct digits can be expected.")
    return SortableItem(f"{predicted:.1f}", predicted, tip)
