"""`main.py screenshot`: the window rendered off screen after the solvers ran, saved as PNG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice
from PySide6.QtGui import QImageWriter

from engine.outputs import check_output_path, write_failed

from ..views import LEFT_VIEWS
from .classroom import show_classroom
from .scene import LAST, RUN_TIMEOUT_S, SceneData, SceneTimeout, build_scene, close_scene, run_scene, wait_for


def picture_suffixes() -> list[str]:
    """The extensions Qt can write a picture as here (.png first, the one the README shows)."""
    found = sorted(f".{bytes(name).decode()}" for name in QImageWriter.supportedImageFormats())
    return [".png", *(suffix for suffix in found if suffix != ".png")]


def check_picture_path(out: str):
    """The output checked before the window is built: a known picture extension, a folder that
    exists, a file that can be created (engine.outputs); else InputError naming the problem."""
    return check_output_path(out, picture_suffixes())


def save_picture(image, out: str) -> None:
    """Encode in memory, then write with Python: a failed write says why (a full disk, a folder
    gone), where QImage.save only returns False and libpng prints to stderr."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, Path(out).suffix.lstrip(".").upper()):
        raise write_failed(out)
    try:
        Path(out).write_bytes(bytes(buffer.data()))
    except OSError as error:
        raise write_failed(out, error) from None


def _present(window, scale: float | None, theme: str | None) -> None:
    """Presentation mode and theme for this picture only: the settings live in a temporary file,
    so the user's own choices are neither read nor changed."""
    import tempfile

    from PySide6.QtCore import QSettings

    from ..presentation import install_presentation

    folder = tempfile.mkdtemp(prefix="lsqlab-screenshot-")
    settings = QSettings(f"{folder}/settings.ini", QSettings.Format.IniFormat)
    presenter = install_presentation(window, settings)
    if theme is not None:
        presenter.set_theme(theme)
    if scale is not None:
        presenter.enter(scale)
    QCoreApplication.processEvents()


def render_screenshot(out: str, *, size: tuple[int, int] = (1600, 1000), steps: int | None = None,
                      file: str | None = None, target: str | None = None, features=None,
                      dataset: str | None = None, points=None, methods: list[str] | None = None,
                      params: dict[str, dict] | None = None, start=None,
                      model: dict | None = None, view: str | None = None, presentation: float | None = None,
                      theme: str | None = None, layout: str | None = None, classroom: dict | None = None,
                      constraints=()) -> str:
    """Build the window with this data and solvers (gui/headless/scene.py), run them, show step `steps` (the
    last if None), and save what a user would see (in presentation mode at that scale, or in a
    theme; in a presenter layout, gui/presenter_layouts.py), with the classroom pictures asked
    (`classroom`: the keywords of gui/headless/classroom.py show_classroom). Never asks: a file whose
    columns are undecided is an InputError naming them."""
    check_picture_path(out)
    data = SceneData(file=file, target=target, features=features, dataset=dataset, points=points,
                     model=dict(model or {}), constraints=tuple(constraints))
    window = build_scene(data, methods=methods, params=params, start=start, size=size)
    try:
        if presentation is not None or theme is not None:
            _present(window, presentation, theme)
        if methods:
            try:
                run_scene(window, step=LAST if steps is None else steps)
            except SceneTimeout:
                pass  # the picture shows what exists
        window.canvas.auto_range()
        QCoreApplication.processEvents()
        if classroom:
            show_classroom(window, **classroom)
        target_widget = window
        if layout:
            window.presenter_layouts.show(layout, view)
            QCoreApplication.processEvents()
            name = window.presenter_layouts.view_name
            window.view(name).refresh(window.player.position)
            wait_for(lambda: not getattr(window.view(name), "busy", False), RUN_TIMEOUT_S)
            QCoreApplication.processEvents()
        elif view:
            window.show_view(view, prominent=True)
            if view not in LEFT_VIEWS:  # a view below the canvas: shown on its own, at the full size
                dock = window.view_docks[view]
                dock.setFloating(True)
                dock.resize(*size)
                target_widget = dock
            QCoreApplication.processEvents()
            window.view(view).refresh(window.player.position)
            QCoreApplication.processEvents()
            # a view that computes on its own (the Neural view) is pictured once it has finished
            wait_for(lambda: not getattr(window.view(view), "busy", False), RUN_TIMEOUT_S)
            QCoreApplication.processEvents()
        save_picture(target_widget.grab(), out)
        return out
    finally:
        close_scene(window)
