"""What a look is (scale, dark, contrast) and how it maps each colour, pen, brush, size and font
a view set for the plain light look; also the widgets' palettes. Pure functions of the value:
gui/look/themes.py applies them to the items of every plot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette, QPen

THEMES = ("light", "dark")


@dataclass(frozen=True)
class Look:
    """What the plots look like: `scale` multiplies line widths, marker sizes and fonts."""

    scale: float = 1.0
    dark: bool = False
    contrast: bool = False

    @property
    def plain(self) -> bool:
        return self.scale == 1.0 and not self.dark and not self.contrast


# ---- colours ---------------------------------------------------------------------------------
def map_color(look: Look, color: QColor, fill: bool = False) -> QColor:
    """Greys are inverted for dark (white paper becomes a near-black one); colours are lightened
    on dark and darkened in high contrast on light, so none fades into the background. Lines
    (`fill` False) are pushed further from the background in high contrast."""
    if not look.dark and not look.contrast:
        return QColor(color)
    r, g, b, a = color.getRgbF()
    h, s, lightness, _ = color.getHslF()
    if max(r, g, b) - min(r, g, b) < 0.12:  # a grey
        if look.dark:
            lightness = 1.0 - lightness
            if fill and not look.contrast:
                lightness = 0.08 + 0.92 * lightness
        if look.contrast and not fill and (lightness >= 0.4 if look.dark else lightness <= 0.6):
            # text and lines, not the faint greys of grids and bands
            lightness = 1.0 - (1.0 - lightness) * 0.6 if look.dark else lightness * 0.6
    elif look.dark:
        lightness = max(lightness, 0.62 if look.contrast else 0.55)
    elif look.contrast:
        lightness = min(lightness, 0.45)
    return QColor.fromHslF(max(h, 0.0), s, min(max(lightness, 0.0), 1.0), a)


def map_pen(look: Look, value):
    """A pen `look.scale` times wider (a 0-width cosmetic pen counts as 1 pixel), recoloured."""
    if value is None or look.plain:
        return value
    pen = QPen(pg.mkPen(value))
    if pen.style() == Qt.PenStyle.NoPen:
        return pen
    if look.scale != 1.0:
        width = pen.widthF()
        pen.setWidthF((width if width > 0 else 1.0) * look.scale)
    pen.setColor(map_color(look, pen.color()))
    return pen


def map_brush(look: Look, value):
    if value is None or look.plain:
        return value
    brush = QBrush(pg.mkBrush(value))
    if brush.style() == Qt.BrushStyle.SolidPattern:
        brush.setColor(map_color(look, brush.color(), fill=True))
    return brush


def map_size(look: Look, value):
    """A marker size; per-point sizes (lists, arrays) are left alone."""
    return value * look.scale if isinstance(value, int | float) and look.scale != 1.0 else value


def map_font(look: Look, font: QFont | None) -> QFont | None:
    if font is None or look.scale == 1.0:
        return font
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(font.pointSizeF() * look.scale)
    elif font.pixelSize() > 0:
        scaled.setPixelSize(round(font.pixelSize() * look.scale))
    return scaled


def map_css_size(look: Look, size):
    """'14pt' → '28pt' at scale 2; anything else unchanged."""
    match = re.fullmatch(r"\s*([0-9.]+)\s*(pt|px)\s*", size) if isinstance(size, str) else None
    if match is None or look.scale == 1.0:
        return size
    return f"{float(match.group(1)) * look.scale:g}{match.group(2)}"


def _text_color(look: Look, color) -> QColor | None:
    """A label's text colour (None, pyqtgraph's default, is its foreground colour). A QColor,
    not a string: pyqtgraph reads '#AARRGGBB' as '#RRGGBBAA'."""
    if not look.dark and not look.contrast:
        return color
    return map_color(look, pg.mkColor(color if color is not None else pg.getConfigOption("foreground")))


def map_label_style(look: Look, style: dict) -> dict:
    """An axis label's CSS: font-size scaled, colour mapped."""
    if look.plain:
        return style
    mapped = dict(style)
    if "font-size" in mapped:
        mapped["font-size"] = map_css_size(look, mapped["font-size"])
    if look.dark or look.contrast:
        mapped["color"] = _text_color(look, style.get("color")).name()
    return mapped


def map_label_opts(look: Look, opts: tuple) -> tuple:
    size, color = opts
    return map_css_size(look, size), _text_color(look, color)


# ---- palettes for the widgets -----------------------------------------------------------------
_PALETTES = {  # window, window text, base, alternate base, button, highlight, link, placeholder, disabled
    (False, False): ("#F0F0F0", "#000000", "#FFFFFF", "#F5F5F5", "#F0F0F0", "#0072B2", "#0057A8", "#7A7A7A",
                     "#8C8C8C"),
    (True, False): ("#2B2B2B", "#E6E6E6", "#1E1E1E", "#2F2F2F", "#353535", "#3A7BD5", "#6CB4FF", "#9A9A9A",
                    "#7F7F7F"),
    (False, True): ("#FFFFFF", "#000000", "#FFFFFF", "#F0F0F0", "#FFFFFF", "#000080", "#0000CC", "#505050",
                    "#6E6E6E"),
    (True, True): ("#000000", "#FFFFFF", "#000000", "#1A1A1A", "#101010", "#FFD700", "#66CCFF", "#B0B0B0",
                   "#9A9A9A"),
}


def theme_palette(dark: bool, contrast: bool = False) -> QPalette:
    window, text, base, alternate, button, highlight, link, placeholder, disabled = (
        QColor(c) for c in _PALETTES[dark, contrast])
    palette = QPalette(button, window)
    roles = {QPalette.ColorRole.Window: window, QPalette.ColorRole.WindowText: text,
             QPalette.ColorRole.Base: base, QPalette.ColorRole.AlternateBase: alternate,
             QPalette.ColorRole.Text: text, QPalette.ColorRole.Button: button,
             QPalette.ColorRole.ButtonText: text, QPalette.ColorRole.ToolTipBase: base,
             QPalette.ColorRole.ToolTipText: text, QPalette.ColorRole.Highlight: highlight,
             QPalette.ColorRole.HighlightedText: QColor("#000000" if dark and contrast else "#FFFFFF"),
             QPalette.ColorRole.Link: link, QPalette.ColorRole.PlaceholderText: placeholder,
             QPalette.ColorRole.BrightText: QColor("#FF5555")}
    for role, color in roles.items():
        palette.setColor(role, color)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette
