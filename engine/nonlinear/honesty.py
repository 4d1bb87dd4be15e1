"""Is a nonlinear answer right? Against NIST's certificate where there is one.

A solver can stop, honestly, at a minimum that is not the best one (nonlinear losses have several)
or where rounding blurred its last steps. With a certificate the check is direct: the digits each
parameter shares with the certified value (NIST's log relative error) and the residual sum of
squares. A "converged" run at a larger sum of squares, or with fewer than 4 correct digits, is
reported as failed, with the two sums of squares side by side.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..honesty import DOUBLE_DIGITS, lre
from ..steps import Result
from .problem import NonlinearProblem

#: A converged run whose sum of squares exceeds the certified one by more than this (relative) is elsewhere.
RSS_TOLERANCE = 1e-6
#: A converged run with fewer correct digits than this (against the certificate) is called wrong.
LEAST_DIGITS = 4.0


def lre_each(theta, certified) -> list[float]:
    """NIST's log relative error of each parameter, −log10(|b − c|/|c|), capped at double precision's digits."""
    return [round(lre([b], [c]), 2) for b, c in zip(np.asarray(theta, float), np.asarray(certified, float))]


def assess_nonlinear(problem: NonlinearProblem, result: Result) -> Result:
    """The result with rss, gradient_norm and, against a certificate, lre and lre_each in its diagnostics;
    a "converged" run that is not at the certified minimum becomes "failed" with a sentence why."""
    if result.theta is None:
        return result
    diagnostics = dict(result.diagnostics)
    if "rss" not in diagnostics or "gradient_norm" not in diagnostics:  # the solvers' own ending sets both
        with np.errstate(all="ignore"):
            diagnostics["rss"] = problem.rss(result.theta)
            diagnostics["gradient_norm"] = float(np.linalg.norm(problem.gradient(result.theta)))
    rss = diagnostics["rss"]
    if problem.n < problem.p and result.status == "converged":
        result = replace(result, warnings=(*result.warnings, (
            f"With {problem.n} points and {problem.p} parameters the fit is not unique: this is one of infinitely "
            "many sets of parameters that fit as well.")))
    certified = problem.certified
    if certified is None:
        return replace(result, diagnostics=diagnostics)
    each = lre_each(result.theta, certified.values)
    digits = min(each) if each else DOUBLE_DIGITS
    diagnostics["lre"] = round(digits, 2)
    diagnostics["lre_each"] = each
    if result.status != "converged":
        return replace(result, diagnostics=diagnostics)
    floor = (np.finfo(float).eps * float(np.max(np.abs(problem.y)))) ** 2 * problem.n
    if rss > certified.rss * (1 + RSS_TOLERANCE) + floor:
        message = (f"Stopped at a different minimum: its sum of squares is {rss:.10g}, the certified minimum's is "
                   f"{certified.rss:.10g}. From this start the method was drawn into another valley; "
                   f"{digits:.1f} of its digits agree with the certified values.")
        return replace(result, status="failed", message=message, diagnostics=diagnostics)
    if digits < LEAST_DIGITS:
        message = (f"Stopped too early: only {max(digits, 0):.1f} digits agree with the certified values although "
                   f"the sum of squares ({rss:.10g}) is the certified one ({certified.rss:.10g}) — the loss is "
                   "so flat here that it cannot tell these parameters apart.")
        return replace(result, status="failed", message=message, diagnostics=diagnostics)
    return replace(result, diagnostics=diagnostics)
