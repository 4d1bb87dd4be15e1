"""File > Export from the window: the trace as the engine recorded it, the comparison table as
shown, pictures that are real PNG and SVG files."""

import csv
import json

import numpy as np
import pytest
from PySide6.QtGui import QImage

from engine import iterate
from gui.persist.export_actions import export_picture, export_table, export_trace

from .driving import run_to_end


def test_the_trace_csv_is_the_engines_trace_to_the_last_digit(qtbot, window, tmp_path):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["gd"], gd={"lr": 0.1, "max_iter": 25, "tol": 0.0})
    rows = export_trace(window, str(tmp_path / "trace.csv"))
    expected = list(iterate(window.problem, "gd", lr=0.1, max_iter=25, tol=0.0))
    with open(tmp_path / "trace.csv", newline="") as stream:
        table = list(csv.DictReader(stream))
    assert rows == len(table) == len(expected)
    for row, step in zip(table, expected, strict=True):
        assert row["solver"] == "gd" and int(row["iteration"]) == step.k
        assert [float(row["B0"]), float(row["B1"])] == list(step.theta)
        assert float(row["loss"]) == step.loss


def test_the_trace_json_keys_each_solver(qtbot, window, tmp_path):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["gd", "adam"], gd={"max_iter": 10}, adam={"max_iter": 12})
    export_trace(window, str(tmp_path / "trace.json"))
    data = json.loads((tmp_path / "trace.json").read_text())
    assert set(data) == {"gd", "adam"}
    assert [obj["k"] for obj in data["adam"]] == list(range(13))


def test_nothing_to_export_before_a_run_says_so(window, tmp_path):
    with pytest.raises(ValueError, match="run at least one solver"):
        export_trace(window, str(tmp_path / "trace.csv"))


def test_the_table_csv_is_what_the_table_shows(qtbot, window, tmp_path):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["householder"])
    window.show_view("table")
    export_table(window, str(tmp_path / "table.csv"))
    assert (tmp_path / "table.csv").read_text(encoding="utf-8") == window.view("table").csv_text()


def test_pictures_are_png_at_the_chosen_scale_and_svg(qtbot, window, tmp_path):
    window.load_dataset("seed-4pt")
    export_picture(window.canvas, str(tmp_path / "canvas.png"), scale=1.5)
    image = QImage(str(tmp_path / "canvas.png"))
    assert image.width() == round(window.canvas.width() * 1.5)
    assert abs(image.height() - window.canvas.height() * 1.5) <= 1  # the exporter keeps the aspect ratio
    export_picture(window.view("geometry"), str(tmp_path / "geometry.svg"))
    svg = (tmp_path / "geometry.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "</svg>" in svg
    assert np.any([tag in svg for tag in ("<path", "<polyline")])
