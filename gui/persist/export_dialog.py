"""File > Export > Animation: what to film (the canvas, one view, or both side by side as a
presenter shows them), the size, the frame rate, the steps, the frame count and the legend, and
the file (its name says the format). OK checks everything first: a bad folder or name is said in
the dialog, which stays open; the file then has exactly the frames asked for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .export import SIZE_PRESETS, check_animation_args, export_animation_with_dialog, mp4_available, step_range
from .film import PRESENTER_JOIN, frame_positions

#: Without a count, a long run is filmed in this many frames (10 s at the default 20 fps).
DEFAULT_FRAMES = 200
DEFAULT_FPS = 20
FILMS = (("The canvas", "canvas"), ("One view", "view"), ("The canvas and a view side by side", "presenter"))
FORMAT_NAMES = {".gif": "GIF", ".mp4": "MP4 video"}


class ExportDialog(QDialog):
    """The film's options, checked on OK; the export runs behind a progress dialog with Cancel."""

    def __init__(self, window, path: str | None = None):
        super().__init__(window)
        self.main_window = window
        self.setWindowTitle("Export the run as an animation")
        self.written = 0
        last = max(window.player.length - 1, 0)

        self.path_edit = QLineEdit(path or str(Path.home() / "run.gif"))
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._on_browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)

        self.film_combo = QComboBox()
        for text, key in FILMS:
            self.film_combo.addItem(text, key)
        self.view_combo = QComboBox()
        for name, dock in window.view_docks.items():
            self.view_combo.addItem(dock.windowTitle(), name)
        self.view_combo.setCurrentIndex(max(self.view_combo.findData(self._view_in_front()), 0))
        self.size_combo = QComboBox()
        for width, height in SIZE_PRESETS:
            self.size_combo.addItem(f"{width} × {height}", f"{width}x{height}")
        self.fps_spin = QSpinBox(minimum=1, maximum=50, value=DEFAULT_FPS, suffix=" frames per second")
        self.first_spin = QSpinBox(minimum=0, maximum=last, value=0)
        self.last_spin = QSpinBox(minimum=0, maximum=last, value=last)
        steps_row = QHBoxLayout()
        steps_row.addWidget(self.first_spin)
        steps_row.addWidget(QLabel("to"))
        steps_row.addWidget(self.last_spin)
        steps_row.addStretch(1)
        self.frames_spin = QSpinBox(minimum=0, maximum=100_000, specialValueText="one per step")
        self.frames_spin.setValue(0 if last + 1 <= DEFAULT_FRAMES else DEFAULT_FRAMES)
        self.legend_check = QCheckBox("Show the solvers' le&gend and the step under the picture", checked=True)
        self.summary = QLabel()
        self.message = QLabel()
        self.message.setObjectName("export-message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("QLabel#export-message { color: #8B0000; }")
        self.message.hide()

        form = QFormLayout()
        form.addRow(self._label("&File:", self.path_edit), _wrap(file_row))
        form.addRow(self._label("F&ilm:", self.film_combo), self.film_combo)
        form.addRow(self._label("&View:", self.view_combo), self.view_combo)
        form.addRow(self._label("&Size:", self.size_combo), self.size_combo)
        form.addRow(self._label("&Rate:", self.fps_spin), self.fps_spin)
        form.addRow(self._label("S&teps:", self.first_spin), _wrap(steps_row))
        form.addRow(self._label("Fra&mes:", self.frames_spin), self.frames_spin)
        form.addRow("", self.legend_check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        for signal in (self.path_edit.textChanged, self.film_combo.currentIndexChanged, self.fps_spin.valueChanged,
                       self.first_spin.valueChanged, self.last_spin.valueChanged, self.frames_spin.valueChanged):
            signal.connect(self._update_summary)
        self._update_summary()
        self.path_edit.setFocus()

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _view_in_front(self) -> str | None:
        """The view a presenter is showing: the first built one whose dock is in front."""
        for view in self.main_window.built_views():
            if self.main_window.view_docks[view.name].isVisible() and not view.visibleRegion().isEmpty():
                return view.name
        return "surface"

    # ---- what was chosen ----------------------------------------------------------------------
    @property
    def target(self) -> str:
        film, view = self.film_combo.currentData(), self.view_combo.currentData()
        return {"canvas": "canvas", "view": view, "presenter": f"canvas{PRESENTER_JOIN}{view}"}[film]

    def options(self) -> dict:
        """The keyword arguments of export_animation for what the dialog shows."""
        width, _, height = self.size_combo.currentData().partition("x")
        return {"size": (int(width), int(height)), "fps": self.fps_spin.value(), "target": self.target,
                "frames": self.frames_spin.value() or None, "first": self.first_spin.value(),
                "last": self.last_spin.value(), "legend": self.legend_check.isChecked()}

    def _update_summary(self, *_args) -> None:
        self.view_combo.setEnabled(self.film_combo.currentData() != "canvas")
        suffix = Path(self.path_edit.text().strip()).suffix.lower()
        kind = FORMAT_NAMES.get(suffix, "a file ending in .gif" + (" or .mp4" if mp4_available() else ""))
        first, last = self.first_spin.value(), self.last_spin.value()
        count = len(frame_positions(first, last, self.frames_spin.value() or None))
        seconds = count / self.fps_spin.value()
        self.summary.setText(f"Writes {kind}: {count} frames, {seconds:.1f} s." if count else
                             "The first step comes after the last: choose a range.")

    # ---- actions ------------------------------------------------------------------------------
    def _on_browse(self) -> None:
        filters = "GIF animation (*.gif)" + (";;MP4 video (*.mp4)" if mp4_available() else "")
        path, _ = QFileDialog.getSaveFileName(self, "Export the run as an animation", self.path_edit.text(), filters)
        if path:
            self.path_edit.setText(path)

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def accept(self) -> None:
        """Check the options, then film; a problem is said here and the dialog stays open."""
        path, options = self.path_edit.text().strip(), self.options()
        try:
            check_animation_args(path, fps=options["fps"], size=options["size"], frames=options["frames"])
            step_range(self.main_window.player.length, options["first"], options["last"])
            self.message.hide()
            self.written = export_animation_with_dialog(self.main_window, path, **options)
        except ValueError as error:  # InputError too: its text names the file and the problem
            self.show_problem(f"Could not export the animation: {error}")
            return
        except OSError as error:  # the checks passed, the write did not (a full disk, a folder gone)
            self.show_problem(f"Could not export the animation: {path}: {error.strerror or error}")
            return
        if not self.written:
            self.show_problem("The export was cancelled: nothing was written.")
            return
        self.main_window.statusBar().showMessage(f"Wrote {path} ({self.written} frames)", 8_000)
        super().accept()


def _wrap(layout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget
