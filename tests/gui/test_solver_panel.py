"""The solver panel, the hyperparameter forms and the model controls, driven like a user would:
real widgets, real clicks and keys, and the registry as the only source of truth."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyleOptionViewItem,
    QWidget,
)

from engine import SOLVERS, InputError
from engine.problem import BASIS_ORDERS, LOSSES, MAX_DEGREE, SCALINGS
from gui.look.solver_look import solver_color
from gui.panels.hyper_form import HyperparameterForm
from gui.panels.model_controls import ModelControls
from gui.panels.solver_panel import SolverPanel

# The offscreen platform cannot resize windows to their size hints and says so on every show.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

EDITOR_TYPES = {"float": QLineEdit, "float-or-auto": QLineEdit, "int": QSpinBox, "bool": QCheckBox,
                "choice": QComboBox}


@pytest.fixture
def panel(qtbot):
    widget = SolverPanel()
    qtbot.addWidget(widget)
    widget.resize(380, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click_item(panel: SolverPanel, name: str, *, on_check_box: bool) -> None:
    """Click a solver's row: on its check box (toggles it) or on its text (selects it)."""
    tree = panel.tree()
    item = next(it for it in iter_solver_items(panel) if it.data(0, Qt.ItemDataRole.UserRole) == name)
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    if on_check_box:
        option = QStyleOptionViewItem()
        tree.initViewItemOption(option)
        option.rect = rect
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        box = tree.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, tree)
        point = box.center()
    else:
        point = QPoint(rect.right() - 20, rect.center().y())
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def iter_solver_items(panel: SolverPanel):
    tree = panel.tree()
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for j in range(top.childCount()):
            yield top.child(j)


def retype(qtbot, widget: QWidget, text: str) -> None:
    """Select everything in the field and type over it, key by key (the first key replaces the selection)."""
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(widget, text)
    else:
        QTest.keyClick(widget, Qt.Key.Key_Delete)


def visible_texts(root: QWidget) -> list[str]:
    return [label.text() for label in root.findChildren(QLabel) if label.isVisibleTo(root) and label.text()]


def test_tree_lists_every_solver_grouped_by_family_in_registry_order(panel):
    tree = panel.tree()
    shown = {}
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        shown[top.text(0)] = [top.child(j).data(0, Qt.ItemDataRole.UserRole) for j in range(top.childCount())]
    expected = {family: [spec.name for spec in specs] for family, specs in SOLVERS.families().items()}
    assert list(shown.items()) == list(expected.items())
    for item in iter_solver_items(panel):
        spec = SOLVERS.get(item.data(0, Qt.ItemDataRole.UserRole))
        assert item.text(0) == spec.label
        assert item.toolTip(0) == spec.summary
        assert item.checkState(0) == Qt.CheckState.Unchecked
    assert sum(1 for _ in iter_solver_items(panel)) == len(SOLVERS)


def test_checking_by_mouse_and_space_follows_registry_order_and_colours(panel, qtbot):
    names = [spec.name for spec in SOLVERS]
    first, middle, last = names[0], names[len(names) // 2], names[-1]
    with qtbot.waitSignal(panel.selection_changed):
        click_item(panel, last, on_check_box=True)
    with qtbot.waitSignal(panel.selection_changed):
        click_item(panel, first, on_check_box=True)
    panel.set_current_method(middle)
    panel.tree().setFocus()
    with qtbot.waitSignal(panel.selection_changed):
        QTest.keyClick(panel.tree(), Qt.Key.Key_Space)
    assert panel.checked_methods() == [first, middle, last]
    items = {item.data(0, Qt.ItemDataRole.UserRole): item for item in iter_solver_items(panel)}
    for name in panel.checked_methods():
        image = items[name].icon(0).pixmap(panel.tree().iconSize()).toImage()
        assert image.pixelColor(image.width() // 2, image.height() // 2).name() == solver_color(name).name()
    with qtbot.waitSignal(panel.selection_changed):
        QTest.keyClick(panel.tree(), Qt.Key.Key_Space)
    assert panel.checked_methods() == [first, last]


def test_set_checked_and_clear_emit_once(panel, qtbot):
    emitted = []
    panel.selection_changed.connect(lambda: emitted.append(panel.checked_methods()))
    panel.set_checked(["gd", "householder"])
    assert emitted == [["householder", "gd"]]
    panel.set_checked(["householder", "gd"])  # no change, no signal
    emitted.clear()
    qtbot.mouseClick(panel.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert emitted == [[]]
    with pytest.raises(InputError):
        panel.set_checked(["no-such-solver"])


def test_tree_is_reachable_by_tab(panel, qtbot):
    panel.activateWindow()
    panel.start_point_edit().setFocus()
    for _ in range(10):
        if panel.tree().hasFocus():
            break
        QTest.keyClick(panel.focusWidget(), Qt.Key.Key_Tab)
    assert panel.tree().hasFocus()


def test_every_form_has_exactly_the_declared_fields(panel):
    for spec in SOLVERS:
        form = panel.form(spec.name)
        editors = {w.property("hyperparameter"): w for w in form.findChildren(QWidget)
                   if w.property("hyperparameter")}
        assert list(editors) == [h.name for h in spec.hyperparameters]
        for h in spec.hyperparameters:
            assert isinstance(editors[h.name], EDITOR_TYPES[h.kind])
            assert h.help in _plain(editors[h.name].toolTip())
            if h.kind == "choice":
                assert [editors[h.name].itemData(i) for i in range(editors[h.name].count())] == list(h.choices)


def _plain(rich: str) -> str:
    return QTextDocumentFragment.fromHtml(rich).toPlainText()


def test_learning_rate_accepts_numbers_and_auto_and_rejects_words(panel, qtbot):
    click_item(panel, "gd", on_check_box=False)
    assert panel.current_method() == "gd"
    form = panel.form("gd")
    assert form.isVisibleTo(panel)
    lr = form.editor("lr")
    with qtbot.waitSignal(panel.params_changed, check_params_cb=lambda name: name == "gd"):
        retype(qtbot, lr, "0.05")
    assert panel.params("gd")["lr"] == 0.05
    assert not form.auto_box("lr").isChecked()

    with qtbot.assertNotEmitted(panel.params_changed):
        retype(qtbot, lr, "fast")
    h = next(h for h in SOLVERS.get("gd").hyperparameters if h.name == "lr")
    with pytest.raises(InputError) as expected:
        h.parse("fast", method="gd")
    assert lr.property("invalid") is True and lr.styleSheet()
    assert form.errors() == {"lr": str(expected.value)}
    assert str(expected.value) in visible_texts(form)
    assert panel.params("gd")["lr"] == 0.05

    retype(qtbot, lr, "auto")
    assert panel.params("gd")["lr"] == "auto"
    assert form.auto_box("lr").isChecked() and form.errors() == {} and not lr.property("invalid")
    assert not [text for text in visible_texts(form) if "--param" in text]
    qtbot.mouseClick(form.auto_box("lr"), Qt.MouseButton.LeftButton)
    assert lr.text() == "0.05" and panel.params("gd")["lr"] == 0.05


def test_int_field_respects_its_declared_range(panel, qtbot):
    panel.set_current_method("gd")
    spin = panel.form("gd").editor("max_iter")
    h = next(h for h in SOLVERS.get("gd").hyperparameters if h.name == "max_iter")
    assert (spin.minimum(), spin.maximum()) == (h.low, h.high)
    retype(qtbot, spin, "99999999999")
    QTest.keyClick(spin, Qt.Key.Key_Return)
    assert h.low <= panel.params("gd")["max_iter"] <= h.high
    retype(qtbot, spin, "250")
    QTest.keyClick(spin, Qt.Key.Key_Return)
    assert panel.params("gd")["max_iter"] == 250
    spin.setValue(0)
    assert panel.params("gd")["max_iter"] == h.low


def test_start_point_parses_numbers_and_rejects_words(panel, qtbot):
    edit = panel.start_point_edit()
    assert panel.start_point() is None
    retype(qtbot, edit, "0, 0")
    assert panel.start_point() == [0.0, 0.0] and panel.start_point_error() is None
    retype(qtbot, edit, "a, b")
    assert edit.property("invalid") is True and edit.styleSheet()
    assert panel.start_point_error() in visible_texts(panel)
    assert panel.start_point() == [0.0, 0.0]
    retype(qtbot, edit, "1.5, -2e-3")
    assert panel.start_point() == [1.5, -0.002]
    retype(qtbot, edit, "")
    assert panel.start_point() is None and not edit.property("invalid")


def _inside(value: float, h) -> float:
    """`value` moved into the declared range of `h`."""
    if h.low is not None:
        value = max(value, h.low)
    if h.high is not None:
        value = min(value, h.high)
    return value


def test_form_values_round_trip_through_the_registry(qtbot):
    for spec in SOLVERS:
        form = HyperparameterForm(spec)
        qtbot.addWidget(form)
        assert form.values() == spec.defaults() and form.errors() == {}
        assert spec.parse_params(form.values()) == form.values()
        for h in spec.hyperparameters:  # the shown text parses back to the exact default (ε keeps its digits)
            editor = form.editor(h.name)
            if isinstance(editor, QLineEdit):
                assert h.parse(editor.text(), method=spec.name) == h.default
        changed = {h.name: (not h.default if h.kind == "bool" else h.choices[-1] if h.kind == "choice"
                            else h.high if h.kind == "int" else _inside(0.5, h))
                   for h in spec.hyperparameters}
        form.set_values(changed)
        assert spec.parse_params(form.values()) == form.values() == spec.parse_params(changed)
        form.reset()
        assert form.values() == spec.defaults()


def test_model_controls_follow_the_user_and_emit_changed(qtbot):
    controls = ModelControls()
    qtbot.addWidget(controls)
    controls.show()
    qtbot.waitExposed(controls)
    assert controls.options() == {"degree": 1, "intercept": True, "scaling": "none",
                                  "basis_order": "ascending", "loss": "mean"}
    degree, intercept = controls.findChild(QSpinBox), controls.findChild(QCheckBox)
    assert (degree.minimum(), degree.maximum()) == (0, MAX_DEGREE)
    with qtbot.waitSignal(controls.changed):
        QTest.keyClick(degree, Qt.Key.Key_Up)
    intercept.setFocus()
    with qtbot.waitSignal(controls.changed):
        QTest.keyClick(intercept, Qt.Key.Key_Space)
    combos = controls.findChildren(QComboBox)
    assert [[c.itemData(i) for i in range(c.count())] for c in combos] == [list(SCALINGS), list(BASIS_ORDERS),
                                                                          list(LOSSES)]
    for combo in combos:
        combo.setFocus()
        with qtbot.waitSignal(controls.changed):
            QTest.keyClick(combo, Qt.Key.Key_Down)
    assert controls.options() == {"degree": 2, "intercept": False, "scaling": "unit-norm",
                                  "basis_order": "descending", "loss": "sum"}
    emitted = []
    controls.changed.connect(lambda: emitted.append(1))
    controls.set_options(degree=3, scaling="standardize", loss="mean")
    assert emitted == [1] and controls.options()["scaling"] == "standardize"
    with pytest.raises(InputError):
        controls.set_options(scaling="unit norm")
    controls.set_degree_enabled(False)
    assert not degree.isEnabled()
