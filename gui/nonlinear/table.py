"""The comparison table of a nonlinear race: how each method ended and how many digits it got right.

"certified digits" is NIST's log relative error against the certified values, the minimum over
the parameters, −log10(max_j |b_j − c_j| / |c_j|), shown with one decimal (as the linear lab's
table shows its digits); "—" when the problem has no certificate or the method gave no answer.
RSS is the residual sum of squares, 2 · loss, the number NIST certifies.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from ..look.solver_look import solver_look, square_icon
from .engine_link import certified_digits, rss_of
from .lab import NonlinearLab
from .names import failed, solver_label

COLUMNS = ("method", "status", "certified digits", "iterations", "RSS", "message")
#: Two-line headers where a word pair would widen its column beyond its numbers.
HEADERS = {"certified digits": "certified\ndigits"}
DIGITS_COLUMN = COLUMNS.index("certified digits")


def digits_text(digits: float | None) -> str:
    """The certified digits as the table shows them: one decimal, never below 0; "—" if none."""
    return "—" if digits is None else f"{max(digits, 0.0):.1f}"


class NonlinearTable(QTableWidget):
    """One row per solver of the run, updated as the solvers end."""

    def __init__(self, lab: NonlinearLab, parent=None):
        super().__init__(0, len(COLUMNS), parent)
        self.lab = lab
        self.setObjectName("nonlinear-table")
        self.setHorizontalHeaderLabels([HEADERS.get(c, c) for c in COLUMNS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # rows grow at ×2
        self.setWordWrap(False)
        header = self.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        header.setToolTip("certified digits: −log10 of the largest relative error against NIST's certified "
                          "values (min over the parameters); RSS: the residual sum of squares")
        lab.run_changed.connect(self._update_rows)
        lab.problem_changed.connect(self._update_rows)
        lab.lowest_changed.connect(self._update_rows)
        self._update_rows()

    def cell_text(self, key: str, column: str) -> str:
        """The text shown for solver `key` in `column` (tests and the screenshot read it)."""
        row = self.lab.solver_keys().index(key)
        return self.item(row, COLUMNS.index(column)).text()

    @Slot()
    def _update_rows(self, *_args) -> None:
        keys = self.lab.solver_keys()
        self.setRowCount(len(keys))
        icon_size = max(10, self.fontMetrics().height() - 4)
        for row, key in enumerate(keys):
            texts, tips = self._row(key)
            for column, text in enumerate(texts):
                item = self.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    self.setItem(row, column, item)
                item.setText(text)
                item.setToolTip(tips.get(column, text))
                if column == 0:
                    item.setIcon(square_icon(solver_look(key).color, icon_size))
                if column in (2, 3, 4):  # numbers
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _row(self, key: str) -> tuple[list[str], dict[int, str]]:
        result = self.lab.results.get(key)
        label = solver_label(key)
        if result is None:
            steps = self.lab.traces.get(key, [])
            shown = str(steps[-1].k) if steps else "0"
            return [label, "running…", "", shown, "", ""], {}
        problem = self.lab.problem
        mark = "✘ " if failed(result) else ""
        rss = rss_of(problem, result)
        digits = certified_digits(problem, result)
        message = " ".join(filter(None, [result.message, *result.warnings]))
        tips = {}
        if digits is not None:
            tips[DIGITS_COLUMN] = f"LRE = {digits:.3f} against NIST's certified values"
        elif getattr(problem, "certified", None) is None:
            tips[DIGITS_COLUMN] = "This problem has no certified values to count digits against."
        status = result.status
        if (lower := self.lab.lower_minimum_than(key)) is not None:
            theta, low, who = lower
            where = ", ".join(f"{n} = {v:.6g}" for n, v in zip(problem.parameter_names, theta))
            status = "local minimum"
            message = (f"A local minimum: {solver_label(who) if who in self.lab.results else who} found a lower sum "
                       f"of squares, {low:.6g}, at {where}. {message}")
        texts = [f"{mark}{label}", status, digits_text(digits), str(result.iterations),
                 "—" if rss is None else f"{rss:.10g}", message]
        return texts, tips
