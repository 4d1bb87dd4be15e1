"""Captions of fixed height: whole words and "…" when the text does not fit, never half a line."""

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLabel

from gui.look.style import caption_label

LONG = " ".join(f"word{i}" for i in range(80))


def shown(caption) -> str:
    return QLabel.text(caption)  # what Qt draws, not the whole text the caption keeps


def test_a_long_caption_shows_whole_words_then_an_ellipsis_and_keeps_the_whole_text(qtbot):
    caption = caption_label(lines=3)
    qtbot.addWidget(caption)
    caption.resize(220, caption.height())
    caption.show()
    caption.setText(LONG)
    text = shown(caption)
    assert text.endswith(" …") and LONG.startswith(text[:-2]) and text[:-2].split(" ")[-1] in LONG.split(" ")
    room = caption.contentsRect()
    needed = caption.fontMetrics().boundingRect(QRect(0, 0, room.width(), 10_000), Qt.TextFlag.TextWordWrap, text)
    assert needed.height() <= room.height()
    assert caption.text() == LONG and caption.toolTip() == LONG
    caption.resize(4000, caption.height())  # wide enough: all of it
    assert shown(caption) == LONG


def test_a_short_caption_is_shown_as_it_is(qtbot):
    caption = caption_label(lines=2)
    qtbot.addWidget(caption)
    caption.resize(300, caption.height())
    caption.setText("QR by Householder reflections: step 1")
    assert shown(caption) == caption.text() == "QR by Householder reflections: step 1"
