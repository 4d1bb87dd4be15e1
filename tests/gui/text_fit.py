"""Does every text on screen fit its rectangle? The check a lecturer makes by eye at the back of a
hall, made with the widgets' own font metrics against their geometry (issue 14: nothing clipped
at 1280×720, at presentation sizes ×1 and ×2).

`clipped_texts(root)` walks every visible widget under `root` (labels, buttons, check boxes,
radio buttons, combo boxes, tab bars) and the text items of every pyqtgraph plot (titles, axis
labels, legends) and returns one line per text that does not fit, saying where."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLabel,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QTabBar,
    QWidget,
)

#: A pixel of rounding is not a clipped letter.
SLACK = 1
#: A plot's text item is drawn with a blank margin of 4 pixels around its letters (Qt's text
#: document margin): that margin may lie outside the view.
PLOT_SLACK = 5


def clipped_texts(root: QWidget) -> list[str]:
    """Every visible text under `root` that does not fit where it is drawn, as 'what: why'."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _on_screen(widget):
            continue
        if isinstance(widget, QLabel):
            found += _label(widget)
        elif isinstance(widget, (QCheckBox, QRadioButton)):
            found += _check_box(widget)
        elif isinstance(widget, QAbstractButton):
            found += _button(widget)
        elif isinstance(widget, QComboBox):
            found += _combo(widget)
        elif isinstance(widget, QTabBar):
            found += _tabs(widget)
        elif isinstance(widget, pg.GraphicsView):
            found += _plot_texts(widget)
    return found


def _on_screen(widget: QWidget) -> bool:
    """Visible, with some area, and not scrolled or docked out of its window."""
    if not widget.isVisible() or widget.width() <= 0 or widget.height() <= 0:
        return False
    if widget.visibleRegion().isEmpty():
        return False  # behind another tab (Qt still calls it visible), or covered by its parent's edge
    window = widget.window()
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return QRect(top_left, widget.size()).intersects(window.rect())


def _where(widget: QWidget) -> str:
    name = widget.objectName() or type(widget).__name__
    parent = widget.parentWidget()
    while parent is not None and not parent.objectName():
        parent = parent.parentWidget()
    return f"{name} in {parent.objectName() if parent is not None else '?'}"


def _label(label: QLabel) -> list[str]:
    text = QLabel.text(label)  # what is painted (a caption's text() is its whole, unshortened text)
    if label.buddy() is not None:  # "&File:" is drawn "File:" with F underlined
        text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text or label.pixmap() is not None and not label.pixmap().isNull():
        return []
    if label.textFormat() == Qt.TextFormat.RichText or GuiQt.mightBeRichText(text):
        # Rich text: its document's size, laid out at the label's width, is what Qt paints.
        need = label.heightForWidth(label.contentsRect().width()) if label.wordWrap() else label.sizeHint().height()
        width_needed = label.minimumSizeHint().width()
        problems = []
        if label.wordWrap() and need > label.height() + SLACK:
            problems.append(f"needs {need} px of height, has {label.height()}")
        if not label.wordWrap() and width_needed > label.width() + SLACK:
            problems.append(f"needs {width_needed} px of width, has {label.width()}")
        return [f"label {_where(label)} {text[:40]!r}: {p}" for p in problems]
    rect = label.contentsRect().adjusted(label.margin(), label.margin(), -label.margin(), -label.margin())
    metrics = label.fontMetrics()
    if label.wordWrap():
        needed = metrics.boundingRect(rect, int(Qt.TextFlag.TextWordWrap | label.alignment()), text)
        if needed.height() > rect.height() + SLACK or needed.width() > rect.width() + SLACK:
            return [f"label {_where(label)} {text[:40]!r}: needs {needed.width()}×{needed.height()} px, "
                    f"has {rect.width()}×{rect.height()}"]
        return []
    lines = text.split("\n")
    width = max(metrics.horizontalAdvance(line) for line in lines)
    height = metrics.height() * len(lines)
    if width > rect.width() + SLACK or height > rect.height() + SLACK:
        return [f"label {_where(label)} {text[:40]!r}: needs {width}×{height} px, has {rect.width()}×{rect.height()}"]
    return []


def _check_box(box: QAbstractButton) -> list[str]:
    if not box.text():
        return []
    option = QStyleOptionButton()
    option.initFrom(box)
    option.text = box.text()
    element = (QStyle.SubElement.SE_CheckBoxContents if isinstance(box, QCheckBox)
               else QStyle.SubElement.SE_RadioButtonContents)
    contents = box.style().subElementRect(element, option, box)
    width = box.fontMetrics().horizontalAdvance(box.text().replace("&", ""))
    if width > contents.width() + SLACK or box.fontMetrics().height() > box.height() + SLACK:
        return [f"check box {_where(box)} {box.text()!r}: needs {width} px, has {contents.width()}×{box.height()}"]
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    if indicator.height() < box.fontMetrics().height() * 0.5:
        return [f"check box {_where(box)} {box.text()!r}: its box ({indicator.height()} px) is small for its "
                f"font ({box.fontMetrics().height()} px)"]
    return []


def _button(button: QAbstractButton) -> list[str]:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text:
        return []
    need = button.fontMetrics().horizontalAdvance(text)
    if need > button.width() + SLACK or button.fontMetrics().height() > button.height() + SLACK:
        return [f"button {_where(button)} {text!r}: needs {need} px, has {button.width()}×{button.height()}"]
    return []


def _combo(combo: QComboBox) -> list[str]:
    text = combo.currentText()
    if not text:
        return []
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    need = combo.fontMetrics().horizontalAdvance(text)
    if need > field.width() + SLACK or combo.fontMetrics().height() > field.height() + SLACK:
        return [f"combo box {_where(combo)} {text!r}: needs {need}×{combo.fontMetrics().height()} px, "
                f"has {field.width()}×{field.height()}"]
    return []


def _tabs(bar: QTabBar) -> list[str]:
    found = []
    for index in range(bar.count()):
        text = bar.tabText(index)
        if not text or not bar.isTabVisible(index):
            continue
        rect = bar.tabRect(index)
        if not rect.intersects(bar.rect()):
            continue  # scrolled away: the bar's arrows reach it
        need = bar.fontMetrics().horizontalAdvance(text)
        if need > rect.width() + SLACK:
            found.append(f"tab {_where(bar)} {text!r}: needs {need} px, has {rect.width()}")
    return found


def _plot_texts(view: pg.GraphicsView) -> list[str]:
    """Titles, axis labels and legend rows of the plots in `view` lie inside the view and are not
    squeezed narrower than their text."""
    scene = view.scene()
    if scene is None:
        return []
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    found = []
    for item in scene.items():
        if not isinstance(item, pg.LabelItem) or not item.isVisible() or not item.text:
            continue
        text_rect = item.item.mapRectToScene(item.item.boundingRect())
        own = item.mapRectToScene(item.boundingRect())
        label = f"plot text {item.text[:40]!r} in {_where(view)}"
        if text_rect.width() > 2 and not _inside(text_rect, visible):
            found.append(f"{label}: drawn at {_rect(text_rect)}, the view shows {_rect(visible)}")
        elif own.width() > 0 and text_rect.width() > own.width() + 4 * SLACK:
            found.append(f"{label}: needs {text_rect.width():.0f} px, has {own.width():.0f}")
    for axis in (item for item in scene.items() if isinstance(item, pg.AxisItem)):
        if axis.isVisible() and axis.label.isVisible() and axis.labelText:
            rect = axis.label.mapRectToScene(axis.label.boundingRect())
            if rect.width() > 2 and not _inside(rect, visible):
                found.append(f"axis label {axis.labelText[:40]!r} in {_where(view)}: drawn at {_rect(rect)}, "
                             f"the view shows {_rect(visible)}")
    return found


def _inside(inner: QRectF, outer: QRectF) -> bool:
    return outer.adjusted(-PLOT_SLACK, -PLOT_SLACK, PLOT_SLACK, PLOT_SLACK).contains(inner)


def _rect(rect: QRectF) -> str:
    return f"({rect.x():.0f}, {rect.y():.0f}, {rect.width():.0f}×{rect.height():.0f})"


def settled_clipped(qtbot, window) -> list[str]:
    """What is cut once the relayout after a font change is done (the toolbars take a while, 3 s at most)."""
    import pytestqt.exceptions

    try:
        qtbot.waitUntil(lambda: clipped_texts(window) == [], timeout=3000)
    except pytestqt.exceptions.TimeoutError:  # the caller's check says what is cut
        pass
    return clipped_texts(window)
