"""Neural networks (issue 7): least squares inside a network, on the canvas points.

Five experiments, each a page with its own controls and plots (fit, studies,
layers): the fit race of trained, solved and hybrid networks; Gaussian against
orthogonal random features over many seeds; a deep stack at initialisation; orthogonal
layers in training; a linear RNN's gradient through time. The computing happens in the
view's worker thread (worker.py), which streams what it finds at most ~30 times a second.
A page runs the first time it is shown, and again on Run; a new run cancels the old one.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from engine import InputError

from ...look.style import base_font
from ..base import RunView
from .fit import FitPage
from .layers import LayersPage, RnnPage
from .studies import FeaturesPage, InitPage
from .widgets import Page
from .worker import NeuralRunner

if TYPE_CHECKING:
    from ...lab import Lab

#: Width of the text column beside the plots (caption, data, results).
TEXT_WIDTH = 340


class NeuralView(RunView):
    """An experiment picker, its controls, Run/Cancel, its plots and a caption in words."""

    name = "neural"
    title = "Neural networks"

    run_finished = Signal()
    """A run of the current page ended (completed or cancelled)."""

    def __init__(self, lab: Lab):
        super().__init__(lab)
        self.setFont(base_font(11))
        self.pages: list[Page] = [FitPage(), FeaturesPage(), InitPage(), LayersPage(), RnnPage()]
        self.picker = QComboBox()
        self.controls = QStackedWidget()
        self.plots = QStackedWidget()
        for page in self.pages:
            self.picker.addItem(page.label, page.key)
            self.controls.addWidget(page.controls)
            self.plots.addWidget(page.plots)
        self.picker.setToolTip("The experiment: each has its own settings and pictures")
        self.run_button = QPushButton("Run")
        self.run_button.setToolTip("Run the experiment with these settings (a run in progress is cancelled)")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("Experiment:"))
        top.addWidget(self.picker)
        top.addWidget(self.run_button)
        top.addWidget(self.cancel_button)
        top.addWidget(self.status, 1)

        controls_area = QScrollArea()  # a long row of settings scrolls rather than widening the window
        controls_area.setWidget(self.controls)
        controls_area.setWidgetResizable(True)
        controls_area.setFrameShape(QFrame.Shape.NoFrame)
        controls_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        controls_area.setFixedHeight(max(p.controls.sizeHint().height() for p in self.pages)
                                     + controls_area.horizontalScrollBar().sizeHint().height())

        self.caption = QLabel()
        self.caption.setFont(base_font(11))
        self.note = QLabel()
        self.note.setFont(base_font(11))
        for label in (self.caption, self.note):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note.setStyleSheet("QLabel { color: #333333; }")
        text = QFrame()
        text_layout = QVBoxLayout(text)
        text_layout.setContentsMargins(6, 0, 6, 0)
        text_layout.addWidget(self.caption)
        text_layout.addWidget(self.note)
        text_layout.addStretch(1)
        text_area = QScrollArea()
        text_area.setWidget(text)
        text_area.setWidgetResizable(True)
        text_area.setFrameShape(QFrame.Shape.NoFrame)
        text_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        text_area.setMinimumWidth(TEXT_WIDTH // 2)
        text_area.setMaximumWidth(TEXT_WIDTH)

        body = QHBoxLayout()
        body.addWidget(self.plots, 3)
        body.addWidget(text_area, 1)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(controls_area)
        layout.addLayout(body, 1)
        # In a short dock the whole view scrolls: its minimum size must not push the window's docks around.
        whole = QScrollArea()
        whole.setWidget(content)
        whole.setWidgetResizable(True)
        whole.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(whole)

        self.runner = NeuralRunner(self)
        self.runner.run_failed.connect(lab.message)  # an internal error is said in the window's banner
        self.runner.items_ready.connect(self._on_items)
        self.runner.job_done.connect(self._on_done)
        self.runner.finished.connect(self._on_finished)
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.picker.currentIndexChanged.connect(self._on_page_changed)
        self._running: Page | None = None
        self._complete: set[str] = set()  # pages whose last run ended on its own
        self._tried: set[str] = set()  # pages that ran or were asked to: they do not start by themselves again
        self._stale: set[str] = set()  # pages fitted to points that changed since
        self._started = 0.0
        self._on_page_changed()

    # ---- public --------------------------------------------------------------------------
    @property
    def page(self) -> Page:
        """The experiment shown."""
        return self.pages[self.picker.currentIndex()]

    def page_named(self, key: str) -> Page:
        return next(page for page in self.pages if page.key == key)

    def show_page(self, key: str) -> None:
        self.picker.setCurrentIndex(self.picker.findData(key))

    @property
    def busy(self) -> bool:
        """True while a run computes (the screenshot waits for it)."""
        return self.runner.running

    @Slot()
    def run(self) -> bool:
        """Run the shown experiment with its settings; False, with the reason shown, if it cannot."""
        if self.lab.closing:
            return False
        page = self.page
        self._tried.add(page.key)
        try:
            jobs = page.jobs(self.lab)
        except InputError as error:
            self.note.setText(f"Cannot run: {error}")
            return False
        self.runner.cancel()  # first, so the old run's page hears that it was cancelled
        self._complete.discard(page.key)
        self._stale.discard(page.key)
        self._running = page
        self.caption.setText(page.caption())
        self.note.setText(page.note)
        page.begin()
        self._started = time.perf_counter()
        self.runner.start(jobs)
        self.status.setText("running…")
        self.cancel_button.setEnabled(True)
        return True

    @Slot()
    def cancel(self) -> None:
        self.runner.cancel()

    # ---- RunView -------------------------------------------------------------------------
    def data_changed(self, problem) -> None:
        """The canvas changed: the fits on it are out of date (they are not rerun while the user edits)."""
        for key in ("fit", "features"):
            if key in self._complete or (self._running is not None and self._running.key == key):
                self._stale.add(key)
        if self.page.key in self._stale:
            self.status.setText("the points changed: Run to fit them again")

    def refresh(self, position: int) -> None:
        """The view is on screen: run the shown experiment if it never ran (a cancelled run stays cancelled)."""
        if self.page.key not in self._tried and not self.lab.closing:
            self.run()

    def shutdown(self) -> None:
        self.runner.shutdown()

    # ---- from the worker -----------------------------------------------------------------
    @Slot(object)
    def _on_items(self, batch) -> None:
        if self._running is not None:
            self._running.receive(batch)

    @Slot(object)
    def _on_done(self, done) -> None:
        if self._running is not None:
            self._running.done(done)

    @Slot()
    def _on_finished(self) -> None:
        page, self._running = self._running, None
        self.cancel_button.setEnabled(False)
        if page is None:
            return
        if self.runner.completed:
            self._complete.add(page.key)
            self.status.setText(f"done in {time.perf_counter() - self._started:.2g} s")
        else:
            self.status.setText("cancelled: Run to start again")
        if page is self.page:
            self._show_text(page)
        self.run_finished.emit()

    def _on_page_changed(self) -> None:
        page = self.page
        self.controls.setCurrentWidget(page.controls)
        self.plots.setCurrentWidget(page.plots)
        self._show_text(page)
        if self._running is page:
            self.status.setText("running…")
        elif page.key in self._stale:
            self.status.setText("the points changed: Run to fit them again")
        else:
            self.status.setText("" if page.key in self._complete else "press Run")
        if self.isVisible() and not self.visibleRegion().isEmpty():
            self.refresh(0)

    def _show_text(self, page: Page) -> None:
        self.caption.setText(page.caption())
        parts = [page.note, page.summary()]
        self.note.setText("\n\n".join(part for part in parts if part))
