"""Light and dark themes, and the high-contrast, thick-lined look of presentation mode.

The views draw for a light background with hard-coded pens. Rather than teach every view
about themes, one `ItemStyler` per window walks the plots' items and derives each pen,
brush, size and font from the value the view set (its "original"): scaled for presentation,
greys inverted for dark. It remembers each original, so going back to the plain look restores
exactly what the view had set; a value the view changes meanwhile becomes the new original.
It restyles a plot whenever its scene changes (QGraphicsScene.changed, once per event-loop
pass and before the next paint), so curves created during a run get the look at once.
How a look maps each value is in gui/look/mapping.py.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, replace
from functools import partial

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from .mapping import (
    THEMES,
    Look,
    map_brush,
    map_color,
    map_font,
    map_label_opts,
    map_label_style,
    map_pen,
    map_size,
    theme_palette,
)


# ---- the item styler ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Prop:
    """One styled property of an item: how to read it, write it and derive it from a Look."""

    name: str
    get: object
    set: object
    derive: object


def _opt(key):
    return lambda item: item.opts.get(key)


def _set_pdi_pen(item, pen) -> None:
    if pen is None:  # PlotDataItem.setPen(None) would store a NoPen, not None
        item.opts["pen"] = None
        item.updateItems(styleUpdate=True)
    else:
        item.setPen(pen)


def _set_axis(attribute: str):
    def setter(item, value) -> None:
        setattr(item, attribute, value)
        item.picture = None
        item.update()
    return setter


def _map_axis_pen(look: Look, pen):
    """An axis pen left to pyqtgraph (None: the foreground colour) becomes explicit once styled."""
    return map_pen(look, pen if pen is not None or look.plain else pg.getConfigOption("foreground"))


def _set_label_style(item, style) -> None:
    item.labelStyle = dict(style)
    item._updateLabel()


def _set_label_opts(item, opts) -> None:
    size, item.opts["color"] = opts
    if size is None:
        item.opts.pop("size", None)
    else:
        item.opts["size"] = size
    item.setText(item.text)
    legend = item.parentItem()
    if isinstance(legend, pg.LegendItem):
        legend.updateSize()  # a legend sizes its rows only when an entry comes or goes


_PROPS = (  # most specific classes first: the first match is used
    (pg.PlotDataItem, (Prop("pen", _opt("pen"), _set_pdi_pen, map_pen),
                       Prop("symbolSize", _opt("symbolSize"), lambda i, v: i.setSymbolSize(v), map_size),
                       Prop("symbolPen", _opt("symbolPen"), lambda i, v: i.setSymbolPen(v), map_pen),
                       Prop("symbolBrush", _opt("symbolBrush"), lambda i, v: i.setSymbolBrush(v), map_brush))),
    (pg.PlotCurveItem, (Prop("pen", _opt("pen"), lambda i, v: i.setPen(v), map_pen),
                        Prop("brush", _opt("brush"), lambda i, v: i.setBrush(v), map_brush))),
    (pg.ScatterPlotItem, (Prop("size", _opt("size"), lambda i, v: i.setSize(v), map_size),
                          Prop("pen", _opt("pen"), lambda i, v: i.setPen(v), map_pen),
                          Prop("brush", _opt("brush"), lambda i, v: i.setBrush(v), map_brush))),
    (pg.InfiniteLine, (Prop("pen", lambda i: i.pen, lambda i, v: i.setPen(v), map_pen),)),
    (pg.TextItem, (Prop("font", lambda i: i.textItem.font(), lambda i, v: i.setFont(v), map_font),
                   Prop("color", lambda i: i.color, lambda i, v: i.setColor(v),
                        lambda look, c: map_color(look, c)))),
    (pg.LabelItem, (Prop("text", lambda i: (i.opts.get("size"), i.opts.get("color")), _set_label_opts,
                         map_label_opts),)),
    (pg.AxisItem, (Prop("pen", lambda i: i._pen, _set_axis("_pen"), _map_axis_pen),
                   Prop("textPen", lambda i: i._textPen, _set_axis("_textPen"), _map_axis_pen),
                   Prop("tickFont", lambda i: i.style["tickFont"], lambda i, v: i.setTickFont(v), map_font),
                   Prop("labelStyle", lambda i: dict(i.labelStyle), _set_label_style, map_label_style))),
    (pg.LegendItem, (Prop("pen", _opt("pen"), lambda i, v: i.setPen(v), map_pen),
                     Prop("brush", _opt("brush"), lambda i, v: i.setBrush(v), map_brush))),
    (pg.ArrowItem, (Prop("pen", _opt("pen"), lambda i, v: i.setStyle(pen=v), map_pen),
                    Prop("brush", _opt("brush"), lambda i, v: i.setStyle(brush=v), map_brush),
                    Prop("headLen", _opt("headLen"), lambda i, v: i.setStyle(headLen=v), map_size))),
)
_VIEW_PROPS = (Prop("background", lambda v: v.backgroundBrush(), lambda v, b: v.setBackgroundBrush(b), map_brush),)


def _props_for(item) -> tuple:
    if isinstance(item.parentItem(), pg.PlotDataItem):
        return ()  # its curve and symbols follow the PlotDataItem's options
    return next((props for cls, props in _PROPS if isinstance(item, cls)), ())


class ItemStyler:
    """Derives every plot item's style in a window from a Look, and undoes it exactly."""

    def __init__(self, window):
        self._window = weakref.ref(window)
        self.look = Look()
        self._records = weakref.WeakKeyDictionary()  # item → {prop: (original, applied)}
        self._views = weakref.WeakKeyDictionary()  # GraphicsView → the slot listening to its scene
        window.race.started.connect(self.restyle)  # a new run may bring new plots
        window.view_built.connect(lambda _view: self.restyle())  # and a view shown for the first time

    def set_look(self, look: Look) -> None:
        self.look = look
        self.restyle()
        if look.plain:  # everything is back to its original: forget, stop listening
            for view, slot in list(self._views.items()):
                scene = view.scene()
                if scene is not None:
                    scene.changed.disconnect(slot)
            self._views.clear()
            self._records.clear()

    def restyle(self) -> None:
        """Every plot of the window, found afresh (a view may have added one)."""
        window = self._window()
        if window is None or (self.look.plain and not self._records):
            return
        for view in window.findChildren(pg.GraphicsView):
            if view.scene() is None:  # closed
                continue
            if not self.look.plain and view not in self._views:
                slot = partial(self._on_scene_changed, weakref.ref(view))
                view.scene().changed.connect(slot)
                self._views[view] = slot
            self.restyle_view(view)

    def restyle_view(self, view) -> None:
        self._style(view, _VIEW_PROPS)
        for item in view.scene().items():
            props = _props_for(item)
            if props:
                self._style(item, props)

    def original(self, item, name: str):
        """The value the app set for `item`'s property `name` (what leaving restores)."""
        record = self._records.get(item, {}).get(name)
        return None if record is None else record[0]

    def _on_scene_changed(self, view_ref, _regions) -> None:
        view = view_ref()
        if view is not None and view in self._views and view.scene() is not None:
            self.restyle_view(view)

    def _style(self, item, props) -> None:
        records = self._records.get(item)
        if records is None:
            if self.look.plain:
                return
            records = self._records[item] = {}
        for prop in props:
            current = prop.get(item)
            record = records.get(prop.name)
            # a value that is not the one we applied was set by the app: it is the new original
            original = record[0] if record is not None and _same(current, record[1]) else current
            applied = prop.derive(self.look, original)
            if not _same(applied, current):
                prop.set(item, applied)
            records[prop.name] = (original, applied)


def _same(a, b) -> bool:
    if a is b:
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # numpy arrays of sizes
        return False


_stylers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def styler_for(window) -> ItemStyler:
    """The window's one ItemStyler (made on first use)."""
    styler = _stylers.get(window)
    if styler is None:
        styler = _stylers[window] = ItemStyler(window)
    return styler


def apply_look(window, look: Look) -> None:
    """Widgets' palette and every plot's items for this look."""
    window.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)  # dialogs and menus follow the palette
    light = not look.dark and not look.contrast  # the light theme is the platform's own palette
    window.setPalette(QPalette() if light else theme_palette(look.dark, look.contrast))
    styler_for(window).set_look(look)


def apply_theme(window, name: str) -> None:
    """'light' or 'dark', keeping the current presentation scale and contrast."""
    if name not in THEMES:
        raise ValueError(f"unknown theme {name!r}: expected one of {', '.join(THEMES)}")
    apply_look(window, replace(styler_for(window).look, dark=name == "dark"))
