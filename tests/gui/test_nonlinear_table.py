"""The nonlinear window's comparison table: the certified digits are NIST's LRE against the certified
values, computed here from certified.json, independently of the app."""

import json
import math
from importlib.resources import files

import numpy as np

from engine.nonlinear import nist_problem
from gui.nonlinear.window import NonlinearWindow

FINISH_MS = 60_000


def certified_values(name: str) -> np.ndarray:
    """NIST's certified values of problem `name`, read from the shipped certified.json."""
    facts = json.loads(files("resources").joinpath("nist-nonlinear", "certified.json").read_text(encoding="utf-8"))
    return np.array([float(q["certified"]) for q in facts[name]["parameters"]])


def run_to_end(qtbot, window, methods, **params):
    window.solvers.set_checked(methods)
    for key, values in params.items():
        window.solvers.form(key).set_values(values)
    with qtbot.waitSignal(window.lab.race.finished, timeout=FINISH_MS):
        assert window.run()
    window.lab.player.go_to_end()


def open_window(qtbot, problem=None, **kwargs) -> NonlinearWindow:
    window = NonlinearWindow(problem, **kwargs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_lm_certified_digits_on_misra1a_start_2_are_nists_lre(qtbot):
    window = open_window(qtbot, nist_problem("nist-misra1a", 2))
    run_to_end(qtbot, window, ["gauss-newton", "lm"])
    certified = certified_values("Misra1a")
    for key in ("lm", "gauss-newton"):
        theta = np.asarray(window.lab.results[key].theta, dtype=float)
        digits = -math.log10(np.max(np.abs(theta - certified) / np.abs(certified)))
        assert window.table.cell_text(key, "certified digits") == f"{max(digits, 0.0):.1f}"
    lm_digits = float(window.table.cell_text("lm", "certified digits"))
    assert lm_digits >= 6, "Levenberg-Marquardt reaches NIST's values on Misra1a from start 2"
    rss = float(window.table.cell_text("lm", "RSS"))
    assert math.isclose(rss, 1.2455138894e-01, rel_tol=1e-6)  # NIST's certified residual sum of squares
    window.close()


def test_without_a_certificate_the_digits_are_a_dash(qtbot):
    x = np.linspace(0.0, 4.0, 12)
    y = 3.0 * np.exp(-0.7 * x) + 0.01 * np.cos(7 * x)
    window = open_window(qtbot, data=(x, y))
    assert window.lab.problem is not None and window.lab.problem.certified is None
    run_to_end(qtbot, window, ["lm"])
    assert window.table.cell_text("lm", "certified digits") == "—"
    assert window.table.cell_text("lm", "status") == window.lab.results["lm"].status
    window.close()
