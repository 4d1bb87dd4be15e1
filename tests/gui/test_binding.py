"""The Qt binding itself must keep Python's reference counts: PySide6 6.12.0 does not (every
call of a void method releases a reference to None it never took, and the interpreter aborts
once None's count runs out), which is why pyproject.toml excludes it."""

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTableWidgetItem


class _Emitter(QObject):
    happened = Signal(int)


def _received(value: int) -> None:
    return None


def test_void_calls_and_signals_keep_the_reference_count_of_none(qapp):
    item = QTableWidgetItem("a")
    emitter = _Emitter()
    emitter.happened.connect(_received)
    before = sys.getrefcount(None)
    for _ in range(1000):
        item.setText("b")
        emitter.happened.emit(1)
    assert abs(sys.getrefcount(None) - before) < 50
