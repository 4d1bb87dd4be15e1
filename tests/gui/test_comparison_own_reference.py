"""The comparison table never calls a correct TLS or LAD answer wrong: they answer other problems than
least squares, so their digits are measured against their own references, computed here too."""

import numpy as np
import pytest
import scipy.sparse
from scipy.optimize import linprog

from engine.datasets import get_dataset
from gui.views.comparison.table import ComparisonView

from .driving import FINISH_MS
from .driving import run_to_end as run_and_wait


@pytest.fixture(autouse=True)
def table_in_front(window):
    window.show_view("table")


def test_tls_and_lad_get_a_tick_on_data_where_they_differ_from_lstsq(qtbot, window):
    window.load_dataset("outliers")
    view: ComparisonView = next(v for v in window.views if v.name == "table")
    run_and_wait(qtbot, window, ["householder", "tls", "lad"])
    qtbot.waitUntil(lambda: view.exact_note and not view.exact_note.startswith("computing"), timeout=FINISH_MS)
    view.refresh(window.player.length - 1)
    problem = get_dataset("outliers").problem()
    x, y = np.array(problem.x), np.array(problem.y)
    design = np.column_stack([np.ones(x.size), x])
    lstsq = np.linalg.lstsq(design, y, rcond=None)[0]
    # TLS from the SVD written out, LAD's optimum from the linear program
    v = np.linalg.svd(np.column_stack([x - x.mean(), y - y.mean()]))[2][-1]
    tls = np.array([y.mean() + v[0] / v[1] * x.mean(), -v[0] / v[1]])
    n = x.size
    lp = linprog(np.concatenate([np.zeros(2), np.ones(2 * n)]),
                 A_eq=scipy.sparse.hstack([scipy.sparse.csr_matrix(design), scipy.sparse.eye(n), -scipy.sparse.eye(n)]),
                 b_eq=y, bounds=[(None, None)] * 2 + [(0, None)] * (2 * n), method="highs")
    results = window.race.results
    np.testing.assert_allclose(results["tls"].theta, tls, rtol=1e-10)
    assert np.abs(y - design @ results["lad"].theta).sum() == pytest.approx(np.abs(y - design @ lp.x[:2]).sum(),
                                                                             rel=1e-8)
    for key in ("tls", "lad"):
        assert np.linalg.norm(results[key].theta - lstsq) > 0.05 * np.linalg.norm(lstsq)  # truly other answers
        assert view.badge_of(key) == "✔", view.cell(key, "warnings / message")
        assert view.digits(key) >= 10
        assert "own reference" in view.cell(key, "warnings / message")
    assert view.badge_of("householder") == "✔"
