"""The points as a table: x and y typed, edited, added and deleted through the PointsModel's own
undoable commands, so the table, the canvas and Edit > Undo share one history. Two more columns,
read only, say how hard each point pulls the least-squares fit: its leverage hᵢᵢ and its Cook's
distance (gui/data/point_influence.py), with the studentised residual in the row's tooltip.

A QAbstractTableModel over the model's arrays (never a copy per cell): 10⁵ points cost the view
only the rows it shows. The last row is empty: typing x and y there adds a point.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QItemSelection, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from .point_influence import PointInfluence
from .points import PointsModel

COLUMNS = ("x", "y", "leverage hᵢᵢ", "Cook's D")
#: The columns a user types in; the others are computed.
EDITABLE_COLUMNS = 2
COLUMN_TIPS = (
    None, None,
    "Leverage hᵢᵢ (0 to 1): how far the point can pull the fitted curve, from its x alone; "
    "hᵢᵢ is the squared length of row i of Q in A = QR, and the hᵢᵢ add up to the number of coefficients.",
    "Cook's distance: how far the fitted curve moves if the point is left out, in units of the fit's "
    "own uncertainty; it grows with the residual and with the leverage. Above about 1 a point pulls hard.",
)
NOT_DEFINED = "—"
#: The role that gives a computed column's float (NaN where not defined), for exports and tests.
VALUE_ROLE = Qt.ItemDataRole.UserRole
NEW_ROW_HEADER = "+"
NEW_ROW_TIP = "Type x and y here to add a point"
ERROR_BACKGROUND = QColor("#FDECEA")
PENDING_COLOR = QColor("#777777")
_ROOT = QModelIndex()  # a table has no parent rows


def format_number(value: float) -> str:
    """The shortest text that reads back as the same float (1 not 1.0; 0.30000000000000004 as is)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def parse_number(text) -> tuple[float | None, str]:
    """(value, "") for a finite number, else (None, why not) in words a student reads.
    A decimal comma is accepted (1,5 is 1.5)."""
    raw = str(text).strip()
    if not raw:
        return None, "Empty: type a number"
    candidate = raw.replace(",", ".") if raw.count(",") == 1 and "." not in raw else raw
    try:
        value = float(candidate)
    except ValueError:
        return None, f"“{raw}” is not a number"
    if not math.isfinite(value):
        if math.isnan(value):
            return None, f"“{raw}” is not a number"
        return None, f"“{raw}” is too large: the largest number is about 1.8e308"
    return value, ""


class PointTableModel(QAbstractTableModel):
    """Rows are points (plus the empty row that adds one), columns are x and y."""

    edit_refused = Signal(str)
    """A typed value was refused and the old one kept: why, in words."""
    pending_changed = Signal(str)
    """The new row holds one coordinate and waits for the other (a hint), or was emptied ("")."""

    def __init__(self, points: PointsModel, parent: QObject | None = None):
        super().__init__(parent)
        self._points = points
        self._x, self._y = points.x, points.y  # the arrays the view was last told about
        self._pending: list[float | None] = [None, None]
        self._errors: dict[tuple[int, int], str] = {}
        self.influence = PointInfluence()
        points.changed.connect(self._on_points_changed)

    @property
    def points(self) -> PointsModel:
        return self._points

    @property
    def new_row(self) -> int:
        return int(self._x.size)

    def set_problem(self, problem) -> None:
        """The least-squares problem of what is on screen (None: none): the influence columns follow it.
        A problem of other rows than the points (a table of several features) leaves them blank."""
        self.influence.set_problem(problem if problem is not None and problem.n == self._x.size else None)
        if self._x.size:
            self.dataChanged.emit(self.index(0, EDITABLE_COLUMNS), self.index(self._x.size - 1, len(COLUMNS) - 1))

    def error(self, row: int, column: int) -> str | None:
        """The reason the last value typed in this cell was refused, while the cell keeps it."""
        return self._errors.get((row, column))

    # ---- Qt's model interface
    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else self._x.size + 1

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: QModelIndex):
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() < EDITABLE_COLUMNS else flags

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return COLUMN_TIPS[section]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return NEW_ROW_HEADER if section == self._x.size else str(section + 1)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row, column = index.row(), index.column()
        new = row == self._x.size
        if column >= EDITABLE_COLUMNS:
            return None if new else self._influence_data(row, column, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = self._pending[column] if new else (self._x, self._y)[column][row]
            return "" if value is None else format_number(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._errors.get((row, column)) or (NEW_ROW_TIP if new else self._row_tip(row))
        if role == Qt.ItemDataRole.BackgroundRole and (row, column) in self._errors:
            return ERROR_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and new:
            return PENDING_COLOR
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _influence_data(self, row: int, column: int, role):
        """Leverage or Cook's distance of a point (computed when first shown), the row's tooltip,
        and the point that pulls hardest in bold."""
        if role in (Qt.ItemDataRole.DisplayRole, VALUE_ROLE):
            value = self.influence.row(row)[column - EDITABLE_COLUMNS]
            if role == VALUE_ROLE:
                return value
            return NOT_DEFINED if not math.isfinite(value) else f"{value:.3g}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._row_tip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row == self.influence.strongest():
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _row_tip(self, row: int) -> str | None:
        """The studentised residual of the point, or why it is not defined."""
        if self.influence.problem is None:
            return None
        leverage, cooks, studentized = self.influence.row(row)
        if not math.isfinite(studentized):
            return f"Point {row + 1}: studentised residual {self.influence.reason() or 'not defined'}"
        return (f"Point {row + 1}: studentised residual {studentized:.3g} (its residual divided by "
                f"s·√(1 − hᵢᵢ), the spread a residual at this leverage would have); leverage {leverage:.3g}, "
                f"Cook's distance {cooks:.3g}")

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() >= EDITABLE_COLUMNS:
            return False
        row, column = index.row(), index.column()
        number, why = parse_number(value)
        if number is None:
            self._refuse(row, column, f"{COLUMNS[column]} kept: {why}")
            return False
        self._forget_error(row, column)
        if row == self._x.size:
            self._set_pending(column, number)
            return True
        x, y = float(self._x[row]), float(self._y[row])
        x, y = (number, y) if column == 0 else (x, number)
        if (x, y) != (float(self._x[row]), float(self._y[row])):
            self._points.move_points_to([row], x, y)
        return True

    # ---- edits that are not cells
    def remove_rows(self, rows) -> None:
        """Delete these points (one undo step); the new row among them empties itself."""
        rows = np.unique(np.asarray(rows, dtype=np.intp))
        if rows.size and rows[-1] == self._x.size:
            rows = rows[:-1]
            self.clear_pending()
        if rows.size:
            self._points.remove_points(rows)

    def clear_pending(self) -> None:
        if self._pending != [None, None]:
            self._pending = [None, None]
            self._announce_row(self._x.size)
            self.pending_changed.emit("")

    # ---- inside
    def _set_pending(self, column: int, number: float) -> None:
        self._pending[column] = number
        x, y = self._pending
        if x is not None and y is not None:
            self._pending = [None, None]
            self.pending_changed.emit("")
            self._points.add_point(x, y)  # the new row moves down when the points announce it
            return
        self._announce_row(self._x.size)
        missing = COLUMNS[1 - column]
        self.pending_changed.emit(f"Type {missing} in the last row to add the point")

    def _refuse(self, row: int, column: int, message: str) -> None:
        self._errors[(row, column)] = message
        self._announce_row(row)
        self.edit_refused.emit(message)

    def _forget_error(self, row: int, column: int) -> None:
        if self._errors.pop((row, column), None) is not None:
            self._announce_row(row)

    def _announce_row(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _on_points_changed(self) -> None:
        """Tell the view the least that changed: a point added or removed at the end, one point
        moved, every value changed, or (anything else) a new table."""
        old_x, old_y = self._x, self._y
        new_x, new_y = self._points.x, self._points.y
        n_old, n_new = old_x.size, new_x.size
        if n_new == n_old:
            self._x, self._y = new_x, new_y
            moved = self._points.moved_index
            first, last = (moved, moved) if moved is not None else (0, max(n_new - 1, 0))
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
            return
        self._errors.clear()
        shorter = min(n_old, n_new)
        same_start = np.array_equal(old_x[:shorter], new_x[:shorter]) and np.array_equal(
            old_y[:shorter], new_y[:shorter])
        if same_start and n_new > n_old:
            self.beginInsertRows(QModelIndex(), n_old, n_new - 1)
            self._x, self._y = new_x, new_y
            self.endInsertRows()
        elif same_start:
            self.beginRemoveRows(QModelIndex(), n_new, n_old - 1)
            self._x, self._y = new_x, new_y
            self.endRemoveRows()
        else:
            self.beginResetModel()
            self._x, self._y = new_x, new_y
            self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Vertical, shorter, n_new)  # the "+" row moved


def selection_of_rows(model: QAbstractTableModel, rows: np.ndarray) -> QItemSelection:
    """Whole rows as a few ranges (one per run of consecutive rows), cheap for 10⁵ rows in a block."""
    selection = QItemSelection()
    rows = np.unique(np.asarray(rows, dtype=np.intp))
    if rows.size == 0:
        return selection
    breaks = np.flatnonzero(np.diff(rows) != 1)
    starts = np.concatenate([[0], breaks + 1])
    ends = np.concatenate([breaks, [rows.size - 1]])
    last_column = model.columnCount() - 1
    for s, e in zip(starts, ends):
        selection.select(model.index(int(rows[s]), 0), model.index(int(rows[e]), last_column))
    return selection


def rows_of_selection(selection_model: QItemSelectionModel) -> np.ndarray:
    """The selected rows, read from the selection's ranges (not one index per cell)."""
    parts = [np.arange(r.top(), r.bottom() + 1) for r in selection_model.selection()]
    return np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.intp)
