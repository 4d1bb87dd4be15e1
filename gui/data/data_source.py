"""What the window fits: the editable points on the canvas, or a multi-column table.

The decision lives in the engine (engine/selection.py, engine/file_model.py), because session files
name their data this way and the command line reads them too; the window's modules import it from here.
"""

from engine.selection import Selection, selection_for_dataset

__all__ = ["Selection", "selection_for_dataset"]
