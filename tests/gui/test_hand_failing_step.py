"""In the window, the hand calculation of the normal equations on NIST Filip ends on the step where
they fail, in the words of the solver's message (which the legend shows).

κ(AᵀA) with A's columns scaled to unit length is computed here with numpy's SVD: about 2.7·10¹⁹,
far above 1/ε ≈ 4.5·10¹⁵, so the board must say "singular to working precision" with that comparison.
"""

import numpy as np
import pytest

from .driving import run_to_end

EPS = np.finfo(float).eps


@pytest.mark.parametrize("method", ["normal-inverse", "normal-cholesky"])
def test_filip_hand_calculation_ends_on_the_failing_step(qtbot, window, method):
    window.load_dataset("nist-filip")
    view = window.view("hand")
    window.show_view("hand")
    run_to_end(qtbot, window, [method])
    last = window.player.length - 1
    window.player.seek(last)
    view.refresh(last)
    lines = [line.strip() for line in view.plain_text().splitlines() if line.strip()]
    a = window.problem.matrix
    s = np.linalg.svd(a / np.linalg.norm(a, axis=0), compute_uv=False)
    assert (s[0] / s[-1]) ** 2 > 1 / EPS  # the mathematics says the normal equations must fail here
    heading = lines.index("Step 2: the normal equations fail")
    assert lines[heading - 2] == "Step 1: Aᵀy"
    sentence = lines[heading + 1]
    assert sentence.startswith("AᵀA is singular to working precision: κ(AᵀA) ≈ ")
    assert sentence.endswith("> 1/ε ≈ 4.5×10¹⁵")
    result = window.race.results[method]
    assert result.status == "failed" and result.message.startswith(sentence)
