"""The geometry view's caption in words that fit it whole: each frame offers its wordings, longest
first, and the view shows the first that fits (a caption cut with "…" would hide "Pick cgs, mgs, …"
at presentation sizes)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLabel

PICK_A_QR_SOLVER = "Pick cgs, mgs, householder or givens to watch Q and R being built."


#: What a direct method that builds no Q does instead, in one sentence (by family).
DIRECT_METHOD_NOTES = {
    "Normal equations": "It solves AᵀAθ = Aᵀy, the statement that r is at right angles to every column, "
                        "but forming AᵀA squares κ(A).",
    "Singular values": "It uses A = UΣVᵀ: the columns of U are another orthonormal basis of the column space, "
                       "and ŷ = UUᵀy.",
    "Reference": "It solves the problem as LAPACK (or exact rational arithmetic) does, without showing Q.",
}


def explain_other_method(label: str, family: str | None) -> tuple[str, ...]:
    """What the view shows when the focus solver builds no Q, longest wording first."""
    note = DIRECT_METHOD_NOTES.get(family or "", "")
    full = (f"{label} builds no Q. {note} Drawn instead, what every least-squares answer shares: ŷ = Aθ is "
            f"the projection of y onto the columns of A, and r = y − ŷ is at right angles to them. "
            f"{PICK_A_QR_SOLVER}")
    return tuple(" ".join(text.split()) for text in (full, f"{label} builds no Q. {note} {PICK_A_QR_SOLVER}",
                                                      f"{label} builds no Q. {PICK_A_QR_SOLVER}", PICK_A_QR_SOLVER))


def caption_fits(caption: QLabel, text: str) -> bool:
    """Does `text` fit the caption whole, word-wrapped at its width?"""
    room = caption.contentsRect()
    if room.width() <= 0 or room.height() <= 0:
        return False
    bounds = caption.fontMetrics().boundingRect(QRect(0, 0, room.width(), 1 << 20), Qt.TextFlag.TextWordWrap, text)
    return bounds.height() <= room.height() and bounds.width() <= room.width()
