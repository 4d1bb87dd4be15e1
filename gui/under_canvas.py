"""The strips under the canvas, in one area that never takes the canvas's room.

Under the canvas sit words that wrap: My line's losses and buttons, the sum-of-squares numbers
and the legend in words (when the plot has no room for the boxes). At a projector's size and
twice the font they can need more height than the screen has; left in the window's layout, they
would push the window past the screen. Here they share one scroll area, as tall as their words
need but at most MAX_SHARE of the canvas's column: the canvas keeps the rest, the window keeps
fitting, and words that do not fit scroll rather than being cut off.

The strips are placed by hand, one under the other at each one's height for the width: a layout
would share the height from sizes it cached before the last font change (presentation mode).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QWidget

#: The most of the canvas's column the strips may take.
MAX_SHARE = 0.3
#: Pixels between two strips.
SPACING = 4


class UnderCanvas(QScrollArea):
    """The strips, in their order, in a frameless area whose height follows their words."""

    def __init__(self, strips: list[QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self.strips = strips
        self._fit_pending = False
        self.setObjectName("under-canvas")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)  # fit() sizes the strips
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        content = QWidget()
        content.setObjectName("under-canvas-strips")
        for strip in strips:
            hidden = strip.isHidden()
            strip.setParent(content)  # which hides it: show it again if it was shown
            strip.setHidden(hidden)
            strip.installEventFilter(self)  # shown, hidden, new words: fit again
        self.setWidget(content)
        content.installEventFilter(self)  # a strip's new size hint is a LayoutRequest here
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # ShowToParent and HideToParent come even while the area itself is hidden (Show does not).
        # A strip shown or hidden resizes the canvas at once, as it would in the column's own layout:
        # a drag that starts right after (My line's handles) must find the canvas where it will stay.
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self.fit(at_once=True)
        elif event.type() == QEvent.Type.LayoutRequest:
            self._schedule_fit()
        return False

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._schedule_fit()

    def _schedule_fit(self) -> None:
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self.fit)

    def strip_heights(self, width: int | None = None) -> dict[QWidget, int]:
        """What each shown strip needs at `width` (the area's own by default) to show its words whole."""
        width = max(self.width() if width is None else width, 1)
        return {strip: max(strip.heightForWidth(width) if strip.hasHeightForWidth() else strip.sizeHint().height(),
                           strip.minimumSizeHint().height())
                for strip in self.strips if not strip.isHidden()}

    def needed_height(self, width: int | None = None) -> int:
        heights = self.strip_heights(width)
        return sum(heights.values()) + SPACING * max(len(heights) - 1, 0)

    def fit(self, *, at_once: bool = False) -> None:
        """The strips at their height for the width, the area as tall as that or its share (and
        the canvas resized now, `at_once`, rather than at the next layout pass)."""
        self._fit_pending = False
        column = self.parentWidget().height() if self.parentWidget() is not None else 0
        limit = int(MAX_SHARE * column)
        width = self.width()
        heights = self.strip_heights(width)
        if self.needed_height(width) > limit:  # a scroll bar takes its width from the strips
            width -= self.verticalScrollBar().sizeHint().width()
            heights = self.strip_heights(width)
        top = 0
        for strip, height in heights.items():
            strip.setGeometry(0, top, width, height)
            top += height + SPACING
        needed = max(top - SPACING, 0)
        self.widget().resize(width, needed)
        shown = bool(heights)
        height = min(needed, limit)
        changed = height != self.height() or self.minimumHeight() != height or self.isHidden() == shown
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)
        self.setVisible(shown)
        column_layout = self.parentWidget().layout() if self.parentWidget() is not None else None
        if at_once and changed and column_layout is not None:
            column_layout.activate()


def gather_under_canvas(canvas: QWidget) -> UnderCanvas:
    """Move every widget below `canvas` in its column's layout into one UnderCanvas there."""
    layout = canvas.parentWidget().layout()
    start = layout.indexOf(canvas) + 1
    strips = []
    while layout.count() > start:
        item = layout.takeAt(start)
        if item.widget() is not None:
            strips.append(item.widget())
    area = UnderCanvas(strips, canvas.parentWidget())
    layout.addWidget(area)
    return area
