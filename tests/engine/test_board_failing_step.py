"""The hand calculation ends on the step where the normal equations fail, with the comparison.

On NIST Filip (degree 10, x in [−9, −3]) the normal equations cannot be trusted: κ(AᵀA) = κ(A)²
with A's columns scaled to unit length is about 2.7·10¹⁹, far above 1/ε ≈ 4.5·10¹⁵. The expected
κ here is computed independently, with numpy's SVD of the Vandermonde matrix built from NIST's own
file; the board's number and the solver's message must agree with it and with each other.
"""

import re

import numpy as np
import pytest

from engine import iterate, run_to_end
from engine.board.plain import page_lines
from engine.board.text import Board
from engine.datasets import get_dataset

from .nist_reference import nist_file

EPS = np.finfo(float).eps
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
#: 'κ(AᵀA) ≈ 2.7×10¹⁹ > 1/ε ≈ 4.5×10¹⁵' as the board and the message write it.
COMPARISON = re.compile(r"κ\(AᵀA\) ≈ ([0-9.]+)×10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+) > 1/ε ≈ ([0-9.]+)×10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)")


def filip_scaled_gram_condition() -> float:
    """κ(AᵀA) = κ(A)² for A = [1, x, …, x¹⁰] with unit-length columns, from NIST's Filip.dat."""
    lines = nist_file("Filip.dat").read_text().splitlines()
    start = max(i for i, line in enumerate(lines) if line.strip().startswith("Data:")) + 1  # the table, not the header
    y, x = np.array([[float(v) for v in line.split()] for line in lines[start:] if line.strip()]).T
    assert len(x) == 82
    a = np.vander(x, 11, increasing=True)
    a = a / np.linalg.norm(a, axis=0)
    s = np.linalg.svd(a, compute_uv=False)
    return float((s[0] / s[-1]) ** 2)


def board_and_result(problem, method):
    steps = []
    result = run_to_end(iterate(problem, method), on_step=steps.append)
    board = Board(problem, method, steps)
    return steps, result, page_lines(board, len(steps) - 1, method)


def value(mantissa: str, exponent: str) -> float:
    return float(mantissa) * 10.0 ** int(exponent.translate(SUPERSCRIPT_DIGITS))


@pytest.mark.parametrize("method", ["normal-inverse", "normal-cholesky"])
def test_filip_board_ends_on_the_failing_step_with_the_kappa_comparison(method):
    problem = get_dataset("nist-filip").problem()
    steps, result, lines = board_and_result(problem, method)
    assert result.status == "failed"
    assert steps[-1].kind == "failed"
    # the last block of the page is the failing step: its heading, then the comparison
    last_heading = max(i for i, line in enumerate(lines) if not line.startswith(" "))
    assert lines[last_heading] == "Step 2: the normal equations fail"
    assert any(line.startswith("Step 1: Aᵀy") for line in lines[:last_heading])  # where it used to stop
    sentence = lines[last_heading + 1].strip()
    match = COMPARISON.search(sentence)
    assert match, sentence
    kappa, limit = value(*match.group(1, 2)), value(*match.group(3, 4))
    assert kappa >= 1 / EPS
    assert limit == pytest.approx(1 / EPS, rel=0.02)  # 4.5×10¹⁵ to two digits
    assert kappa == pytest.approx(filip_scaled_gram_condition(), rel=0.05)  # written to two digits
    assert sentence.startswith("AᵀA is singular to working precision")
    assert sentence in result.message  # the legend shows the same words as the board


@pytest.mark.parametrize("dataset", ["seed-2pt", "seed-4pt", "noisy-line", "nist-longley"])
@pytest.mark.parametrize("method", ["normal-inverse", "normal-cholesky"])
def test_well_conditioned_problem_has_no_failing_step(dataset, method):
    problem = get_dataset(dataset).problem()
    steps, result, lines = board_and_result(problem, method)
    assert result.status == "converged", result.message
    assert all(step.kind != "failed" for step in steps)
    assert not any("1/ε" in line or "fail" in line for line in lines)
    assert any(line.endswith(": Answer") for line in lines)  # the last step: "Step k: Answer"
    np.testing.assert_allclose(result.theta, np.linalg.lstsq(problem.design, problem.y, rcond=None)[0],
                               rtol=1e-6 if dataset == "nist-longley" else 1e-10)
